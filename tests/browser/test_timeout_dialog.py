"""Before the idle limit signs a member of staff out, a dialog warns them and lets them stay."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, login


@pytest.fixture
def short_idle_limit(settings):
    """A one-minute idle limit, warned for the last 55 seconds: the dialog opens about five
    seconds after a page loads (and again five seconds after it is closed)."""
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 55
    settings.OTP_REQUIRED_ROLES = []


def test_the_warning_opens_accessible_and_stay_signed_in_keeps_the_session(
    page, live_server, vsw, short_idle_limit
):
    login(page, live_server, vsw)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")

    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_contain_text(re.compile(r"we will sign you out in \d+ seconds"))
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_no_axe_violations(page)

    with page.expect_response("**/accounts/session/keep-alive/") as answer:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 204
    expect(dialog).to_be_hidden()


def test_escape_also_keeps_the_session(page, live_server, vsw, short_idle_limit):
    login(page, live_server, vsw)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)

    with page.expect_response("**/accounts/session/keep-alive/") as answer:
        page.keyboard.press("Escape")
    assert answer.value.status == 204
    expect(dialog).to_be_hidden()


def test_sign_out_from_the_warning_signs_out(page, live_server, vsw, short_idle_limit):
    login(page, live_server, vsw)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)

    dialog.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_pages_of_untimed_roles_have_no_warning(page, live_server, worker, case, settings):
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 55
    login(page, live_server, worker)
    page.wait_for_timeout(2_500)
    expect(page.get_by_role("dialog")).to_have_count(0)
