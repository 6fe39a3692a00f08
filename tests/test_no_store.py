"""Pages shown to a signed-in user are never kept by a browser or proxy cache."""

import pytest

from tests.conftest import client_for
from tests.test_url_policy import NON_PUBLIC_ROUTES, example_path

NO_STORE = "no-store, no-cache, must-revalidate, private, max-age=0"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["vsw", "worker", "employer", "clinician"])
def test_every_url_answers_a_signed_in_user_with_no_store(persona, request):
    client = client_for(request.getfixturevalue(persona))
    cached = {}
    for route in NON_PUBLIC_ROUTES:
        response = client.get(example_path(route))
        if response.get("Cache-Control") != NO_STORE:
            cached[str(route)] = response.get("Cache-Control")
    assert cached == {}


@pytest.mark.django_db
def test_a_real_case_page_is_no_store(as_user, vsw, case):
    response = as_user(vsw).get(f"/cases/{case.code}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_an_anonymous_health_check_is_not_marked_no_store(client):
    response = client.get("/healthz")
    assert "no-store" not in response.get("Cache-Control", "")
