"""A referral need not pick the employer from the list: the clinician may type it (for the
service to link later) or say there is none; employer-only steps are skipped while there is none.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, Employment, SharingConsent, Worker
from rtw.models import AuditEvent, Organisation, OrganisationKind
from tests import factories as f
from tests.forms import date_fields, error_summary, field_errors, page_text

TYPED_NAME = "Kidsgrove Bakery"
TYPED_CONTACT = "Ruth Allen (owner), 01782 000111"


def referral_data(team, **overrides) -> dict:
    """A new patient's referral that answers the employer question only through ``overrides``."""
    today = timezone.localdate()
    data = {
        "worker-first_name": "Olivia",
        "worker-last_name": "Barnes",
        **date_fields("worker-date_of_birth", today.replace(year=today.year - 42)),
        "worker-preferred_contact": "PHONE",
        "worker-job_title": "Baker",
        "worker-contracted_hours": "30",
        **date_fields("worker-absence_started_on", today - timedelta(weeks=5)),
        "referral-team": str(team.pk),
        "referral-reason": "Back pain; worried about lifting trays.",
        "referral-consent": "on",
        **date_fields("referral-consent_given_on", today),
        "referral-consent_method": "VERBAL",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def checked_radios(response, name: str) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [i["value"] for i in soup.select(f'input[name="{name}"]') if i.has_attr("checked")]


def employer_answer(case: Case) -> tuple:
    return (
        case.employment,
        case.employer,
        case.employer_name_given,
        case.employer_contact_given,
        case.worker.employer,
    )


@pytest.fixture
def typed_referral(team, practice, clinician):
    """A referral whose employer the clinician typed and nobody has linked yet."""
    worker = f.WorkerFactory(
        first_name="Olivia", last_name="Barnes", employer=None, gp_practice=practice
    )
    return f.CaseFactory(
        worker=worker,
        team=team,
        employer=None,
        employer_name_given=TYPED_NAME,
        employer_contact_given=TYPED_CONTACT,
        referred_by=clinician,
        assigned_vsw=None,
        status=CaseStatus.REFERRED,
    )


@pytest.fixture
def self_employed_case(team, practice, clinician, vsw, worker):
    """An active case of the ``worker`` persona, who is self-employed."""
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
    )


# --- The clinician's answer -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("answer", [Employment.SELF_EMPLOYED, Employment.BETWEEN_JOBS])
def test_clinician_refers_a_patient_with_no_employer(
    as_user, clinician, team, employer_org, answer
):
    response = as_user(clinician).post(
        "/cases/refer/",
        # An employer picked before the clinician changed their answer is not kept.
        referral_data(team, **{"worker-employment": answer, "worker-employer": employer_org.pk}),
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.status, employer_answer(case)) == (
        CaseStatus.REFERRED,
        (answer, None, "", "", None),
    )


