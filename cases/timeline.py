"""Timeline lines are stored in English (the record reads the same whoever asks) and shown in
the reader's language when they are sentences the service wrote (``rtw.stored_text``).

Apps register the sentences they write with :func:`register` from ``AppConfig.ready()``, each
marked with ``gettext_noop`` where it is written; ``CaseEvent.text`` translates a stored line
that matches one of them."""

from rtw.stored_text import StoredText, Translator

LINES = StoredText()


def register(*msgids: str, values: dict[str, Translator] | None = None) -> None:
    """Show these sentences in the reader's language; ``values`` translates a placeholder's
    value the service also wrote in English (a choice's label, a date: ``rtw.stored_text``)."""
    LINES.add(*msgids, values=values)


def shown(summary: str) -> str:
    return LINES.translate(summary)
