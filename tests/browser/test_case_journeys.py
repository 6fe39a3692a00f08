"""Case journeys in a real browser: a clinician refers, a supervisor accepts, a VSW works the
case, and the employer sees only what the worker released. Every page visited is axe-clean."""

import re
import time
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseStatus
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations, login

# Distinctive, so that finding it anywhere on an employer's page can only be a leak.
CONDITION = "Lumbar disc prolapse with sciatica"


def fill_date(page, legend: str, day: date) -> None:
    """Fill a GOV.UK day/month/year date input, found by its fieldset's legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def switch_user(page, live_server, user) -> None:
    """Another person at another computer: forget the session, sign in as ``user``."""
    page.context.clear_cookies()
    login(page, live_server, user)


def test_clinician_refers_a_patient_through_the_one_page_form(
    page, live_server, clinician, team, employer_org
):
    today = timezone.localdate()
    login(page, live_server, clinician)
    page.goto(f"{live_server.url}/cases/refer/")
    assert_no_axe_violations(page)

    started = time.perf_counter()
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Ashworth")
    fill_date(page, "Date of birth", date(1979, 3, 14))
    page.get_by_label("An employer on the list").check()
    page.get_by_label("Employer", exact=True).select_option(label="Pennine Logistics Ltd")
    page.get_by_label("Contracted hours per week").fill("37.5")
    fill_date(page, "First day of absence", today - timedelta(weeks=5))
    page.get_by_label("Vocational support team").select_option(label="North Vocational Support")
    page.get_by_label("Reason for referral").fill("Back pain; worried about lifting at work.")
    page.get_by_label("The patient agreed to be referred").check()
    fill_date(page, "Date the patient agreed", today)
    page.get_by_role("group", name="How the patient agreed").get_by_label(
        "Verbally, in the consultation"
    ).check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Robin Ashworth Referred")
    elapsed = time.perf_counter() - started
    print(f"\nreferral fill-and-submit: {elapsed:.2f} s")

    case = Case.objects.get()
    expect(page).to_have_url(f"{live_server.url}/cases/my-referrals/{case.code}/")
    assert (case.status, case.team, case.worker.employer) == (
        CaseStatus.REFERRED,
        team,
        employer_org,
    )
    assert_no_axe_violations(page)


def test_empty_referral_shows_an_error_summary_whose_links_move_focus(
    page, live_server, clinician, team, employer_org
):
    login(page, live_server, clinician)
    page.goto(f"{live_server.url}/cases/refer/")

    page.get_by_role("button", name="Send referral").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary on load
    expect(page).to_have_title(re.compile(r"^Error: "))
    first_error = summary.get_by_role("link").first
    expect(first_error).to_have_text("Enter the patient's first name")
    assert_no_axe_violations(page)

    first_error.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_label("First name")).to_be_focused()


def test_referral_is_accepted_worked_and_shared_with_the_employer(
    page, live_server, supervisor, vsw, employer, clinician, team, practice, employer_org
):
    record = f.WorkerFactory(
        first_name="Jamie", last_name="Clarke", employer=employer_org, gp_practice=practice
    )
    case = f.CaseFactory(
        worker=record,
        team=team,
        referred_by=clinician,
        assigned_vsw=None,
        status=CaseStatus.REFERRED,
    )
    today = timezone.localdate()

    # The supervisor accepts the referral and assigns it to a VSW.
    login(page, live_server, supervisor)
    page.goto(f"{live_server.url}/cases/referrals/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Jamie Clarke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jamie Clarke")
    assert_no_axe_violations(page)
    page.get_by_label("Assign to").select_option(label="Priya Shah")
    page.get_by_role("button", name="Accept referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Referral accepted for Jamie Clarke."
    )
    assert_no_axe_violations(page)

    # The VSW finds the case on their worklist and logs a contact.
    switch_user(page, live_server, vsw)
    page.get_by_role("link", name="Jamie Clarke").click()
    expect(page).to_have_url(f"{live_server.url}/cases/{case.code}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Log a contact").click()
    assert_no_axe_violations(page)
    fill_date(page, "Date", today)
    page.get_by_label("Time", exact=True).fill("10:30")
    page.get_by_role("group", name="Who the contact was with").get_by_label(
        "The worker", exact=True
    ).check()
    page.get_by_role("group", name="Mode").get_by_label("Phone", exact=True).check()
    page.get_by_label("Duration in minutes").fill("25")
    page.get_by_label("Summary").fill("First call: talked through what makes going back hard.")
    obstacles = page.get_by_role("group", name="Obstacles identified")
    obstacles.get_by_label("Emotions").check()
    obstacles.get_by_label("Workplace").check()
    page.get_by_role("button", name="Save contact").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contact logged.")
    expect(page).to_have_url(f"{live_server.url}/cases/{case.code}/contacts/")
    expect(page.get_by_text("Obstacles: Emotions, Workplace")).to_be_visible()
    assert_no_axe_violations(page)

    # A fit note, first without the issuer's name, then corrected.
    sections = page.get_by_role("navigation", name="Case sections")
    sections.get_by_role("link", name="Fit notes").click()
    page.get_by_role("link", name="Add a fit note").click()
    assert_no_axe_violations(page)
    fill_date(page, "Date assessed", today - timedelta(days=2))
    page.get_by_label("Condition", exact=True).fill(CONDITION)
    page.get_by_role("group", name="Advice").get_by_label("May be fit for work").check()
    page.get_by_label("A phased return to work").check()
    page.get_by_label("Comments on the functional effects").fill("Avoid heavy lifting.")
    fill_date(page, "Start of the period", today - timedelta(days=2))
    fill_date(page, "End of the period", today + timedelta(days=26))
    page.get_by_role("group", name="Will the issuer need to assess fitness again?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Issuer profession").get_by_label("Doctor").check()
    fill_date(page, "Date of statement", today - timedelta(days=2))
    page.get_by_role("button", name="Save fit note").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter the name of the person who issued the note"]
    )
    assert_no_axe_violations(page)
    page.get_by_label("Issuer name").fill("Dr Aisha Rahman")
    page.get_by_role("button", name="Save fit note").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Fit note recorded.")
    expect(page).to_have_url(f"{live_server.url}/cases/{case.code}/fit-notes/")
    expect(page.get_by_text(CONDITION)).to_be_visible()
    assert_no_axe_violations(page)
    sections.get_by_role("link", name="Sharing").click()

    # The worker agreed that the service may involve their employer, and to share the fit-note
    # advice (not the condition) with them.
    page.get_by_role("button", name="Record that they agree").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sharing updated.")
    page.get_by_role(
        "button",
        name="Share Fit-note advice (not fit or may be fit, dates, advice) with Their employer",
    ).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sharing updated.")
    assert_no_axe_violations(page)

    # The employer sees the advice on their employee's page, and not the condition.
    switch_user(page, live_server, employer)
    page.get_by_role("link", name="Jamie Clarke").click()
    expect(page).to_have_url(f"{live_server.url}/cases/employees/{case.code}/")
    advice = page.locator("dl.govuk-summary-list")
    expect(advice).to_contain_text("May be fit for work")
    expect(advice).to_contain_text("Avoid heavy lifting.")
    assert CONDITION not in page.content()
    assert_no_axe_violations(page)


def press_tab_then_follow_the_skip_link(page) -> None:
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    # Focus moves synchronously on a key press: no need to wait out the default 5 s.
    expect(skip_link).to_be_focused(timeout=1000)
    expect(skip_link).to_be_visible()  # shown once focused, for sighted keyboard users

    page.keyboard.press("Enter")

    expect(page.locator("main#main-content")).to_be_focused()


def test_keyboard_user_reaches_the_skip_link_first_on_the_login_page(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_axe_violations(page)

    press_tab_then_follow_the_skip_link(page)


def test_keyboard_user_skips_to_main_content_on_a_signed_in_page(page, live_server, vsw, case):
    login(page, live_server, vsw)
    assert_no_axe_violations(page)

    press_tab_then_follow_the_skip_link(page)
