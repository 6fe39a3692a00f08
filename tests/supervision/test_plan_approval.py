"""Plan approval: a team that requires it has a supervisor approve each plan version before the
VSW proposes it to the worker and employer; teams without the setting work as before."""

import subprocess
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from cases.actions import TransitionError
from plans import actions as plan_actions
from plans.approval import ApprovalStatus, PlanApproval, decide_approval, request_approval
from plans.models import PlanStatus
from rtw.models import AuditEvent, Notification
from tests import factories as f
from tests.forms import field_errors, page_text

COMMENT = "Shorter first week please RETURN-SENTINEL-4417"


@pytest.fixture
def plan(case):
    made = f.PlanFactory(case=case, contracted_hours=Decimal("40"))
    f.add_graded_phases(made, hours=(10, 20, 40))
    return made


@pytest.fixture
def approval_team(team):
    team.plans_need_approval = True
    team.save(update_fields=["plans_need_approval"])
    return team


def status_of(plan) -> str:
    plan.refresh_from_db()
    return plan.status


def approval_box(response) -> str:
    box = BeautifulSoup(response.content, "html.parser").select_one("#approval")
    return box.get_text(" ", strip=True) if box else ""


@pytest.mark.django_db
def test_a_team_without_the_setting_proposes_as_before(as_user, vsw, plan):
    response = as_user(vsw).get(f"/plans/{plan.code}/")
    assert approval_box(response) == ""
    as_user(vsw).post(f"/plans/{plan.code}/status/propose/")
    assert status_of(plan) == PlanStatus.PROPOSED
    assert PlanApproval.objects.count() == 0


@pytest.mark.django_db
def test_proposing_is_refused_until_a_supervisor_approves(
    as_user, vsw, supervisor, approval_team, plan
):
    response = as_user(vsw).post(f"/plans/{plan.code}/status/propose/", follow=True)
    assert "A supervisor must approve this version before it is proposed" in page_text(response)
    assert status_of(plan) == PlanStatus.DRAFT

    as_user(vsw).post(f"/supervision/plans/{plan.code}/ask-approval/")
    assert list(PlanApproval.objects.values_list("status", flat=True)) == ["PENDING"]
    assert list(Notification.objects.values_list("recipient", flat=True)) == [supervisor.pk]
    assert "Waiting for approval" in approval_box(as_user(vsw).get(f"/plans/{plan.code}/"))
    assert status_of(plan) == PlanStatus.DRAFT

    response = as_user(supervisor).post(
        f"/supervision/plans/{plan.code}/approval/", {"decision": "approve", "comment": ""}
    )
    assert response["Location"] == f"/plans/{plan.code}/"
    assert list(PlanApproval.objects.values_list("status", "decided_by")) == [
        ("APPROVED", supervisor.pk)
    ]
    assert Notification.objects.filter(recipient=vsw).values_list("message", flat=True)[0] == (
        "Your plan for Jamie Clarke was approved."
    )

    as_user(vsw).post(f"/plans/{plan.code}/status/propose/")
    assert status_of(plan) == PlanStatus.PROPOSED


@pytest.mark.django_db
def test_returning_needs_a_comment_which_the_vsw_sees(
    as_user, vsw, supervisor, approval_team, plan
):
    request_approval(plan=plan, by=vsw)
    url = f"/supervision/plans/{plan.code}/approval/"
    response = as_user(supervisor).post(url, {"decision": "return", "comment": "  "})
    assert field_errors(response, "id_comment") == ["Enter a comment saying what needs to change"]
    assert PlanApproval.objects.get().status == ApprovalStatus.PENDING

    as_user(supervisor).post(url, {"decision": "return", "comment": COMMENT})
    assert list(PlanApproval.objects.values_list("status", "comment")) == [("RETURNED", COMMENT)]
    box = approval_box(as_user(vsw).get(f"/plans/{plan.code}/"))
    assert box.startswith("Supervisor's approval Returned by ")
    assert COMMENT in box and "Ask for approval" in box
    with pytest.raises(TransitionError):
        plan_actions.change_plan_status(plan=plan, change="propose", by=vsw)


@pytest.mark.django_db
def test_a_change_after_approval_withdraws_it(vsw, supervisor, approval_team, plan):
    request_approval(plan=plan, by=vsw)
    decide_approval(plan=plan, approve=True, by=supervisor)
    plan_actions.update_plan(plan=plan, data={"review_interval_days": 21}, by=vsw)
    assert PlanApproval.objects.get().status == ApprovalStatus.WITHDRAWN
    with pytest.raises(TransitionError):
        plan_actions.change_plan_status(plan=plan, change="propose", by=vsw)


@pytest.mark.django_db
def test_only_a_supervisor_of_the_team_decides(
    as_user, vsw, vsw_same_team, other_supervisor, approval_team, plan
):
    request_approval(plan=plan, by=vsw)
    assert as_user(vsw_same_team).get(f"/supervision/plans/{plan.code}/approval/").status_code == (
        403
    )
    assert (
        as_user(other_supervisor).get(f"/supervision/plans/{plan.code}/approval/").status_code
        == 404
    )
    with pytest.raises(TransitionError):
        decide_approval(plan=plan, approve=True, by=vsw_same_team)
    assert PlanApproval.objects.get().status == ApprovalStatus.PENDING


@pytest.mark.django_db
def test_asking_twice_makes_one_request(vsw, approval_team, plan):
    request_approval(plan=plan, by=vsw)
    with pytest.raises(TransitionError):
        request_approval(plan=plan, by=vsw)
    assert PlanApproval.objects.count() == 1


