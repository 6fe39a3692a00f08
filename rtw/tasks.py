"""Celery tasks of the ground floor: thin, named, idempotent (see rtw/outbox.py)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from rtw import outbox
from rtw.audit import prune_audit as prune_audit_before
from rtw.models import Notification


@shared_task(name="rtw.sweep_outbox", acks_late=True)
def sweep_outbox() -> int:
    """Send the emails waiting in the outbox, each once. Safe to run twice or concurrently."""
    return outbox.sweep()


@shared_task(name="rtw.prune_audit")
def prune_audit() -> int:
    """Remove audit events older than AUDIT_RETENTION_DAYS, through the one path the database
    allows (rtw.audit.prune_audit). Idempotent."""
    before = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return prune_audit_before(before=before)


@shared_task(name="rtw.send_notification_email")
def send_notification_email(*, notification_id: int, subject: str) -> None:
    """Kept for messages queued by a release before the outbox: moves the email into the outbox
    (once, by the notification's key) and lets the sweep send it. Quietly does nothing if the
    notification is gone."""
    from rtw.notify import notification_email_body

    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or not notification.recipient.email:
        return
    outbox.queue_email(
        to=notification.recipient.email,
        subject=subject,
        body=notification_email_body(notification),
        key=f"notification:{notification.pk}",
    )
