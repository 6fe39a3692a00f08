"""A clinician refers a registered patient again: find, check what changed, send. Axe-clean."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseStatus
from tests import factories as f
from tests.browser.conftest import assert_no_axe_violations, login


def test_clinician_finds_and_refers_a_registered_patient(
    page, live_server, clinician, team, practice, employer_org
):
    worker = f.WorkerFactory(
        first_name="Olivia", last_name="Barnes", gp_practice=practice, employer=employer_org
    )
    f.CaseFactory(worker=worker, team=team, referred_by=clinician, status=CaseStatus.CLOSED)
    today = timezone.localdate()

    login(page, live_server, clinician)
    page.goto(f"{live_server.url}/cases/refer/")
    page.get_by_label("Referred this patient before? Find them by NHS number or name").fill(
        "Barnes"
    )
    page.get_by_role("button", name="Find patient").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Refer Olivia Barnes, born 17 May 1980").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer Olivia Barnes")
    assert_no_axe_violations(page)

    absence = today - timedelta(weeks=3)
    group = page.get_by_role("group", name="First day of this absence")
    group.get_by_label("Day").fill(str(absence.day))
    group.get_by_label("Month").fill(str(absence.month))
    group.get_by_label("Year").fill(str(absence.year))
    page.get_by_label("Reason for referral").fill("Back pain again after a house move.")
    page.get_by_label("The patient agreed to be referred").check()
    consent = page.get_by_role("group", name="Date the patient agreed")
    consent.get_by_label("Day").fill(str(today.day))
    consent.get_by_label("Month").fill(str(today.month))
    consent.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Verbally, in the consultation").check()
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Olivia Barnes")
    assert_no_axe_violations(page)
    new = Case.objects.get(status=CaseStatus.REFERRED)
    assert (new.worker, new.worker.absence_started_on) == (worker, absence)
