"""A supervisor reads the service figures in a real browser: charts with the same figures in a
table beside them, filters, and no axe violations."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_styled, login
from tests.reports.fixture import build_service


def test_supervisor_reads_the_service_figures(
    page, live_server, supervisor, team, other_team, practice, other_practice
):
    build_service(team, other_team, practice, other_practice)
    login(page, live_server, supervisor)

    page.get_by_role("link", name="Service figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service figures")
    assert_styled(page)
    # Every chart is an image named by its title, with its table beside it.
    charts = page.get_by_role("img")
    expect(page.get_by_role("img", name="Referrals accepted and declined")).to_be_visible()
    assert charts.count() == 6
    decisions = page.get_by_role("table", name="Decisions on referrals")
    expect(decisions.get_by_role("row", name="Accepted 6")).to_be_visible()
    expect(decisions.get_by_role("row", name="Declined 2")).to_be_visible()
    assert_no_axe_violations(page)

    # Only Riverside Surgery's referrals: C1 C2 C5 C7, of which C1 C2 C7 were accepted.
    page.get_by_label("Referring practice").select_option(label="Riverside Surgery")
    page.get_by_role("button", name="Show figures").click()
    expect(decisions.get_by_role("row", name="Accepted 3")).to_be_visible()

    # Another team is not a choice: asking for it by hand gives an error and no figures.
    page.goto(f"{live_server.url}/figures/?team={other_team.pk}")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select one of your teams")
    assert page.get_by_role("table").count() == 0
    assert_no_axe_violations(page)
