"""The VSW's day in a real browser: the worklist's count cards filter it, search finds a
worker by NHS number as people type it, and the case record's sub-navigation works from the
keyboard. Every page visited is axe-clean."""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations, login

SECTIONS = {
    "Summary": "",
    "Plan": "plan/",
    "Check-ins": "check-ins/",
    "Fit notes": "fit-notes/",
    "Contacts": "contacts/",
    "Sharing": "what-is-shared/",
    "History": "history/",
}


def a_case(vsw, first, last, *, note_days_left=None, **extra):
    today = timezone.localdate()
    case = f.CaseFactory(
        team=vsw.organisation,
        assigned_vsw=vsw,
        worker__first_name=first,
        worker__last_name=last,
        **extra,
    )
    if note_days_left is not None:
        f.FitNoteFactory(
            case=case,
            starts_on=today - timedelta(days=20),
            assessed_on=today - timedelta(days=20),
            issued_on=today - timedelta(days=20),
            ends_on=today + timedelta(days=note_days_left),
        )
    return case


def rows(page) -> list[str]:
    return page.locator("table.govuk-table tbody tr td:first-child a").all_inner_texts()


def test_vsw_filters_the_worklist_from_a_count_card_and_finds_a_worker_by_nhs_number(
    page, live_server, vsw
):
    a_case(vsw, "Olly", "Overdue", note_days_left=-3)
    a_case(vsw, "Wren", "Weekly", note_days_left=4)
    a_case(vsw, "Nia", "Number", note_days_left=30, worker__nhs_number="9434765919")
    login(page, live_server, vsw)
    page.goto(f"{live_server.url}/cases/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="1 overdue").click()

    expect(page).to_have_url(f"{live_server.url}/cases/?due=overdue")
    expect(page.get_by_role("link", name="1 overdue")).to_have_attribute("aria-current", "true")
    assert rows(page) == ["Olly Overdue"]
    assert_no_axe_violations(page)

    page.get_by_role("link", name="3 open").click()
    page.get_by_label("Name or NHS number").fill("943 476 5919")
    page.get_by_label("Name or NHS number").press("Enter")

    page.wait_for_url("**/cases/?q=943+476+5919*")
    assert rows(page) == ["Nia Number"]
    ends = date_format(timezone.localdate() + timedelta(days=30), "j M")
    expect(page.locator("td.app-next-action")).to_have_text(f"Fit note runs out {ends}")
    assert_no_axe_violations(page)


def test_keyboard_user_moves_between_case_sections_and_every_section_is_axe_clean(
    page, live_server, vsw
):
    case = a_case(vsw, "Kit", "Keyboard", note_days_left=10)
    f.ContactFactory(case=case)
    login(page, live_server, vsw)
    page.goto(f"{live_server.url}/cases/{case.code}/")

    check_ins = page.locator("nav.moj-sub-navigation").get_by_role("link", name="Check-ins")
    for _ in range(60):
        page.keyboard.press("Tab")
        if check_ins.evaluate("el => el === document.activeElement"):
            break
    expect(check_ins).to_be_focused(timeout=1000)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/cases/{case.code}/check-ins/")
    current = page.locator("nav.moj-sub-navigation [aria-current=page]")
    expect(current).to_have_text("Check-ins")

    for title, path in SECTIONS.items():
        page.goto(f"{live_server.url}/cases/{case.code}/{path}")
        expect(page.locator("nav.moj-sub-navigation [aria-current=page]")).to_have_text(title)
        expect(page.locator(".app-case-header")).to_contain_text("Kit Keyboard")
        assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.get_by_role("link", name="Close case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to close this case?"
    )
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(f"{live_server.url}/cases/{case.code}/")


def test_supervisor_filters_the_team_worklist_and_it_stays_axe_clean(
    page, live_server, supervisor, vsw
):
    a_case(vsw, "Olly", "Overdue", note_days_left=-3)
    a_case(vsw, "Fine", "Case", note_days_left=40)
    login(page, live_server, supervisor)
    page.goto(f"{live_server.url}/cases/team/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="1 overdue").click()

    expect(page).to_have_url(f"{live_server.url}/cases/team/?due=overdue")
    assert rows(page) == ["Olly Overdue"]
    assert_no_axe_violations(page)
