"""Every rule of every form and formset in plans/forms.py, one field wrong at a time.

Each form starts from a valid payload (asserted valid), then one field is made wrong in turn:
missing where required, the wrong type, out of range, or breaking a clean rule. The test
asserts the exact message on exactly that field, and no other error anywhere.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from plans.forms import (
    ActionForm,
    ActionFormSet,
    AdjustmentForm,
    CheckInScheduleForm,
    MilestoneForm,
    PhaseForm,
    PhaseFormSet,
    PlanForm,
    RelapseForm,
    ReviewForm,
    ScheduleForm,
    StepBackForm,
    action_rows,
)
from rtw.forms import shift_years
from tests.forms import date_fields

# This week's Monday: plan, schedule and step-back dates must lie within a year of today
# (DOMAIN §8), so a fixed date would go stale.
START = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
TODAY = timezone.localdate()
# Plan, schedule and step-back starts lie within a year either side of today (DOMAIN §8).
EARLIEST, LATEST = shift_years(TODAY, -1), shift_years(TODAY, 1)
REFERRED = TODAY - timedelta(days=60)
# A radio button nobody ticked is left out of the POST altogether.
MISSING = object()


def changed(payload: dict, changes: dict) -> dict:
    data = {**payload, **changes}
    return {key: value for key, value in data.items() if value is not MISSING}


def raw_date(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def invalid_choice(value: str) -> str:
    return f"Select a valid choice. {value} is not one of the available choices."


def too_long(limit: int) -> str:
    return f"Ensure this value has at most {limit} characters (it has {limit + 1})."


def long_date(day) -> str:
    return f"{day:%-d %B %Y}"


def between(what: str, earliest, latest) -> str:
    return f"Enter {what} between {long_date(earliest)} and {long_date(latest)}"


def date_cases(name: str, required_message: str | None = None) -> list:
    """The ways a GOV.UK day/month/year input can be wrong."""
    cases = [
        pytest.param(
            raw_date(name, "31", "2", "2026"), name, "Enter a real date", id=f"{name}-not-real"
        ),
        pytest.param(
            raw_date(name, "first", "3", "2026"), name, "Enter a valid date", id=f"{name}-day-word"
        ),
        pytest.param(
            raw_date(name, "2", "March", "2026"),
            name,
            "Enter a valid month",
            id=f"{name}-month-word",
        ),
        pytest.param(
            raw_date(name, "2", "3", "twenty"), name, "Enter a valid year", id=f"{name}-year-word"
        ),
        pytest.param(
            raw_date(name, "2", "3", "1899"),
            name,
            "Enter a year between 1900 and 2100",
            id=f"{name}-year-1899",
        ),
        pytest.param(
            raw_date(name, "2", "3", "2101"),
            name,
            "Enter a year between 1900 and 2100",
            id=f"{name}-year-2101",
        ),
    ]
    if required_message:
        cases += [
            pytest.param(date_fields(name, None), name, required_message, id=f"{name}-missing"),
            pytest.param(
                raw_date(name, "2", "", "2026"),
                name,
                required_message,
                id=f"{name}-month-missing",
            ),
        ]
    return cases


# --- PlanForm ---------------------------------------------------------------------------------

PLAN_HOURS_RANGE = "Enter contracted hours between 0.5 and 80"
PLAN_INTERVAL_RANGE = "Enter a review interval between 7 and 90 days"


def plan_dates(start) -> dict:
    """A start and an end six weeks later, so that only the start is on trial."""
    return {
        **date_fields("starts_on", start),
        **date_fields("expected_end_on", start + timedelta(weeks=6)),
    }


def plan_payload() -> dict:
    return {
        "goal": "SAME_JOB_ADAPTED",
        "contracted_hours": "37.5",
        **date_fields("starts_on", START),
        **date_fields("expected_end_on", START + timedelta(weeks=6)),
        "review_interval_days": "14",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="as-given"),
        pytest.param({"contracted_hours": "0.5"}, id="hours-lowest"),
        pytest.param({"contracted_hours": "80"}, id="hours-highest"),
        pytest.param({"review_interval_days": "7"}, id="interval-lowest"),
        pytest.param({"review_interval_days": "90"}, id="interval-highest"),
        pytest.param(date_fields("expected_end_on", START), id="ends-on-start-day"),
        pytest.param(
            date_fields("expected_end_on", shift_years(START, 2)), id="runs-exactly-2-years"
        ),
        pytest.param(plan_dates(EARLIEST), id="starts-a-year-ago"),
        pytest.param(plan_dates(LATEST), id="starts-in-a-year"),
    ],
)
def test_plan_form_accepts_the_valid_payload(changes):
    assert PlanForm(changed(plan_payload(), changes)).errors == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"goal": MISSING}, "goal", "Select the goal of the plan", id="goal-missing"),
        pytest.param({"goal": "ASTRONAUT"}, "goal", invalid_choice("ASTRONAUT"), id="goal-bad"),
        pytest.param(
            {"contracted_hours": ""},
            "contracted_hours",
            "Enter the contracted hours per week",
            id="hours-missing",
        ),
        pytest.param(
            {"contracted_hours": "full time"},
            "contracted_hours",
            "Enter the hours as a number, like 37.5",
            id="hours-word",
        ),
        pytest.param(
            {"contracted_hours": "37.55"},
            "contracted_hours",
            "Ensure that there are no more than 1 decimal place.",
            id="hours-two-decimals",
        ),
        pytest.param(
            {"contracted_hours": "1000"},
            "contracted_hours",
            "Ensure that there are no more than 3 digits before the decimal point.",
            id="hours-four-digits",
        ),
        pytest.param({"contracted_hours": "0"}, "contracted_hours", PLAN_HOURS_RANGE, id="hours-0"),
        pytest.param(
            {"contracted_hours": "0.4"}, "contracted_hours", PLAN_HOURS_RANGE, id="hours-0.4"
        ),
        pytest.param(
            {"contracted_hours": "-5"}, "contracted_hours", PLAN_HOURS_RANGE, id="hours-negative"
        ),
        pytest.param(
            {"contracted_hours": "80.5"}, "contracted_hours", PLAN_HOURS_RANGE, id="hours-80.5"
        ),
        *date_cases("starts_on", "Enter the start date"),
        *date_cases("expected_end_on", "Enter the expected end date"),
        pytest.param(
            date_fields("expected_end_on", START - timedelta(days=1)),
            "expected_end_on",
            "The expected end date must be on or after the start date",
            id="ends-before-start",
        ),
        pytest.param(
            date_fields("expected_end_on", shift_years(START, 2) + timedelta(days=1)),
            "expected_end_on",
            "A plan runs for at most 2 years: enter an end date on or before "
            f"{long_date(shift_years(START, 2))}",
            id="runs-over-2-years",
        ),
        pytest.param(
            plan_dates(EARLIEST - timedelta(days=1)),
            "starts_on",
            between("a start date", EARLIEST, LATEST),
            id="starts-over-a-year-ago",
        ),
        pytest.param(
            plan_dates(LATEST + timedelta(days=1)),
            "starts_on",
            between("a start date", EARLIEST, LATEST),
            id="starts-over-a-year-ahead",
        ),
        pytest.param(
            {"review_interval_days": ""},
            "review_interval_days",
            "Enter how often to review, in days",
            id="interval-missing",
        ),
        pytest.param(
            {"review_interval_days": "fortnightly"},
            "review_interval_days",
            "Enter a whole number of days",
            id="interval-word",
        ),
        pytest.param(
            {"review_interval_days": "1.5"},
            "review_interval_days",
            "Enter a whole number of days",
            id="interval-fraction",
        ),
        pytest.param(
            {"review_interval_days": "6"},
            "review_interval_days",
            PLAN_INTERVAL_RANGE,
            id="interval-6",
        ),
        pytest.param(
            {"review_interval_days": "0"},
            "review_interval_days",
            PLAN_INTERVAL_RANGE,
            id="interval-0",
        ),
        pytest.param(
            {"review_interval_days": "-1"},
            "review_interval_days",
            PLAN_INTERVAL_RANGE,
            id="interval-negative",
        ),
        pytest.param(
            {"review_interval_days": "91"},
            "review_interval_days",
            PLAN_INTERVAL_RANGE,
            id="interval-91",
        ),
    ],
)
def test_plan_form_refuses_each_wrong_field(changes, field, message):
    assert PlanForm(changed(plan_payload(), changes)).errors == {field: [message]}


@pytest.mark.django_db
def test_plan_form_keeps_an_old_start_that_was_not_changed():
    old_start = EARLIEST - timedelta(weeks=10)
    form = PlanForm(
        changed(plan_payload(), plan_dates(old_start)), initial={"starts_on": old_start}
    )
    assert form.errors == {}


# --- PhaseForm (one row of the phases formset) ------------------------------------------------


def phase_payload(week: int = 0, hours: str = "10") -> dict:
    start = START + timedelta(weeks=week)
    return {
        **date_fields("starts_on", start),
        **date_fields("ends_on", start + timedelta(days=6)),
        "hours_per_week": hours,
        "days": "Monday, Wednesday and Friday mornings",
        "duties_included": "Answering the phones",
        "duties_excluded": "Lifting",
        "supervision": "Daily check-in with the team leader",
    }


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="as-given"),
        pytest.param(date_fields("ends_on", START), id="one-day-phase"),
        pytest.param({"is_step_back": "on"}, id="step-back"),
        pytest.param(
            {"days": "", "duties_included": "", "duties_excluded": "", "supervision": ""},
            id="only-dates-and-hours",
        ),
        pytest.param({"days": "x" * 100}, id="days-at-limit"),
        pytest.param(
            {
                "duties_included": "x" * 2000,
                "duties_excluded": "x" * 2000,
                "supervision": "x" * 2000,
            },
            id="notes-at-limit",
        ),
    ],
)
def test_phase_form_accepts_the_valid_payload(changes):
    assert PhaseForm(changed(phase_payload(), changes)).errors == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        *date_cases("starts_on", "Enter the start of the phase"),
        *date_cases("ends_on", "Enter the end of the phase"),
        pytest.param(
            date_fields("ends_on", START - timedelta(days=1)),
            "ends_on",
            "The end of the phase must be on or after its start",
            id="ends-before-start",
        ),
        pytest.param(
            {"hours_per_week": ""},
            "hours_per_week",
            "Enter the planned hours per week",
            id="hours-missing",
        ),
        pytest.param(
            {"hours_per_week": "half"},
            "hours_per_week",
            "Enter the hours as a number, like 18.5",
            id="hours-word",
        ),
        pytest.param(
            {"hours_per_week": "10.25"},
            "hours_per_week",
            "Ensure that there are no more than 1 decimal place.",
            id="hours-two-decimals",
        ),
        pytest.param(
            {"hours_per_week": "1000"},
            "hours_per_week",
            "Ensure that there are no more than 3 digits before the decimal point.",
            id="hours-four-digits",
        ),
        pytest.param({"days": "x" * 101}, "days", too_long(100), id="days-too-long"),
        *(
            pytest.param({name: "x" * 2001}, name, too_long(2000), id=f"{name}-too-long")
            for name in ("duties_included", "duties_excluded", "supervision")
        ),
    ],
)
def test_phase_form_refuses_each_wrong_field(changes, field, message):
    assert PhaseForm(changed(phase_payload(), changes)).errors == {field: [message]}


# --- PhaseFormSet: the rules across phases ----------------------------------------------------

CONTRACTED = Decimal("40.0")
HOURS = ("10", "20", "40")
OVERLAP = "This phase overlaps the one before: start it the day after the previous phase ends"
GAP = "Leave no gap: start this phase the day after the previous phase ends"
FALL = "Hours fall here: mark this phase as a step back, or plan the same or more hours"
ABOVE_CONTRACTED = "Planned hours cannot be more than the contracted 40.0 hours"
NOT_POSITIVE = "Planned hours must be more than 0"


def phase_formset(rows: list[dict], plan_starts_on=None) -> PhaseFormSet:
    data = {
        "phases-TOTAL_FORMS": str(len(rows)),
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "52",
    }
    for i, row in enumerate(rows):
        data.update({f"phases-{i}-{key}": value for key, value in row.items()})
    return PhaseFormSet(
        data, prefix="phases", contracted_hours=CONTRACTED, plan_starts_on=plan_starts_on
    )


def weekly_rows(changes: dict[int, dict] | None = None) -> list[dict]:
    """Three contiguous weeks at 10, 20 and 40 hours, with changes to some rows."""
    changes = changes or {}
    return [
        changed(phase_payload(week, hours), changes.get(week, {}))
        for week, hours in enumerate(HOURS)
    ]


def numbered(errors: list[dict]) -> list[dict]:
    """Each message as the page shows it, by the field too: named by its phase's number."""
    return [
        {field: [f"Phase {n}: {m}" for m in messages] for field, messages in row.items()}
        for n, row in enumerate(errors, start=1)
    ]


