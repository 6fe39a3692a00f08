"""Telling staff about things: an in-app notification, and an email sent after commit."""

from django.db import transaction

from rtw.models import Notification, User


def notify(
    *, recipient: User, message: str, link: str = "", email_subject: str = ""
) -> Notification:
    """Create an in-app notification; when ``email_subject`` is given, email it too.

    The email is queued only once the surrounding transaction commits, so a rolled-back change
    sends nothing; the task retries a failed send with backoff."""
    notification = Notification.objects.create(recipient=recipient, message=message, link=link)
    if email_subject and recipient.email:
        from rtw.tasks import send_notification_email

        transaction.on_commit(
            lambda: send_notification_email.delay(
                notification_id=notification.pk, subject=email_subject
            )
        )
    return notification
