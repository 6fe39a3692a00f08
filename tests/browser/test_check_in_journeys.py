"""Check-in journeys in a real browser: the worker answers a link on a phone without signing
in, the VSW sees the case flagged at risk and steps back the hours in the agreed plan, and a
stale link says it has expired. Every page visited is axe-clean."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from checkins import actions
from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus
from plans.models import Plan, PlanStatus
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations, login

PHONE = {"width": 375, "height": 740}
# Distinctive, so that finding it on the worker's link page can only be a leak.
CONDITION = "Generalised anxiety disorder"
WARNING_SIGNS = ["Sleeping worse", "Snapping at people"]


@pytest.fixture
def check_in(case):
    return CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.INVITED,
        warning_signs_offered=WARNING_SIGNS,
    )


@pytest.fixture
def agreed_plan(case, worker, employer):
    """An agreed plan, signed by the worker and the employer, running since last week."""
    plan = f.PlanFactory(
        case=case,
        status=PlanStatus.AGREED,
        starts_on=timezone.localdate() - timedelta(days=7),
    )
    f.add_graded_phases(plan)
    f.SignOffFactory(plan=plan, party="WORKER", signed_by=worker)
    f.SignOffFactory(plan=plan, party="EMPLOYER", signed_by=employer)
    return plan


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def scale(page, legend: str):
    """An inline 0–10 radio group, found by its fieldset's legend."""
    return page.get_by_role("group", name=legend, exact=True)


def answer_the_check_in(page) -> None:
    page.get_by_label("Hours you worked this week").fill("12")
    page.get_by_label("Days you were off sick this week").fill("1")
    scale(page, "Sleep").get_by_label("4", exact=True).check()
    scale(page, "Mood").get_by_label("5", exact=True).check()
    scale(page, "Energy").get_by_label("4", exact=True).check()
    scale(page, "How strong your symptoms are").get_by_label("7", exact=True).check()
    signs = page.get_by_role("group", name="Have you noticed any of your early warning signs?")
    signs.get_by_label("Sleeping worse").check()
    page.get_by_label("What helped, what was hard? (optional)").fill("A hard week.")
    page.get_by_label("I'd like my support worker to contact me").check()


# What answer_the_check_in fills in, as the form's cleaned data.
ANSWERS = {
    "hours_worked": Decimal("12"),
    "days_absent": 1,
    "sleep": 4,
    "mood": 5,
    "energy": 4,
    "symptoms": 7,
    "work_ability": None,
    "warning_signs_ticked": ["Sleeping worse"],
    "comments": "A hard week.",
    "wants_contact": True,
}


