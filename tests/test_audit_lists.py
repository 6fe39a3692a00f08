"""No gaps in the audit trail: every list page names the records it showed, refusals of another
audience's plan copy are audited, and reading the audit trail is itself audited."""

import pytest

from cases.models import CaseStatus
from rtw.models import AuditEvent, AuditOutcome
from tests import factories as f

pytestmark = pytest.mark.django_db


def _events():
    return list(AuditEvent.objects.order_by("id"))


def _lists(events):
    return [(e.actor_id, e.action, e.record_type, e.outcome) for e in events]


def test_vsw_worklist_writes_one_event_naming_the_cases_shown(as_user, vsw, case):
    response = as_user(vsw).get("/cases/")

    assert response.status_code == 200
    [event] = _events()
    assert _lists([event]) == [(vsw.pk, "case.list", "case", AuditOutcome.ALLOWED)]
    assert event.detail == {"cases": [str(case.code)], "page": "/cases/", "page_number": 1}
    assert event.request_id == response["X-Request-ID"]


def test_team_worklist_names_the_team_cases_shown(as_user, supervisor, case):
    as_user(supervisor).get("/cases/team/")

    [event] = _events()
    assert (event.action, event.detail["cases"]) == ("case.list", [str(case.code)])


def test_referral_queue_names_the_referrals_shown(as_user, supervisor, vsw):
    referral = f.CaseFactory(team=vsw.organisation, status=CaseStatus.REFERRED, assigned_vsw=None)

    as_user(supervisor).get("/cases/referrals/")

    [event] = _events()
    assert (event.action, event.detail["cases"]) == ("case.list", [str(referral.code)])


def test_clinicians_referrals_name_the_cases_shown(as_user, clinician, case):
    as_user(clinician).get("/cases/my-referrals/")

    [event] = _events()
    assert (event.actor_id, event.action, event.detail["cases"]) == (
        clinician.pk,
        "case.list",
        [str(case.code)],
    )


def test_employer_list_names_the_cases_shown(as_user, employer, case):
    as_user(employer).get("/cases/employees/")

    [event] = _events()
    assert (event.actor_id, event.action, event.detail["cases"]) == (
        employer.pk,
        "case.list",
        [str(case.code)],
    )


def test_worker_home_names_their_cases(as_user, worker, case):
    as_user(worker).get("/cases/my-support/")

    [event] = _events()
    assert (event.actor_id, event.action, event.detail["cases"]) == (
        worker.pk,
        "case.list",
        [str(case.code)],
    )


def test_patient_search_names_the_patients_found_but_not_the_search_words(as_user, clinician, case):
    as_user(clinician).get("/cases/refer/", {"q": "Clarke"})

    [event] = _events()
    assert (event.action, event.record_type, event.detail) == (
        "worker.search",
        "worker",
        {"workers": [str(case.worker.code)]},
    )
    assert "Clarke" not in str(event.detail)


def test_an_empty_list_still_writes_its_one_event(as_user, vsw):
    as_user(vsw).get("/cases/")

    [event] = _events()
    assert event.detail["cases"] == []


# --- Refused plan copies -----------------------------------------------------------------------


@pytest.fixture
def plan(case):
    plan = f.PlanFactory(case=case, status="PROPOSED")
    f.add_graded_phases(plan)
    return plan


@pytest.mark.parametrize("kind", ["copy", "pdf"])
def test_employer_asking_for_the_workers_copy_gets_404_and_one_denied_event(
    as_user, employer, plan, kind
):
    response = as_user(employer).get(f"/plans/{plan.code}/{kind}/worker/")

    assert response.status_code == 404
    [event] = _events()
    assert (event.actor_id, event.action, event.record_code, event.outcome, event.detail) == (
        employer.pk,
        "plan.copy_worker",
        str(plan.code),
        AuditOutcome.DENIED,
        {"reason": "wrong audience", "audience": "worker"},
    )
    assert event.request_id == response["X-Request-ID"]


def test_worker_asking_for_the_clinicians_summary_is_audited(as_user, worker, plan):
    response = as_user(worker).get(f"/plans/{plan.code}/copy/clinician/")

    assert response.status_code == 404
    assert [(e.action, e.outcome) for e in _events()] == [
        ("plan.copy_clinician", AuditOutcome.DENIED)
    ]


# --- Reading the audit trail -------------------------------------------------------------------


def test_workers_access_log_is_itself_audited(as_user, worker, case):
    response = as_user(worker).get(f"/cases/my-support/{case.code}/access/")

    assert response.status_code == 200
    assert [(e.action, e.record_type) for e in _events()] == [
        ("case.view_own", "case"),
        ("audit.read", "audit"),
    ]
    assert _events()[1].detail["records"] == [str(case.code)]


def test_admin_audit_list_and_event_are_audited(as_user, admin_user, vsw, case):
    client = as_user(admin_user)
    client.get("/cases/")  # refused by role: one denied event to open
    first = AuditEvent.objects.order_by("id").first()

    client.get("/admin/rtw/auditevent/", {"outcome": "DENIED"})
    client.get(f"/admin/rtw/auditevent/{first.pk}/change/")

    assert [(e.actor_id, e.action, e.record_code) for e in _events()[1:]] == [
        (admin_user.pk, "audit.list", ""),
        (admin_user.pk, "audit.read", str(first.pk)),
    ]
    assert _events()[1].detail == {"filters": {"outcome": "DENIED"}}


def test_a_supervisor_reading_the_trail_shows_in_the_workers_access_log(
    as_user, supervisor, worker, case
):
    as_user(supervisor).get(f"/cases/{case.code}/audit/")

    response = as_user(worker).get(f"/cases/my-support/{case.code}/access/")

    assert "The list of who has opened your record" in response.text
