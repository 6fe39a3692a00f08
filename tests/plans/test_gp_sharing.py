"""GP sharing means something: what a clinician of the referring practice may open follows the
worker's choices for their GP, as the employer's view follows the choices for the employer.
Referral status and the fit notes the practice issued stay visible; the plan only when shared,
and the adjustment the worker keeps private only when the plan is shared with the GP."""

import pytest

from plans.models import Plan
from plans.sharing import Audience, build_document
from tests import factories as f
from tests.forms import page_text

PRIVATE = "Private counselling on Thursdays"
VISIBLE = "Desk by the window"
PRACTICE_NOTE = "Work-related stress after a restructure"
HOSPITAL_NOTE = "Back pain after a fall"


@pytest.fixture
def plan(case, vsw, clinician):
    plan = f.PlanFactory(case=case, status="PROPOSED")
    f.add_graded_phases(plan)
    f.AdjustmentFactory(plan=plan, description=VISIBLE)
    f.AdjustmentFactory(plan=plan, description=PRIVATE, visible_to_employer=False)
    relapse = f.RelapsePreventionFactory(plan=plan, warning_signs="Sleeping worse")
    f.AgreedActionFactory(relapse=relapse, detail="Call within two working days")
    f.FitNoteFactory(case=case, condition=PRACTICE_NOTE, recorded_by=clinician)
    f.FitNoteFactory(case=case, condition=HOSPITAL_NOTE, recorded_by=vsw, comments="From A&E")
    return plan


def share_with_gp(case, vsw, *items):
    for item in items:
        f.SharingConsentFactory(worker=case.worker, recipient="GP", item=item, granted_by=vsw)


@pytest.mark.django_db
def test_referral_status_and_the_practices_fit_notes_are_always_visible(
    as_user, clinician, case, plan
):
    response = as_user(clinician).get(f"/cases/my-referrals/{case.code}/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Jamie Clarke" in text
    assert "Accepted on" in text
    assert PRACTICE_NOTE in text
    assert HOSPITAL_NOTE not in text
    assert "No plan is shared with you." in text


@pytest.mark.django_db
def test_fit_notes_from_elsewhere_only_with_fit_note_advice_shared(
    as_user, clinician, vsw, case, plan
):
    share_with_gp(case, vsw, "FIT_NOTE_ADVICE")

    text = page_text(as_user(clinician).get(f"/cases/my-referrals/{case.code}/"))

    assert (PRACTICE_NOTE in text, HOSPITAL_NOTE in text) == (True, True)


@pytest.mark.django_db
def test_plan_copy_and_pdf_are_404_until_shared_with_the_gp(as_user, clinician, vsw, case, plan):
    client = as_user(clinician)
    assert client.get(f"/plans/{plan.code}/copy/clinician/").status_code == 404
    assert client.get(f"/plans/{plan.code}/pdf/clinician/").status_code == 404
    assert client.get(
        "/plans/00000000-0000-0000-0000-000000000000/copy/clinician/"
    ).status_code == (404)

    share_with_gp(case, vsw, "PLAN")

    assert client.get(f"/plans/{plan.code}/copy/clinician/").status_code == 200
    assert client.get(f"/plans/{plan.code}/pdf/clinician/").status_code == 200


@pytest.mark.django_db
def test_plan_is_404_again_once_the_worker_withdraws(as_user, clinician, worker, case, plan):
    share_with_gp(case, worker, "PLAN")
    as_user(worker).post(
        f"/cases/my-support/{case.code}/sharing/",
        {"recipient": "GP", "item": "PLAN", "share": "no"},
    )

    assert case.worker.consents.active().filter(recipient="GP").count() == 0
    assert as_user(clinician).get(f"/plans/{plan.code}/copy/clinician/").status_code == 404


@pytest.mark.django_db
def test_home_links_to_the_copies_the_clinician_may_open(as_user, clinician, vsw, case, plan):
    href = f"/plans/{plan.code}/copy/clinician/"
    assert href not in as_user(clinician).get("/cases/my-referrals/").content.decode()
    assert href not in as_user(clinician).get(f"/cases/my-referrals/{case.code}/").content.decode()

    share_with_gp(case, vsw, "PLAN")

    assert href in as_user(clinician).get("/cases/my-referrals/").content.decode()
    assert href in as_user(clinician).get(f"/cases/my-referrals/{case.code}/").content.decode()


@pytest.mark.django_db
def test_private_adjustment_absent_from_clinician_copy_unless_plan_shared(vsw, case, plan):
    assert plan.adjustments.filter(description=PRIVATE).count() == 1
    plan = Plan.objects.get(pk=plan.pk)

    unshared = build_document(plan, Audience.CLINICIAN, plan.starts_on)
    share_with_gp(case, vsw, "PLAN")
    shared = build_document(Plan.objects.get(pk=plan.pk), Audience.CLINICIAN, plan.starts_on)

    assert [a.description for a in unshared.adjustments] == [VISIBLE]
    assert [a.description for a in shared.adjustments] == [VISIBLE, PRIVATE]


@pytest.mark.django_db
def test_shared_plan_page_shows_the_private_adjustment_but_no_relapse_details(
    as_user, clinician, vsw, case, plan
):
    share_with_gp(case, vsw, "PLAN")

    text = page_text(as_user(clinician).get(f"/plans/{plan.code}/copy/clinician/"))

    assert (VISIBLE in text, PRIVATE in text) == (True, True)
    assert "Sleeping worse" not in text
    assert "Call within two working days" not in text
    assert PRACTICE_NOTE not in text  # the condition is never copied back


@pytest.mark.django_db
def test_relapse_details_reach_the_gp_only_when_shared(as_user, clinician, vsw, case, plan):
    share_with_gp(case, vsw, "PLAN", "RELAPSE_ACTIONS", "WARNING_SIGNALS")

    text = page_text(as_user(clinician).get(f"/plans/{plan.code}/copy/clinician/"))

    assert ("Sleeping worse" in text, "Call within two working days" in text) == (True, True)


@pytest.mark.django_db
def test_staff_preview_of_the_clinician_copy_leaves_the_private_adjustment_out(as_user, vsw, plan):
    text = page_text(as_user(vsw).get(f"/plans/{plan.code}/copy/clinician/"))

    assert (VISIBLE in text, PRIVATE in text) == (True, False)


@pytest.mark.django_db
def test_other_practice_gets_404_even_when_shared(as_user, other_clinician, vsw, case, plan):
    share_with_gp(case, vsw, "PLAN")

    assert as_user(other_clinician).get(f"/plans/{plan.code}/copy/clinician/").status_code == 404