def blank_row() -> dict:
    """The empty "Add a phase" row, as the browser posts it."""
    return dict.fromkeys(phase_payload(), "")


def test_phase_formset_accepts_rising_contiguous_phases():
    formset = phase_formset(weekly_rows())
    assert formset.errors == [{}, {}, {}]
    assert formset.non_form_errors() == []
    assert [p["hours_per_week"] for p in formset.phases()] == [
        Decimal("10"),
        Decimal("20"),
        Decimal("40"),
    ]


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(
            weekly_rows({1: {"hours_per_week": "5", "is_step_back": "on"}}), id="step-back"
        ),
        pytest.param(weekly_rows({1: {"hours_per_week": "10"}}), id="same-hours"),
        pytest.param(weekly_rows({2: {"hours_per_week": "40.0"}}), id="contracted-hours"),
        pytest.param([*weekly_rows(), blank_row()], id="blank-extra-row"),
        pytest.param(
            weekly_rows({2: {"hours_per_week": "0", "DELETE": "on"}}), id="deleted-wrong-row"
        ),
    ],
)
def test_phase_formset_accepts_valid_variations(rows):
    formset = phase_formset(rows)
    # Django leaves deleted rows out of formset.errors.
    assert formset.errors == [{} for row in rows if "DELETE" not in row]
    assert formset.non_form_errors() == []


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        pytest.param(
            {1: {"hours_per_week": "0"}},
            [{}, {"hours_per_week": [NOT_POSITIVE]}, {}],
            id="hours-0",
        ),
        pytest.param(
            {1: {"hours_per_week": "-5"}},
            [{}, {"hours_per_week": [NOT_POSITIVE]}, {}],
            id="hours-negative",
        ),
        pytest.param(
            {1: {"hours_per_week": "40.5"}},
            [{}, {"hours_per_week": [ABOVE_CONTRACTED]}, {}],
            id="hours-above-contracted",
        ),
        # The 500 this guards against: a refused phase followed by another one.
        pytest.param(
            {0: {"hours_per_week": "41"}},
            [{"hours_per_week": [ABOVE_CONTRACTED]}, {}, {}],
            id="first-phase-above-contracted",
        ),
        pytest.param(
            {0: {"hours_per_week": "0"}},
            [{"hours_per_week": [NOT_POSITIVE]}, {}, {}],
            id="first-phase-0",
        ),
        pytest.param(
            {2: {"hours_per_week": "15"}},
            [{}, {}, {"hours_per_week": [FALL]}],
            id="hours-fall-without-step-back",
        ),
        pytest.param(
            {1: date_fields("starts_on", START + timedelta(days=6))},
            [{}, {"starts_on": [OVERLAP]}, {}],
            id="overlap",
        ),
        pytest.param(
            {1: date_fields("starts_on", START + timedelta(days=9))},
            [{}, {"starts_on": [GAP]}, {}],
            id="gap",
        ),
        # A row with its own error stops the rules across phases: one message only.
        pytest.param(
            {1: {"hours_per_week": "half"}},
            [{}, {"hours_per_week": ["Enter the hours as a number, like 18.5"]}, {}],
            id="row-error",
        ),
        pytest.param(
            {1: date_fields("ends_on", START + timedelta(days=6))},
            [{}, {"ends_on": ["The end of the phase must be on or after its start"]}, {}],
            id="row-ends-before-start",
        ),
    ],
)
def test_phase_formset_refuses_each_broken_rule_on_that_phase(changes, errors):
    formset = phase_formset(weekly_rows(changes))
    assert formset.errors == numbered(errors)
    assert formset.non_form_errors() == []


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        pytest.param([blank_row()], "Add at least one phase", id="only-a-blank-row"),
        pytest.param(
            [changed(row, {"DELETE": "on"}) for row in weekly_rows()],
            "Add at least one phase",
            id="every-phase-deleted",
        ),
        pytest.param(
            [phase_payload(week, "10") for week in range(53)],
            "Please submit at most 52 forms.",
            id="more-than-52",
        ),
    ],
)
def test_phase_formset_refuses_a_wrong_set_of_phases(rows, message):
    formset = phase_formset(rows)
    assert formset.non_form_errors() == [message]
    assert formset.errors == [{} for row in rows if "DELETE" not in row]


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="from-the-plan-start"),
        pytest.param({2: date_fields("ends_on", shift_years(START, 2))}, id="last-ends-at-2-years"),
    ],
)
def test_phase_formset_accepts_phases_inside_the_plan(changes):
    formset = phase_formset(weekly_rows(changes), plan_starts_on=START)
    assert formset.errors == [{}, {}, {}]
    assert formset.non_form_errors() == []


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        pytest.param(
            {0: date_fields("starts_on", START - timedelta(days=1))},
            [
                {"starts_on": [f"A phase cannot start before the plan, on {long_date(START)}"]},
                {},
                {},
            ],
            id="starts-before-the-plan",
        ),
        pytest.param(
            {2: date_fields("ends_on", shift_years(START, 2) + timedelta(days=1))},
            [
                {},
                {},
                {
                    "ends_on": [
                        "A plan runs for at most 2 years: end the phase by "
                        f"{long_date(shift_years(START, 2))}"
                    ]
                },
            ],
            id="ends-after-2-years",
        ),
    ],
)
def test_phase_formset_refuses_a_phase_outside_the_plan(changes, errors):
    formset = phase_formset(weekly_rows(changes), plan_starts_on=START)
    assert formset.errors == numbered(errors)
    assert formset.non_form_errors() == []


