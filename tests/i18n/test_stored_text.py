"""Text the service writes into records in English (default milestone titles, timeline lines)
is shown in the reader's language; text a person typed is shown as typed."""

import pytest
from django.utils import translation

from cases import timeline
from plans.milestones import END_OF_PHASE, FIRST_DAY_BACK, SUSTAINED
from plans.models import Milestone
from rtw.stored_text import StoredText
from supervision.actions import DISCUSSED


def test_a_known_sentence_is_shown_translated_with_its_values_in_place():
    stored = SUSTAINED % {"weeks": 13}
    with translation.override("nl"):
        expected = translation.gettext(SUSTAINED) % {"weeks": "13"}
        shown = Milestone(title=stored).display_title

    assert shown == expected
    assert shown != stored
    assert "13" in shown


@pytest.mark.parametrize("language", ["nl", "sv"])
def test_every_default_milestone_title_has_a_translation(language):
    titles = [
        FIRST_DAY_BACK,
        END_OF_PHASE % {"number": 2, "hours": "18.5"},
        SUSTAINED % {"weeks": 26},
    ]
    with translation.override(language):
        shown = [Milestone(title=title).display_title for title in titles]

    assert [s for s, t in zip(shown, titles, strict=True) if s == t] == []


def test_a_typed_title_is_shown_as_typed():
    with translation.override("nl"):
        assert Milestone(title="First day back at the depot").display_title == (
            "First day back at the depot"
        )


def test_a_supervision_line_on_the_timeline_is_shown_in_the_readers_language():
    stored = DISCUSSED % {"day": "3 Nov 2026", "note": "Agreed to slow the next step"}
    with translation.override("sv"):
        shown = timeline.shown(stored)

    assert shown != stored
    assert shown.endswith("Agreed to slow the next step")
    assert "3 nov 2026" in shown


def test_placeholders_match_any_text_but_the_rest_must_match_exactly():
    texts = StoredText("Plan agreed (version %(version)s)")

    with translation.override("en-gb"):
        assert texts.translate("Plan agreed (version 3)") == "Plan agreed (version 3)"
        assert texts.translate("Plan agreed (version 3) again") == "Plan agreed (version 3) again"
        assert texts.translate("Plan agreed") == "Plan agreed"