@pytest.mark.django_db
def test_clinician_refers_with_an_employer_typed_in(as_user, clinician, team, supervisor):
    response = as_user(clinician).post(
        "/cases/refer/",
        referral_data(
            team,
            **{
                "worker-employment": "NOT_LISTED",
                "worker-employer_name": f"  {TYPED_NAME} ",
                "worker-employer_contact": TYPED_CONTACT,
            },
        ),
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert employer_answer(case) == (
        Employment.EMPLOYED,
        None,
        TYPED_NAME,
        TYPED_CONTACT,
        None,
    )
    page = page_text(as_user(supervisor).get(f"/cases/{case.code}/"))
    assert f"Employer not linked: {TYPED_NAME}" in page
    assert f"Contact given at referral: {TYPED_CONTACT}" in page


@pytest.mark.django_db
def test_clinician_picks_a_known_employer_from_the_list(as_user, clinician, team, employer_org):
    as_user(clinician).post(
        "/cases/refer/",
        referral_data(
            team,
            **{
                "worker-employment": "LISTED",
                "worker-employer": employer_org.pk,
                # Typed before the clinician found the employer on the list: not kept.
                "worker-employer_name": TYPED_NAME,
            },
        ),
    )

    case = Case.objects.get()
    assert employer_answer(case) == (Employment.EMPLOYED, employer_org, "", "", employer_org)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "field", "message"),
    [
        ({}, "id_worker-employment", "Select who the patient works for"),
        (
            {"worker-employment": "LISTED"},
            "id_worker-employer",
            "Select the patient's employer, or choose another option",
        ),
        (
            {"worker-employment": "NOT_LISTED", "worker-employer_name": "   "},
            "id_worker-employer_name",
            "Enter the employer's name, or choose another option",
        ),
        (
            {"worker-employment": "NOT_LISTED", "worker-employer_name": "B" * 201},
            "id_worker-employer_name",
            "Enter the employer's name in 200 characters or fewer",
        ),
        (
            {
                "worker-employment": "NOT_LISTED",
                "worker-employer_name": TYPED_NAME,
                "worker-employer_contact": "C" * 201,
            },
            "id_worker-employer_contact",
            "Enter the contact in 200 characters or fewer",
        ),
        (
            {"worker-employment": "RETIRED"},
            "id_worker-employment",
            "Select who the patient works for",
        ),
    ],
)
def test_each_wrong_employer_answer_is_explained_by_the_field_and_in_the_summary(
    as_user, clinician, team, answer, field, message
):
    response = as_user(clinician).post("/cases/refer/", referral_data(team, **answer))

    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert field_errors(response, field) == [message]
    assert (Case.objects.count(), Worker.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_an_answer_given_without_its_radio_is_taken_when_not_in_doubt(
    as_user, clinician, team, employer_org
):
    """Without JavaScript the list and the name fields all show, radios or not."""
    both = referral_data(
        team, **{"worker-employer": employer_org.pk, "worker-employer_name": TYPED_NAME}
    )
    assert error_summary(as_user(clinician).post("/cases/refer/", both)) == [
        "Select who the patient works for"
    ]

    typed = referral_data(team, **{"worker-employer_name": TYPED_NAME})
    assert as_user(clinician).post("/cases/refer/", typed).status_code == 302
    assert employer_answer(Case.objects.get()) == (
        Employment.EMPLOYED,
        None,
        TYPED_NAME,
        "",
        None,
    )


@pytest.mark.django_db
def test_a_registered_patient_chosen_as_the_match_takes_the_answer_given_now(
    as_user, clinician, practice, team, employer_org
):
    today = timezone.localdate()
    existing = f.WorkerFactory(
        first_name="Olivia",
        last_name="Barnes",
        date_of_birth=today.replace(year=today.year - 42),
        gp_practice=practice,
        employer=employer_org,
    )

    response = as_user(clinician).post(
        "/cases/refer/",
        referral_data(
            team, **{"worker-employment": "BETWEEN_JOBS", "choice-use_worker": str(existing.code)}
        ),
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert case.worker == existing
    assert employer_answer(case) == (Employment.BETWEEN_JOBS, None, "", "", None)


@pytest.mark.django_db
def test_referral_page_asks_with_radios_that_reveal_the_list_and_the_name(as_user, clinician):
    response = as_user(clinician).get("/cases/refer/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-module="govuk-radios"' in html
    assert 'data-aria-controls="conditional_worker-employment_0"' in html
    assert 'data-aria-controls="conditional_worker-employment_2"' not in html
    assert 'id="id_worker-employment"' in html
    assert 'id="conditional_worker-employment_0"' in html
    assert 'class="govuk-select' in html
    text = page_text(response)
    for label in (
        "Who does the patient work for?",
        "An employer on the list",
        "An employer that is not on the list",
        "Self-employed",
        "Between jobs, with no employer at the moment",
        "Contact at the employer (optional)",
    ):
        assert label in text


@pytest.fixture
def known_patient(practice, team, clinician, employer_org):
    worker = f.WorkerFactory(
        first_name="Olivia", last_name="Barnes", gp_practice=practice, employer=employer_org
    )
    f.CaseFactory(worker=worker, team=team, referred_by=clinician, status=CaseStatus.CLOSED)
    return worker


def episode_data(team, **answer) -> dict:
    today = timezone.localdate()
    return {
        **answer,
        "episode-job_title": "Driver",
        "episode-contracted_hours": "30",
        **date_fields("episode-absence_started_on", today - timedelta(weeks=3)),
        "referral-team": str(team.pk),
        "referral-reason": "Back pain again.",
        "referral-consent": "on",
        **date_fields("referral-consent_given_on", today),
        "referral-consent_method": "VERBAL",
    }


@pytest.mark.django_db
def test_a_registered_patient_now_self_employed_is_referred_without_employer(
    as_user, clinician, team, known_patient
):
    page = as_user(clinician).get(f"/cases/refer/patient/{known_patient.code}/")
    assert checked_radios(page, "episode-employment") == ["LISTED"]

    response = as_user(clinician).post(
        f"/cases/refer/patient/{known_patient.code}/",
        episode_data(team, **{"episode-employment": "SELF_EMPLOYED"}),
    )

    case = Case.objects.get(status=CaseStatus.REFERRED)
    assert response.status_code == 302
    assert employer_answer(case) == (Employment.SELF_EMPLOYED, None, "", "", None)


@pytest.mark.django_db
def test_a_registered_patient_form_repeats_the_last_typed_employer(
    as_user, clinician, team, typed_referral
):
    response = as_user(clinician).get(f"/cases/refer/patient/{typed_referral.worker.code}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert checked_radios(response, "episode-employment") == ["NOT_LISTED"]
    assert f'value="{TYPED_NAME}"' in html
    assert f'value="{TYPED_CONTACT}"' in html


@pytest.mark.django_db
def test_the_database_refuses_an_employer_on_a_worker_with_none(typed_referral, employer_org):
    with pytest.raises(IntegrityError):
        Case.objects.filter(pk=typed_referral.pk).update(employment=Employment.BETWEEN_JOBS)


# --- The service links the employer -----------------------------------------------------------


@pytest.mark.django_db
def test_referral_queue_and_decision_page_offer_to_link_a_typed_employer(
    as_user, supervisor, typed_referral
):
    link = f'href="/cases/{typed_referral.code}/employer/"'

    queue = as_user(supervisor).get("/cases/referrals/")
    decision = as_user(supervisor).get(f"/cases/{typed_referral.code}/decision/")

    assert f"Employer not linked: {TYPED_NAME}" in page_text(queue)
    assert link in queue.content.decode()
    assert f"Employer not linked: {TYPED_NAME}" in page_text(decision)
    assert f"Contact: {TYPED_CONTACT}" in page_text(decision)
    assert link in decision.content.decode()


@pytest.mark.django_db
def test_link_page_suggests_an_employer_of_the_same_name(as_user, supervisor, typed_referral):
    same = f.EmployerFactory(name=TYPED_NAME.upper())

    response = as_user(supervisor).get(f"/cases/{typed_referral.code}/employer/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{same.pk}" selected>' in html
    assert TYPED_CONTACT in page_text(response)


@pytest.mark.django_db
def test_vsw_links_the_case_to_an_existing_employer(
    as_user, supervisor, typed_referral, employer_org
):
    response = as_user(supervisor).post(
        f"/cases/{typed_referral.code}/employer/",
        {"link": "EXISTING", "organisation": employer_org.pk},
    )

    typed_referral.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{typed_referral.code}/decision/"
    assert (typed_referral.employer, typed_referral.worker.employer) == (
        employer_org,
        employer_org,
    )
    assert typed_referral.employer_name_given == TYPED_NAME  # kept, as the referral said
    assert list(
        typed_referral.events.filter(kind=CaseEvent.Kind.EMPLOYER).values_list("summary", "actor")
    ) == [
        (f"Employer linked: {employer_org.name}, given at referral as {TYPED_NAME}", supervisor.pk)
    ]
    audit = AuditEvent.objects.get(action="case.link_employer")
    assert (audit.actor_id, audit.record_code, audit.detail) == (
        supervisor.pk,
        str(typed_referral.code),
        {"organisation": str(employer_org.code), "created": False},
    )


@pytest.mark.django_db
def test_vsw_creates_the_employer_from_what_was_typed(as_user, vsw, typed_referral):
    typed_referral.status = CaseStatus.ACCEPTED
    typed_referral.assigned_vsw = vsw
    typed_referral.save()

    response = as_user(vsw).post(
        f"/cases/{typed_referral.code}/employer/",
        {"link": "NEW", "name": TYPED_NAME, "address": "1 High Street, Kidsgrove ST7 1AA"},
    )

    typed_referral.refresh_from_db()
    made = Organisation.objects.get(name=TYPED_NAME)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{typed_referral.code}/"
    assert (made.kind, made.address) == (
        OrganisationKind.EMPLOYER,
        "1 High Street, Kidsgrove ST7 1AA",
    )
    assert (typed_referral.employer, typed_referral.worker.employer) == (made, made)
    assert list(
        typed_referral.events.filter(kind=CaseEvent.Kind.EMPLOYER).values_list("summary", flat=True)
    ) == [f"Employer linked: {TYPED_NAME} (new employer)"]
    assert list(
        AuditEvent.objects.filter(action__in=["organisation.create", "case.link_employer"])
        .order_by("id")
        .values_list("action", "record_code")
    ) == [
        ("organisation.create", str(made.code)),
        ("case.link_employer", str(typed_referral.code)),
    ]
    page = page_text(as_user(vsw).get(f"/cases/{typed_referral.code}/"))
    assert "Employer not linked" not in page
    assert f"Employer {TYPED_NAME}, Administrator" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "id_link", "Select whether the employer is on the list or new"),
        (
            {"link": "EXISTING"},
            "id_organisation",
            "Select the employer, or choose a new employer",
        ),
        ({"link": "NEW", "name": " "}, "id_name", "Enter the new employer's name"),
        (
            {"link": "NEW", "name": "pennine logistics ltd"},
            "id_name",
            "An employer called pennine logistics ltd already exists: choose it from the list "
            "instead",
        ),
    ],
)
def test_each_wrong_link_answer_is_explained(
    as_user, supervisor, typed_referral, employer_org, data, field, message
):
    response = as_user(supervisor).post(f"/cases/{typed_referral.code}/employer/", data)

    typed_referral.refresh_from_db()
    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert field_errors(response, field) == [message]
    assert typed_referral.employer is None
    assert Organisation.objects.filter(kind=OrganisationKind.EMPLOYER).count() == 1


@pytest.mark.django_db
def test_a_vsw_of_another_team_cannot_find_the_link_page(
    as_user, vsw_other_team, typed_referral, employer_org
):
    client = as_user(vsw_other_team)
    url = f"/cases/{typed_referral.code}/employer/"

    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"link": "EXISTING", "organisation": employer_org.pk}).status_code == 404
    )
    typed_referral.refresh_from_db()
    assert typed_referral.employer is None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["clinician", "employer", "worker"])
