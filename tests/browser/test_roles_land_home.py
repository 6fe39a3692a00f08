"""Each role signs in through the real form and lands on an accessible, styled home page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_styled, login

HOMES = [
    ("vsw", "/cases/", "My caseload"),
    ("supervisor", "/cases/team/", "Team caseload"),
    ("clinician", "/cases/my-referrals/", "My referrals"),
    ("employer", "/cases/employees/", "Employees being supported back to work"),
    ("worker", "/cases/my-support/", "My return-to-work support"),
]


def test_login_page_is_styled_and_has_no_axe_violations(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_styled(page)
    assert_no_axe_violations(page)


def test_login_page_with_errors_has_no_axe_violations(page, live_server, vsw):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(vsw.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("persona, home, heading", HOMES, ids=[h[0] for h in HOMES])
def test_role_signs_in_and_lands_on_an_accessible_home_page(
    request, page, live_server, case, persona, home, heading
):
    user = request.getfixturevalue(persona)

    login(page, live_server, user)

    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}{home}") + r"$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("header")).to_contain_text(user.full_name)
    assert_styled(page)
    assert_no_axe_violations(page)
