"""Exactly once, whatever the clicking (rtw/once.py; docs/adr/0012).

A double click sends the same form, with the same one-time token, twice: one record is saved and
both answers lead to it. Races that the database refuses (a referral accepted twice, accepted
and declined at once, a plan started twice, a share clicked twice) end in a message, never a
500. The concurrent tests release two requests together against PostgreSQL; the test client
raises a view's exception, so a 500 shows as a raised result.
"""

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, Contact, FitNote, SharingConsent, Worker
from checkins.models import CheckIn
from plans.models import Adjustment, Milestone, Plan
from rtw.models import SubmissionToken
from rtw.once import ALREADY_SAVED
from tests import factories as f
from tests.cases.test_case_lifecycle import contact_data
from tests.cases.test_fit_notes import valid_note
from tests.cases.test_referral import referral_data
from tests.concurrently import raised, run_together
from tests.conftest import client_for
from tests.forms import date_fields, page_text


def token_on(response) -> str:
    """The one-time token of the (first) form on a page."""
    match = re.search(rb'name="once_token" value="([0-9a-f]{32})"', response.content)
    assert match, "the page has no one-time token"
    return match.group(1).decode()


def plan_data() -> dict:
    today = timezone.localdate()
    return {
        "goal": "SAME_JOB_ADAPTED",
        "contracted_hours": "37.5",
        "review_interval_days": "14",
        **date_fields("starts_on", today),
        **date_fields("expected_end_on", today + timedelta(days=41)),
    }


def already_saved_shown(client, location: str) -> bool:
    return ALREADY_SAVED in page_text(client.get(location))


# --- The token ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_rendering_of_a_creating_form_carries_a_fresh_token_and_a_double_click_guard(
    as_user, vsw, case
):
    client = as_user(vsw)
    first = client.get(f"/cases/{case.code}/contacts/new/")
    second = client.get(f"/cases/{case.code}/contacts/new/")

    assert token_on(first) != token_on(second)
    assert b'data-prevent-double-click="true"' in first.content


