"""A Dutch or Swedish case gets its statutory steps as milestones when the referral is
accepted, counted from the first day of absence: the Dutch week-6 problem analysis often falls
due before any plan exists. Starting the plan afterwards adds none twice."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from cases import actions
from cases.models import CaseStatus
from plans import statutory
from plans.models import Milestone
from rtw.jurisdictions import Jurisdiction, step
from tests import factories as f
from tests.forms import date_fields

pytestmark = pytest.mark.django_db

ABSENCE = date(2026, 3, 2)  # a Monday; docs/jurisdictions.md works through the same dates


@pytest.fixture
def referral(team, vsw, supervisor, worker, practice, clinician):
    def make(jurisdiction):
        team.jurisdiction = jurisdiction
        team.save(update_fields=["jurisdiction"])
        record = f.WorkerFactory(gp_practice=practice, absence_started_on=ABSENCE)
        return f.CaseFactory(
            worker=record,
            team=team,
            referred_by=clinician,
            status=CaseStatus.REFERRED,
            assigned_vsw=None,
        )

    return make


def accept(case, vsw, supervisor):
    actions.accept_referral(case=case, vsw=vsw, by=supervisor)
    return {m.step: m.target_on for m in case.milestones.all()}


def test_a_dutch_case_has_the_poortwachter_steps_from_acceptance(referral, vsw, supervisor):
    case = referral(Jurisdiction.NL)

    got = accept(case, vsw, supervisor)

    assert not case.plans.exists()
    assert {
        code: got[code]
        for code in (
            "nl_problem_analysis",
            "nl_plan_of_action",
            "nl_evaluation_14",
            "nl_uwv_notice",
            "nl_first_year_evaluation",
            "nl_reintegration_report",
            "nl_wia_application",
        )
    } == {
        "nl_problem_analysis": date(2026, 4, 12),  # week 6: day 42
        "nl_plan_of_action": date(2026, 4, 26),  # week 8: day 56
        "nl_evaluation_14": date(2026, 6, 7),  # week 14: day 98
        "nl_uwv_notice": date(2026, 12, 20),  # week 42: day 294
        "nl_first_year_evaluation": date(2027, 2, 28),  # week 52: day 364
        "nl_reintegration_report": date(2027, 10, 31),  # week 87: day 609
        "nl_wia_application": date(2027, 11, 28),  # the end of week 91: day 637
    }
    assert len(got) == 13  # with the evaluations of weeks 14 to 50
    assert case.events.filter(summary="13 statutory milestones added (NL)").count() == 1


def test_a_swedish_case_has_the_rehabilitation_chain_from_acceptance(referral, vsw, supervisor):
    case = referral(Jurisdiction.SE)

    got = accept(case, vsw, supervisor)

    assert got == {
        "se_rehabilitation_plan": date(2026, 3, 31),  # day 30
        "se_assessment_90": date(2026, 5, 30),  # day 90
        "se_assessment_180": date(2026, 8, 28),  # day 180
        "se_assessment_365": date(2027, 3, 1),  # day 365
    }


def test_a_uk_case_has_none_at_acceptance(referral, vsw, supervisor):
    case = referral(Jurisdiction.UK)

    assert accept(case, vsw, supervisor) == {}


def test_starting_the_plan_afterwards_adds_no_second_copy(as_user, referral, vsw, supervisor):
    case = referral(Jurisdiction.NL)
    before = accept(case, vsw, supervisor)
    today = timezone.localdate()

    response = as_user(vsw).post(
        f"/plans/case/{case.code}/new/",
        {
            "goal": "SAME_JOB_ADAPTED",
            "contracted_hours": "37.5",
            "review_interval_days": "14",
            **date_fields("starts_on", today),
            **date_fields("expected_end_on", today + timedelta(days=41)),
        },
    )

    assert response.status_code == 302
    assert case.plans.count() == 1
    assert sorted(case.milestones.values_list("step", flat=True)) == sorted(before)
    assert statutory.add_statutory_milestones(case=case, by=vsw) == []
    assert case.events.filter(summary__contains="statutory milestones added").count() == 1


def test_a_statutory_milestone_is_stored_in_english_and_shown_in_the_readers_language(
    referral, vsw, supervisor
):
    case = referral(Jurisdiction.NL)
    with translation.override("nl"):  # a Dutch supervisor accepts
        accept(case, vsw, supervisor)
    analysis = case.milestones.get(step="nl_problem_analysis")

    with translation.override("nl"):
        shown = analysis.display_title
        expected = translation.gettext("%(step)s (%(when)s)") % {
            "step": step("nl_problem_analysis").title,
            "when": translation.gettext("week %(number)s") % {"number": 6},
        }

    assert analysis.title == "Problem analysis (week 6)"
    assert shown == expected
    assert shown != analysis.title
    assert Milestone(title="Call HR (Monday)").display_title == "Call HR (Monday)"
