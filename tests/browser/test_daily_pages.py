"""The daily pages with everything on them, in a real browser and axe-clean: the employer's
list with a plan waiting for their signature, the worker's home with their VSW's details, the
next check-in and this week's hours, and both "Are you sure?" pages (stop taking part, abandon
the plan), each followed through to its end."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseStatus, Recipient, ShareItem
from checkins.models import CheckIn, CheckInStatus
from plans.models import PlanStatus
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations, login


def proposed_plan(case):
    plan = f.PlanFactory(
        case=case, status=PlanStatus.PROPOSED, starts_on=timezone.localdate() - timedelta(days=2)
    )
    f.add_graded_phases(plan)
    return plan


def test_employer_list_leads_to_the_plan_waiting_for_their_signature(
    page, live_server, case, employer, team
):
    team.phone = "0113 496 0000"
    team.save()
    f.SharingConsentFactory(worker=case.worker, recipient=Recipient.EMPLOYER, item=ShareItem.PLAN)
    plan = proposed_plan(case)
    login(page, live_server, employer)
    page.goto(f"{live_server.url}/cases/employees/")

    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Jamie Clarke"))
    expect(row).to_contain_text("Priya Shah")
    expect(row.get_by_role("link", name="0113 496 0000")).to_be_visible()
    assert_no_axe_violations(page)
    row.get_by_role("link", name="Waiting for your signature on Jamie Clarke's plan").click()

    expect(page).to_have_url(f"{live_server.url}/plans/{plan.code}/copy/employer/")
    expect(page.get_by_role("button", name="Sign version 1 of the plan")).to_be_visible()


def test_worker_home_and_stopping_after_a_confirmation(page, live_server, case, worker):
    plan = proposed_plan(case)
    plan.status = PlanStatus.ACTIVE
    plan.save()
    CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate() + timedelta(days=3),
        planned_hours=Decimal("10"),
        status=CheckInStatus.SCHEDULED,
    )
    login(page, live_server, worker)

    expect(page.get_by_role("link", name="vsw@example.test")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Next check-in")
    expect(page.locator(".govuk-summary-list")).to_contain_text("This week's plan")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Stop taking part").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to stop taking part?"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Stop taking part").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have left the service")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_vsw_abandons_a_plan_only_after_confirming(page, live_server, case, vsw):
    plan = proposed_plan(case)
    login(page, live_server, vsw)
    page.goto(f"{live_server.url}/plans/{plan.code}/")
    expect(page.get_by_role("img", name="Step chart of planned hours a week")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Abandon plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to abandon this plan?"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Abandon plan").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("The plan is now abandoned.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ABANDONED
