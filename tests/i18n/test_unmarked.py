"""Nothing left unmarked: the pages, rendered in Dutch with the rich scenario of the access
matrix, show no English sentence from the catalogue.

A sentence is a msgid of three words or more, with no placeholder or markup, whose Dutch differs
from it: if it shows in English on a Dutch page, the string there is not marked (or is marked
but never translated, which the completeness test reports). The scenario's own data is names and
made-up words, which are no catalogue sentences."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import client_for
from tests.disclosure_scenario import fast_passwords, rolled_back
from tests.i18n.catalogues import messages
from tests.test_access_matrix import requests_for, scenario_for_the_matrix

PERSONAS = ["anonymous", "worker", "employer", "clinician", "vsw", "supervisor"]


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles or tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_sentences(language: str = "nl") -> list[str]:
    found = []
    for entry in messages.catalogue(language):
        text = " ".join(unescape(entry["id"]).split())
        if entry.get("id_plural") or re.search(r"%|\{|<|>", text) or len(text.split()) < 3:
            continue
        if messages.missing(entry) or " ".join(entry["strs"][0].split()) == text:
            continue
        found.append(text)
    return found


def test_a_sentence_is_three_words_or_more_translated_differently():
    sentences = set(english_sentences())

    assert ("Skip to main content" in sentences, "Menu" in sentences) == (True, False)


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), rolled_back(), fast_passwords():
        yield scenario_for_the_matrix()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_english_sentence_shows_on_a_page_in_dutch(scenario, persona):
    client = Client() if persona == "anonymous" else client_for(scenario.users[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    sentences = english_sentences()
    english = {}
    for key, path in requests_for(scenario).items():
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text = visible_text(response.content.decode())
        found = sorted(sentence for sentence in sentences if sentence in text)
        if found:
            english[key] = found

    assert english == {}
