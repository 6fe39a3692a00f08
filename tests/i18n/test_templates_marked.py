"""The worker- and employer-facing templates carry no unmarked text: every word a reader sees is
inside ``{% translate %}`` or ``{% blocktranslate %}``, or comes from a variable. A source check,
so a new sentence fails here before any catalogue is extracted (test_unmarked.py then checks the
rendered pages against the catalogue)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# The templates a worker or an employer (or anyone signing in) reads.
MARKED = sorted(
    {
        *TEMPLATES.glob("*.html"),
        *TEMPLATES.glob("gds/layout/*.html"),
        *TEMPLATES.glob("cases/worker_*.html"),
        *TEMPLATES.glob("cases/employer_*.html"),
        *TEMPLATES.glob("checkins/*.html"),
        *TEMPLATES.glob("outcomes/*.html"),
        *TEMPLATES.glob("plans/pdf/plan.html"),
        *TEMPLATES.glob("plans/pdf/_*.html"),
        *TEMPLATES.glob("registration/*"),
        *TEMPLATES.glob("rtw/**/*.html"),
        TEMPLATES / "plans" / "shared_copy.html",
        TEMPLATES / "plans" / "_document.html",
        TEMPLATES / "plans" / "sharing_preview.html",
    }
)

_REMOVED = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{% comment %\}.*?\{% endcomment %\}", re.S),
    re.compile(r"\{% blocktranslate\b.*?\{% endblocktranslate %\}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S),
    re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S),
    re.compile(r"<[^>]*>", re.S),
]
# Two letters or more in a row: a word (a lone "+" or "–" between values is not one).
_WORD = re.compile(r"[A-Za-z]{2,}")


def unmarked_words(source: str) -> list[str]:
    """Words left once every translated string, tag, variable and comment is taken out."""
    for pattern in _REMOVED:
        source = pattern.sub(" ", source)
    return _WORD.findall(source)


def test_the_check_finds_a_bare_sentence_and_passes_a_marked_one():
    assert unmarked_words("<p>Hello {{ name }}</p>") == ["Hello"]
    assert unmarked_words('<p>{% translate "Hello" %}</p>') == []
    assert (
        unmarked_words("<p>{% blocktranslate trimmed %}Hello {{ name }}{% endblocktranslate %}</p>")
        == []
    )


@pytest.mark.parametrize("path", MARKED, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_word_a_worker_or_employer_reads_is_marked(path):
    assert unmarked_words(path.read_text()) == []
