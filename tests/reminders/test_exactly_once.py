"""Reminders go out exactly once (cases/reminders.py; docs/adr/0008-reminders-exactly-once.md).

Real PostgreSQL, real Redis, real Celery workers; the only fake is the outbox (locmem in this
process, one file per message for a subprocess worker). Run through scripts/with_services.py.
"""

import socket
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from checkins import reminders
from checkins.models import Delivery, Reminder, ReminderKind, ReminderStatus
from checkins.tasks import sweep_reminders
from rtw.notify import notify
from tests import factories as f
from tests.reminders.helpers import due_reminders, kill_group, wait_until
from tests.reminders.mailbox import sent_messages

SWEEP = "checkins.sweep_reminders"


def run_in_threads(target, count: int = 2) -> list[object]:
    """Run ``target`` in ``count`` threads released together; their return values. Each thread
    closes its own database connection."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def body(i):
        try:
            barrier.wait(timeout=10)
            results[i] = target()
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    return results


def addressed(reminder_rows) -> list[tuple[str, str]]:
    return sorted((r.to_email, r.subject) for r in reminder_rows)


@pytest.mark.django_db(transaction=True)
def test_two_sweep_tasks_and_two_sweeping_threads_send_each_reminder_once(
    inprocess_worker, mailoutbox
):
    due = due_reminders(50)

    with inprocess_worker() as tasks:
        sweep_reminders.delay()
        sweep_reminders.delay()
        from_threads = run_in_threads(reminders.sweep)
        from_tasks = tasks.wait_for(SWEEP, 2)

    assert sorted((m.to[0], m.subject) for m in mailoutbox) == addressed(due)
    assert [len(m.to) for m in mailoutbox] == [1] * 50
    assert sum(from_threads) + sum(from_tasks) == 50
    assert sorted(Delivery.objects.values_list("reminder_id", flat=True)) == [r.pk for r in due]
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}


@pytest.mark.django_db(transaction=True)
def test_two_beats_produce_each_fit_note_reminder_once_and_it_is_sent_once(
    case, vsw, clinician, inprocess_worker, mailoutbox
):
    today = timezone.localdate()
    note = f.FitNoteFactory(case=case, ends_on=today + timedelta(days=3), needs_reassessment=True)

    reminders.produce_reminders()
    reminders.produce_reminders()
    run_in_threads(reminders.produce_reminders)

    key = f"fitnote:{note.code}"
    assert sorted(Reminder.objects.values_list("kind", "subject_key", "slot", "to_email")) == [
        (ReminderKind.FIT_NOTE_EXPIRING, key, "clinician", clinician.email),
        (ReminderKind.FIT_NOTE_EXPIRING, key, "vsw", vsw.email),
    ]

    with inprocess_worker() as tasks:
        sweep_reminders.delay()
        sweep_reminders.delay()
        assert sum(tasks.wait_for(SWEEP, 2)) == 2

    assert sorted((m.to, m.subject) for m in mailoutbox) == [
        ([clinician.email], "A fit note you asked to reassess is ending"),
        ([vsw.email], "A fit note is ending"),
    ]
    assert Delivery.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_rolled_back_notification_enqueues_nothing_and_a_committed_one_exactly_one_email(
    vsw, broker, inprocess_worker, mailoutbox
):
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        notify(recipient=vsw, message="Rolled back", email_subject="Rolled back")
        raise Rollback

    assert broker.llen("celery") == 0

    with transaction.atomic():
        notify(recipient=vsw, message="Kept", link="/cases/", email_subject="Committed")

    assert broker.llen("celery") == 1

    # The worker takes messages in order, so once the committed email is out, anything the
    # rolled-back change had queued would have gone out before it.
    with inprocess_worker() as tasks:
        tasks.wait_for("rtw.sweep_outbox", 1)

    assert [(m.to, m.subject) for m in mailoutbox] == [([vsw.email], "Committed")]
    assert broker.llen("celery") == 0


@pytest.fixture
def closed_port():
    """A local port bound but not listening: connecting to it is refused at once, and nothing
    else can take it while the test runs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.mark.django_db
