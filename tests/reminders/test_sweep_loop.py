"""A backlog drains without waiting for beat: a sweep that claimed a whole batch asks for the
next one at once, and the chain stops when less than a batch is due (checkins/tasks.py).

Real Redis and an in-process Celery worker; the only fake is the outbox.
"""

import socket

import pytest
from django.core.mail.backends import locmem
from django.db import connection, transaction
from django.utils import timezone

from checkins import reminders
from checkins.models import Delivery, Reminder, ReminderStatus
from checkins.tasks import sweep_reminders
from tests.reminders.helpers import due_reminders

SWEEP = "checkins.sweep_reminders"


@pytest.fixture
def closed_port():
    """A local port bound but not listening: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_full_batch_triggers_another_sweep_until_the_backlog_is_sent(
    settings, inprocess_worker, mailoutbox
):
    settings.REMINDER_SWEEP_BATCH = 5
    due = due_reminders(12)

    with inprocess_worker() as tasks:
        sweep_reminders.delay()  # one beat
        delivered = tasks.wait_for(SWEEP, 3)

    assert delivered == [5, 5, 2]
    assert sorted(Delivery.objects.values_list("reminder_id", flat=True)) == [r.pk for r in due]
    assert len(mailoutbox) == 12


@pytest.mark.django_db(transaction=True)
def test_a_sweep_that_finds_less_than_a_batch_asks_for_no_other(
    settings, inprocess_worker, broker, mailoutbox
):
    settings.REMINDER_SWEEP_BATCH = 5
    due_reminders(4)

    with inprocess_worker() as tasks:
        sweep_reminders.delay()
        assert tasks.wait_for(SWEEP, 1) == [4]

    assert [name for name, _, _ in tasks.finished] == [SWEEP]
    assert broker.llen("celery") == 0
    assert len(mailoutbox) == 4


@pytest.mark.django_db
def test_failed_sends_are_claimed_once_then_wait_so_a_chain_cannot_spin_on_them(
    settings, closed_port
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    due_reminders(3)

    assert reminders.sweep_batch(limit=3) == reminders.Swept(delivered=0, claimed=3)
    assert reminders.sweep_batch(limit=3) == reminders.Swept(delivered=0, claimed=0)
    assert set(Reminder.objects.values_list("status", "attempts")) == {(ReminderStatus.PENDING, 1)}


@pytest.mark.django_db
def test_the_claim_reads_the_partial_index_in_order_without_sorting_the_backlog():
    due_reminders(200)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_reminder")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table would be scanned

    with transaction.atomic():
        plan = reminders.claimable(timezone.now()).explain()

    assert "reminder_pending_claim" in plan
    assert "Sort" not in plan


class CountingBackend(locmem.EmailBackend):
    """The locmem outbox, counting how many connections (backend instances) were made."""

    made = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CountingBackend.made += 1


@pytest.mark.django_db
def test_a_sweep_sends_its_whole_batch_over_one_mail_session(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.reminders.test_sweep_loop.CountingBackend"
    CountingBackend.made = 0
    due_reminders(3)

    assert reminders.sweep_batch(limit=5) == reminders.Swept(delivered=3, claimed=3)

    assert (CountingBackend.made, len(mailoutbox)) == (1, 3)
