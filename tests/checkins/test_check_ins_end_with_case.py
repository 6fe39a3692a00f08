"""Closing a case closes its open check-ins: nothing more is asked of the worker, no invitation
goes out after the case closed, and the reminder producers stop reading them every minute."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone

from cases.models import CaseStatus
from checkins import reminders
from checkins.models import CheckIn, CheckInStatus, Reminder
from tests import factories as f
from tests.forms import date_fields, page_text


def check_in(case, days: int, status=CheckInStatus.SCHEDULED, **fields) -> CheckIn:
    return CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate() + timedelta(days=days),
        planned_hours=Decimal("20"),
        status=status,
        **fields,
    )


def statuses(case) -> list[tuple[int, str]]:
    today = timezone.localdate()
    return [
        ((c.due_on - today).days, c.status)
        for c in CheckIn.objects.filter(case=case).order_by("due_on")
    ]


@pytest.fixture
def history(case):
    """An answered check-in, a missed one, one invited and not answered, and two to come."""
    case.worker.email = "jamie@example.test"
    case.worker.save()
    check_in(case, -21, CheckInStatus.COMPLETED, completed_at=timezone.now(), hours_worked=12)
    check_in(case, -14, CheckInStatus.MISSED)
    check_in(case, -1, CheckInStatus.INVITED)
    check_in(case, 6)
    check_in(case, 13)
    return case


@pytest.mark.django_db
def test_closing_a_case_ends_its_open_check_ins_and_keeps_the_rest(as_user, vsw, history):
    other = f.CaseFactory(team=history.team, assigned_vsw=vsw, status=CaseStatus.ACTIVE)
    check_in(other, 6)
    today = timezone.localdate()

    response = as_user(vsw).post(
        f"/cases/{history.code}/close/",
        {
            "outcome": "SAME_JOB",
            **date_fields("closed_on", today),
            **date_fields("returned_to_work_on", today),
        },
    )

    assert response.status_code == 302
    assert statuses(history) == [
        (-21, CheckInStatus.COMPLETED),
        (-14, CheckInStatus.MISSED),
        (-1, CheckInStatus.ENDED),
        (6, CheckInStatus.ENDED),
        (13, CheckInStatus.ENDED),
    ]
    assert statuses(other) == [(6, CheckInStatus.SCHEDULED)]


@pytest.mark.django_db
def test_worker_stopping_ends_their_open_check_ins(as_user, worker, history):
    as_user(worker).post(f"/cases/my-support/{history.code}/withdraw/")

    assert [s for _, s in statuses(history)] == [
        CheckInStatus.COMPLETED,
        CheckInStatus.MISSED,
        CheckInStatus.ENDED,
        CheckInStatus.ENDED,
        CheckInStatus.ENDED,
    ]


@pytest.mark.django_db
def test_no_invitation_goes_out_for_a_closed_case_and_its_page_says_why(
    as_user, worker, vsw, history, time_machine
):
    as_user(worker).post(f"/cases/my-support/{history.code}/withdraw/")
    mail.outbox.clear()

    # A week on, the check-in that was to come is due: nothing is produced or sent for it.
    time_machine.move_to(timezone.now() + timedelta(days=7))
    reminders.produce_reminders()
    reminders.sweep()

    assert not Reminder.objects.filter(case=history).exists()
    assert mail.outbox == []
    text = page_text(as_user(vsw).get(f"/cases/{history.code}/check-ins/"))
    assert text.count("Closed: support ended") == 3
    assert "Scheduled" not in text


@pytest.mark.django_db
def test_migration_ends_check_ins_left_open_on_cases_closed_before(case, vsw):
    closed = f.CaseFactory(team=case.team, assigned_vsw=vsw, status=CaseStatus.CLOSED)
    declined = f.CaseFactory(team=case.team, status=CaseStatus.DECLINED)
    for each in (case, closed, declined):
        check_in(each, -1, CheckInStatus.INVITED)
        check_in(each, 6)
    check_in(closed, -8, CheckInStatus.COMPLETED, completed_at=timezone.now())
    migration = importlib.import_module("checkins.migrations.0009_check_ins_end_with_case")

    migration.end_open_check_ins_of_closed_cases(apps, None)

    assert statuses(case) == [(-1, CheckInStatus.INVITED), (6, CheckInStatus.SCHEDULED)]
    assert statuses(closed) == [
        (-8, CheckInStatus.COMPLETED),
        (-1, CheckInStatus.ENDED),
        (6, CheckInStatus.ENDED),
    ]
    assert statuses(declined) == [(-1, CheckInStatus.ENDED), (6, CheckInStatus.ENDED)]