def test_phase_formset_without_its_management_form_asks_for_a_phase():
    # The formset's own clean() replaces Django's "ManagementForm data is missing" message.
    formset = PhaseFormSet({}, prefix="phases", contracted_hours=CONTRACTED)
    assert formset.non_form_errors() == ["Add at least one phase"]
    assert formset.errors == []


# --- ScheduleForm -----------------------------------------------------------------------------


def schedule_payload() -> dict:
    return {**date_fields("starts_on", START), "start_percent": "25", "weeks": "4"}


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="as-given"),
        pytest.param({"start_percent": "50"}, id="50-percent"),
        pytest.param({"start_percent": "75"}, id="75-percent"),
        pytest.param({"weeks": "1"}, id="weeks-lowest"),
        pytest.param({"weeks": "26"}, id="weeks-highest"),
        pytest.param(date_fields("starts_on", EARLIEST), id="starts-a-year-ago"),
        pytest.param(date_fields("starts_on", LATEST), id="starts-in-a-year"),
    ],
)
def test_schedule_form_accepts_the_valid_payload(changes):
    assert ScheduleForm(changed(schedule_payload(), changes)).errors == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        *date_cases("starts_on", "Enter the first day"),
        pytest.param(
            date_fields("starts_on", EARLIEST - timedelta(days=1)),
            "starts_on",
            between("a first day back", EARLIEST, LATEST),
            id="starts-over-a-year-ago",
        ),
        pytest.param(
            date_fields("starts_on", LATEST + timedelta(days=1)),
            "starts_on",
            between("a first day back", EARLIEST, LATEST),
            id="starts-over-a-year-ahead",
        ),
        pytest.param(
            {"start_percent": MISSING},
            "start_percent",
            "Select the starting level",
            id="percent-missing",
        ),
        pytest.param(
            {"start_percent": "33"}, "start_percent", invalid_choice("33"), id="percent-33"
        ),
        pytest.param(
            {"start_percent": "half"}, "start_percent", invalid_choice("half"), id="percent-word"
        ),
        pytest.param({"weeks": ""}, "weeks", "Enter the number of weeks", id="weeks-missing"),
        pytest.param({"weeks": "four"}, "weeks", "Enter a whole number of weeks", id="weeks-word"),
        pytest.param(
            {"weeks": "2.5"}, "weeks", "Enter a whole number of weeks", id="weeks-fraction"
        ),
        pytest.param({"weeks": "0"}, "weeks", "Enter at least 1 week", id="weeks-0"),
        pytest.param({"weeks": "27"}, "weeks", "Enter 26 weeks or fewer", id="weeks-27"),
    ],
)
def test_schedule_form_refuses_each_wrong_field(changes, field, message):
    assert ScheduleForm(changed(schedule_payload(), changes)).errors == {field: [message]}


