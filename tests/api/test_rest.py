"""The plain REST endpoints: what each client sees, pages at a constant query count, every
read audited, and the figures with small numbers suppressed."""

import pytest

from cases.models import CaseStatus
from rtw.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db


def _cases(practice, team, n):
    return [
        f.CaseFactory(worker=f.WorkerFactory(gp_practice=practice), team=team) for _ in range(n)
    ]


@pytest.mark.parametrize("rows", [1, 12])
def test_the_case_list_is_one_page_at_a_constant_query_count(
    practice_api, practice, team, rows, django_assert_num_queries
):
    made = _cases(practice, team, rows)
    practice_api.get("/api/v1/cases/")  # records when the client was last used

    with django_assert_num_queries(6):
        response = practice_api.get("/api/v1/cases/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, no-cache, must-revalidate, private, max-age=0"
    body = response.json()
    assert body["count"] == rows
    assert {row["id"] for row in body["results"]} == {str(c.code) for c in made}
    listed = AuditEvent.objects.filter(action="case.list").last()
    assert sorted(listed.detail["cases"]) == sorted(str(c.code) for c in made)
    assert listed.actor_email == practice_api.integration.principal.email


@pytest.mark.parametrize("rows", [1, 12])
def test_the_referral_list_is_at_a_constant_query_count(
    practice_api, practice, team, rows, django_assert_num_queries
):
    _cases(practice, team, rows)
    practice_api.get("/api/v1/referrals/")

    with django_assert_num_queries(6):
        response = practice_api.get("/api/v1/referrals/")

    assert [row["status"] for row in response.json()["results"]] == ["in-progress"] * rows


@pytest.mark.parametrize("rows", [1, 12])
def test_the_fit_note_list_is_at_a_constant_query_count(
    team_api, case, rows, django_assert_num_queries
):
    for _ in range(rows):
        f.FitNoteFactory(case=case)
    team_api.get(f"/api/v1/cases/{case.code}/fit-notes/")

    with django_assert_num_queries(8):
        response = team_api.get(f"/api/v1/cases/{case.code}/fit-notes/")

    assert response.json()["count"] == rows
    assert "condition" not in response.json()["results"][0]
    assert "comments" not in response.json()["results"][0]


def test_a_practice_sees_other_fit_notes_only_while_the_worker_shares_the_advice(
    practice_api, case, vsw, worker
):
    ours = f.FitNoteFactory(case=case)
    hospital = f.FitNoteFactory(case=case, recorded_by=vsw)
    path = f"/api/v1/cases/{case.code}/fit-notes/"

    assert [n["id"] for n in practice_api.get(path).json()["results"]] == [str(ours.code)]

    f.SharingConsentFactory(
        worker=case.worker, recipient="GP", item="FIT_NOTE_ADVICE", granted_by=worker
    )
    assert {n["id"] for n in practice_api.get(path).json()["results"]} == {
        str(ours.code),
        str(hospital.code),
    }


def test_the_plan_status_reaches_a_practice_only_while_the_plan_is_shared_with_the_gp(
    practice_api, team_api, case, worker
):
    f.PlanFactory(case=case, status="AGREED")
    path = f"/api/v1/cases/{case.code}/"

    assert team_api.get(path).json()["plan_status"] == "AGREED"
    assert practice_api.get(path).json()["plan_status"] is None

    f.SharingConsentFactory(worker=case.worker, recipient="GP", item="PLAN", granted_by=worker)
    assert practice_api.get(path).json()["plan_status"] == "AGREED"


def test_a_team_sees_its_cases_and_not_the_other_teams(team_api, other_team_api, case):
    assert [c["id"] for c in team_api.get("/api/v1/cases/").json()["results"]] == [str(case.code)]
    assert other_team_api.get("/api/v1/cases/").json()["results"] == []


def test_the_figures_suppress_small_numbers_and_say_what_they_count(team_api, practice, team):
    for _ in range(6):
        f.CaseFactory(worker=f.WorkerFactory(gp_practice=practice), team=team)
    declined = [
        f.CaseFactory(
            worker=f.WorkerFactory(gp_practice=practice),
            team=team,
            status=CaseStatus.DECLINED,
            assigned_vsw=None,
            decline_reason="Moved away from Leeds",
        )
        for _ in range(2)
    ]

    response = team_api.get("/api/v1/reports/figures/")

    assert response.status_code == 200
    body = response.json()
    assert body["referrals"] == {"value": 8, "suppressed": False}
    assert body["declined"] == {"value": None, "suppressed": True}
    assert body["decline_reasons"] == [
        {"label": "Other reasons", "count": {"value": None, "suppressed": True}}
    ]
    assert "Leeds" not in response.content.decode()
    assert body["filters"] == {
        "team": "All",
        "practice": "All",
        "referred_from": "",
        "referred_to": "",
    }
    assert AuditEvent.objects.filter(action="report.figures").count() == 1
    assert len(declined) == 2


def test_the_figures_count_only_the_clients_team(team_api, other_team_api, practice, team):
    for _ in range(5):
        f.CaseFactory(worker=f.WorkerFactory(gp_practice=practice), team=team)

    assert team_api.get("/api/v1/reports/figures/").json()["referrals"]["value"] == 5
    assert other_team_api.get("/api/v1/reports/figures/").json()["referrals"]["value"] == 0
    refused = other_team_api.get(f"/api/v1/reports/figures/?team={team.code}")
    assert (refused.status_code, refused.json()) == (400, {"team": ["Choose one of your teams."]})


def test_the_figures_filters_are_checked(team_api, practice, team):
    for _ in range(5):
        f.CaseFactory(worker=f.WorkerFactory(gp_practice=practice), team=team)

    narrowed = team_api.get(f"/api/v1/reports/figures/?practice={practice.code}")
    assert narrowed.json()["referrals"]["value"] == 5
    assert narrowed.json()["filters"]["practice"] == practice.name
    backwards = team_api.get(
        "/api/v1/reports/figures/?referred_from=2026-02-01&referred_to=2026-01-01"
    )
    assert backwards.status_code == 400


@pytest.mark.parametrize("rows", [1, 12])
def test_the_figures_take_the_same_queries_for_1_and_many_cases(
    team_api, practice, team, rows, django_assert_num_queries
):
    _cases(practice, team, rows)
    team_api.get("/api/v1/reports/figures/")

    with django_assert_num_queries(7):
        response = team_api.get("/api/v1/reports/figures/")

    assert response.json()["referrals"]["value"] == (None if rows < 5 else rows)
