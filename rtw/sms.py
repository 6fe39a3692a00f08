"""Text messages behind a small backend interface, as Django's email backends are.

``send_sms(to, body, reference)`` sends one text through the backend named by the
``SMS_BACKEND`` setting:

- ``rtw.sms.FileBackend`` (the default, for ``make run``): writes each message to a file under
  ``SMS_FILE_PATH`` (``var/sms``) and logs a line, like the file email backend;
- ``rtw.sms.NotifyBackend`` (production): GOV.UK Notify through its official client
  (``notifications-python-client``), with ``NOTIFY_API_KEY``, ``NOTIFY_SMS_TEMPLATE_ID`` (a
  template whose whole text is ``((body))``) and ``NOTIFY_BASE_URL``;
- ``rtw.sms.MemoryBackend``: keeps messages in ``rtw.sms.outbox`` (tests, like Django's
  ``mail.outbox``).

A failure raises: the caller (the reminder sweep, checkins/reminders.py) retries it later with
backoff and never drops it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str
    reference: str


class BaseBackend:
    def send(self, message: TextMessage) -> str:
        """Send one message; return the provider's id for it. Raise on any failure."""
        raise NotImplementedError


class FileBackend(BaseBackend):
    """One file per message under ``SMS_FILE_PATH``: what would have been sent, and to whom."""

    def send(self, message: TextMessage) -> str:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        now: datetime = timezone.now()
        name = f"{now:%Y%m%d-%H%M%S}-{uuid4().hex[:8]}.txt"
        (folder / name).write_text(
            f"To: {message.to}\nReference: {message.reference}\nDate: {now.isoformat()}\n\n"
            f"{message.body}\n",
            encoding="utf-8",
        )
        logger.info("Text message to %s written to %s", message.to, folder / name)
        return name


outbox: list[TextMessage] = []


class MemoryBackend(BaseBackend):
    def send(self, message: TextMessage) -> str:
        outbox.append(message)
        return f"memory-{len(outbox)}"


class NotifyBackend(BaseBackend):
    """GOV.UK Notify. The client signs each request with a JWT made from the API key and raises
    ``notifications_python_client.errors.HTTPError`` on a 4xx or 5xx answer."""

    def __init__(self):
        # Imported here: only a deployment that sends through Notify pays for the client.
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=10
        )

    def send(self, message: TextMessage) -> str:
        response = self.client.send_sms_notification(
            phone_number=message.to,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"body": message.body},
            reference=message.reference,
        )
        return str(response.get("id", ""))


def get_backend(path: str | None = None) -> BaseBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(to: str, body: str, reference: str = "") -> str:
    """Send one text message to ``to`` (a UK mobile number); returns the provider's id.
    Raises when it could not be sent, so that the caller can try again later."""
    return get_backend().send(TextMessage(to=to, body=body, reference=reference))
