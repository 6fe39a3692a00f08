"""A GP system refers by FHIR, the team accepts in the web app, the GP system reads it back."""

import pytest

from cases.models import Case, CaseStatus
from rtw.models import AuditEvent
from rtw.outbox import OutboxMessage
from tests.api.conftest import TokenClient, post_bundle, referral_bundle

pytestmark = pytest.mark.django_db


def _task(client, code) -> dict:
    response = client.get(f"/api/v1/fhir/Task?based-on=ServiceRequest/{code}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = response.json()
    assert (bundle["resourceType"], bundle["type"], bundle["total"]) == ("Bundle", "searchset", 1)
    return bundle["entry"][0]["resource"]


def test_refer_accept_in_the_app_and_read_the_new_status(
    practice_api, team, supervisor, vsw, as_user
):
    created = post_bundle(practice_api, referral_bundle(team))
    code = created.json()["id"]
    before = _task(practice_api, code)
    assert (before["status"], before["basedOn"]) == (
        "requested",
        [{"reference": f"ServiceRequest/{code}"}],
    )

    accepted = as_user(supervisor).post(
        f"/cases/{code}/decision/", {"decision": "accept", "accept-vsw": vsw.pk}
    )
    assert accepted.status_code == 302

    after = _task(practice_api, code)
    assert (after["status"], after["businessStatus"]["text"], after["owner"]) == (
        "accepted",
        "Accepted",
        {"display": team.name},
    )
    assert after["for"]["identifier"]["value"] == "9434765919"
    assert "statusReason" not in after and "output" not in after
    rest = practice_api.get(f"/api/v1/referrals/{code}/").json()
    assert (rest["status"], rest["status_label"], rest["decline_reason"]) == (
        "accepted",
        "Accepted",
        "",
    )
    # The acceptance notice went to the client's principal in the app, never by email.
    assert not OutboxMessage.objects.filter(
        to_email=practice_api.integration.principal.email
    ).exists()
    reads = AuditEvent.objects.filter(action="case.view_referral", record_code=code)
    assert reads.count() == 3
    assert {e.actor_email for e in reads} == {practice_api.integration.principal.email}


def test_a_declined_referral_says_why(practice_api, team, supervisor, as_user):
    code = post_bundle(practice_api, referral_bundle(team)).json()["id"]

    as_user(supervisor).post(
        f"/cases/{code}/decision/",
        {"decision": "decline", "decline-reason": "Already supported by occupational health."},
    )

    task = _task(practice_api, code)
    assert (task["status"], task["statusReason"]) == (
        "rejected",
        {"text": "Already supported by occupational health."},
    )


def test_a_closed_case_is_completed_with_its_outcome(practice_api, team, vsw):
    code = post_bundle(practice_api, referral_bundle(team)).json()["id"]
    case = Case.objects.get(code=code)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED,
        closed_on=case.referred_at.date(),
        closure_outcome="SAME_JOB_ADJUSTED",
        closed_by=vsw,
        assigned_vsw=vsw,
        decided_at=case.referred_at,
        decided_by=vsw,
    )

    task = _task(practice_api, code)
    assert task["status"] == "completed"
    assert task["output"][0]["valueCodeableConcept"]["coding"][0]["code"] == "SAME_JOB_ADJUSTED"
    assert task["output"][0]["valueCodeableConcept"]["text"] == "Returned with adjustments"


def test_the_task_holds_nothing_but_the_status(practice_api, team, case):
    """No notes, no condition, no plan: the keys are exactly these."""
    code = post_bundle(practice_api, referral_bundle(team)).json()["id"]

    assert set(_task(practice_api, code)) == {
        "resourceType",
        "id",
        "status",
        "intent",
        "basedOn",
        "businessStatus",
        "authoredOn",
        "lastModified",
        "owner",
        "for",
    }


def test_a_bad_search_is_an_operation_outcome(practice_api):
    response = practice_api.get("/api/v1/fhir/Task?based-on=Patient/1")

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["based-on"]


def test_refusals_on_fhir_paths_are_operation_outcomes(practice_api, other_practice_api, case):
    missing = other_practice_api.get(f"/api/v1/fhir/ServiceRequest/{case.code}")
    anonymous = TokenClient(None).get(f"/api/v1/fhir/ServiceRequest/{case.code}")

    assert (missing.status_code, missing.json()["issue"][0]["code"]) == (404, "not-found")
    assert (anonymous.status_code, anonymous.json()["issue"][0]["code"]) == (401, "login")
    assert anonymous["WWW-Authenticate"] == 'Bearer realm="api"'
    assert missing["Content-Type"] == "application/fhir+json"
