"""The case history is shown in the reader's language: every line the service writes is stored
in English and translated when shown, the labels and dates in it too; what a person typed
stays as they typed it."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.utils import translation

from cases import actions as case_actions
from cases import lines, timeline
from cases.models import CaseEvent, CaseStatus, ClosureOutcome, ContactMode
from plans import actions as plan_actions
from supervision.actions import DISCUSSED
from tests import factories as f
from tests.conftest import client_for

# A value for each placeholder as the writers store it: labels and dates in English.
SAMPLES = {
    "name": "Robin Hale",
    "organisation": "Elm Tree Surgery",
    "given": "Hale and Sons",
    "previous": "Kim Lowe",
    "fitness": "may be fit for work",
    "day": "3 Nov 2026",
    "before": "2 November 2026",
    "mode": "Phone",
    "outcome": "continue",
    "recipient": "their employer",
    "item": "Fit-note advice (not fit or may be fit, dates, advice)",
    "timepoint": "6 weeks",
    "version": "2",
    "category": "Phased return",
    "party": "employer",
    "method": "agreed by phone",
    "title": "First day back",
    "status": "achieved",
    "days": "14",
    "hours": "18.5",
    "weeks": "2",
    "count": "3",
    "jurisdiction": "NL",
    "level": "Intensive (7 to 12 contacts)",
    "n": "9",
    "note": "Agreed to slow the next step",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TITLE = re.compile(r'<h3 class="moj-timeline__title">(.*?)</h3>', re.DOTALL)


def stored(msgid: str) -> str:
    values = {name: SAMPLES[name] for name in PLACEHOLDER.findall(msgid)}
    if msgid == lines.CLOSED:  # a closure's outcome, not a review's
        values["outcome"] = "Returned to the same job"
    return msgid % values


def history_titles(user, case, language: str) -> list[str]:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/cases/{case.code}/history/")
    assert response.status_code == 200
    return [" ".join(t.split()) for t in TITLE.findall(response.content.decode())]


def test_the_lines_of_every_app_are_registered():
    registered = set(timeline.LINES.msgids)

    assert {lines.ACCEPTED, lines.CONTACT, lines.CLOSED, DISCUSSED} <= registered
    assert len(registered) >= 59


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "sv"])
def test_every_kind_of_line_on_the_history_page_is_in_the_readers_language(vsw, case, language):
    msgids = timeline.LINES.msgids
    # The supervision note is typed text: it stays in English. Everything else is translated.
    CaseEvent.objects.bulk_create(
        CaseEvent(case=case, kind=CaseEvent.Kind.STATUS, summary=stored(m)) for m in msgids
    )

    titles = history_titles(vsw, case, language)

    english = {stored(m) for m in msgids}
    assert len(titles) == len(msgids)
    assert [t for t in titles if t in english] == []
    words = ("Phone", "may be fit", "their employer", "Fit-note advice", "Phased return")
    words += ("achieved", "continue", "First day back", "Intensive", "Netherlands", " Nov ")
    words += ("Returned to the same job",)
    assert [(t, w) for t in titles for w in words if w in t] == []


@pytest.mark.django_db
def test_labels_and_dates_in_a_line_are_translated_and_names_kept(vsw, case):
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.CONTACT, summary=lines.CONTACT % {"mode": "Phone"}
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.SUPERVISION,
        summary=DISCUSSED % {"day": "3 Nov 2026", "note": "Agreed to slow the next step"},
    )

    titles = history_titles(vsw, case, "nl")

    assert titles == [
        "Besproken in de supervisie op 3 nov 2026: Agreed to slow the next step",
        "Contact vastgelegd: Telefoon",
    ]


@pytest.mark.django_db
def test_a_line_typed_by_no_known_sentence_is_shown_as_stored(vsw, case):
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.STATUS, summary="Moved to the depot")

    assert history_titles(vsw, case, "nl") == ["Moved to the depot"]


@pytest.mark.django_db
def test_the_lines_the_actions_write_are_all_shown_translated(vsw, vsw_same_team, case):
    """The actions themselves, run in a Dutch request, write English lines the timeline
    knows: none is left as stored when shown in Dutch."""
    referral = f.CaseFactory(
        worker=case.worker, team=case.team, status=CaseStatus.REFERRED, assigned_vsw=None
    )
    with translation.override("nl"):
        case_actions.accept_referral(case=referral, vsw=vsw, by=vsw)
        case_actions.log_contact(
            case=referral, contact=f.ContactFactory.build(mode=ContactMode.VIDEO), by=vsw
        )
        case_actions.record_fit_note(
            case=referral, fit_note=f.FitNoteFactory.build(case=referral), by=vsw
        )
        case_actions.pause_case(case=referral, by=vsw)
        case_actions.resume_case(case=referral, by=vsw)
        case_actions.withdraw_consent(
            case=referral, recipient="EMPLOYER", item="INVOLVEMENT", by=vsw
        )
        case_actions.grant_consent(case=referral, recipient="EMPLOYER", item="INVOLVEMENT", by=vsw)
        case_actions.grant_consent(
            case=referral, recipient="EMPLOYER", item="FIT_NOTE_ADVICE", by=vsw
        )
        case_actions.reassign_cases(cases=[referral], vsw=vsw_same_team, by=vsw)
        plan = f.PlanFactory.build(case=referral)
        plan = plan_actions.create_plan(case=referral, plan=plan, by=vsw)
        f.add_graded_phases(plan)
        plan_actions.generate_milestones(plan=plan, by=vsw)
        plan_actions.change_plan_status(plan=plan, change="propose", by=vsw)
        case_actions.record_return(case=referral, returned_on=date.today(), by=vsw)
        case_actions.close_case(
            case=referral, outcome=ClosureOutcome.SAME_JOB, closed_on=date.today(), by=vsw
        )
    summaries = list(referral.events.values_list("summary", flat=True))

    with translation.override("nl"):
        untranslated = [s for s in summaries if timeline.shown(s) == s]

    assert len(summaries) >= 14
    assert untranslated == []
    assert {"Closed: Returned to the same job", "Video contact logged"} <= set(summaries)
