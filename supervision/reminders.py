"""The training-renewal reminder, produced through the exactly-once reminder machinery
(checkins/reminders.py, ADR 8) and registered from ``SupervisionConfig.ready()``.

One row per record and renewal date (kind ``TRAINING_RENEWAL``, subject ``training:<code>``,
slot the due date): producing it on every beat inserts it once, and the sweep sends it once.
The email names the course and the date only."""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from checkins.models import Reminder, ReminderKind
from checkins.reminders import staff_reminder
from rtw.languages import override_for
from supervision.models import TrainingRecord

KIND = ReminderKind.TRAINING_RENEWAL
# How long before the renewal date the VSW is reminded.
REMINDER_DAYS = 30


def training_renewals(now: datetime) -> list[Reminder]:
    """A reminder to the VSW once a course's renewal is due within
    ``REMINDER_DAYS`` days (and not yet past)."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=REMINDER_DAYS)
    records = TrainingRecord.objects.select_related("vsw__organisation").filter(
        renewal_due_on__gte=today,
        renewal_due_on__lte=horizon,
        vsw__is_active=True,
    )
    link = settings.SITE_URL.rstrip("/") + reverse("supervision:training")
    rows = []
    for record in records:
        if not record.vsw.email:
            continue
        with override_for(record.vsw):
            subject = _("Training renewal coming up")
            body = _(
                'Hello %(name)s,\n\nYour training "%(course)s" is due for renewal on '
                "%(date)s.\n%(url)s\n"
            ) % {
                "name": record.vsw.full_name,
                "course": record.course,
                "date": date_format(record.renewal_due_on, "j F Y"),
                "url": link,
            }
        rows.append(
            staff_reminder(
                record.vsw,
                now,
                kind=KIND,
                subject_key=f"training:{record.code}",
                slot=record.renewal_due_on.isoformat(),
                subject=subject,
                body=body,
            )
        )
    return rows
