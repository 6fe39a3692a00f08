"""The Dutch and Swedish catalogues: complete, not fuzzy, not stale, and compiled alike with or
without GNU gettext. ``python scripts/i18n_status.py --list`` lists what is missing."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.i18n.catalogues import ROOT, messages

LANGUAGES = messages.LANGUAGES


def describe(entries) -> list[str]:
    return [
        f"{entry['id']!r} ({', '.join(sorted(set(entry.get('refs', []))))})" for entry in entries
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_worker_and_employer_message_is_translated_and_not_fuzzy(language):
    facing = [entry for entry in messages.catalogue(language) if messages.is_facing(entry)]

    assert (
        describe(e for e in facing if messages.missing(e)),
        describe(e for e in facing if e["fuzzy"]),
    ) == ([], [])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_staff_message_is_translated_and_not_fuzzy_too(language):
    staff = [entry for entry in messages.catalogue(language) if not messages.is_facing(entry)]

    assert (
        describe(e for e in staff if messages.missing(e)),
        describe(e for e in staff if e["fuzzy"]),
    ) == ([], [])


def test_a_message_from_the_sending_code_counts_as_worker_facing_and_a_staff_page_not():
    """The FACING list reaches the reminders: a worker's email is not counted as staff text."""
    reminder = {"id": "Your return-to-work check-in", "refs": ["checkins/producers.py"]}
    worklist = {"id": "Your cases", "refs": ["templates/cases/worklist.html"]}

    assert (messages.is_facing(reminder), messages.is_facing(worklist)) == (True, False)


def _copy_of_the_tree(target: Path) -> Path:
    ignored = shutil.ignore_patterns(
        ".git", ".venv", "var", "node_modules", "__pycache__", "*.mo", ".*_cache", "test-results"
    )
    shutil.copytree(ROOT, target, ignore=ignored, symlinks=True)
    return target


@pytest.fixture(scope="module")
def fresh_extraction(tmp_path_factory):
    """makemessages, with the translators' options, into a copy of the tree."""
    copy = _copy_of_the_tree(tmp_path_factory.mktemp("tree") / "tree")
    for language in LANGUAGES:
        messages.extract(language, cwd=copy)
    return copy


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_exactly_the_marked_messages(language, fresh_extraction):
    committed = {messages.key(e) for e in messages.catalogue(language)}
    fresh = {messages.key(e) for e in messages.catalogue(language, root=fresh_extraction)}

    assert (sorted(fresh - committed), sorted(committed - fresh)) == ([], [])


def test_the_python_compiler_reads_back_as_msgfmt_does(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        "\n".join(
            [
                'msgid ""',
                'msgstr ""',
                '"Content-Type: text/plain; charset=UTF-8\\n"',
                '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
                "",
                "#: templates/base.html:1",
                'msgid "Sign out"',
                'msgstr "Afmelden"',
                "",
                "#, fuzzy",
                'msgid "Menu"',
                'msgstr "Menuutje"',
                "",
                'msgctxt "verb"',
                'msgid "Open"',
                'msgstr "Openen"',
                "",
                'msgid "one day"',
                'msgid_plural "%(count)s days"',
                'msgstr[0] "één dag"',
                'msgstr[1] "%(count)s dagen"',
                "",
                'msgid "Untranslated"',
                'msgstr ""',
                "",
                'msgid ""',
                '"A long "',
                '"sentence"',
                'msgstr "Een lange "',
                '"zin"',
                "",
            ]
        ),
        encoding="utf-8",
    )
    messages.write_mo(messages.read_po(po), tmp_path / "python.mo")
    subprocess.run(["msgfmt", "-o", str(tmp_path / "msgfmt.mo"), str(po)], check=True)

    def lookups(path):
        with open(path, "rb") as handle:
            t = gettext.GNUTranslations(handle)
        return (
            t.gettext("Sign out"),
            t.gettext("Menu"),
            t.pgettext("verb", "Open"),
            t.ngettext("one day", "%(count)s days", 1),
            t.ngettext("one day", "%(count)s days", 4),
            t.gettext("Untranslated"),
            t.gettext("A long sentence"),
        )

    assert (
        lookups(tmp_path / "python.mo")
        == lookups(tmp_path / "msgfmt.mo")
        == (
            "Afmelden",
            "Menu",
            "Openen",
            "één dag",
            "%(count)s dagen",
            "Untranslated",
            "Een lange zin",
        )
    )
