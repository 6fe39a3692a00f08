"""Plan journeys in a real browser: the VSW builds and proposes a plan, the worker agrees, the
employer signs their copy and downloads a PDF that holds no health detail. Every page visited
is axe-clean."""

import re
import subprocess
from datetime import timedelta

from playwright.sync_api import expect

from plans.models import Plan, PlanStatus
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations, login

# Distinctive, so that finding it in the employer's PDF can only be a leak.
CONDITION = "Post-viral fatigue syndrome"


def switch_user(page, live_server, user) -> None:
    """Another person at another computer: forget the session, sign in as ``user``."""
    page.context.clear_cookies()
    login(page, live_server, user)


def banner(page):
    return page.locator(".govuk-notification-banner")


def test_plan_is_built_proposed_agreed_signed_and_downloaded_by_the_employer(
    page, live_server, tmp_path, case, vsw, employer
):
    f.FitNoteFactory(case=case, condition=CONDITION)
    for item in ("PLAN", "FIT_NOTE_ADVICE"):
        f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item=item, granted_by=vsw)

    # The VSW starts a plan from the case page.
    login(page, live_server, vsw)
    page.get_by_role("link", name="Jamie Clarke").click()
    page.get_by_role("link", name="Return-to-work plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Start a return-to-work plan — Jamie Clarke"
    )
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Goal").get_by_label("Same job, adapted").check()
    expect(page.get_by_label("Contracted hours")).to_have_value("37.5")
    page.get_by_role("button", name="Start plan").click()

    # The phases page offers the graded-schedule helper: 25 % of 37.5 hours, to full hours in
    # 4 weeks (to the half hour).
    expect(page.get_by_role("heading", level=1)).to_have_text("Phases of the plan — Jamie Clarke")
    page.get_by_text("Start from a graded schedule instead").click()
    page.get_by_role("link", name="Build a graded schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Build a graded schedule — Jamie Clarke"
    )
    assert_no_axe_violations(page)
    page.get_by_label("25% of contracted hours").check()
    page.get_by_label("Weeks to full hours").fill("4")
    page.get_by_role("button", name="Build schedule").click()
    expect(banner(page)).to_contain_text("4 phases added.")
    phases = page.get_by_role("table", name="Phases of the plan").locator("tbody tr")
    expect(phases).to_have_count(4)
    expect(phases.locator("td.govuk-table__cell--numeric")).to_have_text(
        ["9.5", "19.0", "28.0", "37.5"]
    )
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add an adjustment").click()
    assert_no_axe_violations(page)
    page.get_by_label("Extra breaks").check()
    page.get_by_label("Description").fill("A ten-minute break every two hours")
    page.get_by_role("button", name="Add adjustment").click()
    expect(banner(page)).to_contain_text("Adjustment added.")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Relapse-prevention agreement").click()
    assert_no_axe_violations(page)
    page.get_by_label("Early warning signs").fill("Sleeping badly\nSkipping lunch")
    page.get_by_label("Who to contact").fill("Priya Shah, VSW, 0113 496 0000")
    first_action = page.get_by_role("group", name="Action 1")
    first_action.get_by_label("Action", exact=True).select_option(
        label="An extra conversation with the VSW"
    )
    first_action.get_by_label("Details").fill("Call within two working days")
    first_action.get_by_label("Who acts").select_option(label="The VSW")
    page.get_by_role("button", name="Save agreement").click()
    expect(banner(page)).to_contain_text("Relapse-prevention agreement saved.")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Propose for signing").click()
    expect(banner(page)).to_contain_text("The plan is now proposed.")
    page.get_by_label("Agreed by phone").check()
    page.get_by_role("button", name="Record the worker's agreement").click()
    expect(banner(page)).to_contain_text("Signature recorded.")
    assert_no_axe_violations(page)
    plan = Plan.objects.get(case=case)
    assert (plan.version, plan.status) == (1, PlanStatus.PROPOSED)

    # The employer opens their copy, signs it and downloads it.
    switch_user(page, live_server, employer)
    page.goto(f"{live_server.url}/plans/{plan.code}/copy/employer/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Return-to-work plan for Jamie Clarke"
    )
    assert CONDITION not in page.content()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign version 1 of the plan").click()
    expect(banner(page)).to_contain_text("You signed version 1 of the plan.")
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    download = download_info.value
    assert download.suggested_filename == "plan-v1-employer.pdf"
    pdf_path = tmp_path / download.suggested_filename
    download.save_as(pdf_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Jamie Clarke" in text
    assert "A ten-minute break every two hours" in text
    assert CONDITION not in text

    # Worker and employer have both signed: the VSW sees the plan agreed.
    switch_user(page, live_server, vsw)
    page.goto(f"{live_server.url}/plans/{plan.code}/")
    expect(page.get_by_role("heading", level=1).locator(".govuk-tag")).to_have_text("Agreed")
    assert_no_axe_violations(page)


def test_phases_editor_with_hours_above_contracted_shows_the_error_summary(
    page, live_server, case, vsw
):
    plan = f.PlanFactory(case=case)
    f.add_graded_phases(plan)
    login(page, live_server, vsw)
    page.goto(f"{live_server.url}/plans/{plan.code}/phases/")
    assert_no_axe_violations(page)

    page.get_by_role("group", name="Phase 2").get_by_label("Planned hours per week").fill("40")
    page.get_by_role("button", name="Save phases").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Phase 2: Planned hours cannot be more than the contracted 37.5 hours"]
    )
    expect(page).to_have_title("Error: Phases of the plan — Jamie Clarke – Return to work")
    assert_no_axe_violations(page)

    summary.get_by_role("link").click()

    expect(
        page.get_by_role("group", name="Phase 2").get_by_label("Planned hours per week")
    ).to_be_focused()


