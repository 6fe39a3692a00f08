"""Subject access: staff of the worker's case export everything held about the worker, as JSON
and as a readable PDF, and each export is audited."""

import json
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from cases.access import get_case_for
from cases.models import CaseStatus
from checkins.models import CheckIn
from plans.models import Milestone, Review
from rtw.models import AuditEvent, AuditOutcome
from tests import factories as f

pytestmark = pytest.mark.django_db

SENTINELS = {
    "fit note": "Sentinel-condition lumbar strain",
    "contact": "Sentinel-contact night shifts",
    "check-in": "Sentinel-checkin the second week was hard",
    "phase": "Sentinel-phase answering the phones",
    "adjustment": "Sentinel-adjustment a quiet desk",
    "relapse": "Sentinel-relapse sleeping worse",
    "agreed action": "Sentinel-action call within two days",
    "review": "Sentinel-review went well",
    "milestone": "Sentinel-milestone first full week",
    "earlier case": "Sentinel-earlier referral in 2024",
    "superseded plan": "Sentinel-v1 phase",
}


@pytest.fixture
def record(case, vsw, vsw_other_team):
    today = timezone.localdate()
    earlier = f.CaseFactory(
        worker=case.worker,
        team=case.team,
        status=CaseStatus.CLOSED,
        referred_at=timezone.now() - timedelta(days=500),
        closed_on=today - timedelta(days=400),
        referral_reason=SENTINELS["earlier case"],
    )
    f.FitNoteFactory(case=case, condition=SENTINELS["fit note"])
    f.ContactFactory(case=case, summary=SENTINELS["contact"])
    f.SharingConsentFactory(worker=case.worker)
    CheckIn.objects.create(
        case=case,
        due_on=today - timedelta(days=3),
        status="COMPLETED",
        completed_at=timezone.now(),
        hours_worked=Decimal("16"),
        comments=SENTINELS["check-in"],
    )
    first = f.PlanFactory(case=case, status="ACTIVE", superseded_at=timezone.now())
    f.PhaseFactory(plan=first, duties_included=SENTINELS["superseded plan"])
    plan = f.PlanFactory(case=case, version=2, status="AGREED")
    f.PhaseFactory(plan=plan, duties_included=SENTINELS["phase"])
    f.AdjustmentFactory(plan=plan, description=SENTINELS["adjustment"])
    relapse = f.RelapsePreventionFactory(plan=plan, warning_signs=SENTINELS["relapse"])
    f.AgreedActionFactory(relapse=relapse, detail=SENTINELS["agreed action"])
    f.SignOffFactory(plan=plan)
    Milestone.objects.create(case=case, title=SENTINELS["milestone"], target_on=today)
    Review.objects.create(
        case=case, due_on=today, held_on=today, outcome="CONTINUE", notes=SENTINELS["review"]
    )
    get_case_for(vsw, case.code)  # an opening of the record, for the access log
    with pytest.raises(Http404):
        get_case_for(vsw_other_team, case.code)  # and a refused one
    return {"case": case, "earlier": earlier, "plans": [first, plan]}


