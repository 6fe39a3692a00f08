"""Every service figure against a small service worked out by hand (tests/reports/fixture.py).

Each expected value is a literal, with the arithmetic beside it."""

from datetime import date

import pytest

from reports import figures
from reports.access import cases_for, teams_for
from reports.figures import DaysOff, Proportion, Spread
from reports.forms import FiguresFilterForm
from tests.reports.fixture import TODAY, build_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(team, other_team, practice, other_practice):
    return build_service(team, other_team, practice, other_practice)


@pytest.fixture
def team_cases(service, supervisor):
    return cases_for(supervisor)


def test_referrals_per_practice_per_month(team_cases, practice, other_practice):
    assert figures.referrals_by_practice_month(team_cases) == [
        ("Hillview Medical Centre", date(2025, 6, 1), 1),  # C8
        ("Hillview Medical Centre", date(2025, 7, 1), 1),  # C9
        ("Riverside Surgery", date(2026, 1, 1), 2),  # C1, C2 (CB is the other team's)
        ("Hillview Medical Centre", date(2026, 2, 1), 1),  # C3
        ("Hillview Medical Centre", date(2026, 3, 1), 1),  # C4
        ("Riverside Surgery", date(2026, 3, 1), 1),  # C5
        ("Hillview Medical Centre", date(2026, 4, 1), 1),  # C6
        ("Riverside Surgery", date(2026, 5, 1), 1),  # C7
    ]


def test_accepted_declined_and_awaiting(team_cases):
    # Accepted: C1 C2 C3 C7 C8 C9; declined: C4 C5; awaiting: C6.
    assert figures.decisions(team_cases) == {"accepted": 6, "declined": 2, "awaiting": 1}


def test_decline_reasons_count_the_same_words_once(team_cases):
    # "Outside our area" and "  outside our AREA " are one reason.
    assert figures.decline_reasons(team_cases) == [("outside our area", 2)]


def test_days_to_decision(team_cases):
    # C1 2, C2 5, C3 1, C4 3, C5 0, C7 7, C8 2, C9 2: 22 / 8 = 2.75.
    assert figures.days_to_decision(team_cases) == Spread(8, 2.75, 0, 7)


def test_days_to_first_contact_with_the_worker(team_cases):
    # C1 4 (Jan 5 -> 9; the employer contact on the 8th does not count), C2 10, C3 3 (the
    # GP contact on Feb 12 does not count), C8 7, C9 7: 31 / 5 = 6.2. C7 has none.
    assert figures.days_to_first_contact(team_cases) == Spread(5, 6.2, 3, 10)


def test_contacts_per_case_count_worker_contacts_only(team_cases):
    # Taken on: C1 3, C2 2, C3 4, C7 0, C8 1, C9 1: 11 / 6.
    assert figures.contacts_per_case(team_cases) == Spread(6, 11 / 6, 0, 4)


def test_days_to_first_return(team_cases):
    # C1 Dec 1 -> Feb 1 = 31 + 31 = 62; C2 Jan 1 -> Feb 15 = 31 + 14 = 45;
    # C3 Jan 20 -> Mar 2 = 11 + 28 + 2 = 41. 148 / 3.
    assert figures.days_to_first_return(team_cases) == Spread(3, 148 / 3, 41, 62)


def test_sustained_return_at_4_13_and_26_weeks(team_cases):
    # Days from the return to TODAY (Jun 1): C1 120, C2 106, C3 91.
    # 4 weeks (28 days): all three ended; C2's NOT_FIT note 14 days after its return breaks
    #   it; C3's episode is 49 days after: kept. 2 of 3.
    # 13 weeks (91 days): all three ended (C3 exactly on the day); C1 only. 1 of 3.
    # 26 weeks (182 days): none ended. 0 of 0.
    assert figures.sustained_returns(team_cases, TODAY) == {
        4: Proportion(2, 3),
        13: Proportion(1, 3),
        26: Proportion(0, 0),
    }


def test_a_period_ending_tomorrow_is_not_counted_yet(team_cases):
    # The day before, C3's 13 weeks (91 days) have not ended: C1 kept, C2 not: 1 of 2.
    assert figures.sustained_returns(team_cases, date(2026, 5, 31))[13] == Proportion(1, 2)


def test_closure_outcomes(team_cases):
    assert figures.closure_outcomes(team_cases) == [
        ("SAME_JOB", 1),  # C1
        ("SAME_JOB_ADJUSTED", 0),
        ("NEW_JOB", 1),  # C3
        ("NOT_RETURNED", 1),  # C8
        ("WITHDREW", 1),  # C9
    ]


