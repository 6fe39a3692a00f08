"""Plausible dates (DOMAIN §8): outside them the form says what is expected, at the field."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cases.forms import CloseCaseForm, ContactForm, EpisodeForm, FitNoteForm, WorkerForm
from plans.forms import (
    MilestoneForm,
    PhaseFormSet,
    PlanForm,
    RelapseForm,
    ReviewForm,
    ScheduleForm,
    StepBackForm,
)
from rtw.forms import shift_years
from tests.forms import date_fields

TODAY = date(2026, 11, 20)
REFERRED = date(2026, 9, 1)


def errors_on(form, field: str) -> list[str]:
    form.is_valid()
    return form.errors.get(field, [])


@pytest.mark.parametrize(
    ("born", "errors"),
    [
        (shift_years(TODAY, -16), []),
        (shift_years(TODAY, -16) + timedelta(days=1), ["AGE"]),
        (shift_years(TODAY, -101) + timedelta(days=1), []),
        (shift_years(TODAY, -101), ["AGE"]),
        (TODAY + timedelta(days=1), ["The date of birth must be in the past"]),
    ],
    ids=["16-today", "15", "100", "101", "future"],
)
@pytest.mark.django_db
def test_date_of_birth_is_of_someone_aged_16_to_100(born, errors):
    form = WorkerForm(data=date_fields("date_of_birth", born), today=TODAY)
    expected = [
        "Enter the date of birth of someone aged 16 to 100 today" if e == "AGE" else e
        for e in errors
    ]

    assert errors_on(form, "date_of_birth") == expected


@pytest.mark.parametrize("form_class", [WorkerForm, EpisodeForm])
@pytest.mark.parametrize(
    ("first_day", "errors"),
    [
        (shift_years(TODAY, -2), []),
        (shift_years(TODAY, -2) - timedelta(days=1), ["ABSENCE"]),
        (TODAY, []),
        (TODAY + timedelta(days=1), ["The first day of absence cannot be in the future"]),
    ],
    ids=["2-years", "over-2-years", "today", "future"],
)
@pytest.mark.django_db
def test_absence_started_within_the_last_2_years(form_class, first_day, errors):
    form = form_class(data=date_fields("absence_started_on", first_day), today=TODAY)
    expected = [
        "The first day of absence must be within the last 2 years" if e == "ABSENCE" else e
        for e in errors
    ]

    assert errors_on(form, "absence_started_on") == expected


@pytest.mark.django_db
def test_fit_note_assessed_in_the_future_is_refused():
    form = FitNoteForm(data=date_fields("assessed_on", TODAY + timedelta(days=1)), today=TODAY)

    assert errors_on(form, "assessed_on") == ["The date assessed cannot be in the future"]


@pytest.mark.parametrize(
    ("starts_on", "errors"),
    [
        (date(2025, 11, 20), []),
        (date(2025, 11, 19), ["The period can start at most 1 year before the date of statement"]),
    ],
    ids=["a-year-before", "over-a-year-before"],
)
@pytest.mark.django_db
def test_fit_note_period_starts_at_most_a_year_before_the_statement(starts_on, errors):
    data = {**date_fields("issued_on", TODAY), **date_fields("starts_on", starts_on)}

    assert errors_on(FitNoteForm(data=data, today=TODAY), "starts_on") == errors


@pytest.mark.django_db
def test_condition_cannot_start_before_the_patient_was_born():
    data = date_fields("condition_started_on", date(1979, 12, 31))
    form = FitNoteForm(data=data, today=TODAY, born_on=date(1980, 1, 1))

    assert errors_on(form, "condition_started_on") == [
        "The condition cannot start before the patient was born"
    ]


def plan_data(**changes) -> dict:
    today = timezone.localdate()
    values = {"starts_on": today, "expected_end_on": today + timedelta(weeks=6), **changes}
    return {
        "goal": "SAME_JOB_SAME_HOURS",
        "contracted_hours": "37.5",
        "review_interval_days": str(values.pop("review_interval_days", 14)),
        **date_fields("starts_on", values["starts_on"]),
        **date_fields("expected_end_on", values["expected_end_on"]),
    }


@pytest.mark.django_db
def test_a_plan_within_the_ranges_is_valid():
    form = PlanForm(data=plan_data())

    assert form.errors == {}


@pytest.mark.parametrize("years", [-1, 1])
@pytest.mark.django_db
def test_a_plan_starting_over_a_year_from_today_is_refused(years):
    today = timezone.localdate()
    start = shift_years(today, years) + timedelta(days=years)
    form = PlanForm(data=plan_data(starts_on=start, expected_end_on=start + timedelta(weeks=6)))

    assert errors_on(form, "starts_on") == [
        f"Enter a start date between {shift_years(today, -1):%-d %B %Y} and "
        f"{shift_years(today, 1):%-d %B %Y}"
    ]


@pytest.mark.django_db
def test_an_older_plan_keeps_its_start_when_edited():
    start = shift_years(timezone.localdate(), -1) - timedelta(days=30)
    data = plan_data(starts_on=start, expected_end_on=start + timedelta(weeks=60))

    assert PlanForm(data=data, initial={"starts_on": start}).errors == {}


@pytest.mark.django_db
def test_a_plan_running_over_2_years_is_refused():
    today = timezone.localdate()
    form = PlanForm(data=plan_data(expected_end_on=shift_years(today, 2) + timedelta(days=1)))

    assert errors_on(form, "expected_end_on") == [
        "A plan runs for at most 2 years: enter an end date on or before "
        f"{shift_years(today, 2):%-d %B %Y}"
    ]


@pytest.mark.parametrize(
    ("days", "errors"),
    [
        (6, ["Enter a review interval between 7 and 90 days"]),
        (7, []),
        (90, []),
        (91, ["Enter a review interval between 7 and 90 days"]),
    ],
)
@pytest.mark.django_db
def test_review_interval_is_7_to_90_days(days, errors):
    form = PlanForm(data=plan_data(review_interval_days=days))

    assert errors_on(form, "review_interval_days") == errors


def phase_rows(*phases) -> dict:
    data = {"phases-TOTAL_FORMS": str(len(phases)), "phases-INITIAL_FORMS": "0"}
    for i, (start, end) in enumerate(phases):
        data.update(date_fields(f"phases-{i}-starts_on", start))
        data.update(date_fields(f"phases-{i}-ends_on", end))
        data[f"phases-{i}-hours_per_week"] = "20"
    return data


def test_phases_lie_inside_the_plan():
    plan_start = date(2026, 12, 1)
    formset = PhaseFormSet(
        data=phase_rows(
            (date(2026, 11, 30), date(2026, 12, 6)),
            (date(2026, 12, 7), date(2028, 12, 2)),
        ),
        prefix="phases",
        contracted_hours=Decimal("37.5"),
        plan_starts_on=plan_start,
    )

    assert formset.is_valid() is False
    # Each message names its phase by the number the page shows.
    assert formset.errors == [
        {"starts_on": ["Phase 1: A phase cannot start before the plan, on 1 December 2026"]},
        {"ends_on": ["Phase 2: A plan runs for at most 2 years: end the phase by 1 December 2028"]},
    ]


@pytest.mark.parametrize(
    ("form_class", "field", "message"),
    [
        (
            ContactForm,
            "contact_date",
            "The contact cannot be before the referral on 1 September 2026",
        ),
        (
            CloseCaseForm,
            "closed_on",
            "The closing date cannot be before the referral on 1 September 2026",
        ),
        (
            ReviewForm,
            "held_on",
            "The review date cannot be before the referral on 1 September 2026",
        ),
        (
            MilestoneForm,
            "achieved_on",
            "The date achieved cannot be before the referral on 1 September 2026",
        ),
    ],
)
@pytest.mark.django_db
def test_records_of_the_case_are_not_before_the_referral(form_class, field, message):
    before = REFERRED - timedelta(days=1)
    form = form_class(data=date_fields(field, before), referred_on=REFERRED)

    assert errors_on(form, field) == [message]


@pytest.mark.django_db
def test_a_record_on_the_day_of_the_referral_is_allowed():
    form = ContactForm(data=date_fields("contact_date", REFERRED), referred_on=REFERRED)

    assert errors_on(form, "contact_date") == []


@pytest.mark.parametrize(
    ("form_class", "kwargs", "field"),
    [
        (ScheduleForm, {}, "starts_on"),
        (StepBackForm, {"contracted_hours": Decimal("37.5")}, "starts_on"),
        (RelapseForm, {}, "review_on"),
    ],
)
@pytest.mark.django_db
def test_plan_dates_far_from_today_are_refused(form_class, kwargs, field):
    far = shift_years(timezone.localdate(), 3)
    form = form_class(data=date_fields(field, far), **kwargs)

    assert len(errors_on(form, field)) == 1
    assert errors_on(form, field)[0].startswith("Enter a ")