def _json(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_json_holds_every_kind_of_record_and_the_access_log(as_user, vsw, record):
    case = record["case"]

    response = as_user(vsw).get(f"/plans/case/{case.code}/subject-access/", {"format": "json"})

    assert response.status_code == 200
    text = response.content.decode()
    assert {kind for kind, sentinel in SENTINELS.items() if sentinel not in text} == set()
    data = _json(response)
    assert (data["worker"]["first_name"], data["worker"]["last_name"]) == ("Jamie", "Clarke")
    assert [c["code"] for c in data["cases"]] == [str(record["earlier"].code), str(case.code)]
    assert [p["version"] for p in data["cases"][1]["plans"]] == [1, 2]
    assert data["cases"][1]["plans"][1]["sign_offs"][0]["party"] == "Worker"
    # The ``case`` fixture's agreement to involve the employer, and the one made here.
    assert len(data["consents"]) == 2
    opened = [
        (e["who"], e["action"], e["outcome"])
        for e in data["access_log"]
        if e["action"] == "case.view"
    ]
    assert opened == [
        ("vsw@example.test", "case.view", AuditOutcome.ALLOWED),  # this export's
        ("vsw-other@example.test", "case.view", AuditOutcome.DENIED),
        ("vsw@example.test", "case.view", AuditOutcome.ALLOWED),
    ]


def test_the_access_log_includes_the_list_pages_that_showed_the_case(as_user, vsw, record):
    client = as_user(vsw)
    client.get("/cases/")

    data = _json(
        client.get(f"/plans/case/{record['case'].code}/subject-access/", {"format": "json"})
    )

    # Newest first: this export's own opening of the case, then the worklist that showed it.
    assert [e["action"] for e in data["access_log"]][:2] == ["case.view", "case.list"]


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "export.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_is_readable_and_holds_the_name_and_the_records(as_user, supervisor, record, tmp_path):
    response = as_user(supervisor).get(
        f"/plans/case/{record['case'].code}/subject-access/", {"format": "pdf"}
    )

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    text = " ".join(_pdf_text(response.content, tmp_path).split())
    assert "Information held about Jamie Clarke" in text
    assert SENTINELS["fit note"] in text
    assert SENTINELS["relapse"] in text
    assert "Who opened your records" in text


def test_each_export_is_audited(as_user, vsw, record):
    case = record["case"]
    before = AuditEvent.objects.count()

    as_user(vsw).get(f"/plans/case/{case.code}/subject-access/", {"format": "json"})

    new = list(AuditEvent.objects.order_by("id"))[before:]
    assert [(e.actor_id, e.action, e.record_type, e.record_code) for e in new] == [
        (vsw.pk, "case.view", "case", str(case.code)),
        (vsw.pk, "worker.subject_access", "worker", str(case.worker.code)),
    ]
    assert new[1].detail == {
        "format": "json",
        "cases": [str(record["earlier"].code), str(case.code)],
        "via": str(case.code),
    }


def test_the_page_offers_both_downloads(as_user, vsw, case):
    response = as_user(vsw).get(f"/plans/case/{case.code}/subject-access/")

    assert response.status_code == 200
    assert 'href="?format=pdf"' in response.text
    assert 'href="?format=json"' in response.text
    assert not AuditEvent.objects.filter(action="worker.subject_access").exists()


def test_vsw_of_another_team_gets_404(as_user, vsw_other_team, case):
    response = as_user(vsw_other_team).get(
        f"/plans/case/{case.code}/subject-access/", {"format": "json"}
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="worker.subject_access").exists()


@pytest.mark.parametrize("persona", ["employer", "clinician", "worker"])
def test_other_roles_get_403(request, as_user, case, persona):
    user = request.getfixturevalue(persona)

    response = as_user(user).get(f"/plans/case/{case.code}/subject-access/", {"format": "json"})

    assert response.status_code == 403


def test_an_unknown_format_is_404(as_user, vsw, case):
    response = as_user(vsw).get(f"/plans/case/{case.code}/subject-access/", {"format": "xml"})

    assert response.status_code == 404


def test_json_holds_the_outcome_check_ins_and_questionnaires(as_user, vsw, record):
    from outcomes.models import OutcomeCheckIn, Questionnaire

    case = record["case"]
    today = timezone.localdate()
    outcome = OutcomeCheckIn.objects.create(
        case=case,
        due_on=today,
        period_start=today - timedelta(days=13),
        period_end=today,
        status="DONE",
        completed_at=timezone.now(),
        days_off_sick=3,
        hours_worked=Decimal("22.5"),
    )
    questionnaire = Questionnaire.objects.create(
        case=case,
        timepoint="BASELINE",
        due_on=today,
        status="DONE",
        completed_at=timezone.now(),
        answers={"phq9": [1, 1, 0, 2, 0, 1, 1, 0, 0], "health": 6},
        scores={"phq9": 6, "health": 6},
    )

    response = as_user(vsw).get(f"/plans/case/{case.code}/subject-access/", {"format": "json"})

    held = _json(response)["cases"][1]
    assert [
        (r["code"], r["days_off_sick"], r["hours_worked"], r["status"])
        for r in held["outcome_check_ins"]
    ] == [(str(outcome.code), 3, "22.5", "Done")]
    assert [
        (r["code"], r["timepoint"], r["answers"], r["scores"]) for r in held["questionnaires"]
    ] == [
        (
            str(questionnaire.code),
            "Baseline",
            {"phq9": [1, 1, 0, 2, 0, 1, 1, 0, 0], "health": 6},
            {"phq9": 6, "health": 6},
        )
    ]