def test_only_service_staff_may_link_an_employer(request, as_user, persona, typed_referral):
    user = request.getfixturevalue(persona)

    assert as_user(user).get(f"/cases/{typed_referral.code}/employer/").status_code == 403


@pytest.mark.django_db
def test_a_case_with_no_employer_waiting_is_not_linked_again(
    as_user, vsw, case, other_employer_org
):
    response = as_user(vsw).post(
        f"/cases/{case.code}/employer/", {"link": "EXISTING", "organisation": other_employer_org.pk}
    )

    case.refresh_from_db()
    assert response.status_code == 302
    assert case.employer.name == "Pennine Logistics Ltd"
    assert not case.events.filter(kind=CaseEvent.Kind.EMPLOYER).exists()


# --- Employer-only steps are skipped while there is none ------------------------------------


@pytest.mark.django_db
def test_case_page_without_employer_offers_no_sharing_with_an_employer(
    as_user, vsw, self_employed_case
):
    summary = page_text(as_user(vsw).get(f"/cases/{self_employed_case.code}/"))
    response = as_user(vsw).get(f"/cases/{self_employed_case.code}/what-is-shared/")

    text = page_text(response)
    assert response.status_code == 200
    assert "Employer Self-employed, Administrator" in summary
    assert "The worker has no employer, so nothing is shared with one." in text
    assert "with Their employer" not in text
    assert 'value="EMPLOYER"' not in response.content.decode()


