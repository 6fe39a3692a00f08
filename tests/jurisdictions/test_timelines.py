"""Each country's statutory steps fall due on the statutory day counts. Day 1 is the first day
of absence; "by week w" is the last day of week w (day 7w)."""

from datetime import date
from itertools import pairwise

import pytest

from rtw.jurisdictions import (
    SELF_CERTIFIED_DAYS,
    Condition,
    Jurisdiction,
    day_on,
    step,
    timeline,
    week_end,
    week_start,
)

# Monday 2 March 2026: week 1 is Monday 2 to Sunday 8 March.
MONDAY = date(2026, 3, 2)


def due(jurisdiction, code, start=MONDAY):
    return next(s for s in timeline(jurisdiction) if s.code == code).due_on(start)


def test_day_one_is_the_first_day_of_absence():
    assert day_on(MONDAY, 1) == MONDAY
    assert day_on(MONDAY, 7) == date(2026, 3, 8)
    assert week_start(1) == 1 and week_end(1) == 7
    assert week_start(2) == 8 and week_end(2) == 14


def test_uk_fit_note_needed_from_day_8_the_same_rule_the_worker_has(db):
    from tests import factories as f

    worker = f.WorkerFactory(absence_started_on=MONDAY)
    assert SELF_CERTIFIED_DAYS == 7
    assert due(Jurisdiction.UK, "uk_fit_note") == date(2026, 3, 9) == worker.fit_note_needed_from()
    # The UK rule is checked on each note, not a milestone.
    assert [s for s in timeline(Jurisdiction.UK) if s.milestone] == []


@pytest.mark.parametrize(
    ("code", "week", "expected"),
    [
        ("nl_problem_analysis", 6, date(2026, 4, 12)),
        ("nl_plan_of_action", 8, date(2026, 4, 26)),
        ("nl_evaluation_14", 14, date(2026, 6, 7)),
        ("nl_uwv_notice", 42, date(2026, 12, 20)),
        ("nl_first_year_evaluation", 52, date(2027, 2, 28)),
        ("nl_reintegration_report", 87, date(2027, 10, 31)),
    ],
)
def test_netherlands_steps_fall_due_at_the_end_of_their_week(code, week, expected):
    assert due(Jurisdiction.NL, code) == expected
    assert (expected - MONDAY).days + 1 == 7 * week  # day 7w counted from day 1
    assert expected.weekday() == 6  # a Monday start: every week ends on a Sunday


def test_netherlands_week_arithmetic_from_a_midweek_start_and_across_a_leap_day():
    # Thursday 31 December 2026: week 8 ends on Wednesday 24 February 2027.
    assert due(Jurisdiction.NL, "nl_plan_of_action", date(2026, 12, 31)) == date(2027, 2, 24)
    # Friday 1 December 2023: the 42 weeks span 29 February 2024, a day like any other.
    assert due(Jurisdiction.NL, "nl_uwv_notice", date(2023, 12, 1)) == date(2024, 9, 19)
    assert (date(2024, 9, 19) - date(2023, 12, 1)).days == 293


def test_netherlands_evaluations_at_most_six_weeks_apart_after_the_plan_of_action():
    steps = timeline(Jurisdiction.NL)
    weeks = [
        s.day // 7
        for s in steps
        if s.code.startswith("nl_evaluation")
        or s.code in ("nl_plan_of_action", "nl_first_year_evaluation")
    ]
    assert weeks[0] == 8 and weeks[-1] == 52
    assert all(0 < b - a <= 6 for a, b in pairwise(weeks))


def test_wia_window_opens_in_week_88_and_its_end_is_configurable(settings):
    wia = step("nl_wia_application")
    assert wia.opens_on(MONDAY) == date(2027, 11, 1)  # day 610: the first day of week 88
    assert (wia.opens_on(MONDAY) - MONDAY).days + 1 == week_start(88)
    assert wia.due_on(MONDAY) == date(2027, 11, 28)  # end of week 91 by default
    assert wia.when() == "weeks 88 to 91"
    settings.NL_WIA_WINDOW_END_WEEK = 93
    assert step("nl_wia_application").due_on(MONDAY) == date(2027, 12, 12)
    settings.NL_WIA_WINDOW_END_WEEK = 120  # outside what the sources say: the default
    assert step("nl_wia_application").due_on(MONDAY) == date(2027, 11, 28)


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("se_rehabilitation_plan", 30, date(2026, 3, 31)),
        ("se_assessment_90", 90, date(2026, 5, 30)),
        ("se_assessment_180", 180, date(2026, 8, 28)),
        ("se_assessment_365", 365, date(2027, 3, 1)),
    ],
)
def test_sweden_steps_fall_due_on_their_day(code, day, expected):
    assert due(Jurisdiction.SE, code) == expected
    assert (expected - MONDAY).days + 1 == day


def test_sweden_plan_only_when_the_absence_is_expected_to_last_over_60_days():
    plan = step("se_rehabilitation_plan")
    assert plan.condition == Condition.EXPECTED_OVER_60_DAYS
    assert plan.applies(None, MONDAY)  # not known: it applies
    assert not plan.applies(day_on(MONDAY, 60), MONDAY)
    assert plan.applies(day_on(MONDAY, 61), MONDAY)
    assert step("se_assessment_90").applies(day_on(MONDAY, 10), MONDAY)


def test_every_step_names_who_acts_and_reads_its_count():
    for jurisdiction in Jurisdiction.values:
        steps = timeline(jurisdiction)
        assert [s.day for s in steps] == sorted(s.day for s in steps)
        assert len({s.code for s in steps}) == len(steps)
        assert all(s.actor and str(s.title) for s in steps)
    assert step("nl_plan_of_action").when() == "week 8"
    assert step("se_assessment_180").when() == "day 180"
