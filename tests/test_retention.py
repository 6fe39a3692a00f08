"""Retention (ADR 15): cases whose care ended more than RETENTION_YEARS ago are anonymised, the
counts stay, each case leaves one receipt; the audit trail is pruned only through prune_audit."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cases import retention
from cases.models import CaseEvent, CaseStatus, Contact, FitNote, SharingConsent, Worker
from checkins.models import CheckIn
from plans.models import Adjustment, AgreedAction, Milestone, Phase, RelapsePrevention
from rtw.audit import prune_audit, record_event
from rtw.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db

CLOSED_ON = date(2026, 3, 10)
CONDITION = "Sentinel condition: lumbar strain"
CONTACT_NOTE = "Sentinel contact: talked about the night shifts"
DUTIES = "Sentinel duties: the forklift"


def _closed_case(first="Jamie", last="Clarke", nhs="9434765919", closed_on=CLOSED_ON):
    worker = f.WorkerFactory(
        first_name=first,
        last_name=last,
        nhs_number=nhs,
        date_of_birth=date(1980, 5, 17),
        email=f"{first.lower()}@example.test",
        mobile="07700 900123",
        communication_needs="Large print",
    )
    case = f.CaseFactory(worker=worker, status=CaseStatus.CLOSED, closed_on=closed_on)
    f.FitNoteFactory(case=case, condition=CONDITION, comments="Sentinel comments")
    f.ContactFactory(case=case, summary=CONTACT_NOTE, next_step="Sentinel next step")
    CaseEvent.objects.create(case=case, kind="CLOSED", summary=f"Closed: {first} {last}")
    f.SharingConsentFactory(worker=worker)
    plan = f.PlanFactory(case=case, status="COMPLETED")
    f.add_graded_phases(plan)
    Phase.objects.filter(plan=plan).update(duties_included=DUTIES)
    f.AdjustmentFactory(plan=plan, description="Sentinel adjustment")
    relapse = f.RelapsePreventionFactory(plan=plan, warning_signs="Sentinel signs")
    f.AgreedActionFactory(relapse=relapse, detail="Sentinel action")
    Milestone.objects.create(case=case, title="Sentinel milestone", target_on=closed_on)
    CheckIn.objects.create(
        case=case,
        due_on=closed_on - timedelta(days=7),
        status="COMPLETED",
        completed_at=timezone.now(),
        hours_worked=Decimal("20"),
        mood=6,
        comments="Sentinel check-in comment",
    )
    return case


def _row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            FitNote,
            Contact,
            CaseEvent,
            SharingConsent,
            Phase,
            Adjustment,
            RelapsePrevention,
            AgreedAction,
            Milestone,
            CheckIn,
        )
    }


def _receipts():
    return list(
        AuditEvent.objects.filter(action="case.anonymise").values_list("record_code", flat=True)
    )


def _years_after(day, years, days=0):
    return datetime(
        day.year + years, day.month, day.day, 12, tzinfo=timezone.get_current_timezone()
    ) + timedelta(days=days)


def test_retention_defaults_to_eight_years():
    assert settings.RETENTION_YEARS == 8


def test_dry_run_reports_counts_and_changes_nothing():
    case = _closed_case()
    before = _row_counts()
    out = StringIO()

    with time_machine.travel(_years_after(CLOSED_ON, 8, days=1)):
        call_command("apply_retention", "--dry-run", stdout=out)

    report = out.getvalue()
    assert report.splitlines()[0] == (
        "Would anonymise 1 case(s) whose care ended before 2026-03-11 (RETENTION_YEARS=8)."
    )
    assert report.splitlines()[1].startswith(f"case {case.code} (ended 2026-03-10): case 1, ")
    assert "fit_notes 1" in report and "phases 4" in report and "check_ins 1" in report
    for identifier in ("Jamie", "Clarke", "9434765919", "jamie@example.test", CONDITION):
        assert identifier not in report
    worker = Worker.objects.get(pk=case.worker_id)
    assert (worker.first_name, worker.nhs_number) == ("Jamie", "9434765919")
    assert FitNote.objects.get().condition == CONDITION
    assert _row_counts() == before
    assert _receipts() == []


def test_real_run_anonymises_only_cases_ended_more_than_the_retention_period_ago():
    old = _closed_case()
    recent = _closed_case("Sam", "Patel", "4010232137", closed_on=CLOSED_ON + timedelta(days=2))
    counts = _row_counts()

    with time_machine.travel(_years_after(CLOSED_ON, 8, days=1)):
        call_command("apply_retention", stdout=StringIO())

    worker = Worker.objects.get(pk=old.worker_id)
    assert (
        worker.first_name,
        worker.last_name,
        worker.nhs_number,
        worker.date_of_birth,
        worker.email,
        worker.mobile,
        worker.communication_needs,
    ) == ("Anonymised", "Anonymised", None, date(1980, 1, 1), "", "", "")
    assert FitNote.objects.get(case=old).condition == ""
    assert Contact.objects.get(case=old).summary == ""
    assert set(Phase.objects.filter(plan__case=old).values_list("duties_included", flat=True)) == {
        ""
    }
    assert CheckIn.objects.get(case=old).comments == ""
    assert CaseEvent.objects.get(case=old).summary == ""
    # Counts, statuses, dates and hours stay for the service's figures.
    assert _row_counts() == counts
    old.refresh_from_db()
    assert (old.status, old.closed_on) == (CaseStatus.CLOSED, CLOSED_ON)
    assert CheckIn.objects.get(case=old).hours_worked == Decimal("20")
    # The case that ended two days later is still within retention.
    assert Worker.objects.get(pk=recent.worker_id).first_name == "Sam"
    assert FitNote.objects.get(case=recent).condition == CONDITION
    assert _receipts() == [str(old.code)]


def test_each_anonymised_case_leaves_one_receipt_and_a_second_run_changes_nothing():
    case = _closed_case()

    with time_machine.travel(_years_after(CLOSED_ON, 9)):
        first = retention.apply_retention()
        second = retention.apply_retention()

    assert [line["case"] for line in first] == [str(case.code)]
    assert second == []
    receipt = AuditEvent.objects.get(action="case.anonymise")
    assert (receipt.record_type, receipt.record_code, receipt.actor_id) == (
        "case",
        str(case.code),
        None,
    )
    assert receipt.detail["counts"]["fit_notes"] == 1
    assert "Jamie" not in str(receipt.detail)


def test_a_worker_with_a_case_still_within_retention_keeps_their_details():
    old = _closed_case()
    f.CaseFactory(worker=old.worker, status=CaseStatus.ACTIVE)

    with time_machine.travel(_years_after(CLOSED_ON, 9)):
        retention.apply_retention()

    worker = Worker.objects.get(pk=old.worker_id)
    assert (worker.first_name, worker.nhs_number) == ("Jamie", "9434765919")
    assert FitNote.objects.get(case=old).condition == ""


def test_the_workers_sign_in_account_is_closed(worker):
    case = _closed_case()
    Worker.objects.filter(pk=case.worker_id).update(user=worker)

    with time_machine.travel(_years_after(CLOSED_ON, 9)):
        retention.apply_retention()

    worker.refresh_from_db()
    assert (worker.full_name, worker.is_active, worker.has_usable_password()) == (
        "Anonymised",
        False,
        False,
    )
    assert worker.email == f"anonymised-{worker.code}@anonymised.invalid"


def test_the_schedule_runs_retention_and_pruning_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert (schedule["apply-retention"], schedule["prune-audit"]) == (
        {"task": "cases.apply_retention", "schedule": 86400.0},
        {"task": "rtw.prune_audit", "schedule": 86400.0},
    )


# --- Pruning the audit trail -------------------------------------------------------------------


def _event(action, at):
    with time_machine.travel(at, tick=False):
        return record_event(by=None, action=action, record_type="case", record_code="x")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL-only")
def test_a_plain_delete_on_the_audit_table_is_still_refused():
    _event("case.view", timezone.now() - timedelta(days=400))

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM rtw_auditevent")
    assert AuditEvent.objects.count() == 1


def test_prune_removes_only_events_older_than_the_cut_off_and_keeps_receipts():
    now = timezone.now()
    old = _event("case.view", now - timedelta(days=400))
    receipt = _event("case.anonymise", now - timedelta(days=400))
    recent = _event("case.view", now - timedelta(days=10))

    deleted = prune_audit(before=now - timedelta(days=365))

    assert deleted == 1
    remaining = list(AuditEvent.objects.order_by("id").values_list("id", "action"))
    assert remaining[:2] == [(receipt.pk, "case.anonymise"), (recent.pk, "case.view")]
    assert remaining[2][1] == "audit.prune"
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.get(action="audit.prune").detail["deleted"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL-only")
def test_pruning_leaves_no_permission_behind_in_the_same_transaction():
    _event("case.view", timezone.now() - timedelta(days=400))
    recent = _event("case.view", timezone.now())

    with transaction.atomic():
        prune_audit(before=timezone.now() - timedelta(days=365))
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM rtw_auditevent WHERE id = %s", [recent.pk])
    assert AuditEvent.objects.filter(pk=recent.pk).exists()


def test_the_prune_task_uses_audit_retention_days(settings):
    from rtw.tasks import prune_audit as prune_task

    settings.AUDIT_RETENTION_DAYS = 30
    _event("case.view", timezone.now() - timedelta(days=31))
    kept = _event("case.view", timezone.now() - timedelta(days=29))

    assert prune_task() == 1
    assert list(AuditEvent.objects.filter(action="case.view").values_list("pk", flat=True)) == [
        kept.pk
    ]
