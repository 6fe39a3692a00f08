"""The outbox of a subprocess worker: one file per message, appearing only once complete.

Django's file-based backend names its file by timestamp and ``id(self)`` and opens it for
appending, so consecutive sends in one second usually share a file, and a worker killed
mid-write leaves half a message behind. Counting messages must not depend on either, so this
backend writes each message to a hidden ``.partial`` file and renames it to ``<uuid>.eml``
when complete (as a maildir does): a message is sent once its ``.eml`` file exists.
``rtw.settings`` does not read ``EMAIL_FILE_PATH`` from the environment, so this backend does.
"""

import os
import uuid
from email import message_from_bytes
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class OneFilePerMessageBackend(BaseEmailBackend):
    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(
            file_path or os.environ.get("EMAIL_FILE_PATH") or settings.EMAIL_FILE_PATH
        )

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            name = uuid.uuid4().hex
            partial = self.directory / f".{name}.partial"
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, self.directory / f"{name}.eml")
        return len(email_messages)


def sent_messages(directory: Path) -> list[tuple[str, str]]:
    """(To, Subject) of every complete message in ``directory``."""
    found = []
    for path in directory.glob("*.eml"):
        message = message_from_bytes(path.read_bytes())
        found.append((message["To"], message["Subject"]))
    return found
