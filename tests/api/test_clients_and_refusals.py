"""Integration clients: a token shown once and kept only as a digest, and every way a call is
refused: no token, a wrong one, a revoked or expired one, a scope the client lacks, another
organisation's record, and too many calls."""

import os
import uuid
from datetime import timedelta

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from api.actions import ClientError, create_client, revoke_client
from api.models import IntegrationClient
from api.tokens import digest
from cases.models import CaseStatus
from rtw.models import AuditEvent, AuditOutcome, Role
from tests.api.conftest import TokenClient, post_bundle, referral_bundle

pytestmark = pytest.mark.django_db


def test_the_token_is_kept_only_as_its_digest(practice, api_admin):
    client, token = create_client(
        organisation=practice,
        name="GP system",
        scopes=["referrals:read"],
        expires_at=timezone.now() + timedelta(days=1),
        by=api_admin,
    )

    stored = IntegrationClient.objects.get()
    assert token.startswith(f"rtw_{stored.prefix}_") and len(token) > 50
    assert stored.token_digest == digest(token) != token
    assert token not in str(IntegrationClient.objects.values().get())
    assert (client.principal.role, client.principal.organisation, client.principal.is_active) == (
        Role.CLINICIAN,
        practice,
        False,
    )
    assert not client.principal.has_usable_password()
    assert AuditEvent.objects.filter(action="api_client.create", record_code=str(client.code))


def test_employers_get_no_client_and_scopes_follow_the_kind(employer_org, team, api_admin):
    later = timezone.now() + timedelta(days=1)
    with pytest.raises(ClientError):
        create_client(
            organisation=employer_org, name="HR", scopes=[], expires_at=later, by=api_admin
        )
    with pytest.raises(ClientError):
        create_client(
            organisation=team, name="T", scopes=["referrals:write"], expires_at=later, by=api_admin
        )


def test_no_token_is_401(case):
    response = TokenClient(None).get(f"/api/v1/referrals/{case.code}/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header",
    ["Bearer rtw_00000000_nothing", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer"],
)
def test_a_wrong_token_is_401_and_audited(practice_api, case, header):
    response = Client(headers={"Authorization": header}).get(f"/api/v1/referrals/{case.code}/")

    assert response.status_code == 401
    assert (
        AuditEvent.objects.filter(action="api.authenticate", outcome=AuditOutcome.DENIED).count()
        == 1
    )


def test_a_right_prefix_with_a_wrong_secret_is_401(practice_api, case):
    prefix = practice_api.integration.prefix
    response = TokenClient(f"rtw_{prefix}_guessed").get(f"/api/v1/referrals/{case.code}/")

    assert response.status_code == 401
    assert AuditEvent.objects.get(action="api.authenticate").detail == {
        "reason": "unknown token",
        "prefix": prefix,
    }


def test_a_revoked_client_is_401(practice_api, case, api_admin):
    assert practice_api.get(f"/api/v1/referrals/{case.code}/").status_code == 200
    revoke_client(client=practice_api.integration, by=api_admin)

    assert practice_api.get(f"/api/v1/referrals/{case.code}/").status_code == 401
    assert AuditEvent.objects.filter(action="api_client.revoke").count() == 1


def test_an_expired_client_is_401(practice_api, case):
    assert practice_api.get(f"/api/v1/referrals/{case.code}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert practice_api.get(f"/api/v1/referrals/{case.code}/").status_code == 401
    assert AuditEvent.objects.get(action="api.authenticate").detail["reason"] == "expired"


def test_a_call_records_when_the_client_was_last_used(practice_api, case):
    practice_api.get(f"/api/v1/referrals/{case.code}/")

    assert IntegrationClient.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    ("scopes", "method", "path", "expected"),
    [
        (["referrals:read"], "post", "/api/v1/fhir/ServiceRequest", 403),
        (["referrals:write"], "get", "/api/v1/referrals/", 403),
        (["referrals:write"], "get", "/api/v1/fhir/Task?based-on=ServiceRequest/{case}", 403),
        (["referrals:read"], "get", "/api/v1/cases/", 403),
        (["cases:read"], "get", "/api/v1/referrals/{case}/", 403),
        (["referrals:read"], "get", "/api/v1/fhir/Task?based-on=ServiceRequest/{case}", 200),
        (["referrals:read"], "get", "/api/v1/referrals/", 200),
        (["cases:read"], "get", "/api/v1/cases/{case}/fit-notes/", 200),
    ],
)
def test_each_endpoint_needs_its_scope(make_client, practice, case, scopes, method, path, expected):
    client = make_client(practice, scopes)

    response = getattr(client, method)(path.format(case=case.code))

    assert response.status_code == expected
    if expected == 403:
        denied = AuditEvent.objects.get(outcome=AuditOutcome.DENIED)
        assert denied.detail["reason"] == "scope"
        assert denied.actor_email == client.integration.principal.email
        assert denied.organisation_name == practice.name


def test_reports_need_reports_read(make_client, team):
    assert make_client(team, ["cases:read"]).get("/api/v1/reports/figures/").status_code == 403
    assert make_client(team, ["reports:read"]).get("/api/v1/reports/figures/").status_code == 200


def test_another_practices_referral_is_404_like_a_missing_one(other_practice_api, case):
    for code in (case.code, uuid.uuid4()):
        assert other_practice_api.get(f"/api/v1/referrals/{code}/").status_code == 404
        assert other_practice_api.get(f"/api/v1/cases/{code}/").status_code == 404
        assert other_practice_api.get(f"/api/v1/cases/{code}/fit-notes/").status_code == 404
        assert other_practice_api.get(f"/api/v1/fhir/ServiceRequest/{code}").status_code == 404
        task = other_practice_api.get(f"/api/v1/fhir/Task?based-on=ServiceRequest/{code}")
        assert (task.status_code, task.json()["total"]) == (200, 0)
    assert other_practice_api.get("/api/v1/cases/").json()["results"] == []
    assert (
        AuditEvent.objects.filter(outcome=AuditOutcome.DENIED, record_code=str(case.code)).count()
        == 5
    )


def test_another_teams_case_is_404(other_team_api, team_api, case):
    assert other_team_api.get(f"/api/v1/cases/{case.code}/").status_code == 404
    assert team_api.get(f"/api/v1/cases/{case.code}/").status_code == 200


def test_too_many_calls_are_429_counted_in_the_shared_cache(settings, practice_api, case):
    redis_url = os.environ["REDIS_URL"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"api-test-{practice_api.integration.pk}",
        }
    }
    settings.API_RATE_LIMIT = "3/min"
    path = f"/api/v1/referrals/{case.code}/"

    answers = [practice_api.get(path).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    keys = redis.Redis.from_url(redis_url).keys(f"api-test-{practice_api.integration.pk}*")
    assert len(keys) == 1
    caches["default"].clear()


def test_a_clinician_of_another_practice_has_the_same_answer_in_the_app(
    as_user, other_clinician, case
):
    """The API's 404 is the web app's: both come from Case.objects.visible_to."""
    assert as_user(other_clinician).get(f"/cases/my-referrals/{case.code}/").status_code == 404
    assert case.status == CaseStatus.ACTIVE


def test_a_referral_by_the_api_tells_the_supervisors_and_emails_no_principal(
    practice_api, team, supervisor
):
    from rtw.models import Notification
    from rtw.outbox import OutboxMessage

    post_bundle(practice_api, referral_bundle(team))

    assert list(Notification.objects.values_list("recipient", flat=True)) == [supervisor.pk]
    principal = practice_api.integration.principal
    assert not OutboxMessage.objects.filter(to_email=principal.email).exists()