def test_three_phases_in_one_sitting_with_an_error_named_by_its_phase(page, live_server, case, vsw):
    """Add phases on one page, meet one error named by its phase number, fix it, save once."""
    plan = f.PlanFactory(case=case)
    start = plan.starts_on
    login(page, live_server, vsw)
    page.goto(f"{live_server.url}/plans/{plan.code}/phases/")
    expect(page.get_by_role("group", name=re.compile(r"^Phase \d+$"))).to_have_count(1)
    assert_no_axe_violations(page)

    for number in (2, 3):
        page.get_by_role("button", name="Add another phase").click()
        expect(page.get_by_role("group", name=f"Phase {number}", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "Phase 3 added. Nothing is saved until you save the phases."
    )
    assert_no_axe_violations(page)

    for number, hours in ((1, "10"), (2, "45"), (3, "30")):
        phase = page.get_by_role("group", name=f"Phase {number}", exact=True)
        first, last = start + timedelta(weeks=number - 1), start + timedelta(weeks=number, days=-1)
        for legend, day in (("Start", first), ("End", last)):
            when = phase.get_by_role("group", name=legend, exact=True)
            when.get_by_label("Day").fill(str(day.day))
            when.get_by_label("Month").fill(str(day.month))
            when.get_by_label("Year").fill(str(day.year))
        phase.get_by_label("Planned hours per week").fill(hours)
    page.get_by_role("button", name="Save phases").click()

    message = "Phase 2: Planned hours cannot be more than the contracted 37.5 hours"
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text([message])
    phase_2 = page.get_by_role("group", name="Phase 2", exact=True)
    expect(phase_2.locator(".govuk-error-message")).to_have_text(f"Error: {message}")
    assert_no_axe_violations(page)
    assert plan.phases.count() == 0

    phase_2.get_by_label("Planned hours per week").fill("20")
    page.get_by_role("button", name="Save phases").click()

    expect(banner(page)).to_contain_text("Phases saved.")
    hours = page.get_by_role("table", name="Phases of the plan").locator(
        "tbody tr td.govuk-table__cell--numeric"
    )
    expect(hours).to_have_text(["10.0", "20.0", "30.0"])
    chart = page.get_by_role("img", name=re.compile("^Step chart of planned hours a week"))
    expect(chart).to_be_visible()
    assert_no_axe_violations(page)
    assert list(plan.phases.values_list("hours_per_week", flat=True)) == [10, 20, 30]
