"""Schemathesis against the generated OpenAPI schema: for every operation, requests built from
the schema, sent by a client holding every scope its organisation may hold, get no server
error and no answer the schema does not describe (status, content type, body, headers)."""

from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.actions import create_client
from api.models import SCOPES_FOR_KIND
from cases.models import CaseStatus
from tests import factories as f

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def api_schema(db, settings):
    """The schema, read from the app itself. Requests go to the WSGI app in this process and
    inside the test's transaction: like Django's test client, the connection is not closed at
    the end of each request."""
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis's WSGI requests name
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _operations() -> list[tuple[str, str]]:
    """Every (method, path) the generated schema holds, for the test's parameters."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [(method.upper(), path) for path, ops in paths.items() for method in ops]


OPERATIONS = _operations()


@pytest.fixture
def tokens(db, practice, team, django_settings_rate):
    """A token for the practice (referrals and cases) and one for the team (cases and the
    figures): between them every scope, and records behind them to find."""
    admin = f.UserFactory(role="ADMIN", organisation=None)
    made = {}
    for organisation in (practice, team):
        _client, made[organisation.kind] = create_client(
            organisation=organisation,
            name="Fuzz",
            scopes=SCOPES_FOR_KIND[organisation.kind],
            expires_at=timezone.now() + timedelta(days=1),
            by=admin,
        )
    worker = f.WorkerFactory(gp_practice=practice, nhs_number="9434765919")
    f.FitNoteFactory(case=f.CaseFactory(worker=worker, team=team, status=CaseStatus.ACTIVE))
    return made


@pytest.fixture
def django_settings_rate(settings):
    settings.API_RATE_LIMIT = "1000000/min"


def test_the_schema_covers_every_api_route():
    assert ("POST", "/api/v1/fhir/ServiceRequest") in OPERATIONS
    assert ("GET", "/api/v1/reports/figures/") in OPERATIONS
    assert len(OPERATIONS) == 9


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_server_error_and_no_answer_outside_the_schema(api_schema, tokens, method, path):
    kind = "VSW_TEAM" if path.startswith("/api/v1/reports/") else "GP_PRACTICE"
    headers = {"Authorization": f"Bearer {tokens[kind]}"}

    @given(case=api_schema[path][method].as_strategy())
    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    fuzz()
