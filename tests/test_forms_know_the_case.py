"""Forms that know the case: every case-scoped form names the person in its page title and its
heading, the contact form starts at now, optional questions say "(optional)", and the submit
button keeps its name when the page comes back with errors."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from checkins.models import CheckIn, CheckInStatus
from tests import factories as f
from tests.forms import error_summary

NAME = "Jamie Clarke"


def title_and_heading(response) -> tuple[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.title.get_text(strip=True), soup.h1.get_text(" ", strip=True)


def submit_buttons(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        b.get_text(strip=True)
        for b in soup.select("main form button[type=submit]")
        if not b.get("name")
    ]


def label(response, field_id: str) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    found = soup.select_one(f'label[for="{field_id}"]') or soup.select_one(
        f"#div_{field_id} legend"
    )
    return found.get_text(" ", strip=True)


@pytest.fixture
def plan(case):
    plan = f.PlanFactory(case=case)
    f.RelapsePreventionFactory(plan=plan)
    return plan


@pytest.fixture
def open_check_in(case):
    return CheckIn.objects.create(
        case=case, due_on=timezone.localdate(), status=CheckInStatus.INVITED
    )


PAGES = {
    "contact": (lambda s: f"/cases/{s['case'].code}/contacts/new/", "Log a contact"),
    "fit note": (lambda s: f"/cases/{s['case'].code}/fit-notes/new/", "Add a fit note"),
    "plan details": (lambda s: f"/plans/{s['plan'].code}/edit/", "Change the plan details"),
    "phases": (lambda s: f"/plans/{s['plan'].code}/phases/", "Phases of the plan"),
    "schedule": (lambda s: f"/plans/{s['plan'].code}/schedule/", "Build a graded schedule"),
    "adjustment": (lambda s: f"/plans/{s['plan'].code}/adjustments/new/", "Add an adjustment"),
    "relapse": (lambda s: f"/plans/{s['plan'].code}/relapse/", "Relapse-prevention agreement"),
    "check-ins": (lambda s: f"/plans/{s['plan'].code}/check-ins/", "Schedule check-ins"),
    "record check-in": (
        lambda s: f"/cases/check-ins/{s['check_in'].code}/record/",
        f"Record the check-in due {timezone.localdate():%-d %B %Y}",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_each_case_form_names_the_person_in_its_title_and_heading(
    as_user, vsw, case, plan, open_check_in, page
):
    url, title = PAGES[page]
    response = as_user(vsw).get(url({"case": case, "plan": plan, "check_in": open_check_in}))
    assert response.status_code == 200
    assert title_and_heading(response) == (
        f"{title} — {NAME} – Return to work",
        f"{title} — {NAME}",
    )


@pytest.mark.django_db
def test_link_employer_names_the_person(as_user, vsw, team, vsw_same_team):
    case = f.CaseFactory(
        team=team,
        assigned_vsw=vsw,
        worker__first_name="Jamie",
        worker__last_name="Clarke",
        worker__employer=None,
        employer=None,
        employer_name_given="Kidsgrove Bakery",
    )
    response = as_user(vsw).get(f"/cases/{case.code}/employer/")
    assert title_and_heading(response) == (
        f"Link the employer — {NAME} – Return to work",
        f"Link the employer — {NAME}",
    )


@pytest.mark.django_db
def test_the_contact_form_starts_at_now(as_user, vsw, case):
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime(2026, 6, 3, 14, 35, tzinfo=london), tick=False):
        response = as_user(vsw).get(f"/cases/{case.code}/contacts/new/")
    soup = BeautifulSoup(response.content, "html.parser")
    values = [soup.select_one(f"#id_{name}")["value"] for name in ("contact_date_0",)]
    values += [soup.select_one(f'input[name="contact_date_{i}"]')["value"] for i in (1, 2)]
    values += [soup.select_one("#id_contact_time")["value"]]
    assert values == ["3", "6", "2026", "14:35"]


@pytest.mark.django_db
def test_optional_questions_say_so_and_required_ones_do_not(as_user, vsw, case):
    contact = as_user(vsw).get(f"/cases/{case.code}/contacts/new/")
    fit_note = as_user(vsw).get(f"/cases/{case.code}/fit-notes/new/")
    assert [label(contact, i) for i in ("id_summary", "id_next_step")] == [
        "Summary",
        "Agreed next step (optional)",
    ]
    assert [label(fit_note, i) for i in ("id_condition", "id_comments", "id_issuer_address")] == [
        "Condition",
        "Comments on the functional effects (optional)",
        "Issuer address (optional)",
    ]


@pytest.mark.django_db
def test_a_phases_optional_questions_say_so(as_user, vsw, plan):
    phases = as_user(vsw).get(f"/plans/{plan.code}/phases/")
    ids = ["hours_per_week", "days", "supervision", "DELETE"]
    assert [label(phases, f"id_phases-0-{i}") for i in ids] == [
        "Planned hours per week",
        "Planned days (optional)",
        "Supervision (optional)",
        "Remove this phase when saving",
    ]


@pytest.mark.django_db
def test_the_submit_button_keeps_its_name_after_an_error(as_user, vsw, case, plan):
    contact = as_user(vsw).post(f"/cases/{case.code}/contacts/new/", {"summary": ""})
    details = as_user(vsw).post(f"/plans/{plan.code}/edit/", {"goal": ""})
    assert "Enter a summary of the contact" in error_summary(contact)
    assert submit_buttons(contact) == ["Save contact"]
    assert submit_buttons(details) == ["Save details"]
    assert title_and_heading(contact)[0] == f"Error: Log a contact — {NAME} – Return to work"
