"""A VSW sets up two-factor sign-in from the typed key, keeps the recovery codes, signs out and
signs in again with a code; every page on the way is accessible."""

import re
import time
from base64 import b32decode

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_styled, enter_code
from tests.factories import PASSWORD


def code_from_key(typed_key: str, at: float) -> str:
    """What an authenticator app given ``typed_key`` shows at ``at``."""
    otp = TOTP(b32decode(typed_key.replace(" ", "").upper()))
    otp.time = at
    return f"{otp.token():06d}"


def sign_in_with_password(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_vsw_sets_up_two_factor_and_signs_in_with_a_code(page, live_server, vsw):
    sign_in_with_password(page, live_server, vsw)

    # No page but setting up, until a code confirms the app.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    page.goto(f"{live_server.url}/cases/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/set-up/\?next=/cases/$"))
    assert_styled(page)
    assert_no_axe_violations(page)

    page.get_by_text("I cannot scan the QR code").click()
    typed_key = page.locator("#setup-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill("123")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be 6 digits")
    assert_no_axe_violations(page)
    page.get_by_label("Code from your authenticator app").fill(
        code_from_key(typed_key, time.time())
    )
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page).to_have_url(f"{live_server.url}/cases/")

    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, live_server, vsw)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_no_axe_violations(page)
    enter_code(page, "000000")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_no_axe_violations(page)
    # The code that set the app up was used; the app's next one signs in.
    enter_code(page, code_from_key(typed_key, time.time() + 30))

    expect(page).to_have_url(f"{live_server.url}/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")


def test_the_two_factor_page_of_a_worker_is_accessible(page, live_server, worker):
    sign_in_with_password(page, live_server, worker)

    page.get_by_role("link", name="Two-factor authentication").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    expect(page.get_by_text("Two-factor authentication is off")).to_be_visible()
    assert_no_axe_violations(page)
