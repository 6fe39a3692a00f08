"""A plan for a worker with no employer: no employer's copy, and the worker's signature agrees it.
A plan whose employer was typed at referral and is not linked yet still waits for the employer."""

from decimal import Decimal

import pytest
from django.utils import timezone

from cases.actions import TransitionError
from cases.models import CaseEvent, CaseStatus, Employment
from plans import actions
from plans.models import PlanStatus
from plans.sharing import Audience, build_document
from tests import factories as f
from tests.forms import page_text


@pytest.fixture
def self_employed_case(team, practice, clinician, vsw, worker):
    record = f.WorkerFactory(
        first_name="Jamie", last_name="Clarke", employer=None, gp_practice=practice, user=worker
    )
    return f.CaseFactory(
        worker=record,
        team=team,
        employer=None,
        employment=Employment.SELF_EMPLOYED,
        referred_by=clinician,
        assigned_vsw=vsw,
        status=CaseStatus.ACTIVE,
    )


def proposed_plan(case):
    plan = f.PlanFactory(case=case, contracted_hours=Decimal("30"), status=PlanStatus.PROPOSED)
    f.add_graded_phases(plan, hours=(10, 20, 30))
    return plan


@pytest.fixture
def plan(self_employed_case):
    return proposed_plan(self_employed_case)


@pytest.mark.django_db
def test_plan_page_without_employer_offers_no_employer_copy(as_user, vsw, plan):
    response = as_user(vsw).get(f"/plans/{plan.code}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview the employer's copy" not in page_text(response)
    assert f"/plans/{plan.code}/copy/employer/" not in html
    assert f"/plans/{plan.code}/pdf/employer/" not in html
    assert f"/plans/{plan.code}/copy/worker/" in html
    assert (
        "Jamie Clarke has no employer (self-employed), so the plan is agreed once they sign it."
        in page_text(response)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["copy", "pdf"])
def test_employer_copy_of_a_plan_without_employer_is_refused_cleanly(as_user, vsw, plan, kind):
    assert as_user(vsw).get(f"/plans/{plan.code}/{kind}/employer/").status_code == 404


@pytest.mark.django_db
def test_worker_copy_and_pdf_of_a_plan_without_employer(as_user, vsw, worker, plan):
    page = as_user(worker).get(f"/plans/{plan.code}/copy/worker/")
    pdf = as_user(vsw).get(f"/plans/{plan.code}/pdf/worker/")
    document = build_document(plan, Audience.WORKER, timezone.localdate())

    assert page.status_code == 200
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert (document.employer_name, document.employment, document.employer_signs) == (
        "",
        "Self-employed",
        False,
    )


@pytest.mark.django_db
def test_plan_of_a_worker_with_no_employer_is_agreed_when_the_vsw_records_the_workers_signature(
    as_user, vsw, worker, plan
):
    as_user(vsw).post(f"/plans/{plan.code}/sign/WORKER/", {"method": "IN_PERSON"})

    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED
    assert list(plan.signoffs.values_list("party", "signed_by")) == [("WORKER", worker.pk)]
    assert plan.case.events.filter(
        kind=CaseEvent.Kind.PLAN, summary="Plan agreed (version 1)"
    ).exists()
    copy = page_text(as_user(worker).get(f"/plans/{plan.code}/copy/worker/"))
    assert "Agreed: signed by the worker" in copy
    assert "Agreed: signed by the worker and the employer" not in copy


@pytest.mark.django_db
def test_plan_of_a_worker_with_no_employer_is_agreed_when_the_worker_signs_it(
    as_user, worker, plan
):
    response = as_user(worker).post(f"/plans/{plan.code}/worker-sign/")

    plan.refresh_from_db()
    assert response.status_code == 302
    assert plan.status == PlanStatus.AGREED


@pytest.mark.django_db
def test_plan_whose_employer_is_not_linked_yet_waits_for_the_employer(
    as_user, vsw, team, practice, clinician
):
    case = f.CaseFactory(
        worker=f.WorkerFactory(employer=None, gp_practice=practice),
        team=team,
        employer=None,
        employer_name_given="Kidsgrove Bakery",
        referred_by=clinician,
        assigned_vsw=vsw,
    )
    plan = proposed_plan(case)

    as_user(vsw).post(f"/plans/{plan.code}/sign/WORKER/", {"method": "IN_PERSON"})
    response = as_user(vsw).get(f"/plans/{plan.code}/")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
    assert "The employer is not linked yet, so they cannot see or sign the plan." in page_text(
        response
    )
    assert f'href="/cases/{case.code}/employer/"' in response.content.decode()
    assert as_user(vsw).get(f"/plans/{plan.code}/copy/employer/").status_code == 404


@pytest.mark.django_db
def test_no_one_can_sign_as_the_employer_of_a_worker_without_one(vsw, plan):
    with pytest.raises(TransitionError, match="There is no employer on this case"):
        actions.sign_plan(plan=plan, party="EMPLOYER", signed_by=vsw, by=vsw)

    assert plan.signoffs.count() == 0


@pytest.mark.django_db
def test_plan_with_an_employer_still_needs_the_employers_signature(as_user, vsw, case):
    plan = proposed_plan(case)

    as_user(vsw).post(f"/plans/{plan.code}/sign/WORKER/", {"method": "IN_PERSON"})

    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
    assert plan.signatories_needed() == {"WORKER", "EMPLOYER"}