@pytest.mark.django_db
def test_the_same_token_sent_twice_saves_once_and_both_answers_show_the_record(as_user, vsw, case):
    client = as_user(vsw)
    token = token_on(client.get(f"/cases/{case.code}/contacts/new/"))
    data = {**contact_data(), "once_token": token}

    first = client.post(f"/cases/{case.code}/contacts/new/", data)
    second = client.post(f"/cases/{case.code}/contacts/new/", data)

    assert Contact.objects.count() == 1
    assert (first.status_code, first["Location"]) == (302, f"/cases/{case.code}/contacts/")
    assert (second.status_code, second["Location"]) == (302, f"/cases/{case.code}/contacts/")
    assert already_saved_shown(client, second["Location"])
    assert list(SubmissionToken.objects.values_list("token", "user", "url")) == [
        (uuid.UUID(token), vsw.pk, f"/cases/{case.code}/contacts/")
    ]


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_gives_its_token_back(as_user, vsw, case):
    client = as_user(vsw)
    token = token_on(client.get(f"/cases/{case.code}/contacts/new/"))

    refused = client.post(
        f"/cases/{case.code}/contacts/new/", {**contact_data(summary=""), "once_token": token}
    )
    saved = client.post(
        f"/cases/{case.code}/contacts/new/", {**contact_data(), "once_token": token}
    )

    assert refused.status_code == 200
    assert saved.status_code == 302
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_a_token_someone_else_used_reveals_nothing_and_saves_nothing(
    as_user, vsw, vsw_same_team, case
):
    token = token_on(as_user(vsw).get(f"/cases/{case.code}/contacts/new/"))
    data = {**contact_data(), "once_token": token}
    as_user(vsw).post(f"/cases/{case.code}/contacts/new/", data)

    response = as_user(vsw_same_team).post(f"/cases/{case.code}/contacts/new/", data)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_a_post_without_a_token_is_saved_as_before(as_user, vsw, case):
    response = as_user(vsw).post(f"/cases/{case.code}/contacts/new/", contact_data())
    assert response.status_code == 302
    assert Contact.objects.count() == 1
    assert SubmissionToken.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "what",
    ["fit note", "plan", "adjustment", "milestones", "check-in", "referral of a known patient"],
)
def test_every_creating_form_saves_once_when_sent_twice(
    as_user, vsw, clinician, case, team, employer_org, what
):
    plan = f.PlanFactory(case=case, contracted_hours=Decimal("40"))
    if what != "plan":
        f.add_graded_phases(plan, hours=(10, 20, 40))
    count = {
        "fit note": FitNote.objects.count,
        "plan": Plan.objects.count,
        "adjustment": Adjustment.objects.count,
        "milestones": Milestone.objects.count,
        "check-in": CheckIn.objects.count,
        "referral of a known patient": Case.objects.count,
    }[what]
    user, page, url, data = {
        "fit note": (
            vsw,
            f"/cases/{case.code}/fit-notes/new/",
            f"/cases/{case.code}/fit-notes/new/",
            valid_note(),
        ),
        "plan": (vsw, None, f"/plans/case/{case.code}/new/", plan_data()),
        "adjustment": (
            vsw,
            f"/plans/{plan.code}/adjustments/new/",
            f"/plans/{plan.code}/adjustments/new/",
            {"category": "EQUIPMENT", "description": "Headset"},
        ),
        "milestones": (vsw, f"/plans/{plan.code}/", f"/plans/{plan.code}/milestones/", {}),
        "check-in": (
            vsw,
            f"/cases/{case.code}/check-ins/",
            f"/cases/{case.code}/check-ins/new/",
            {"channel": "PHONE"},
        ),
        "referral of a known patient": (
            clinician,
            f"/cases/refer/patient/{case.worker.code}/",
            f"/cases/refer/patient/{case.worker.code}/",
            {
                k.replace("worker-", "episode-"): v
                for k, v in referral_data(employer_org, team).items()
                if k.startswith("referral-")
                or k
                in (
                    "worker-employer",
                    "worker-job_title",
                    "worker-contracted_hours",
                    "worker-absence_started_on_0",
                    "worker-absence_started_on_1",
                    "worker-absence_started_on_2",
                )
            },
        ),
    }[what]
    client = as_user(user)
    if what == "plan":
        plan.delete()
        page = f"/plans/case/{case.code}/new/"
    before = count()
    token = token_on(client.get(page))
    first = client.post(url, {**data, "once_token": token})
    second = client.post(url, {**data, "once_token": token})

    assert first.status_code == 302, page_text(first)
    assert (second.status_code, second["Location"]) == (302, first["Location"])
    assert count() == before + (8 if what == "milestones" else 1)
    assert already_saved_shown(client, second["Location"])


# --- Two requests at the same moment ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_contact_is_saved_once(vsw, case):
    url = f"/cases/{case.code}/contacts/new/"
    clicks = [client_for(vsw), client_for(vsw)]
    data = {**contact_data(), "once_token": token_on(clicks[0].get(url))}

    results = run_together(*[lambda c=c: c.post(url, data) for c in clicks])

    assert raised(results) == []
    assert Contact.objects.count() == 1
    contacts = f"/cases/{case.code}/contacts/"
    assert [(r.status_code, r["Location"]) for r in results] == [(302, contacts)] * 2
    assert sorted(already_saved_shown(c, contacts) for c in clicks) == [False, True]


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_referral_without_an_nhs_number_makes_one_patient_and_one_case(
    clinician, employer_org, team
):
    clicks = [client_for(clinician), client_for(clinician)]
    data = {
        **referral_data(employer_org, team, **{"worker-nhs_number": None}),
        "once_token": token_on(clicks[0].get("/cases/refer/")),
    }

    results = run_together(*[lambda c=c: c.post("/cases/refer/", data) for c in clicks])

    assert raised(results) == []
    case = Case.objects.get()
    assert Worker.objects.count() == 1
    assert [(r.status_code, r["Location"]) for r in results] == [
        (302, f"/cases/my-referrals/{case.code}/")
    ] * 2


