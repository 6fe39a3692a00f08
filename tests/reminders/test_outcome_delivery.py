"""Outcome check-ins go out exactly once through a real Celery worker: by email, and by text
message through the GOV.UK Notify backend (the official client) against a local fake of
Notify's API that fails the first request with a 500, as during an outage."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseStatus, ContactMethod
from checkins import reminders
from checkins.models import Delivery, Reminder, ReminderChannel, ReminderKind, ReminderStatus
from checkins.tasks import produce_reminders, sweep_reminders
from tests import factories as f
from tests.outcomes.fake_notify import fake_notify, use_notify
from tests.reminders.test_exactly_once import run_in_threads

SWEEP = "checkins.sweep_reminders"
PRODUCE = "checkins.produce_reminders"


@pytest.mark.django_db(transaction=True)
def test_outcome_check_ins_are_produced_and_sent_once_by_email_and_text_through_a_worker(
    inprocess_worker, mailoutbox, settings
):
    accepted = timezone.now() - timedelta(days=14)
    by_email = f.CaseFactory(status=CaseStatus.ACCEPTED, decided_at=accepted)
    by_text = f.CaseFactory(
        status=CaseStatus.ACTIVE,
        decided_at=accepted,
        worker__preferred_contact=ContactMethod.SMS,
        worker__mobile="07700900222",
    )

    with fake_notify() as notify, inprocess_worker() as tasks:
        use_notify(settings, notify)
        notify.fail_next = 1
        produce_reminders.delay()
        produce_reminders.delay()
        tasks.wait_for(PRODUCE, 2)
        run_in_threads(reminders.produce_reminders)
        sweep_reminders.delay()
        sweep_reminders.delay()
        first = tasks.wait_for(SWEEP, 2)

        # The text Notify refused is pending, to be retried after its backoff; the email went.
        text = Reminder.objects.get(channel=ReminderChannel.SMS)
        assert (sum(first), text.status, text.attempts) == (1, ReminderStatus.PENDING, 1)
        Reminder.objects.filter(pk=text.pk).update(next_attempt_at=timezone.now())
        sweep_reminders.delay()
        sweep_reminders.delay()
        second = tasks.wait_for(SWEEP, 4)[2:]

    assert sum(second) == 1
    assert sorted(Reminder.objects.values_list("kind", "channel", "to_email", "to_phone")) == [
        (ReminderKind.OUTCOME_CHECKIN, ReminderChannel.EMAIL, by_email.worker.email, ""),
        (ReminderKind.OUTCOME_CHECKIN, ReminderChannel.SMS, "", "07700900222"),
    ]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([by_email.worker.email], "How the last two weeks went")
    ]
    assert [m["phone_number"] for m in notify.received] == ["07700900222"]
    assert notify.refused == []
    assert Delivery.objects.count() == 2
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    assert by_text.outcome_check_ins.count() == by_email.outcome_check_ins.count() == 1
