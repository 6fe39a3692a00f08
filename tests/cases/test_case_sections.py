"""The case record, one section a page: the summary header on every section, the
sub-navigation, each section's own content and queries, access and audit as the case page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.formats import date_format

from cases import pages
from cases.models import CaseEvent
from checkins.models import CheckIn, CheckInStatus
from plans.models import Review
from rtw.models import AuditEvent
from tests import factories as f
from tests.forms import page_text

SECTIONS = {
    "Summary": "",
    "Plan": "plan/",
    "Check-ins": "check-ins/",
    "Fit notes": "fit-notes/",
    "Contacts": "contacts/",
    "Sharing": "what-is-shared/",
    "History": "history/",
}


def header(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in soup.select(".app-case-header .govuk-summary-list__row")
    }


def sub_navigation(response) -> list[tuple[str, str, str | None]]:
    soup = BeautifulSoup(response.content, "html.parser")
    nav = soup.select_one("nav.moj-sub-navigation")
    return [
        (a.get_text(strip=True), a["href"], a.get("aria-current"))
        for a in nav.select("a.moj-sub-navigation__link")
    ]


@pytest.fixture
def planned_case(case):
    """A case in phase 2 of 3 of an active plan, with a review booked and a fit note."""
    today = timezone.localdate()
    plan = f.PlanFactory(case=case, status="ACTIVE", starts_on=today - timedelta(days=8))
    f.add_graded_phases(plan, hours=(10, 20, 30))
    Review.objects.create(case=case, due_on=today + timedelta(days=6))
    f.FitNoteFactory(case=case, ends_on=today + timedelta(days=20))
    return case


@pytest.mark.django_db
@pytest.mark.parametrize("title", list(SECTIONS))
def test_every_section_has_the_summary_header_and_sub_navigation(as_user, vsw, planned_case, title):
    today = timezone.localdate()
    code = planned_case.code
    response = as_user(vsw).get(f"/cases/{code}/{SECTIONS[title]}")
    assert response.status_code == 200
    review_day = date_format(today + timedelta(days=6), "j M")
    note_ends = date_format(today + timedelta(days=20), "j M Y")
    assert header(response) == {
        "Worker": "Jamie Clarke",
        "Status": "Active",
        "VSW": "Priya Shah",
        "Next action": f"Review plan by {review_day}",
        "Current fit note": f"May be fit for work, to {note_ends}",
        "Plan": (
            "Active Phase 2 of 3: 20 hours this week "
            f"Next review {date_format(today + timedelta(days=6), 'j M Y')}"
        ),
        "Contacts with the worker": "0 of 5 planned",
    }
    assert sub_navigation(response) == [
        (name, f"/cases/{code}/{path}", "page" if name == title else None)
        for name, path in SECTIONS.items()
    ]


@pytest.mark.django_db
def test_each_section_shows_its_own_content_and_not_the_others(as_user, vsw, case):
    f.ContactFactory(case=case, summary="Talked through the first week back.")
    case.events.create(kind=CaseEvent.Kind.CONTACT, summary="Contact logged", actor=vsw)
    f.FitNoteFactory(case=case, condition="Sprained wrist")
    CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        status=CheckInStatus.COMPLETED,
        completed_at=timezone.now(),
        comments="Hands still sore by Friday.",
    )
    client = as_user(vsw)
    texts = {
        title: page_text(client.get(f"/cases/{case.code}/{path}"))
        for title, path in SECTIONS.items()
    }
    where = {
        marker: [title for title, text in texts.items() if marker in text]
        for marker in (
            "Talked through the first week back.",
            "Sprained wrist",
            "Hands still sore by Friday.",
            "What the worker shares",
            "Contact logged",
        )
    }
    assert where == {
        "Talked through the first week back.": ["Contacts"],
        "Sprained wrist": ["Fit notes"],
        "Hands still sore by Friday.": ["Check-ins"],
        "What the worker shares": ["Sharing"],
        "Contact logged": ["History"],
    }


@pytest.mark.django_db
def test_summary_puts_everyday_actions_first_and_close_case_apart(as_user, vsw, case):
    soup = BeautifulSoup(as_user(vsw).get(f"/cases/{case.code}/").content, "html.parser")
    everyday = [a.get_text(strip=True) for a in soup.select("main .govuk-button-group > a")]
    assert everyday[:3] == ["Log a contact", "Add a fit note", "Return-to-work plan"]
    assert "Close case" not in everyday
    apart = soup.select_one(".app-danger-zone")
    assert [a.get_text(strip=True) for a in apart.select("a.govuk-button--warning")] == [
        "Close case"
    ]
    assert apart.select_one("a")["href"] == f"/cases/{case.code}/close/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(SECTIONS.values()))
def test_another_teams_vsw_finds_no_section(as_user, vsw_other_team, case, path):
    assert as_user(vsw_other_team).get(f"/cases/{case.code}/{path}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(SECTIONS.values()))
def test_every_section_read_is_audited_as_a_view_of_the_case(as_user, vsw, case, path):
    before = AuditEvent.objects.filter(action="case.view", record_code=str(case.code)).count()
    as_user(vsw).get(f"/cases/{case.code}/{path}")
    after = AuditEvent.objects.filter(action="case.view", record_code=str(case.code)).count()
    assert after - before == 1


# --- Query counts: each section runs its own queries, the same for 1 row and for many ---------

# session, user, second-factor device, savepoint + release, the case (get_case_for) with its
# header row (worklist columns) and fit notes in the same query, its audit insert
BASE = 7
OWN = {
    # the check-ins (for the at-risk banner's signals), and what other apps register for the
    # summary: the outcome check-ins and questionnaires (the count of contacts with the worker
    # is a worklist column, read with the case)
    "": BASE + 3,
    "plan/": BASE,
    "check-ins/": BASE + 1,
    "fit-notes/": BASE,
    # the contacts (supervision's count of contacts with the worker comes with the case)
    "contacts/": BASE + 1,
    "what-is-shared/": BASE + 1,
    "history/": BASE + 1,
}


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 8])
@pytest.mark.parametrize("path", list(SECTIONS.values()))
def test_section_query_count_does_not_grow_with_rows(
    as_user, vsw, case, rows, path, django_assert_num_queries
):
    today = timezone.localdate()
    for i in range(rows):
        f.ContactFactory(case=case)
        f.FitNoteFactory(case=case, starts_on=today - timedelta(days=30 * (i + 1)))
        CheckIn.objects.create(
            case=case,
            due_on=today - timedelta(days=14 * (i + 1)),
            status=CheckInStatus.COMPLETED,
            completed_at=timezone.now(),
            hours_worked=Decimal("10"),
            mood=5,
        )
    client = as_user(vsw)
    with django_assert_num_queries(OWN[path]):
        response = client.get(f"/cases/{case.code}/{path}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_close_case_asks_for_confirmation_with_a_warning_button_and_cancel(as_user, vsw, case):
    response = as_user(vsw).get(f"/cases/{case.code}/close/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("h1").get_text(strip=True) == "Are you sure you want to close this case?"
    assert "no more check-ins are asked for and no reminders go out" in page_text(response)
    buttons = [b.get_text(strip=True) for b in soup.select("main form button")]
    assert buttons == ["Close case"]
    assert "govuk-button--warning" in soup.select_one("main form button")["class"]
    cancel = soup.find("a", string="Cancel")
    assert cancel["href"] == f"/cases/{case.code}/"
    case.refresh_from_db()
    assert case.status == "ACTIVE"


def test_a_case_context_names_only_known_sections():
    with pytest.raises(ValueError, match="Unknown case page sections"):
        pages.register_case_context(lambda *, case, today: {}, sections=("summary", "timeline"))


def test_a_section_calls_only_the_context_registered_for_it():
    calls = []

    def for_history(*, case, today):
        calls.append(case)
        return {"seen": True}

    pages.register_case_context(for_history, sections=("history",))
    try:
        assert "seen" not in pages.case_context("a case", None, section="plan")
        assert pages.case_context("a case", None, section="history")["seen"] is True
        assert calls == ["a case"]
    finally:
        pages._case_context[:] = [
            entry for entry in pages._case_context if entry[0] is not for_history
        ]
