"""Supervision in a real browser: a supervisor records a session and the case discussed, sees the
case far from its plan, and a VSW changes a case's support level. Every page is axe-clean."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseStatus
from tests.browser.conftest import assert_no_axe_violations, login
from tests.browser.test_case_journeys import fill_date, switch_user


def test_supervisor_records_a_session_and_a_vsw_changes_the_support_level(
    page, live_server, supervisor, vsw, case
):
    case.decided_at = timezone.now() - timedelta(days=40)
    case.status = CaseStatus.ACTIVE
    case.save(update_fields=["decided_at", "status"])

    login(page, live_server, supervisor)
    page.goto(f"{live_server.url}/supervision/off-plan/")
    expect(page.get_by_role("cell", name="No contact with the worker for 28 days")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Supervision sessions").click()
    page.get_by_role("link", name="Record a session").click()
    assert_no_axe_violations(page)
    fill_date(page, "Date of the session", timezone.localdate())
    page.get_by_label(vsw.full_name).check()
    page.get_by_label(supervisor.full_name).check()
    page.get_by_role("button", name="Save session").click()
    page.get_by_role("link", name="Add a case discussed").click()
    assert_no_axe_violations(page)
    page.get_by_label("Case discussed").select_option(label="Jamie Clarke")
    page.get_by_label("Note").fill("No contact for a while; VSW to call this week.")
    page.get_by_role("button", name="Add case").click()
    expect(page.get_by_text("No contact for a while; VSW to call this week.")).to_be_visible()
    assert_no_axe_violations(page)

    switch_user(page, live_server, vsw)
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.get_by_role("link", name="Change the support level").click()
    assert_no_axe_violations(page)
    page.get_by_label("Light (1 to 3 contacts)").check()
    page.get_by_label("Planned contacts with the worker").fill("5")
    page.get_by_role("button", name="Save support level").click()
    expect(
        page.get_by_role("link", name="Light support plans between 1 and 3 contacts")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Planned contacts with the worker").fill("3")
    page.get_by_role("button", name="Save support level").click()
    expect(page.locator("[data-contacts]")).to_have_text("0 of 3 planned")
