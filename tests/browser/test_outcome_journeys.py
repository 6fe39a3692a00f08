"""A worker answers the outcome measures on a 390 px phone by the link in their message: the
questionnaire (and, when PHQ-9 item 9 is above 0, where to get help now) and the fortnightly
outcome check-in. No horizontal scrolling, and axe finds nothing on any page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outcomes.instruments import GAD7, PHQ9
from outcomes.links import link_token
from outcomes.models import OutcomeCheckIn, OutcomeStatus, Questionnaire, Timepoint
from tests.browser.conftest import assert_no_axe_violations, assert_styled

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def questionnaire(case):
    return Questionnaire.objects.create(
        case=case, timepoint=Timepoint.WEEK_6, due_on=timezone.localdate()
    )


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def answer_questionnaire(page, *, item_9: str) -> None:
    page.get_by_role("group", name="Think of your ability to work").get_by_label(
        "6", exact=True
    ).check()
    for index, item in enumerate(PHQ9.items):
        answer = item_9 if index == 8 else ("Several days" if index < 4 else "Not at all")
        page.get_by_role("group", name=str(item), exact=True).get_by_label(answer).check()
    for index, item in enumerate(GAD7.items):
        answer = "More than half the days" if index < 2 else "Not at all"
        page.get_by_role("group", name=str(item), exact=True).get_by_label(answer).check()
    page.get_by_role("group", name="How good or bad is your health today?").get_by_label(
        "5", exact=True
    ).check()
    page.get_by_label("How many weeks from now do you expect to be back at work?").fill("4")
    page.get_by_role("button", name="Send my answers").click()


def test_a_worker_answers_the_questionnaire_on_a_phone(page, live_server, questionnaire):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/questionnaire/{link_token(questionnaire)}/")

    assert_styled(page)
    expect(page.get_by_role("heading", name="How you are")).to_be_visible()
    assert fits_the_phone(page)
    assert_no_axe_violations(page)

    answer_questionnaire(page, item_9="Not at all")

    expect(page.get_by_role("heading", name="Answers sent")).to_be_visible()
    expect(page.get_by_role("heading", name="Get help now")).to_have_count(0)
    assert_no_axe_violations(page)
    questionnaire.refresh_from_db()
    assert (questionnaire.status, questionnaire.scores) == (
        OutcomeStatus.DONE,
        {"was": 6, "phq9": 4, "gad7": 4, "health": 5, "expected_weeks": 4},
    )


def test_an_item_9_answer_shows_where_to_get_help_now(page, live_server, questionnaire):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/questionnaire/{link_token(questionnaire)}/")

    answer_questionnaire(page, item_9="Several days")

    expect(page.get_by_role("heading", name="Get help now")).to_be_visible()
    help_now = page.locator("#help-now")
    for where in ("999", "NHS 111", "116 123", "your GP"):
        expect(help_now).to_contain_text(where)
    assert fits_the_phone(page)
    assert_no_axe_violations(page)


def test_a_missing_answer_is_named_in_the_error_summary(page, live_server, questionnaire):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/questionnaire/{link_token(questionnaire)}/")

    page.get_by_role("button", name="Send my answers").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link").first).to_have_text(
        "Select an answer for: Think of your ability to work at its best. How many points "
        "would you give your ability to work now?"
    )
    assert_no_axe_violations(page)


def test_a_worker_answers_the_outcome_check_in_on_a_phone(page, live_server, case):
    today = timezone.localdate()
    check_in = OutcomeCheckIn.objects.create(
        case=case, due_on=today, period_start=today - timedelta(days=13), period_end=today
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/outcome-check-in/{link_token(check_in)}/")

    assert_styled(page)
    assert fits_the_phone(page)
    assert_no_axe_violations(page)
    page.get_by_label("How many days were you off sick in the last 14 days?").fill("2")
    page.get_by_label("How many hours did you work in the last 14 days?").fill("45.5")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", name="Answers sent")).to_be_visible()
    assert_no_axe_violations(page)
    check_in.refresh_from_db()
    assert (check_in.status, check_in.days_off_sick, check_in.hours_worked) == (
        OutcomeStatus.DONE,
        2,
        Decimal("45.5"),
    )