def test_days_off_over_six_months_counts_answered_fortnights_only(team_cases):
    # Only C8 (accepted 2025-06-04) and C9 (2025-07-03) have had 182 days by Jun 1.
    # C8: 3 + 5 + 0 = 8 days in 3 answered fortnights (the missed one is missing, not 0; the
    # answer due 2025-12-17 is after day 182). C9: no answer, so not in the spread.
    # Coverage: 3 of 2 x 13 = 26 fortnights.
    result = figures.days_off_over_six_months(team_cases, TODAY)
    assert result == DaysOff(
        cases=2,
        answered_cases=1,
        spread=Spread(1, 8.0, 8, 8),
        fortnights_answered=3,
        fortnights_expected=26,
    )
    assert round(result.coverage_percent, 1) == 11.5  # 3 / 26


def test_questionnaire_change_from_baseline_to_six_months(team_cases):
    # Both answered: C1 and C3 (C2's 6-month one is not answered; C8 has no baseline).
    # was: C1 7-3 = +4, C3 7-2 = +5; phq9: 6-15 = -9, 8-20 = -12; gad7: 5-12 = -7, 9-15 = -6;
    # health: 7-4 = +3, 6-3 = +3; expected_weeks: C1 has none at 6 months, C3 0-12 = -12.
    assert figures.score_changes(team_cases) == [
        ("was", Spread(2, 4.5, 4, 5)),
        ("phq9", Spread(2, -10.5, -12, -9)),
        ("gad7", Spread(2, -6.5, -7, -6)),
        ("health", Spread(2, 3.0, 3, 3)),
        ("expected_weeks", Spread(1, -12.0, -12, -12)),
    ]


def test_compute_gathers_every_figure(team_cases):
    result = figures.compute(team_cases, TODAY)
    assert result.referrals == 9
    assert result.referrals_by_month == [
        (date(2025, 6, 1), 1),
        (date(2025, 7, 1), 1),
        (date(2026, 1, 1), 2),
        (date(2026, 2, 1), 1),
        (date(2026, 3, 1), 2),  # C4 + C5
        (date(2026, 4, 1), 1),
        (date(2026, 5, 1), 1),
    ]
    assert (result.accepted, result.declined, result.awaiting) == (6, 2, 1)


def filtered(user, **params):
    form = FiguresFilterForm(params, teams=teams_for(user))
    assert form.is_valid(), form.errors
    return form.apply(cases_for(user))


def test_filter_by_practice(service, supervisor, practice):
    # Riverside (P1): C1 C2 C5 C7.
    cases = filtered(supervisor, practice=practice.pk)
    assert figures.decisions(cases) == {"accepted": 3, "declined": 1, "awaiting": 0}


def test_filter_by_referral_dates(service, supervisor):
    # Referred 1 Jan to 31 Mar 2026: C1 C2 C3 C4 C5.
    cases = filtered(
        supervisor,
        referred_from_0="1",
        referred_from_1="1",
        referred_from_2="2026",
        referred_to_0="31",
        referred_to_1="3",
        referred_to_2="2026",
    )
    assert figures.decisions(cases) == {"accepted": 3, "declined": 2, "awaiting": 0}


def test_an_administrator_sees_every_team_and_may_choose_one(service, admin_user, other_team):
    assert figures.decisions(cases_for(admin_user))["accepted"] == 7  # six + CB
    cases = filtered(admin_user, team=other_team.pk)
    assert figures.decisions(cases) == {"accepted": 1, "declined": 0, "awaiting": 0}
    # CB: Jan 6 -> Jan 20 ... absence Nov 1 -> Jan 20 = 29 + 31 + 19 = 80 days.
    assert figures.days_to_first_return(cases) == Spread(1, 80.0, 80, 80)


def test_a_supervisor_cannot_choose_another_team(service, supervisor, other_team):
    form = FiguresFilterForm({"team": other_team.pk}, teams=teams_for(supervisor))
    assert not form.is_valid()
    assert form.errors["team"] == ["Select one of your teams"]


def test_a_date_range_ending_before_it_starts_is_refused(supervisor):
    form = FiguresFilterForm(
        {
            "referred_from_0": "1",
            "referred_from_1": "3",
            "referred_from_2": "2026",
            "referred_to_0": "1",
            "referred_to_1": "2",
            "referred_to_2": "2026",
        },
        teams=teams_for(supervisor),
    )
    assert not form.is_valid()
    assert form.errors["referred_to"] == ["The end of the range must be on or after its start"]


def test_no_cases_give_empty_figures(supervisor):
    result = figures.compute(cases_for(supervisor), TODAY)
    assert result.referrals == 0
    assert result.days_to_decision == Spread(0)
    assert result.sustained == {4: Proportion(0, 0), 13: Proportion(0, 0), 26: Proportion(0, 0)}
    assert result.days_off == DaysOff(0, 0, Spread(0), 0, 0)