@pytest.mark.django_db(transaction=True)
def test_the_same_new_patient_referred_from_two_pages_at_once_is_registered_once(
    clinician, employer_org, team
):
    pages = [client_for(clinician), client_for(clinician)]
    data = referral_data(employer_org, team)  # with an NHS number, and no token: two tabs

    results = run_together(*[lambda c=c: c.post("/cases/refer/", data) for c in pages])

    assert raised(results) == []
    assert sorted(r.status_code for r in results) == [200, 302]
    refused = next(r for r in results if r.status_code == 200)
    # Refused at the NHS number if both passed the form's checks; offered the patient just
    # registered if the other referral had already committed.
    assert (
        "A patient with this NHS number is already registered" in page_text(refused)
        or b'name="choice-use_worker"' in refused.content
    )
    assert (Worker.objects.count(), Case.objects.count()) == (1, 1)


@pytest.fixture
def referral(team, practice, employer_org, clinician):
    worker = f.WorkerFactory(gp_practice=practice, employer=employer_org)
    return f.CaseFactory(
        worker=worker,
        team=team,
        referred_by=clinician,
        assigned_vsw=None,
        status=CaseStatus.REFERRED,
    )


@pytest.mark.django_db(transaction=True)
def test_a_referral_accepted_twice_at_once_is_decided_once(supervisor, vsw, referral):
    url = f"/cases/{referral.code}/decision/"
    data = {"decision": "accept", "accept-vsw": vsw.pk}
    clicks = [client_for(supervisor), client_for(supervisor)]

    results = run_together(*[lambda c=c: c.post(url, data) for c in clicks])

    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    referral.refresh_from_db()
    assert (referral.status, referral.assigned_vsw) == (CaseStatus.ACCEPTED, vsw)
    assert referral.events.filter(kind=CaseEvent.Kind.ACCEPTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_referral_accepted_and_declined_at_once_gets_one_decision(
    supervisor, other_supervisor, vsw, referral, team
):
    url = f"/cases/{referral.code}/decision/"
    colleague = f.UserFactory(role="SUPERVISOR", organisation=team)

    results = run_together(
        lambda: client_for(supervisor).post(url, {"decision": "accept", "accept-vsw": vsw.pk}),
        lambda: client_for(colleague).post(
            url, {"decision": "decline", "decline-reason": "Needs the crisis team."}
        ),
    )

    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    referral.refresh_from_db()
    decisions = list(
        referral.events.filter(
            kind__in=[CaseEvent.Kind.ACCEPTED, CaseEvent.Kind.DECLINED]
        ).values_list("kind", flat=True)
    )
    assert len(decisions) == 1
    assert (
        referral.status
        == {
            CaseEvent.Kind.ACCEPTED: CaseStatus.ACCEPTED,
            CaseEvent.Kind.DECLINED: CaseStatus.DECLINED,
        }[decisions[0]]
    )


@pytest.mark.django_db(transaction=True)
def test_start_plan_clicked_twice_from_two_pages_starts_one_plan(vsw, case):
    url = f"/plans/case/{case.code}/new/"

    results = run_together(
        lambda: client_for(vsw).post(url, plan_data()),
        lambda: client_for(vsw).post(url, plan_data()),
    )

    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    assert Plan.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True)
def test_default_milestones_asked_for_twice_at_once_are_added_once(vsw, case):
    plan = f.PlanFactory(case=case, contracted_hours=Decimal("40"))
    f.add_graded_phases(plan, hours=(10, 20, 40))
    url = f"/plans/{plan.code}/milestones/"

    results = run_together(lambda: client_for(vsw).post(url), lambda: client_for(vsw).post(url))

    assert raised(results) == []
    titles = list(Milestone.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles)) == 8


@pytest.mark.django_db(transaction=True)
def test_share_clicked_twice_at_once_shares_once(worker, case):
    url = f"/cases/my-support/{case.code}/sharing/"
    data = {"recipient": "EMPLOYER", "item": "PLAN", "share": "yes"}

    results = run_together(
        lambda: client_for(worker).post(url, data), lambda: client_for(worker).post(url, data)
    )

    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    assert SharingConsent.objects.active().filter(worker=case.worker, item="PLAN").count() == 1
