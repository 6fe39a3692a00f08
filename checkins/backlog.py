"""The reminders' share of the mail backlog that /healthz reports (rtw/outbox.py)."""

from datetime import datetime

from django.db.models import Count, Min

from checkins.models import Reminder, ReminderStatus


def due_reminders(now: datetime) -> tuple[int, datetime | None]:
    """Reminders due and not yet sent, and when the oldest fell due."""
    row = Reminder.objects.filter(status=ReminderStatus.PENDING, due_at__lte=now).aggregate(
        count=Count("id"), oldest=Min("due_at")
    )
    return row["count"], row["oldest"]