def test_link_opens_only_the_form_on_a_phone_without_signing_in(page, live_server, case, check_in):
    f.FitNoteFactory(case=case, condition=CONDITION)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/check-in/{link_token(check_in)}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your check-in")
    expect(page.get_by_text("Your plan for this week: 20 hours")).to_be_visible()
    # Only the form: no navigation but the choice of language (buttons, no links), no case data.
    expect(page.get_by_role("navigation")).to_have_count(1)
    switcher = page.get_by_role("navigation", name="Language switcher")
    expect(switcher).to_have_count(1)
    expect(switcher.get_by_role("link")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    body = page.locator("body").inner_text()
    for leak in (CONDITION, case.employer.name, case.referral_reason, "Priya Shah"):
        assert leak not in body
    assert no_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_worker_answers_a_link_on_a_phone_without_signing_in(page, live_server, check_in):
    url = f"{live_server.url}/check-in/{link_token(check_in)}/"
    page.set_viewport_size(PHONE)
    page.goto(url)

    answer_the_check_in(page)
    page.get_by_role("button", name="Send my check-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in sent")
    expect(page.get_by_text("They will get in touch with you soon.")).to_be_visible()
    assert no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    check_in.refresh_from_db()
    assert (check_in.status, check_in.hours_worked, check_in.symptoms, check_in.completed_by) == (
        CheckInStatus.COMPLETED,
        Decimal("12"),
        7,
        None,
    )
    assert check_in.warning_signs_ticked == ["Sleeping worse"]
    assert check_in.wants_contact

    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already checked in")
    assert no_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_an_empty_check_in_shows_the_error_summary_and_moves_focus_to_it(
    page, live_server, check_in
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/check-in/{link_token(check_in)}/")

    page.get_by_role("button", name="Send my check-in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    # Hours and days come prefilled from the plan, so only the scales are missing.
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Select a number from 0 to 10 for sleep",
            "Select a number from 0 to 10 for mood",
            "Select a number from 0 to 10 for energy",
            "Select a number from 0 to 10 for how strong your symptoms are",
        ]
    )
    assert no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.INVITED


def test_vsw_sees_the_case_at_risk_and_steps_back_the_hours(
    page, live_server, case, vsw, check_in, agreed_plan
):
    # Last week's check-in, so the trend charts have two points.
    CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate() - timedelta(days=7),
        planned_hours=Decimal("10"),
        status=CheckInStatus.COMPLETED,
        completed_at=timezone.now() - timedelta(days=7),
        hours_worked=Decimal("10"),
        days_absent=0,
        sleep=7,
        mood=7,
        energy=6,
        symptoms=3,
        work_ability=6,
    )

    # The worker answers this week's link as in the first journey. Saved through the action the
    # link view calls; the browser journey for the link form is covered above.
    actions.complete_check_in(check_in=check_in, answers=ANSWERS, by=None)

    # The VSW's worklist shows the case at risk.
    login(page, live_server, vsw)
    page.goto(f"{live_server.url}/cases/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Jamie Clarke"))
    expect(row.locator(".govuk-tag", has_text="At risk")).to_be_visible()
    assert_no_axe_violations(page)

    # The case page: the banner gives the reasons, the table and charts show the trend.
    row.get_by_role("link", name="Jamie Clarke").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jamie Clarke")
    at_risk = page.get_by_role("region", name="At risk of relapse")
    expect(at_risk).to_contain_text("Warning sign ticked: Sleeping worse")
    expect(at_risk).to_contain_text("Symptom intensity rose from 3 to 7")
    expect(at_risk).to_contain_text("Asked the VSW to get in touch")
    assert_no_axe_violations(page)
    sections = page.get_by_role("navigation", name="Case sections")
    sections.get_by_role("link", name="Check-ins").click()
    table = page.get_by_role("table", name="Check-ins, oldest first")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").last).to_contain_text("12.0 (20.0)")
    charts = page.locator("svg.app-chart__svg")
    assert charts.count() >= 1
    for i in range(charts.count()):
        expect(charts.nth(i)).to_have_attribute("role", "img")
        expect(charts.nth(i)).to_have_attribute("aria-label", re.compile(r"\S"))
    expect(page.get_by_role("img", name=re.compile("line chart"))).to_have_count(charts.count())
    assert_no_axe_violations(page)
    sections.get_by_role("link", name="Summary").click()

    # Step back the hours: the signed version 1 stays, the change starts version 2.
    at_risk.get_by_role("link", name="Step back the hours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step back the hours — Jamie Clarke")
    assert_no_axe_violations(page)
    expect(page.get_by_label("For how many weeks")).to_have_value("1")
    page.get_by_label("Hours a week during the step back").fill("5")
    page.get_by_role("button", name="Add step back").click()

    new = Plan.objects.get(case=case, version=2)
    expect(page).to_have_url(f"{live_server.url}/plans/{new.code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Return-to-work plan, version 2")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Step back added to the plan. Version 1 was signed, so this is version 2."
    )
    assert_no_axe_violations(page)
    assert new.phases.filter(is_step_back=True, hours_per_week=Decimal("5")).count() == 1
    agreed_plan.refresh_from_db()
    assert agreed_plan.superseded_at is not None


def test_an_expired_link_says_so(page, live_server, check_in):
    # The link was sent eight days ago: longer than links last.
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        token = link_token(check_in)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/check-in/{token}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    expect(page.get_by_role("button", name="Send my check-in")).to_have_count(0)
    assert no_horizontal_scroll(page)
    assert_no_axe_violations(page)
