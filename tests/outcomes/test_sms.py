"""Text messages (rtw/sms.py): the file backend for ``make run``, and the GOV.UK Notify backend
(the official client) against a local fake of Notify's API, never the real service."""

from datetime import timedelta

import pytest
from django.utils import timezone
from notifications_python_client.errors import HTTPError

from checkins import reminders
from checkins.models import Delivery, Reminder, ReminderChannel, ReminderKind, ReminderStatus
from rtw.sms import send_sms
from tests import factories as f
from tests.outcomes.fake_notify import TEMPLATE_ID, fake_notify, use_notify


@pytest.fixture
def notify(settings):
    with fake_notify() as state:
        use_notify(settings, state)
        yield state


def test_the_notify_backend_posts_a_signed_request_with_the_template_and_body(notify):
    sent_id = send_sms("07700900123", "Two quick questions: https://x/1", reference="reminder-7")

    assert notify.refused == []
    assert notify.received == [
        {
            "phone_number": "07700900123",
            "template_id": TEMPLATE_ID,
            "personalisation": {"body": "Two quick questions: https://x/1"},
            "reference": "reminder-7",
        }
    ]
    assert len(sent_id) == 36


def test_a_notify_outage_raises_so_the_caller_can_retry(notify):
    notify.fail_next = 1

    with pytest.raises(HTTPError):
        send_sms("07700900123", "Hello", reference="reminder-8")

    assert notify.received == []


def test_the_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.SMS_BACKEND = "rtw.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")

    send_sms("07700900456", "Your link: https://x/2", reference="reminder-9")

    [written] = list((tmp_path / "sms").iterdir())
    text = written.read_text()
    assert text.startswith("To: 07700900456\nReference: reminder-9\n")
    assert text.endswith("\nYour link: https://x/2\n")


def _sms_reminder(case) -> Reminder:
    return Reminder.objects.create(
        kind=ReminderKind.OUTCOME_CHECKIN,
        subject_key="outcome:test",
        slot="invite",
        case=case,
        channel=ReminderChannel.SMS,
        to_phone="07700900123",
        subject="How the last two weeks went",
        body="Two quick questions: https://x/3",
    )


@pytest.mark.django_db
def test_the_sweep_retries_a_text_notify_refused_with_a_5xx_and_then_sends_it_once(notify):
    case = f.CaseFactory()
    reminder = _sms_reminder(case)
    notify.fail_next = 1
    now = timezone.now()

    assert reminders.sweep(now=now) == 0
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (ReminderStatus.PENDING, 1)
    assert reminder.last_error.startswith("HTTPError")
    assert reminder.next_attempt_at == now + timedelta(minutes=2)
    assert notify.received == []

    # Not before its backoff...
    assert reminders.sweep(now=now + timedelta(minutes=1)) == 0
    # ...then once, and never again.
    assert reminders.sweep(now=now + timedelta(minutes=3)) == 1
    assert reminders.sweep(now=now + timedelta(minutes=30)) == 0

    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (ReminderStatus.SENT, 2)
    assert [m["phone_number"] for m in notify.received] == ["07700900123"]
    assert notify.received[0]["reference"] == f"reminder-{reminder.pk}"
    assert Delivery.objects.filter(reminder=reminder).count() == 1
