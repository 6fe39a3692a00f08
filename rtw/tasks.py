from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from rtw.models import Notification


@shared_task(
    name="rtw.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=None,
)
def send_notification_email(*, notification_id: int, subject: str) -> None:
    """Email one in-app notification to its recipient. Quietly does nothing if it is gone.

    Notification emails carry no health information: the message names what happened and links
    to the page, where access is checked."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None:
        return
    body = notification.message
    if notification.link:
        body += f"\n\nSign in to see it: {settings.SITE_URL.rstrip('/')}{notification.link}"
    send_mail(subject, body, None, [notification.recipient.email])
