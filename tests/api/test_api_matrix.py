"""The API's access matrix: every token route, each kind of caller, the expected answer.

The session matrix (tests/test_access_matrix.py) leaves the token routes out; this is theirs.
A new token route without a row fails :func:`test_every_token_route_has_a_row`. Callers: no
token, the referring practice's client, another practice's, the case's team's, another
team's, each holding every scope its kind may hold."""

import pytest
from django.urls import reverse

from tests.api.conftest import TokenClient
from tests.test_url_policy import TOKEN_ROUTES

CALLERS = ("anonymous", "practice", "other_practice", "team", "other_team")

# {route name: (method, {caller: status})}; anonymous is 401 everywhere.
TABLE = {
    "api:fhir_refer": (
        "post",
        {"practice": 400, "other_practice": 400, "team": 403, "other_team": 403},
    ),
    "api:fhir_servicerequest": (
        "get",
        {"practice": 200, "other_practice": 404, "team": 403, "other_team": 403},
    ),
    # A search: what another practice may not see is simply not found in it (total 0).
    "api:fhir_task": (
        "get",
        {"practice": 200, "other_practice": 200, "team": 403, "other_team": 403},
    ),
    "api:referrals": (
        "get",
        {"practice": 200, "other_practice": 200, "team": 403, "other_team": 403},
    ),
    "api:referral": (
        "get",
        {"practice": 200, "other_practice": 404, "team": 403, "other_team": 403},
    ),
    "api:cases": ("get", {"practice": 200, "other_practice": 200, "team": 200, "other_team": 200}),
    "api:case": ("get", {"practice": 200, "other_practice": 404, "team": 200, "other_team": 404}),
    "api:fit_notes": (
        "get",
        {"practice": 200, "other_practice": 404, "team": 200, "other_team": 404},
    ),
    "api:figures": (
        "get",
        {"practice": 403, "other_practice": 403, "team": 200, "other_team": 200},
    ),
}


def test_every_token_route_has_a_row():
    assert sorted(route.name for route in TOKEN_ROUTES) == sorted(TABLE)


def _path(name: str, case) -> str:
    if name in ("api:fhir_servicerequest", "api:referral", "api:case", "api:fit_notes"):
        return reverse(name, args=[case.code])
    if name == "api:fhir_task":
        return reverse(name) + f"?based-on=ServiceRequest/{case.code}"
    return reverse(name)


@pytest.mark.django_db
def test_each_caller_gets_the_expected_answer_on_every_token_route(
    case, practice_api, other_practice_api, team_api, other_team_api
):
    clients = {
        "anonymous": TokenClient(None),
        "practice": practice_api,
        "other_practice": other_practice_api,
        "team": team_api,
        "other_team": other_team_api,
    }
    wrong = {}
    for name, (method, expected) in TABLE.items():
        for caller in CALLERS:
            want = expected.get(caller, 401)
            send = getattr(clients[caller], method)
            got = (
                send(_path(name, case), {}, content_type="application/json")
                if method == "post"
                else send(_path(name, case))
            )
            if got.status_code != want:
                wrong[(name, caller)] = (got.status_code, want)
    assert wrong == {}
