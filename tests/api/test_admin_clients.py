"""An administrator registers a client in the admin, sees its token once, and revokes it."""

import re

import pytest

from api.models import IntegrationClient
from api.tokens import digest
from rtw.models import AuditEvent
from tests.api.conftest import TokenClient

pytestmark = pytest.mark.django_db


def _add(client, organisation, scopes):
    return client.post(
        "/admin/api/integrationclient/add/",
        {
            "organisation": organisation.pk,
            "name": "Riverside GP system",
            "scopes": scopes,
            "expires_at_0": "2099-01-01",
            "expires_at_1": "12:00:00",
        },
    )


def test_the_token_is_shown_once_and_works(as_user, admin_user, practice, case):
    browser = as_user(admin_user)
    assert browser.get("/admin/api/integrationclient/add/").status_code == 200

    response = _add(browser, practice, ["referrals:read"])

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, no-cache, must-revalidate, private, max-age=0"
    token = re.search(r'<code id="client-token">([^<]+)</code>', response.content.decode())[1]
    stored = IntegrationClient.objects.get()
    assert stored.token_digest == digest(token)
    assert stored.created_by == admin_user
    assert TokenClient(token).get(f"/api/v1/referrals/{case.code}/").status_code == 200
    page = browser.get(f"/admin/api/integrationclient/{stored.pk}/change/").content.decode()
    assert token not in page and stored.prefix in page


def test_a_scope_the_kind_may_not_hold_is_refused_at_the_field(as_user, admin_user, practice):
    response = _add(as_user(admin_user), practice, ["reports:read"])

    assert response.status_code == 200
    assert "A GP practice client cannot hold reports:read." in response.content.decode()
    assert IntegrationClient.objects.count() == 0


def test_employers_are_not_offered(as_user, admin_user, employer_org):
    response = _add(as_user(admin_user), employer_org, ["cases:read"])

    assert "Select a valid choice" in response.content.decode()
    assert IntegrationClient.objects.count() == 0


def test_the_revoke_action_stops_the_token(as_user, admin_user, practice_api, case):
    as_user(admin_user).post(
        "/admin/api/integrationclient/",
        {"action": "revoke", "_selected_action": [practice_api.integration.pk]},
    )

    assert practice_api.get(f"/api/v1/referrals/{case.code}/").status_code == 401
    assert IntegrationClient.objects.get().revoked_by == admin_user
    assert AuditEvent.objects.filter(action="api_client.revoke").count() == 1


def test_clients_cannot_be_deleted(as_user, admin_user, practice_api):
    pk = practice_api.integration.pk
    response = as_user(admin_user).get(f"/admin/api/integrationclient/{pk}/delete/")

    assert response.status_code == 403
