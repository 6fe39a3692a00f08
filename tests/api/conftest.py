"""API clients of the personas' organisations, and a referral Bundle as a GP system sends it."""

import copy
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.actions import create_client
from api.fhir import NHS_NUMBER_SYSTEM, extension_url
from api.models import SCOPES_FOR_KIND, IntegrationClient
from rtw.models import OrganisationKind
from tests import factories as f

VALID_NHS_NUMBER = "9434765919"


class TokenClient(Client):
    """A test client that sends ``Authorization: Bearer <token>`` with every request."""

    def __init__(self, token: str | None, client: IntegrationClient | None = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(headers=headers)
        self.token = token
        self.integration = client


@pytest.fixture
def api_admin(db):
    return f.UserFactory(email="api-admin@example.test", role="ADMIN", organisation=None)


@pytest.fixture
def make_client(api_admin):
    """``make_client(organisation, scopes=None, expires_in=days)``: a TokenClient for a new
    integration client (all the scopes its kind may hold by default)."""

    def make(organisation, scopes=None, *, expires_in=30, name="GP system"):
        client, token = create_client(
            organisation=organisation,
            name=name,
            scopes=scopes if scopes is not None else SCOPES_FOR_KIND[organisation.kind],
            expires_at=timezone.now() + timedelta(days=expires_in),
            by=api_admin,
        )
        return TokenClient(token, client)

    return make


@pytest.fixture
def practice_api(make_client, practice):
    return make_client(practice)


@pytest.fixture
def other_practice_api(make_client, other_practice):
    return make_client(other_practice, name="Other GP system")


@pytest.fixture
def team_api(make_client, team):
    return make_client(team, name="Team tools")


@pytest.fixture
def other_team_api(make_client, other_team):
    return make_client(other_team, name="Other team tools")


def referral_bundle(team, *, nhs_number=VALID_NHS_NUMBER, identifier="REF-0001", today=None):
    """A complete, valid referral of a new patient to ``team``."""
    today = today or timezone.localdate()
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "identifier": {"system": "https://gp-system.example/bundles", "value": f"B-{identifier}"},
        "entry": [
            {
                "fullUrl": "urn:uuid:5f7c1e2a-0000-4000-8000-000000000001",
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": nhs_number}],
                    "name": [{"family": "Rahman", "given": ["Aisha"]}],
                    "birthDate": "1984-03-09",
                    "telecom": [
                        {"system": "email", "value": "aisha@example.test", "rank": 1},
                        {"system": "phone", "value": "07700900123", "use": "mobile"},
                    ],
                },
            },
            {
                "fullUrl": "urn:uuid:5f7c1e2a-0000-4000-8000-000000000002",
                "resource": {
                    "resourceType": "ServiceRequest",
                    "identifier": [
                        {"system": "https://gp-system.example/referrals", "value": identifier}
                    ],
                    "status": "active",
                    "intent": "order",
                    "subject": {"reference": "urn:uuid:5f7c1e2a-0000-4000-8000-000000000001"},
                    "performer": [{"reference": f"Organization/{team.code}"}],
                    "reasonCode": [{"text": "Off work with back pain; wants help to return."}],
                    "extension": [
                        {
                            "url": extension_url("absence-start"),
                            "valueDate": (today - timedelta(weeks=5)).isoformat(),
                        },
                        {"url": extension_url("employment"), "valueCode": "NOT_LISTED"},
                        {"url": extension_url("employer-name"), "valueString": "Moor Bakery"},
                        {"url": extension_url("job-title"), "valueString": "Baker"},
                        {"url": extension_url("contracted-hours"), "valueDecimal": 30},
                    ],
                },
            },
            {
                "fullUrl": "urn:uuid:5f7c1e2a-0000-4000-8000-000000000003",
                "resource": {
                    "resourceType": "Consent",
                    "status": "active",
                    "scope": {"text": "Referral to the return to work service"},
                    "category": [{"text": "Consent to refer"}],
                    "patient": {"reference": "urn:uuid:5f7c1e2a-0000-4000-8000-000000000001"},
                    "dateTime": f"{today.isoformat()}T09:30:00+00:00",
                    "extension": [{"url": extension_url("consent-method"), "valueCode": "VERBAL"}],
                },
            },
        ],
    }


def resource(bundle: dict, kind: str) -> dict:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


def changed(bundle: dict, change) -> dict:
    copied = copy.deepcopy(bundle)
    change(copied)
    return copied


def post_bundle(client: Client, bundle: dict):
    return client.post("/api/v1/fhir/ServiceRequest", bundle, content_type="application/fhir+json")


__all__ = ["OrganisationKind"]
