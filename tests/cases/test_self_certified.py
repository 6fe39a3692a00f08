"""The first 7 days of an absence are self-certified (DOMAIN §2): the worklist asks for a fit
note from day 8, and a note that starts within those days says so."""

from datetime import date, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from cases.models import Case, CaseStatus
from tests import factories as f
from tests.cases.test_worklist import WORKLIST_QUERIES
from tests.forms import date_fields, page_text

TODAY = date(2026, 11, 20)
PROMPT = "Fit note needed"
HINT = "Starts within the first 7 days of absence, which the worker can self-certify"


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(
        timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 0)), tick=False
    ):
        yield


def absent_case(vsw, *, day: int, name: str = "Jo", status=CaseStatus.ACTIVE) -> Case:
    """A case of ``vsw``'s whose worker is on day ``day`` of their absence today (day 1 is the
    first day off)."""
    return f.CaseFactory(
        team=vsw.organisation,
        assigned_vsw=None if status == CaseStatus.REFERRED else vsw,
        status=status,
        worker__first_name=name,
        worker__last_name="Day",
        worker__absence_started_on=TODAY - timedelta(days=day - 1),
    )


def note(case, *, starts_on: date, ends_on: date):
    return f.FitNoteFactory(
        case=case, starts_on=starts_on, ends_on=ends_on, assessed_on=starts_on, issued_on=starts_on
    )


def fit_note_cells(response) -> dict[str, str]:
    """Worker name -> the text of their row's fit-note cell."""
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("table.govuk-table thead th")]
    column = headers.index("Fit note")
    cells = {}
    for row in soup.select("table.govuk-table tbody tr"):
        name = row.select_one("td a").get_text(strip=True)
        cells[name] = row.select("td")[column].get_text(" ", strip=True)
    return cells


# --- The rule ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_fit_note_is_needed_from_day_8_of_the_absence():
    worker = f.WorkerFactory(absence_started_on=date(2026, 11, 2))
    assert worker.fit_note_needed_from() == date(2026, 11, 9)


# --- The worklist --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_worklist_prompts_for_a_fit_note_from_day_8_not_before(as_user, vsw):
    absent_case(vsw, day=7, name="Seven")
    absent_case(vsw, day=8, name="Eight")
    covered = absent_case(vsw, day=8, name="Covered")
    note(covered, starts_on=TODAY - timedelta(days=7), ends_on=TODAY + timedelta(days=20))

    assert fit_note_cells(as_user(vsw).get("/cases/")) == {
        "Seven Day": "None recorded",
        "Eight Day": f"None recorded {PROMPT}",
        "Covered Day": "May be fit Ends in 20 days",
    }


@pytest.mark.django_db
def test_worklist_prompts_when_the_last_note_has_run_out(as_user, vsw):
    lapsed = absent_case(vsw, day=40, name="Lapsed")
    note(lapsed, starts_on=TODAY - timedelta(days=30), ends_on=TODAY - timedelta(days=2))
    future = absent_case(vsw, day=40, name="Future")
    note(future, starts_on=TODAY + timedelta(days=1), ends_on=TODAY + timedelta(days=20))

    assert fit_note_cells(as_user(vsw).get("/cases/")) == {
        "Lapsed Day": f"May be fit Ended 2 days ago {PROMPT}",
        "Future Day": f"May be fit Ends in 20 days {PROMPT}",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "prompted"),
    [
        (CaseStatus.ACCEPTED, True),
        (CaseStatus.ACTIVE, True),
        (CaseStatus.REFERRED, False),
        (CaseStatus.PAUSED, False),
    ],
)
def test_only_cases_taken_on_and_running_are_prompted(as_user, supervisor, vsw, status, prompted):
    absent_case(vsw, day=30, status=status)

    cells = fit_note_cells(as_user(supervisor).get(f"/cases/team/?status={status}"))

    assert cells == {"Jo Day": f"None recorded {PROMPT}" if prompted else "None recorded"}


@pytest.mark.django_db
def test_annotation_agrees_with_the_workers_rule(vsw):
    for day in range(1, 15):
        absent_case(vsw, day=day, name=f"D{day:02d}")

    flagged = {
        c.worker.first_name: c.fit_note_needed for c in Case.objects.with_worklist_columns(TODAY)
    }

    assert flagged == {
        c.worker.first_name: c.worker.fit_note_needed_from() <= TODAY for c in Case.objects.all()
    }
    assert sorted(name for name, needed in flagged.items() if needed)[0] == "D08"


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_prompt_adds_no_query(as_user, vsw, rows, django_assert_num_queries):
    for i in range(rows):
        absent_case(vsw, day=5 + i, name=f"P{i:02d}")
    client = as_user(vsw)

    with django_assert_num_queries(WORKLIST_QUERIES):
        response = client.get("/cases/")

    assert (PROMPT in page_text(response)) == (rows > 1)


# --- The note says so ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_note_starting_within_the_self_certified_days_says_so(as_user, vsw):
    case = absent_case(vsw, day=20)
    start = case.worker.absence_started_on
    note(case, starts_on=start + timedelta(days=6), ends_on=start + timedelta(days=13))

    assert HINT in page_text(as_user(vsw).get(f"/cases/{case.code}/fit-notes/"))


@pytest.mark.django_db
def test_note_starting_on_day_8_says_nothing_about_it(as_user, vsw):
    case = absent_case(vsw, day=20)
    start = case.worker.absence_started_on
    note(case, starts_on=start + timedelta(days=7), ends_on=start + timedelta(days=13))

    assert "self-certify" not in page_text(as_user(vsw).get(f"/cases/{case.code}/fit-notes/"))


@pytest.mark.django_db
def test_recording_a_note_within_the_self_certified_days_warns_but_saves(as_user, vsw):
    case = absent_case(vsw, day=5)
    start = case.worker.absence_started_on
    data = {
        "form_kind": "MED3_2022",
        "condition": "Low back pain",
        "fitness": "NOT_FIT",
        "needs_reassessment": "no",
        "issuer_name": "Dr Aisha Rahman",
        "issuer_profession": "DOCTOR",
        **date_fields("assessed_on", start + timedelta(days=2)),
        **date_fields("issued_on", start + timedelta(days=2)),
        **date_fields("starts_on", start + timedelta(days=2)),
        **date_fields("ends_on", start + timedelta(days=15)),
        **date_fields("condition_started_on", None),
    }

    response = as_user(vsw).post(f"/cases/{case.code}/fit-notes/new/", data, follow=True)

    assert case.fit_notes.count() == 1
    assert (
        "This note starts within the first 7 days of absence, which the worker can "
        "self-certify." in page_text(response)
    )
