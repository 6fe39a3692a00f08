"""Referring a patient whose NHS number the service holds for another practice tells the
referrer nothing: the referral is taken as usual, as a record of its own flagged for the service,
and the referral queue shows the team a possible duplicate to merge or keep apart (audited)."""

import re

import pytest
from django.db import IntegrityError, transaction

from cases import duplicates
from cases.models import Case, CaseStatus, SharingConsent, Worker
from rtw.models import AuditEvent
from tests import factories as f
from tests.cases.test_referral import referral_data
from tests.forms import page_text

NHS_NUMBER = "9434765919"


@pytest.fixture
def held(other_practice, other_team, employer_org):
    """Olivia Barnes as practice A knows her: a case with another team."""
    worker = f.WorkerFactory(
        first_name="Olivia",
        last_name="Barnes",
        nhs_number=NHS_NUMBER,
        gp_practice=other_practice,
        employer=employer_org,
    )
    f.CaseFactory(worker=worker, team=other_team, status=CaseStatus.ACTIVE)
    return worker


def shape(response, case) -> tuple:
    """The response with everything that differs between two referrals taken out."""
    html = response.content.decode().replace(str(case.code), "CODE")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return response.status_code, response["Location"].replace(str(case.code), "CODE"), html


def refer(client, employer_org, team, **overrides):
    return client.post(
        "/cases/refer/", referral_data(employer_org, team, **overrides), follow=False
    )


@pytest.mark.django_db
def test_referral_is_taken_exactly_like_a_fresh_one(
    as_user, clinician, practice, employer_org, team, held, other_practice
):
    client = as_user(clinician)
    fresh = refer(
        client,
        employer_org,
        team,
        **{"worker-nhs_number": "4010232137", "worker-first_name": "Grace"},
    )
    fresh_case = Case.objects.get(worker__nhs_number="4010232137")
    fresh_page = client.get(fresh["Location"])
    known = refer(client, employer_org, team)
    known_case = Case.objects.get(worker__nhs_number=NHS_NUMBER, referring_practice=practice)
    known_page = client.get(known["Location"])

    assert shape(known, known_case) == shape(fresh, fresh_case)
    assert page_text(known_page).replace(known_case.worker.full_name, "NAME") == (
        page_text(fresh_page).replace(fresh_case.worker.full_name, "NAME")
    )
    text = page_text(known_page)
    assert other_practice.name not in text
    assert "already" not in text.lower()
    assert "duplicate" not in text.lower()
    assert known_case.worker != held
    assert (known_case.worker.duplicate_of, known_case.worker.gp_practice) == (held, practice)


@pytest.mark.django_db
def test_same_practice_keeps_the_already_registered_flow(
    as_user, clinician, practice, employer_org, team
):
    f.WorkerFactory(nhs_number=NHS_NUMBER, gp_practice=practice, first_name="Olivia")
    response = refer(as_user(clinician), employer_org, team)

    assert response.status_code == 200
    assert "Select them" in page_text(response) or "Olivia" in page_text(response)
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_referral_queue_shows_the_possible_duplicate(
    as_user, clinician, supervisor, vsw, employer_org, team, held
):
    refer(as_user(clinician), employer_org, team)
    case = Case.objects.get(team=team)

    for user in (supervisor, vsw):
        response = as_user(user).get("/cases/referrals/")
        assert "Possible duplicate" in page_text(response)
        assert f"/cases/{case.code}/duplicate/" in response.content.decode()

    page = page_text(as_user(vsw).get(f"/cases/{case.code}/duplicate/"))
    assert "Merge the records" in page
    assert "Keep them apart" in page


@pytest.mark.django_db
def test_a_fresh_referral_is_not_flagged(as_user, clinician, supervisor, employer_org, team):
    refer(as_user(clinician), employer_org, team)
    case = Case.objects.get()

    assert "Possible duplicate" not in page_text(as_user(supervisor).get("/cases/referrals/"))
    assert as_user(supervisor).get(f"/cases/{case.code}/duplicate/").status_code == 404


@pytest.mark.django_db
def test_merge_moves_the_referral_to_the_held_record_and_is_audited(
    as_user, clinician, vsw, employer_org, team, held
):
    refer(as_user(clinician), employer_org, team)
    case = Case.objects.get(team=team)
    duplicate = case.worker
    f.SharingConsentFactory(worker=duplicate, recipient="GP", item="PLAN", granted_by=vsw)

    response = as_user(vsw).post(f"/cases/{case.code}/duplicate/", {"merge": "1"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.worker == held
    assert Worker.objects.filter(pk=duplicate.pk).count() == 0
    assert list(SharingConsent.objects.filter(worker=held).values_list("item", flat=True)) == [
        "PLAN"
    ]
    event = AuditEvent.objects.get(action="worker.merge")
    assert (event.actor_id, event.record_code, event.detail["merged"]) == (
        vsw.pk,
        str(held.code),
        str(duplicate.code),
    )
    assert "Possible duplicate" not in page_text(as_user(vsw).get("/cases/referrals/"))


@pytest.mark.django_db
def test_keep_apart_needs_a_reason_and_is_audited(
    as_user, clinician, vsw, employer_org, team, held
):
    refer(as_user(clinician), employer_org, team)
    case = Case.objects.get(team=team)
    client = as_user(vsw)

    refused = client.post(f"/cases/{case.code}/duplicate/", {"reason": ""})
    assert refused.status_code == 200
    assert AuditEvent.objects.filter(action="worker.keep_apart").count() == 0

    response = client.post(
        f"/cases/{case.code}/duplicate/", {"reason": "Twins: the number was mistyped at A"}
    )

    assert response.status_code == 302
    worker = Worker.objects.get(pk=case.worker_id)
    assert (worker.duplicate_of, worker.kept_apart_reason) == (
        held,
        "Twins: the number was mistyped at A",
    )
    event = AuditEvent.objects.get(action="worker.keep_apart")
    assert (event.actor_id, event.record_code) == (vsw.pk, str(worker.code))
    assert "Possible duplicate" not in page_text(client.get("/cases/referrals/"))
    with pytest.raises(duplicates.TransitionError):
        duplicates.merge_workers(duplicate=worker, by=vsw)


@pytest.mark.django_db
def test_only_staff_of_the_case_team_reconcile(
    as_user, clinician, vsw_other_team, employer_org, team, held
):
    refer(as_user(clinician), employer_org, team)
    case = Case.objects.get(team=team)
    url = f"/cases/{case.code}/duplicate/"

    assert as_user(vsw_other_team).post(url, {"merge": "1"}).status_code == 404
    assert as_user(clinician).get(url).status_code == 403
    assert Case.objects.get(pk=case.pk).worker.needs_reconciling


@pytest.mark.django_db
def test_the_nhs_number_stays_unique_among_unflagged_records(held, practice):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.WorkerFactory(nhs_number=NHS_NUMBER, gp_practice=practice)
    flagged = f.WorkerFactory(nhs_number=NHS_NUMBER, gp_practice=practice, duplicate_of=held)
    assert flagged.needs_reconciling
