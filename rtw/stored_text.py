"""Sentences the service writes into records in English, shown in the reader's language.

A timeline line or a default milestone title is part of the record: it is stored once, in
English, so one history never mixes languages and a subject access copy reads the same
whoever asked. What the reader sees is translated when shown: each known sentence is a
catalogue entry (marked with ``gettext_noop`` where it is written) whose placeholders become
a pattern, so "Return sustained for 13 weeks" is recognised as "Return sustained for
%(weeks)s weeks" and shown as its translation with 13 in place. Text that matches no known
sentence (a title the VSW typed) is shown as it was written.
"""

import re

from django.utils.translation import gettext

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class StoredText:
    def __init__(self, *msgids: str) -> None:
        self._patterns: list[tuple[re.Pattern, str]] = []
        self.add(*msgids)

    def add(self, *msgids: str) -> None:
        for msgid in msgids:
            pattern = "".join(
                f"(?P<{part}>.+?)" if i % 2 else re.escape(part)
                for i, part in enumerate(_PLACEHOLDER.split(msgid))
            )
            self._patterns.append((re.compile(pattern, re.DOTALL), msgid))

    def translate(self, text: str) -> str:
        """``text`` in the active language when it is one of the known sentences."""
        for pattern, msgid in self._patterns:
            match = pattern.fullmatch(text)
            if match:
                return gettext(msgid) % match.groupdict() if match.groupdict() else gettext(msgid)
        return text
