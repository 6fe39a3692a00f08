"""A Dutch and a Swedish worker each do their whole journey in their own language: the check-in
by link, reading and signing the plan, changing what they share, and the plan PDF. The phrases
looked for are read from the catalogue (gettext in that language), so the test follows the
translators' wording; every page visited is axe-clean and says which language it is in."""

import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus
from plans.models import PlanStatus, SignOff
from rtw.jurisdictions import Jurisdiction
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations, login

COUNTRY = {"nl": Jurisdiction.NL, "sv": Jurisdiction.SE}


def tr(language: str, message: str) -> str:
    with translation.override(language):
        text = gettext(message)
    # A phrase that is still English would prove nothing.
    assert text != message, f"{message!r} has no {language} translation yet"
    return text


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


@pytest.mark.parametrize("language", ["nl", "sv"])
def test_a_worker_does_their_whole_journey_in_their_own_language(
    page, live_server, case, worker, language, tmp_path
):
    case.team.jurisdiction = COUNTRY[language]
    case.team.save(update_fields=["jurisdiction"])
    case.worker.preferred_language = language
    case.worker.save(update_fields=["preferred_language"])
    check_in = CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.INVITED,
    )
    plan = f.PlanFactory(case=case, status=PlanStatus.PROPOSED)
    f.add_graded_phases(plan)

    # The check-in by link, no sign-in, from a browser that asks for English.
    page.goto(f"{live_server.url}/check-in/{link_token(check_in)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "Your check-in"))
    assert html_lang(page) == language
    assert_no_axe_violations(page)
    page.get_by_label(tr(language, "Hours you worked this week")).fill("12")
    page.get_by_label(tr(language, "Days you were off sick this week")).fill("0")
    for scale in ("Sleep", "Mood", "Energy"):
        group = page.get_by_role("group", name=tr(language, scale), exact=True)
        group.get_by_label("5", exact=True).check()
    for group in page.locator("fieldset").all():
        radios = group.locator("input[type=radio][value='3']")
        if radios.count() and not group.locator("input[type=radio]:checked").count():
            radios.first.check()
    page.get_by_role("button", name=tr(language, "Send my check-in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "Check-in sent"))
    assert_no_axe_violations(page)

    # Signed in: the plan, in the worker's language though the browser asks for English.
    login(page, live_server, worker)
    page.goto(f"{live_server.url}/plans/{plan.code}/copy/worker/")
    assert html_lang(page) == language
    expect(page.get_by_role("link", name=tr(language, "Download as PDF"))).to_be_visible()
    assert_no_axe_violations(page)
    page.locator(f"form[action='/plans/{plan.code}/worker-sign/'] button").click()
    page.wait_for_load_state()
    assert SignOff.objects.filter(plan=plan, party="WORKER").count() == 1
    assert_no_axe_violations(page)

    # The PDF of the worker's copy.
    page.goto(f"{live_server.url}/plans/{plan.code}/copy/worker/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=tr(language, "Download as PDF")).click()
    pdf_path = tmp_path / "plan.pdf"
    download_info.value.save_as(pdf_path)
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert tr(language, "Your return-to-work plan") in text
    assert tr(language, "How your hours build up") in text

    # What they share: start sharing one item, through its preview.
    page.goto(f"{live_server.url}/cases/my-support/{case.code}/sharing/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "What you share"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name=tr(language, "Share")).first.click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=tr(language, "Confirm: share it")).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "What you share"))
    assert html_lang(page) == language