# --- AdjustmentForm ---------------------------------------------------------------------------


def adjustment_payload() -> dict:
    return {
        "category": "EXTRA_BREAKS",
        "description": "A ten-minute break every two hours",
        "visible_to_employer": "on",
    }


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="as-given"),
        pytest.param({"visible_to_employer": MISSING}, id="kept-from-employer"),
        pytest.param({"category": "OTHER"}, id="other"),
        pytest.param({"description": "x" * 2000}, id="description-at-limit"),
    ],
)
def test_adjustment_form_accepts_the_valid_payload(changes):
    assert AdjustmentForm(changed(adjustment_payload(), changes)).errors == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"category": MISSING}, "category", "Select the kind of adjustment", id="kind-missing"
        ),
        pytest.param(
            {"category": ""}, "category", "Select the kind of adjustment", id="kind-blank"
        ),
        pytest.param(
            {"category": "TELEPORT"}, "category", invalid_choice("TELEPORT"), id="kind-bad"
        ),
        pytest.param(
            {"description": ""}, "description", "Describe the adjustment", id="description-blank"
        ),
        pytest.param(
            {"description": "   "},
            "description",
            "Describe the adjustment",
            id="description-spaces",
        ),
        pytest.param(
            {"description": "x" * 2001}, "description", too_long(2000), id="description-too-long"
        ),
    ],
)
def test_adjustment_form_refuses_each_wrong_field(changes, field, message):
    assert AdjustmentForm(changed(adjustment_payload(), changes)).errors == {field: [message]}


