"""Telling staff about things: an in-app notification, and an email through the outbox."""

from django.conf import settings
from django.utils.translation import gettext as _

from rtw.languages import override_for
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

    Both are written in the recipient's language (rtw/languages.py): pass ``message`` and
    ``email_subject`` as lazy translations (``gettext_lazy``, or ``format_lazy`` with named
    values), and they are rendered here for the person who reads them, not for the actor.
    """
    with override_for(recipient):
        message, email_subject = str(message), str(email_subject)
    notification = Notification.objects.create(recipient=recipient, message=message, link=link)
    # An inactive account (someone who left, or an API client's principal, which cannot sign
    # in) is sent no email: the link would lead nowhere it can follow.
    if email_subject and recipient.email and recipient.is_active:
        with override_for(recipient):
            body = notification_email_body(notification)
        queue_email(
            to=recipient.email,
            subject=email_subject,
            body=body,
            # The notification was created just above: nothing can hold its key yet.
            key=f"notification:{notification.pk}",
            new_key=True,
        )
    return notification


def notification_email_body(notification: Notification) -> str:
    body = notification.message
    if notification.link:
        body += "\n\n" + _("Sign in to see it: %(url)s") % {
            "url": settings.SITE_URL.rstrip("/") + notification.link
        }
    return body
