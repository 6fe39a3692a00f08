"""Celery tasks of the ground floor: thin, named, idempotent (see rtw/outbox.py)."""

from celery import shared_task

from rtw import outbox
from rtw.models import Notification


@shared_task(name="rtw.sweep_outbox", acks_late=True)
def sweep_outbox() -> int:
    """Send the emails waiting in the outbox, each once. Safe to run twice or concurrently."""
    return outbox.sweep()


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