# --- RelapseForm ------------------------------------------------------------------------------


def relapse_payload() -> dict:
    return {
        "warning_signs": "Sleeping worse\nMore easily irritated",
        "normalisation": "A dip is a signal to adjust, not a failure.",
        "contacts": "Priya Shah, 0113 496 0000",
        **date_fields("review_on", START + timedelta(weeks=4)),
    }


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="as-given"),
        pytest.param({"contacts": ""}, id="no-contacts"),
        pytest.param(date_fields("review_on", None), id="no-review-date"),
        pytest.param(date_fields("review_on", shift_years(TODAY, -1)), id="review-a-year-ago"),
        pytest.param(date_fields("review_on", shift_years(TODAY, 2)), id="review-in-2-years"),
        pytest.param(
            {"warning_signs": "x" * 2000, "normalisation": "x" * 2000, "contacts": "x" * 2000},
            id="text-at-limit",
        ),
    ],
)
def test_relapse_form_accepts_the_valid_payload(changes):
    assert RelapseForm(changed(relapse_payload(), changes)).errors == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"warning_signs": ""},
            "warning_signs",
            "Enter at least one early warning sign",
            id="signs-blank",
        ),
        pytest.param(
            {"normalisation": ""},
            "normalisation",
            "Enter what a dip means (you can keep the default)",
            id="normalisation-blank",
        ),
        *date_cases("review_on"),
        pytest.param(
            date_fields("review_on", shift_years(TODAY, -1) - timedelta(days=1)),
            "review_on",
            between("a review date", shift_years(TODAY, -1), shift_years(TODAY, 2)),
            id="review-over-a-year-ago",
        ),
        pytest.param(
            date_fields("review_on", shift_years(TODAY, 2) + timedelta(days=1)),
            "review_on",
            between("a review date", shift_years(TODAY, -1), shift_years(TODAY, 2)),
            id="review-over-2-years-ahead",
        ),
        *(
            pytest.param({name: "x" * 2001}, name, too_long(2000), id=f"{name}-too-long")
            for name in ("warning_signs", "normalisation", "contacts")
        ),
    ],
)
def test_relapse_form_refuses_each_wrong_field(changes, field, message):
    assert RelapseForm(changed(relapse_payload(), changes)).errors == {field: [message]}


