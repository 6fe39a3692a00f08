"""In a real browser: the employer question's radios reveal the list or the name fields, and the
supervisor links the typed employer from the referral queue. Every page visited is axe-clean."""

from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseEvent, Employment
from rtw.models import Organisation
from tests.browser.conftest import _govuk_conditional_reveal, assert_no_axe_violations, login
from tests.browser.test_case_journeys import fill_date, switch_user


def test_clinician_types_an_employer_that_a_supervisor_then_creates(
    page, live_server, clinician, supervisor, team, employer_org
):
    today = timezone.localdate()
    login(page, live_server, clinician)
    page.goto(f"{live_server.url}/cases/refer/")

    employer_list = page.get_by_label("Employer", exact=True)
    employer_name = page.get_by_label("Employer's name")
    expect(employer_list).to_be_hidden()
    expect(employer_name).to_be_hidden()
    page.get_by_label("An employer on the list").check()
    expect(employer_list).to_be_visible()
    page.get_by_label("An employer that is not on the list").check()
    expect(employer_list).to_be_hidden()
    expect(employer_name).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Ashworth")
    fill_date(page, "Date of birth", date(1979, 3, 14))
    employer_name.fill("Kidsgrove Bakery")
    page.get_by_label("Contact at the employer (optional)").fill("Ruth Allen, 01782 000111")
    page.get_by_label("Contracted hours per week").fill("30")
    fill_date(page, "First day of absence", today - timedelta(weeks=5))
    page.get_by_label("Vocational support team").select_option(label="North Vocational Support")
    page.get_by_label("Reason for referral").fill("Back pain; worried about lifting trays.")
    page.get_by_label("The patient agreed to be referred").check()
    fill_date(page, "Date the patient agreed", today)
    page.get_by_role("group", name="How the patient agreed").get_by_label(
        "Verbally, in the consultation"
    ).check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Robin Ashworth Referred")

    case = Case.objects.get()
    assert (case.employment, case.employer, case.employer_name_given) == (
        Employment.EMPLOYED,
        None,
        "Kidsgrove Bakery",
    )

    switch_user(page, live_server, supervisor)
    page.goto(f"{live_server.url}/cases/referrals/")
    expect(page.get_by_text("Employer not linked: Kidsgrove Bakery")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Link the employer of Robin Ashworth").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link the employer — Robin Ashworth")
    assert_no_axe_violations(page)
    page.get_by_label("A new employer").check()
    expect(page.get_by_label("Employer's name")).to_have_value("Kidsgrove Bakery")
    page.get_by_label("Address (optional)").fill("1 High Street, Kidsgrove ST7 1AA")
    page.get_by_role("button", name="Link employer").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Employer linked: Kidsgrove Bakery."
    )
    assert_no_axe_violations(page)
    case.refresh_from_db()
    bakery = Organisation.objects.get(name="Kidsgrove Bakery")
    assert (case.employer, case.worker.employer) == (bakery, bakery)
    assert case.events.filter(kind=CaseEvent.Kind.EMPLOYER).count() == 1


def test_axe_lets_pass_only_govuk_radios_announcing_their_reveal():
    def node(html, *data):
        return {"html": html, "all": [{"id": "aria-allowed-attr", "data": list(data)}], "any": []}

    allowed = {"id": "aria-allowed-attr"}
    radio = '<input class="govuk-radios__input" type="radio">'
    checkbox = '<input class="govuk-checkboxes__input" type="checkbox">'

    assert [
        _govuk_conditional_reveal(allowed, node(radio, 'aria-expanded="true"')),
        _govuk_conditional_reveal(allowed, node(radio, 'aria-expanded="true"', 'aria-level="2"')),
        _govuk_conditional_reveal(allowed, node(checkbox, 'aria-expanded="true"')),
        _govuk_conditional_reveal({"id": "label"}, node(radio, 'aria-expanded="true"')),
    ] == [True, False, False, False]