def test_failed_send_is_retried_later_with_backoff_and_then_sent_once(
    settings, closed_port, mailoutbox
):
    (reminder,) = due_reminders(1)
    now = timezone.now()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1

    assert reminders.sweep(now=now) == 0

    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.next_attempt_at) == (
        ReminderStatus.PENDING,
        1,
        now + timedelta(minutes=2),
    )
    assert reminder.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert Delivery.objects.count() == 0
    assert reminders.sweep(now=now + timedelta(minutes=1)) == 0  # still backing off
    assert Reminder.objects.get().attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = now + timedelta(minutes=2, seconds=1)
    assert reminders.sweep(now=later) == 1
    assert reminders.sweep(now=later + timedelta(hours=1)) == 0

    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (ReminderStatus.SENT, 2)
    assert list(Delivery.objects.values_list("reminder_id", flat=True)) == [reminder.pk]
    assert [(m.to, m.subject) for m in mailoutbox] == [([reminder.to_email], reminder.subject)]


N_FAULT = 500


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_sweep_loses_nothing_and_duplicates_at_most_the_one_in_flight(
    real_celery, subprocess_worker, tmp_path
):
    due = due_reminders(N_FAULT)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    first = subprocess_worker(mail_dir)
    real_celery.send_task(SWEEP)
    wait_until(
        lambda: Delivery.objects.count() >= 20 or first.poll() is not None,
        timeout=30,
        interval=0.002,
        what="the first worker to deliver 20 reminders",
    )
    kill_group(first)
    delivered_before_kill = set(Delivery.objects.values_list("reminder_id", flat=True))
    assert first.returncode == -9, "the worker died before the kill: see worker-0.log"
    assert 20 <= len(delivered_before_kill) < N_FAULT - 20, (
        f"{len(delivered_before_kill)} of {N_FAULT} delivered before the kill: the kill did "
        "not land mid-sweep, so this run proves nothing; raise N_FAULT"
    )

    subprocess_worker(mail_dir)
    # Beat sends a sweep every minute; here every two seconds until nothing is pending (the
    # row the killed worker held stays locked until PostgreSQL notices the dead connection).
    last_sent = 0.0
    deadline = time.monotonic() + 60
    while Reminder.objects.filter(status=ReminderStatus.PENDING).exists():
        assert time.monotonic() < deadline, "reminders still pending after 60 s"
        if time.monotonic() - last_sent > 2:
            real_celery.send_task(SWEEP)
            last_sent = time.monotonic()
        time.sleep(0.05)

    assert sorted(Delivery.objects.values_list("reminder_id", flat=True)) == [r.pk for r in due]
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    emails = sent_messages(mail_dir)
    assert N_FAULT <= len(emails) <= N_FAULT + 1
    assert sorted(set(emails)) == addressed(due)
    twice = {email for email in emails if emails.count(email) > 1}
    # Only the reminder being sent at the kill may have gone out twice (its email was written
    # but its transaction never committed) or left a half-written message behind: not both.
    not_yet_delivered = {(r.to_email, r.subject) for r in due if r.pk not in delivered_before_kill}
    assert twice <= not_yet_delivered
    assert len(twice) == len(emails) - N_FAULT
    assert len(twice) + len(list(mail_dir.glob(".*.partial"))) <= 1


@pytest.mark.django_db(transaction=True)
def test_reminders_survive_a_redis_restart_that_loses_the_queued_sweep(
    broker, inprocess_worker, mailoutbox
):
    due = due_reminders(30)
    sweep_reminders.delay()
    assert broker.llen("celery") == 1

    broker.flushall()  # Redis restarts without persistence: the queued sweep is gone
    assert broker.llen("celery") == 0

    with inprocess_worker() as tasks:
        sweep_reminders.delay()  # the next beat
        assert tasks.wait_for(SWEEP, 1) == [30]

    assert sorted((m.to[0], m.subject) for m in mailoutbox) == addressed(due)
    assert sorted(Delivery.objects.values_list("reminder_id", flat=True)) == [r.pk for r in due]
