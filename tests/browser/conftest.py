"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Everything under tests/browser is marked ``browser`` (``pytest -m "not browser"`` skips it).
Playwright's sync API runs an event loop in the main thread, so Django's async-unsafe check is
switched off for the test process (DJANGO_ALLOW_ASYNC_UNSAFE=true, set by pytest-env).
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice

from rtw.two_factor.actions import second_factor_required
from tests.factories import PASSWORD
from tests.two_factor import code_for, give_authenticator

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    # Conftest hooks see the whole session's items, so mark only the ones under this folder.
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download its own browsers here: use the system Chromium."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _database_for_the_live_server(transactional_db):
    """The live server answers from another thread, so test data must be committed."""


def login(page, live_server, user, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would, with the code from their
    authenticator app when their role requires one (the app is made for them if need be)."""
    device = None
    if second_factor_required(user):
        device = give_authenticator(user)
        # A test may sign the same person in twice within one 30-second step; a real person
        # would wait for the next code.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if device is not None:
        enter_code(page, code_for(device))


def enter_code(page, code: str) -> None:
    """Give a code on the second-factor page."""
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def assert_no_axe_violations(page) -> None:
    """Run axe-core on the page as it is now; fail listing every violation found, but for the
    one GOV.UK Frontend makes on purpose (see :func:`_govuk_conditional_reveal`)."""
    results = Axe().run(page)
    violations = []
    for violation in results.response["violations"]:
        nodes = [n for n in violation["nodes"] if not _govuk_conditional_reveal(violation, n)]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
            )
        raise AssertionError("\n".join(lines))


def _govuk_conditional_reveal(violation: dict, node: dict) -> bool:
    """GOV.UK Frontend's radios put ``aria-expanded`` on a radio that reveals more questions.
    ARIA 1.2 does not allow it on a radio, so axe objects, but GOV.UK keeps it on purpose:
    screen readers announce it, and users are told the question opened
    (alphagov/govuk-frontend#979 and #2823). Only that attribute on those radios is let pass."""
    if violation["id"] != "aria-allowed-attr" or "govuk-radios__input" not in node["html"]:
        return False
    found = [str(d) for check in node["all"] + node["any"] for d in (check.get("data") or [])]
    return bool(found) and all(d.startswith("aria-expanded=") for d in found)


def assert_styled(page) -> None:
    """The stylesheets really loaded: the GOV.UK header is black, and app.css sets the body
    font (an unstyled page has a transparent header and the browser's default serif)."""
    header_background = page.locator("header.govuk-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    body_font = page.locator("body").evaluate("el => getComputedStyle(el).fontFamily")
    assert header_background == "rgb(11, 12, 12)", f"header unstyled: {header_background}"
    assert body_font.lower().startswith("arial"), f"app.css not applied: {body_font}"
