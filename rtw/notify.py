"""Telling staff about things: an in-app notification, and an email through the outbox."""

from django.conf import settings

from rtw.models import Notification, User
from rtw.outbox import queue_email


def notify(
    *, recipient: User, message: str, link: str = "", email_subject: str = ""
) -> Notification:
    """Create an in-app notification; when ``email_subject`` is given, email it too.

    The email is written to the outbox in the surrounding transaction (rtw/outbox.py), so a
    rolled-back change sends nothing and a committed one is sent by the worker even if the
    broker was down; a failed send is retried with backoff. Notification emails carry no health
    information: the message names what happened and links to the page, where access is checked.
    """
    notification = Notification.objects.create(recipient=recipient, message=message, link=link)
    # An inactive account (someone who left, or an API client's principal, which cannot sign
    # in) is sent no email: the link would lead nowhere it can follow.
    if email_subject and recipient.email and recipient.is_active:
        queue_email(
            to=recipient.email,
            subject=email_subject,
            body=notification_email_body(notification),
            key=f"notification:{notification.pk}",
        )
    return notification


def notification_email_body(notification: Notification) -> str:
    body = notification.message
    if notification.link:
        body += f"\n\nSign in to see it: {settings.SITE_URL.rstrip('/')}{notification.link}"
    return body