def test_relapse_form_refuses_a_part_filled_review_date():
    form = RelapseForm(changed(relapse_payload(), raw_date("review_on", "2", "", "2026")))
    assert form.errors == {"review_on": ["Enter the day, month and year"]}


# --- ActionForm and ActionFormSet -------------------------------------------------------------


def action_payload() -> dict:
    return {"kind": "STEP_BACK", "detail": "Back to 20 hours for a week", "owner": "EMPLOYER"}


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="as-given"),
        pytest.param({"detail": ""}, id="no-detail"),
        pytest.param({"detail": "x" * 300}, id="detail-at-limit"),
        pytest.param({"kind": "", "detail": "", "owner": ""}, id="untouched-row"),
    ],
)
def test_action_form_accepts_the_valid_payload(changes):
    assert ActionForm(changed(action_payload(), changes)).errors == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"kind": MISSING}, "kind", "Select the action", id="kind-missing"),
        pytest.param({"kind": ""}, "kind", "Select the action", id="kind-blank"),
        pytest.param({"kind": "FLY"}, "kind", invalid_choice("FLY"), id="kind-bad"),
        pytest.param({"owner": MISSING}, "owner", "Select who acts", id="owner-missing"),
        pytest.param({"owner": ""}, "owner", "Select who acts", id="owner-blank"),
        pytest.param({"owner": "BOSS"}, "owner", invalid_choice("BOSS"), id="owner-bad"),
        pytest.param({"detail": "x" * 301}, "detail", too_long(300), id="detail-too-long"),
    ],
)
def test_action_form_refuses_each_wrong_field(changes, field, message):
    assert ActionForm(changed(action_payload(), changes)).errors == {field: [message]}


def test_an_action_row_with_only_details_asks_for_the_action_and_who_acts():
    form = ActionForm({"kind": "", "detail": "Call me", "owner": ""})
    assert form.errors == {"kind": ["Select the action"], "owner": ["Select who acts"]}


