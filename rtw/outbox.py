"""Emails that survive outages: written in the change's transaction, sent by the worker.

A message is an :class:`OutboxMessage` row inserted in the same transaction as the change it
announces, so a rolled-back change sends nothing and a committed one cannot lose its email.
After commit the request asks the worker for a sweep (``rtw.sweep_outbox``); if the broker is
down that kick is dropped with a warning, never an error for the user, and Celery beat's sweep
every minute sends the row anyway. The sweep works like the reminders' (checkins/reminders.py,
docs/adr/0008-reminders-exactly-once.md): each row is claimed with ``SELECT … FOR UPDATE SKIP
LOCKED`` in its own transaction, sent, and marked sent in that same transaction; a failed send
is retried with backoff, never dropped.

The model lives here rather than in rtw/models.py, next to the verbs that use it; RtwConfig
imports this module so Django registers it.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Count, Min
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)


class OutboxStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    SENT = "SENT", "Sent"


class OutboxMessage(models.Model):
    """One email that must go out. ``key``, when given, makes queueing it twice harmless."""

    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        app_label = "rtw"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_attempt")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OutboxStatus.values), name="outbox_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=OutboxStatus.SENT, sent_at__isnull=False)
                    | models.Q(status=OutboxStatus.PENDING, sent_at__isnull=True)
                ),
                name="outbox_sent_at_with_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to_email} ({self.get_status_display()})"


def queue_email(
    *, to: str, subject: str, body: str, key: str | None = None, new_key: bool = False
) -> OutboxMessage:
    """Queue one email in the current transaction; the worker sends it after commit.

    With a ``key`` already queued, returns the existing row and queues nothing. A caller whose
    key cannot have been queued before (``new_key``: it names a row created in this same
    transaction, like a new notification) queues with one insert instead of a look-up and an
    insert in a savepoint; the unique index still refuses a second row with that key."""
    if key and not new_key:
        message, _ = OutboxMessage.objects.get_or_create(
            key=key, defaults={"to_email": to, "subject": subject, "body": body}
        )
    else:
        message = OutboxMessage.objects.create(
            to_email=to, subject=subject, body=body, key=key or None
        )
    transaction.on_commit(ask_for_sweep, robust=True)
    return message


def ask_for_sweep() -> None:
    """Ask the worker to sweep the outbox now. Never raises: with the broker down the request
    that queued an email must still succeed, and beat's sweep sends the row within a minute."""
    from rtw.tasks import sweep_outbox

    enqueue_quietly(sweep_outbox)


def enqueue_quietly(task, **kwargs) -> bool:
    """``task.delay(**kwargs)`` without retrying or raising when the broker is unreachable.
    Only for tasks whose work a periodic sweep re-drives. Returns whether it was queued."""
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except Exception as exc:  # noqa: BLE001  (kombu/redis connection errors vary by transport)
        logger.warning("Could not queue %s (the next sweep will do it): %s", task.name, exc)
        return False
    return True


def retry_backoff(attempts: int) -> timedelta:
    """How long to wait before sending again after ``attempts`` failures (shared with reminders)."""
    return min(timedelta(minutes=2 ** min(attempts, 10)), MAX_BACKOFF)


def _claim_next(now: datetime) -> OutboxMessage | None:
    return (
        OutboxMessage.objects.select_for_update(skip_locked=True)
        .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .first()
    )


def sweep(*, now: datetime | None = None, limit: int | None = None) -> int:
    """Send pending messages that are due; returns how many were sent. Safe to run twice or
    concurrently: a row is locked while it is sent and marked sent before the lock is released.
    A worker killed mid-send rolls back, so the row is sent again (at least once, as email
    cannot join our transaction)."""
    limit = settings.OUTBOX_SWEEP_BATCH if limit is None else limit
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            current = now or timezone.now()
            message = _claim_next(current)
            if message is None:
                break
            message.attempts += 1
            try:
                send_mail(message.subject, message.body, None, [message.to_email])
            except Exception as exc:  # noqa: BLE001  (any failure is retried later)
                message.next_attempt_at = current + retry_backoff(message.attempts)
                message.last_error = f"{type(exc).__name__}: {exc}"[:300]
                message.save(update_fields=["attempts", "next_attempt_at", "last_error"])
                logger.warning(
                    "Email %s not sent (attempt %s): %s",
                    message.pk,
                    message.attempts,
                    message.last_error,
                )
                continue
            message.status = OutboxStatus.SENT
            message.sent_at = timezone.now()
            message.save(update_fields=["status", "attempts", "sent_at"])
            sent += 1
    return sent


# --- Backlog, for /healthz -------------------------------------------------------------------

# Each source returns (how many messages are due and unsent, when the oldest became due).
BacklogSource = Callable[[datetime], tuple[int, datetime | None]]
_backlog_sources: list[BacklogSource] = []


def register_backlog(source: BacklogSource) -> BacklogSource:
    """Apps above the ground floor that send mail of their own (reminders) add their backlog."""
    if source not in _backlog_sources:
        _backlog_sources.append(source)
    return source


@register_backlog
def unsent_messages(now: datetime) -> tuple[int, datetime | None]:
    row = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).aggregate(
        count=Count("id"), oldest=Min("created_at")
    )
    return row["count"], row["oldest"]


def backlog(now: datetime | None = None) -> tuple[int, int | None]:
    """Messages due and not yet sent, and the age in whole seconds of the oldest (or None)."""
    now = now or timezone.now()
    total, oldest = 0, None
    for source in _backlog_sources:
        count, since = source(now)
        total += count
        if since is not None and (oldest is None or since < oldest):
            oldest = since
    age = None if oldest is None else max(0, int((now - oldest).total_seconds()))
    return total, age
