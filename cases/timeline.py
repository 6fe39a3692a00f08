"""Timeline lines are stored in English (the record reads the same whoever asks) and shown in
the reader's language when they are sentences the service wrote (``rtw.stored_text``).

Apps register the sentences they write with :func:`register` from ``AppConfig.ready()``, each
marked with ``gettext_noop`` where it is written; ``CaseEvent.text`` translates a stored line
that matches one of them."""

from rtw.stored_text import StoredText

LINES = StoredText()


def register(*msgids: str) -> None:
    LINES.add(*msgids)


def shown(summary: str) -> str:
    return LINES.translate(summary)
