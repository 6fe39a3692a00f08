"""The one-minute check-in on a 390 px phone: the whole page fits in about two phone screens
(under 1,600 px tall), each 0–10 scale is one row that stays a radio group a keyboard can
move along, hours and days come prefilled from the plan, and axe finds nothing. By link and
signed in."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus
from tests.browser.conftest import assert_no_axe_violations, assert_styled, login

PHONE = {"width": 390, "height": 844}
MAX_HEIGHT = 1600
SCALES = ["Sleep", "Mood", "Energy", "How strong your symptoms are"]


@pytest.fixture
def check_in(case):
    return CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.INVITED,
        # As many and as long as the demo's, so the height is measured on a realistic page.
        warning_signs_offered=[
            "Sleeping worse for more than a few nights",
            "More easily irritated with colleagues",
            "Skipping breaks to keep up",
        ],
    )


def page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def assert_one_minute_check_in(page) -> None:
    assert_styled(page)
    assert page_height(page) < MAX_HEIGHT, f"{page_height(page)} px tall"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.get_by_label("Hours you worked this week")).to_have_value("20")
    expect(page.get_by_label("Days you were off sick this week")).to_have_value("0")
    for legend in SCALES:
        group = page.get_by_role("group", name=legend, exact=True)
        radios = group.get_by_role("radio")
        expect(radios).to_have_count(11)
        # One row: every option's top edge is the same.
        tops = {round(box["y"]) for box in (r.bounding_box() for r in radios.all())}
        assert len(tops) == 1, f"{legend} wraps onto {len(tops)} rows"
        expect(group.get_by_label("0", exact=True)).to_be_visible()
        expect(group.get_by_label("10", exact=True)).to_be_visible()
    assert_no_axe_violations(page)


def test_link_check_in_fits_two_phone_screens(page, live_server, check_in):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/check-in/{link_token(check_in)}/")

    assert_one_minute_check_in(page)


def test_signed_in_check_in_fits_two_phone_screens_and_saves(page, live_server, worker, check_in):
    page.set_viewport_size(PHONE)
    login(page, live_server, worker)
    page.goto(f"{live_server.url}/cases/my-support/check-ins/{check_in.code}/")

    assert_one_minute_check_in(page)

    # The keyboard moves along a scale as along any radio group.
    sleep = page.get_by_role("group", name="Sleep", exact=True)
    sleep.get_by_label("4", exact=True).check()
    page.keyboard.press("ArrowRight")
    expect(sleep.get_by_label("5", exact=True)).to_be_checked()
    expect(sleep.get_by_label("5", exact=True)).to_be_focused()
    for legend, value in zip(SCALES[1:], ("6", "5", "3"), strict=True):
        page.get_by_role("group", name=legend, exact=True).get_by_label(value, exact=True).check()
    page.get_by_role("button", name="Send my check-in").click()

    thanks = page.get_by_text("Thank you. Your support worker will see your answers.")
    expect(thanks).to_be_visible()
    check_in.refresh_from_db()
    assert (check_in.status, check_in.hours_worked, check_in.days_absent, check_in.sleep) == (
        CheckInStatus.COMPLETED,
        Decimal("20"),
        0,
        5,
    )


def test_an_error_on_a_scale_keeps_the_page_short_and_names_the_scale(page, live_server, check_in):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/check-in/{link_token(check_in)}/")
    for legend in SCALES[:3]:
        page.get_by_role("group", name=legend, exact=True).get_by_label("5", exact=True).check()

    page.get_by_role("button", name="Send my check-in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        ["Select a number from 0 to 10 for how strong your symptoms are"]
    )
    summary.get_by_role("link").click()
    expect(
        page.get_by_role("group", name="How strong your symptoms are").get_by_label("0", exact=True)
    ).to_be_focused()
    # What was chosen is still chosen.
    expect(
        page.get_by_role("group", name="Sleep", exact=True).get_by_label("5", exact=True)
    ).to_be_checked()
    assert page_height(page) < MAX_HEIGHT + 200
    assert_no_axe_violations(page)
