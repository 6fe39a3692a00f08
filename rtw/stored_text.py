"""Sentences the service writes into records in English, shown in the reader's language.

A timeline line or a default milestone title is part of the record: it is stored once, in
English, so one history never mixes languages and a subject access copy reads the same
whoever asked. What the reader sees is translated when shown: each known sentence is a
catalogue entry (marked with ``gettext_noop`` where it is written) whose placeholders become
a pattern, so "Return sustained for 13 weeks" is recognised as "Return sustained for
%(weeks)s weeks" and shown as its translation with 13 in place. Text that matches no known
sentence (a title the VSW typed) is shown as it was written.

A value put into a sentence can itself be a word the service wrote in English: a choice's
label ("Phone contact logged"), a date ("from 3 Nov 2026") or another stored sentence. Give
the placeholder a translator for it (``values={"mode": labels(ContactMode)}``, :func:`day`)
and the value is shown in the reader's language too; a value it does not know (a name) stays
as it is.

When several sentences match one text (``Employer linked: %(name)s`` and ``Employer linked:
%(name)s (new employer)``) the one with the most fixed words wins, whatever the order in which
they were added.
"""

import re
from collections.abc import Callable
from datetime import date, datetime

from django.db.models import Choices
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")

Translator = Callable[[str], str]


class StoredText:
    def __init__(self, *msgids: str, values: dict[str, Translator] | None = None) -> None:
        self._patterns: list[tuple[int, re.Pattern, str, dict[str, Translator]]] = []
        self.add(*msgids, values=values)

    def add(self, *msgids: str, values: dict[str, Translator] | None = None) -> None:
        for msgid in msgids:
            parts = _PLACEHOLDER.split(msgid)
            pattern = "".join(
                f"(?P<{part}>.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts)
            )
            fixed = sum(len(part) for part in parts[::2])
            self._patterns.append((fixed, re.compile(pattern, re.DOTALL), msgid, values or {}))
        self._patterns.sort(key=lambda entry: -entry[0])

    @property
    def msgids(self) -> list[str]:
        return [msgid for _fixed, _pattern, msgid, _values in self._patterns]

    def translate(self, text: str) -> str:
        """``text`` in the active language when it is one of the known sentences."""
        for _fixed, pattern, msgid, values in self._patterns:
            match = pattern.fullmatch(text)
            if match:
                found = {
                    name: values[name](value) if name in values else value
                    for name, value in match.groupdict().items()
                }
                return gettext(msgid) % found if found else gettext(msgid)
        return text


def labels(*choices: type[Choices]) -> Translator:
    """A translator for a choice's label stored in English, as written or in lower case
    ("Phone", "not fit for work"), or for its stored value ("NL")."""
    english: dict[str, tuple[object, bool]] = {}

    def known() -> dict[str, tuple[object, bool]]:
        if not english:
            with translation.override("en-gb"):
                for source in choices:
                    for value, label in source.choices:
                        english.setdefault(str(label), (label, False))
                        english.setdefault(str(label).lower(), (label, True))
                        english.setdefault(str(value), (label, False))
        return english

    def translate(value: str) -> str:
        label, lower = known().get(value, (None, False))
        if label is None:
            return value
        return str(label).lower() if lower else str(label)

    return translate


def sentences(stored: "StoredText") -> Translator:
    """A translator for a value that is itself a sentence the service wrote (a default
    milestone title inside a timeline line)."""
    return stored.translate


def day(value: str) -> str:
    """A date written in English ("3 Nov 2026", "3 November 2026"), in the reader's
    language; anything else as it is."""
    if (translation.get_language() or "en").startswith("en"):
        return value
    # Month abbreviations are lower case in Dutch and Swedish ("3 nov 2026"): "b", not "M".
    for fmt, shown in (("%d %b %Y", "j b Y"), ("%d %B %Y", "j F Y")):
        try:
            parsed: date = datetime.strptime(value, fmt).date()  # noqa: DTZ007  (a date)
        except ValueError:
            continue
        return date_format(parsed, shown)
    return value


def english(text) -> str:
    """A label (lazy) as it is stored: in English, whoever's request writes it."""
    with translation.override("en-gb"):
        return str(text)