@pytest.mark.django_db
def test_sharing_with_a_missing_employer_is_refused(
    as_user, vsw, worker, self_employed_case, typed_referral
):
    for client, url in (
        (as_user(vsw), f"/cases/{self_employed_case.code}/sharing/"),
        (as_user(worker), f"/cases/my-support/{self_employed_case.code}/sharing/"),
    ):
        response = client.post(
            url, {"recipient": "EMPLOYER", "item": "PLAN", "share": "yes"}, follow=True
        )
        assert "There is no employer on this case to share with." in page_text(response)

    assert SharingConsent.objects.count() == 0


@pytest.mark.django_db
def test_worker_with_no_employer_sees_only_what_they_share_with_their_gp(
    as_user, worker, self_employed_case
):
    home = page_text(as_user(worker).get("/cases/my-support/"))
    sharing = as_user(worker).get(f"/cases/my-support/{self_employed_case.code}/sharing/")

    assert "Choose what your GP can see" in home
    assert "Shared with" not in home
    assert sharing.status_code == 200
    assert "There is no employer on your case, so nothing is shared with an employer." in (
        page_text(sharing)
    )
    assert 'value="EMPLOYER"' not in sharing.content.decode()


@pytest.mark.django_db
def test_employers_see_no_case_without_an_employer(
    employer, other_employer, self_employed_case, typed_referral
):
    typed_referral.status = CaseStatus.ACTIVE
    typed_referral.assigned_vsw = self_employed_case.assigned_vsw
    typed_referral.save()

    for user in (employer, other_employer):
        assert list(Case.objects.visible_to(user)) == []
        assert not user.has_perm("cases.see_case", self_employed_case)
        assert not user.has_perm("cases.see_case", typed_referral)


@pytest.mark.django_db
def test_worklist_shows_what_is_known_of_each_employer(
    as_user, vsw, team, employer_org, self_employed_case, typed_referral
):
    f.CaseFactory(team=team, assigned_vsw=vsw, worker__employer=employer_org)
    typed_referral.status = CaseStatus.ACTIVE
    typed_referral.assigned_vsw = vsw
    typed_referral.save()

    text = page_text(as_user(vsw).get("/cases/"))

    assert "Pennine Logistics Ltd" in text
    assert "Self-employed" in text
    assert f"Employer not linked: {TYPED_NAME}" in text
