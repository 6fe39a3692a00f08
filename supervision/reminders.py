"""The training-renewal reminder, produced through the exactly-once reminder machinery
(checkins/reminders.py, ADR 8) and registered from ``SupervisionConfig.ready()``.

One row per record and renewal date (kind ``TRAINING_RENEWAL``, subject ``training:<code>``,
slot the due date): producing it on every beat inserts it once, and the sweep sends it once.
The email names the course and the date only."""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from checkins.models import Reminder, ReminderKind
from checkins.reminders import staff_reminder
from supervision.models import TrainingRecord

KIND = ReminderKind.TRAINING_RENEWAL
# How long before the renewal date the VSW is reminded.
REMINDER_DAYS = 30


def training_renewals(now: datetime) -> list[Reminder]:
    """A reminder to the VSW once a course's renewal is due within
    ``REMINDER_DAYS`` days (and not yet past)."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=REMINDER_DAYS)
    records = TrainingRecord.objects.select_related("vsw").filter(
        renewal_due_on__gte=today,
        renewal_due_on__lte=horizon,
        vsw__is_active=True,
    )
    link = settings.SITE_URL.rstrip("/") + reverse("supervision:training")
    return [
        staff_reminder(
            record.vsw,
            now,
            kind=KIND,
            subject_key=f"training:{record.code}",
            slot=record.renewal_due_on.isoformat(),
            subject="Training renewal coming up",
            body=(
                f'Hello {record.vsw.full_name},\n\nYour training "{record.course}" is due for '
                f"renewal on {record.renewal_due_on:%-d %B %Y}.\n{link}\n"
            ),
        )
        for record in records
        if record.vsw.email
    ]