@pytest.mark.django_db
def test_a_team_without_the_setting_has_nothing_to_ask(vsw, plan):
    with pytest.raises(TransitionError):
        request_approval(plan=plan, by=vsw)


@pytest.mark.django_db
def test_supervisor_turns_the_setting_on_for_their_team(as_user, supervisor, team):
    as_user(supervisor).post("/supervision/team/", {"plans_need_approval": "on"})
    team.refresh_from_db()
    assert team.plans_need_approval is True
    as_user(supervisor).post("/supervision/team/", {})
    team.refresh_from_db()
    assert team.plans_need_approval is False


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.django_db
def test_the_approval_never_reaches_a_copy_or_pdf(
    as_user, vsw, supervisor, worker, employer, approval_team, plan, case, tmp_path
):
    request_approval(plan=plan, by=vsw)
    decide_approval(plan=plan, approve=False, comment=COMMENT, by=supervisor)
    for item in ("PLAN",):
        f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item=item, granted_by=vsw)
        f.SharingConsentFactory(worker=case.worker, recipient="GP", item=item, granted_by=vsw)
    # The comment is there to leak: the staff plan page shows it.
    assert COMMENT in page_text(as_user(vsw).get(f"/plans/{plan.code}/"))
    pages = {
        f"copy {audience}": page_text(as_user(vsw).get(f"/plans/{plan.code}/copy/{audience}/"))
        for audience in ("worker", "employer", "clinician")
    }
    pages["worker's own copy"] = page_text(as_user(worker).get(f"/plans/{plan.code}/copy/worker/"))
    pages |= {
        f"pdf {audience}": pdf_text(
            as_user(vsw).get(f"/plans/{plan.code}/pdf/{audience}/").content, tmp_path
        )
        for audience in ("worker", "employer", "clinician")
    }
    assert all(text.strip() for text in pages.values())
    assert [name for name, text in pages.items() if "RETURN-SENTINEL" in text] == []
    assert [name for name, text in pages.items() if "approv" in text.lower()] == []


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_plan_page_with_approval_has_a_constant_query_count(
    as_user, vsw, supervisor, approval_team, case, rows, django_assert_num_queries
):
    plan = f.PlanFactory(case=case, contracted_hours=Decimal("40"))
    f.add_graded_phases(plan, hours=[Decimal(min(40, 2 * (i + 1))) for i in range(rows)])
    request_approval(plan=plan, by=vsw)
    client = as_user(vsw)
    # the plan page's 9 (tests/plans/test_plans.py) and the latest approval
    with django_assert_num_queries(10):
        response = client.get(f"/plans/{plan.code}/")
    assert "Waiting for approval" in approval_box(response)


@pytest.mark.django_db
def test_supervisor_lists_their_teams_plans_waiting_and_the_read_is_audited(
    as_user, vsw, supervisor, approval_team, plan, case, other_team
):
    request_approval(plan=plan, by=vsw)
    elsewhere = f.PlanFactory(case=f.CaseFactory(team=other_team))
    f.add_graded_phases(elsewhere)
    other_team.plans_need_approval = True
    other_team.save(update_fields=["plans_need_approval"])
    request_approval(plan=elsewhere, by=elsewhere.case.assigned_vsw)
    response = as_user(supervisor).get("/supervision/approvals/")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in BeautifulSoup(response.content, "html.parser").select("tbody tr")
    ]
    assert [row[:3] for row in rows] == [["Jamie Clarke", "1", vsw.full_name]]
    audit = AuditEvent.objects.get(action="case.list_approvals")
    assert audit.detail["cases"] == [str(case.code)]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_approvals_list_query_count_does_not_grow(
    as_user, vsw, supervisor, approval_team, rows, django_assert_num_queries
):
    for _ in range(rows):
        made = f.PlanFactory(case=f.CaseFactory(team=approval_team, assigned_vsw=vsw))
        f.add_graded_phases(made)
        request_approval(plan=made, by=vsw)
    client = as_user(supervisor)
    # session, user, second-factor device, savepoint + release, the approvals, audit insert
    with django_assert_num_queries(7):
        response = client.get("/supervision/approvals/")
    assert len(BeautifulSoup(response.content, "html.parser").select("tbody tr")) == rows


@pytest.mark.django_db
def test_a_returned_comment_is_anonymised_with_the_case(vsw, supervisor, approval_team, plan, case):
    from supervision.retention import anonymise_supervision_notes

    request_approval(plan=plan, by=vsw)
    decide_approval(plan=plan, approve=False, comment=COMMENT, by=supervisor)
    assert anonymise_supervision_notes(case)["plan_approval_comments"] == 1
    assert PlanApproval.objects.get().comment == "Anonymised"


@pytest.mark.django_db
def test_plan_page_offers_the_supervisor_to_decide_and_the_vsw_nothing_while_waiting(
    as_user, vsw, supervisor, approval_team, plan
):
    request_approval(plan=plan, by=vsw)
    for_supervisor = BeautifulSoup(
        as_user(supervisor).get(f"/plans/{plan.code}/").content, "html.parser"
    ).select_one("#approval")
    for_vsw = BeautifulSoup(
        as_user(vsw).get(f"/plans/{plan.code}/").content, "html.parser"
    ).select_one("#approval")
    assert [a["href"] for a in for_supervisor.select("a")] == [
        f"/supervision/plans/{plan.code}/approval/"
    ]
    assert (for_vsw.select("a"), for_vsw.select("form")) == ([], [])