def action_formset(rows: list[dict]) -> ActionFormSet:
    data = {
        "actions-TOTAL_FORMS": str(len(rows)),
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        data.update({f"actions-{i}-{key}": value for key, value in row.items()})
    return ActionFormSet(data, prefix="actions")


def test_action_formset_accepts_rows_and_skips_blank_and_deleted_ones():
    formset = action_formset(
        [
            action_payload(),
            {"kind": "CONTACT_GP", "detail": "", "owner": "WORKER"},
            {"kind": "", "detail": "", "owner": ""},
            {"kind": "OTHER", "detail": "Half-finished", "owner": "", "DELETE": "on"},
        ]
    )
    assert formset.errors == [{}, {}, {}]  # the deleted row is left out
    assert formset.non_form_errors() == []
    assert action_rows(formset) == [
        {"kind": "STEP_BACK", "detail": "Back to 20 hours for a week", "owner": "EMPLOYER"},
        {"kind": "CONTACT_GP", "detail": "", "owner": "WORKER"},
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"kind": ""}, "kind", "Select the action", id="kind-blank"),
        pytest.param({"owner": ""}, "owner", "Select who acts", id="owner-blank"),
        pytest.param({"owner": "BOSS"}, "owner", invalid_choice("BOSS"), id="owner-bad"),
    ],
)
def test_action_formset_refuses_a_wrong_field_on_that_row(changes, field, message):
    formset = action_formset([action_payload(), changed(action_payload(), changes)])
    assert formset.errors == [{}, {field: [message]}]
    assert formset.non_form_errors() == []


# --- MilestoneForm ----------------------------------------------------------------------------


def milestone_payload() -> dict:
    return {"status": "ACHIEVED", **date_fields("achieved_on", timezone.localdate())}


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="achieved-today"),
        pytest.param(
            date_fields("achieved_on", timezone.localdate() - timedelta(days=30)),
            id="achieved-earlier",
        ),
        pytest.param({"status": "PENDING", **date_fields("achieved_on", None)}, id="pending"),
        pytest.param({"status": "MISSED", **date_fields("achieved_on", None)}, id="missed"),
        pytest.param({"status": "DEFERRED", **date_fields("achieved_on", None)}, id="deferred"),
        pytest.param(date_fields("achieved_on", REFERRED), id="achieved-on-referral-day"),
    ],
)
def test_milestone_form_accepts_the_valid_payload(changes):
    form = MilestoneForm(changed(milestone_payload(), changes), referred_on=REFERRED)
    assert form.errors == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"status": MISSING}, "status", "This field is required.", id="status-missing"),
        pytest.param({"status": "DONE"}, "status", invalid_choice("DONE"), id="status-bad"),
        pytest.param(
            date_fields("achieved_on", None),
            "achieved_on",
            "Enter the date it was achieved",
            id="achieved-without-date",
        ),
        pytest.param(
            date_fields("achieved_on", timezone.localdate() + timedelta(days=1)),
            "achieved_on",
            "The date achieved cannot be in the future",
            id="achieved-tomorrow",
        ),
        pytest.param(
            date_fields("achieved_on", REFERRED - timedelta(days=1)),
            "achieved_on",
            f"The date achieved cannot be before the referral on {long_date(REFERRED)}",
            id="achieved-before-referral",
        ),
        # A wrong date gets its own message, not also "Enter the date it was achieved".
        *date_cases("achieved_on"),
    ],
)
def test_milestone_form_refuses_each_wrong_field(changes, field, message):
    form = MilestoneForm(changed(milestone_payload(), changes), referred_on=REFERRED)
    assert form.errors == {field: [message]}


# --- ReviewForm -------------------------------------------------------------------------------


def review_payload() -> dict:
    return {
        **date_fields("held_on", timezone.localdate()),
        "attendees": "Jamie Clarke, Priya Shah, Sarah Lee",
        "outcome": "CONTINUE",
        "notes": "Going well.",
    }


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="held-today"),
        pytest.param(
            date_fields("held_on", timezone.localdate() - timedelta(days=7)), id="held-earlier"
        ),
        pytest.param({"notes": ""}, id="no-notes"),
        pytest.param({"attendees": "x" * 300}, id="attendees-at-limit"),
        pytest.param({"outcome": "REPLAN"}, id="replan"),
        pytest.param(date_fields("held_on", REFERRED), id="held-on-referral-day"),
        pytest.param({"notes": "x" * 5000}, id="notes-at-limit"),
    ],
)
def test_review_form_accepts_the_valid_payload(changes):
    form = ReviewForm(changed(review_payload(), changes), referred_on=REFERRED)
    assert form.errors == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        *date_cases("held_on", "Enter the date it was held"),
        pytest.param(
            date_fields("held_on", timezone.localdate() + timedelta(days=1)),
            "held_on",
            "The review date cannot be in the future",
            id="held-tomorrow",
        ),
        pytest.param({"attendees": ""}, "attendees", "Enter who attended", id="attendees-blank"),
        pytest.param({"attendees": "x" * 301}, "attendees", too_long(300), id="attendees-long"),
        pytest.param({"outcome": MISSING}, "outcome", "Select the outcome", id="outcome-missing"),
        pytest.param({"outcome": "PARTY"}, "outcome", invalid_choice("PARTY"), id="outcome-bad"),
        pytest.param(
            date_fields("held_on", REFERRED - timedelta(days=1)),
            "held_on",
            f"The review date cannot be before the referral on {long_date(REFERRED)}",
            id="held-before-referral",
        ),
        pytest.param({"notes": "x" * 5001}, "notes", too_long(5000), id="notes-too-long"),
    ],
)
def test_review_form_refuses_each_wrong_field(changes, field, message):
    form = ReviewForm(changed(review_payload(), changes), referred_on=REFERRED)
    assert form.errors == {field: [message]}


