"""No existence oracles: an employer or clinician asking for a plan, copy, PDF or signature they
may not see gets the same 404 as for a plan that does not exist, and the refusal is audited."""

import uuid

import pytest

from cases.models import ShareItem
from plans.models import PlanStatus
from rtw.models import AuditEvent, AuditOutcome
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(case):
    """Jamie's proposed plan; Jamie involves the employer (the ``case`` fixture)."""
    made = f.PlanFactory(case=case, status=PlanStatus.PROPOSED)
    f.add_graded_phases(made, hours=(10, 20, 40))
    return made


def release_plan(case, by):
    f.SharingConsentFactory(
        worker=case.worker, recipient="EMPLOYER", item=ShareItem.PLAN, granted_by=by
    )


def employer_answers(client, code) -> dict[str, int]:
    return {
        "copy": client.get(f"/plans/{code}/copy/employer/").status_code,
        "pdf": client.get(f"/plans/{code}/pdf/employer/").status_code,
        "sign": client.post(f"/plans/{code}/employer-sign/").status_code,
    }


MISSING = {"copy": 404, "pdf": 404, "sign": 404}


def test_an_unreleased_plan_of_the_employers_own_employee_answers_404(as_user, employer, plan):
    client = as_user(employer)

    assert employer_answers(client, plan.code) == MISSING
    assert employer_answers(client, uuid.uuid4()) == MISSING
    assert plan.signoffs.count() == 0


def test_the_refusal_is_audited_with_its_reason(as_user, employer, plan):
    as_user(employer).get(f"/plans/{plan.code}/copy/employer/")

    event = AuditEvent.objects.filter(actor_id=employer.pk, record_code=str(plan.code)).get()
    assert (event.action, event.outcome, event.detail) == (
        "plan.view_employer",
        AuditOutcome.DENIED,
        {"reason": "lacks plans.view_employer_plan"},
    )


def test_a_released_plan_opens_for_the_employer(as_user, employer, vsw, plan, case):
    release_plan(case, vsw)
    client = as_user(employer)

    assert client.get(f"/plans/{plan.code}/copy/employer/").status_code == 200
    assert client.get(f"/plans/{plan.code}/pdf/employer/").status_code == 200


def test_a_released_plan_of_a_worker_who_does_not_involve_the_employer_answers_404(
    as_user, employer, worker, vsw, plan, case
):
    release_plan(case, vsw)
    as_user(worker).post(
        f"/cases/my-support/{case.code}/sharing/",
        {"recipient": "EMPLOYER", "item": "INVOLVEMENT", "share": "no"},
    )

    assert employer_answers(as_user(employer), plan.code) == MISSING


def test_another_employers_contact_gets_404(as_user, other_employer, vsw, plan, case):
    release_plan(case, vsw)

    assert employer_answers(as_user(other_employer), plan.code) == MISSING


def test_a_clinician_of_another_practice_gets_404_for_every_copy(as_user, other_clinician, plan):
    client = as_user(other_clinician)
    answers = {
        audience: (
            client.get(f"/plans/{plan.code}/copy/{audience}/").status_code,
            client.get(f"/plans/{plan.code}/pdf/{audience}/").status_code,
        )
        for audience in ("clinician", "employer", "worker")
    }

    assert answers == {
        "clinician": (404, 404),
        "employer": (404, 404),
        "worker": (404, 404),
    }


def test_the_referring_clinician_opens_their_summary_only_while_shared_with_the_gp(
    as_user, clinician, vsw, plan, case
):
    client = as_user(clinician)
    before = client.get(f"/plans/{plan.code}/copy/clinician/").status_code
    f.SharingConsentFactory(worker=case.worker, recipient="GP", item=ShareItem.PLAN, granted_by=vsw)
    after = client.get(f"/plans/{plan.code}/copy/clinician/").status_code

    assert (before, after) == (404, 200)


def test_the_referring_clinician_asking_for_another_audiences_copy_gets_404(
    as_user, clinician, vsw, plan, case
):
    f.SharingConsentFactory(worker=case.worker, recipient="GP", item=ShareItem.PLAN, granted_by=vsw)
    client = as_user(clinician)

    assert [
        client.get(f"/plans/{plan.code}/copy/{audience}/").status_code
        for audience in ("employer", "worker")
    ] == [404, 404]
