"""A case in a Dutch or Swedish team gets its statutory steps as milestones when its plan
starts, and the worklist prompts the next one ("Plan of action due by 26 Apr (week 8)"); a UK
team's cases get none and read as before."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from plans import statutory
from plans.models import Milestone, MilestoneStatus
from rtw.jurisdictions import Jurisdiction, day_on, timeline
from tests import factories as f
from tests.cases.test_worklist import WORKLIST_QUERIES, make_case
from tests.cases.test_worklist_actions import next_actions
from tests.forms import date_fields


def start_plan(client, case):
    today = timezone.localdate()
    return client.post(
        f"/plans/case/{case.code}/new/",
        {
            "goal": "SAME_JOB_ADAPTED",
            "contracted_hours": "37.5",
            "review_interval_days": "14",
            **date_fields("starts_on", today),
            **date_fields("expected_end_on", today + timedelta(days=41)),
        },
    )


def set_jurisdiction(case, jurisdiction):
    case.team.jurisdiction = jurisdiction
    case.team.save(update_fields=["jurisdiction"])


@pytest.mark.django_db
def test_a_dutch_case_gets_the_poortwachter_steps_when_its_plan_starts(as_user, vsw, case):
    set_jurisdiction(case, Jurisdiction.NL)
    case.worker.absence_started_on = date(2026, 3, 2)
    case.worker.save(update_fields=["absence_started_on"])
    assert start_plan(as_user(vsw), case).status_code == 302
    got = {m.step: (m.target_on, m.title) for m in case.milestones.all()}
    assert got["nl_problem_analysis"] == (date(2026, 4, 12), "Problem analysis (week 6)")
    assert got["nl_plan_of_action"] == (date(2026, 4, 26), "Plan of action (week 8)")
    assert got["nl_uwv_notice"] == (date(2026, 12, 20), "Sickness notice to UWV (week 42)")
    assert got["nl_reintegration_report"][0] == date(2027, 10, 31)
    assert got["nl_wia_application"] == (date(2027, 11, 28), "WIA application (weeks 88 to 91)")
    assert set(got) == {s.code for s in timeline(Jurisdiction.NL)}
    # "Add default milestones" again adds no second copy.
    assert statutory.add_statutory_milestones(case=case, by=vsw) == []
    assert case.milestones.count() == len(got)
    assert case.events.filter(summary__startswith=f"{len(got)} statutory milestones").exists()


@pytest.mark.django_db
def test_a_swedish_case_gets_the_rehabilitation_chain(as_user, vsw, case):
    set_jurisdiction(case, Jurisdiction.SE)
    start = case.worker.absence_started_on
    assert start_plan(as_user(vsw), case).status_code == 302
    got = {m.step: m.target_on for m in case.milestones.all()}
    assert got == {
        "se_rehabilitation_plan": day_on(start, 30),
        "se_assessment_90": day_on(start, 90),
        "se_assessment_180": day_on(start, 180),
        "se_assessment_365": day_on(start, 365),
    }


@pytest.mark.django_db
def test_no_swedish_plan_step_when_the_certificate_ends_by_day_60(vsw, case):
    set_jurisdiction(case, Jurisdiction.SE)
    start = case.worker.absence_started_on
    f.FitNoteFactory(
        case=case, starts_on=start, assessed_on=start, issued_on=start, ends_on=day_on(start, 60)
    )
    statutory.add_statutory_milestones(case=case, by=vsw)
    assert not case.milestones.filter(step="se_rehabilitation_plan").exists()
    assert case.milestones.filter(step="se_assessment_90").exists()


@pytest.mark.django_db
def test_a_uk_case_gets_no_statutory_milestones(as_user, vsw, case):
    assert case.team.jurisdiction == Jurisdiction.UK
    assert start_plan(as_user(vsw), case).status_code == 302
    assert not case.milestones.exists()


def short(day):
    return date_format(day, "j M")


@pytest.mark.django_db
def test_the_worklist_prompts_the_next_statutory_step(as_user, vsw):
    vsw.organisation.jurisdiction = Jurisdiction.NL
    vsw.organisation.save(update_fields=["jurisdiction"])
    case = make_case(vsw, first="Daan", last="de Vries", weeks=3)
    statutory.add_statutory_milestones(case=case, by=vsw)
    start = case.worker.absence_started_on
    client = as_user(vsw)
    assert next_actions(client.get("/cases/"))["Daan de Vries"] == (
        f"Problem analysis due by {short(day_on(start, 42))} (week 6)"
    )
    analysis = case.milestones.get(step="nl_problem_analysis")
    analysis.status, analysis.achieved_on = MilestoneStatus.ACHIEVED, timezone.localdate()
    analysis.save()
    assert next_actions(client.get("/cases/"))["Daan de Vries"] == (
        f"Plan of action due by {short(day_on(start, 56))} (week 8)"
    )


@pytest.mark.django_db
def test_a_uk_milestone_reads_as_before(as_user, vsw):
    case = make_case(vsw, first="Amy", last="Ashworth", weeks=3)
    Milestone.objects.create(case=case, title="First day back", target_on=timezone.localdate())
    text = next_actions(as_user(vsw).get("/cases/"))["Amy Ashworth"]
    assert text == f"Milestone due {short(timezone.localdate())}"


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_statutory_prompts_keep_the_worklist_to_its_queries(
    as_user, vsw, rows, django_assert_num_queries
):
    vsw.organisation.jurisdiction = Jurisdiction.SE
    vsw.organisation.save(update_fields=["jurisdiction"])
    for i in range(rows):
        case = make_case(vsw, first=f"P{i}", last="Q", weeks=i + 1)
        statutory.add_statutory_milestones(case=case, by=vsw)
    client = as_user(vsw)
    with django_assert_num_queries(WORKLIST_QUERIES):
        response = client.get("/cases/")
    assert sum("due by" in text for text in next_actions(response).values()) == rows