# --- CheckInScheduleForm ----------------------------------------------------------------------


@pytest.mark.parametrize("every_days", ["14", "7"])
def test_check_in_schedule_form_accepts_each_interval(every_days):
    form = CheckInScheduleForm({"every_days": every_days})
    assert form.errors == {}
    assert form.cleaned_data == {"every_days": int(every_days)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({}, "Select how often", id="missing"),
        pytest.param({"every_days": "30"}, invalid_choice("30"), id="30-days"),
        pytest.param({"every_days": "weekly"}, invalid_choice("weekly"), id="word"),
    ],
)
def test_check_in_schedule_form_refuses_a_wrong_interval(data, message):
    assert CheckInScheduleForm(data).errors == {"every_days": [message]}


# --- StepBackForm -----------------------------------------------------------------------------

STEP_BACK_HOURS_RANGE = "Enter hours more than 0 and up to the contracted 40.0"


def step_back_payload() -> dict:
    return {**date_fields("starts_on", START), "weeks": "2", "hours": "20"}


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="as-given"),
        pytest.param({"weeks": "1"}, id="weeks-lowest"),
        pytest.param({"weeks": "8"}, id="weeks-highest"),
        pytest.param({"hours": "0.5"}, id="hours-low"),
        pytest.param({"hours": "40"}, id="hours-contracted"),
        pytest.param(date_fields("starts_on", EARLIEST), id="starts-a-year-ago"),
        pytest.param(date_fields("starts_on", LATEST), id="starts-in-a-year"),
    ],
)
def test_step_back_form_accepts_the_valid_payload(changes):
    form = StepBackForm(changed(step_back_payload(), changes), contracted_hours=CONTRACTED)
    assert form.errors == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        *date_cases("starts_on", "Enter the start date"),
        pytest.param(
            date_fields("starts_on", EARLIEST - timedelta(days=1)),
            "starts_on",
            between("a start date", EARLIEST, LATEST),
            id="starts-over-a-year-ago",
        ),
        pytest.param(
            date_fields("starts_on", LATEST + timedelta(days=1)),
            "starts_on",
            between("a start date", EARLIEST, LATEST),
            id="starts-over-a-year-ahead",
        ),
        pytest.param({"weeks": ""}, "weeks", "Enter the number of weeks", id="weeks-missing"),
        pytest.param({"weeks": "two"}, "weeks", "Enter a whole number of weeks", id="weeks-word"),
        pytest.param({"weeks": "0"}, "weeks", "Enter at least 1 week", id="weeks-0"),
        pytest.param({"weeks": "9"}, "weeks", "Enter 8 weeks or fewer", id="weeks-9"),
        pytest.param({"hours": ""}, "hours", "Enter the hours a week", id="hours-missing"),
        pytest.param(
            {"hours": "lots"}, "hours", "Enter the hours as a number, like 15", id="hours-word"
        ),
        pytest.param(
            {"hours": "10.25"},
            "hours",
            "Ensure that there are no more than 1 decimal place.",
            id="hours-two-decimals",
        ),
        pytest.param({"hours": "0"}, "hours", STEP_BACK_HOURS_RANGE, id="hours-0"),
        pytest.param({"hours": "-1"}, "hours", STEP_BACK_HOURS_RANGE, id="hours-negative"),
        pytest.param({"hours": "40.5"}, "hours", STEP_BACK_HOURS_RANGE, id="hours-above"),
    ],
)
def test_step_back_form_refuses_each_wrong_field(changes, field, message):
    form = StepBackForm(changed(step_back_payload(), changes), contracted_hours=CONTRACTED)
    assert form.errors == {field: [message]}
