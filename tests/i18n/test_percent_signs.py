"""A per cent sign in a marked sentence is written "%%" beside a named placeholder, so gettext
reads it as a format, the translator sees where the sign goes, and the label reads right in
every language."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

from plans.forms.phases import ScheduleForm

ROOT = Path(__file__).resolve().parents[2]


class _Anything(dict):
    def __missing__(self, key):
        return "1"


@pytest.mark.parametrize("language", ["nl", "sv"])
def test_every_sentence_gettext_takes_for_a_format_formats(language):
    catalogue = polib.pofile(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    broken = []
    for entry in catalogue:
        if "python-format" not in entry.flags or re.search(r"%[sd]", entry.msgid):
            continue
        for text in (entry.msgid, entry.msgstr):
            try:
                text % _Anything()
            except (ValueError, TypeError, KeyError):
                broken.append(text)

    assert broken == []


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en-gb", "25% of contracted hours"),
        ("nl", "25% van de contracturen"),
        ("sv", "25 % av ordinarie arbetstid"),
    ],
)
def test_the_starting_level_reads_in_the_readers_language(language, label):
    with translation.override(language):
        choices = [str(text) for _value, text in ScheduleForm().fields["start_percent"].choices]

    assert choices[0] == label
    assert [c.split("%")[0].strip() for c in choices] == ["25", "50", "75"]
