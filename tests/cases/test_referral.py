"""A clinician refers a patient on one page; the team accepts or declines; the clinician hears."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, FitNote, Worker
from rtw.models import Notification
from tests import factories as f
from tests.forms import date_fields, error_summary, field_errors, page_text


def referral_data(employer_org, team, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "worker-first_name": "Olivia",
        "worker-last_name": "Barnes",
        **date_fields("worker-date_of_birth", today.replace(year=today.year - 42)),
        "worker-nhs_number": "943 476 5919",
        "worker-email": "olivia.barnes@example.test",
        "worker-mobile": "07700 900123",
        "worker-preferred_contact": "PHONE",
        "worker-employer": str(employer_org.pk),
        "worker-job_title": "Warehouse supervisor",
        "worker-contracted_hours": "37.5",
        **date_fields("worker-absence_started_on", today - timedelta(weeks=5)),
        "referral-team": str(team.pk),
        "referral-reason": "Stress and back pain; worried about lifting duties.",
        "referral-consent": "on",
        **date_fields("referral-consent_given_on", today),
        "referral-consent_method": "VERBAL",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_clinician_refers_a_new_patient(
    as_user, clinician, practice, employer_org, team, supervisor
):
    response = as_user(clinician).post("/cases/refer/", referral_data(employer_org, team))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/my-referrals/{case.code}/"
    assert (case.status, case.team, case.employer, case.referred_by, case.referring_practice) == (
        CaseStatus.REFERRED,
        team,
        employer_org,
        clinician,
        practice,
    )
    assert (case.consent_to_refer_method, case.consent_to_refer_given_on) == (
        "VERBAL",
        timezone.localdate(),
    )
    worker = case.worker
    assert (worker.full_name, worker.nhs_number, worker.gp_practice) == (
        "Olivia Barnes",
        "9434765919",
        practice,
    )
    assert list(case.events.values_list("kind", flat=True)) == [CaseEvent.Kind.REFERRED]
    assert Notification.objects.filter(recipient=supervisor).count() == 1


@pytest.mark.django_db
def test_referral_needs_the_patients_consent(as_user, clinician, employer_org, team):
    response = as_user(clinician).post(
        "/cases/refer/", referral_data(employer_org, team, **{"referral-consent": None})
    )

    assert response.status_code == 200
    message = "Confirm the patient agreed to be referred"
    assert message in error_summary(response)
    assert message in field_errors(response, "id_referral-consent")
    assert Case.objects.count() == 0
    assert Worker.objects.count() == 0


@pytest.mark.django_db
def test_invalid_nhs_number_is_refused_with_a_clear_message(as_user, clinician, employer_org, team):
    response = as_user(clinician).post(
        "/cases/refer/", referral_data(employer_org, team, **{"worker-nhs_number": "9434765918"})
    )

    message = "Enter a valid NHS number, 10 digits like 943 476 5919"
    assert message in error_summary(response)
    assert message in field_errors(response, "id_worker-nhs_number")
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_referral_with_inline_fit_note(as_user, clinician, employer_org, team):
    today = timezone.localdate()
    data = referral_data(
        employer_org,
        team,
        **{
            "referral-include_fit_note": "on",
            "note-form_kind": "MED3_2022",
            "note-condition": "Lumbar strain",
            "note-fitness": "NOT_FIT",
            "note-needs_reassessment": "yes",
            "note-issuer_name": "Dr Aisha Rahman",
            "note-issuer_profession": "DOCTOR",
            **date_fields("note-assessed_on", today),
            **date_fields("note-issued_on", today),
            **date_fields("note-starts_on", today),
            **date_fields("note-ends_on", today + timedelta(days=13)),
            **date_fields("note-condition_started_on", None),
            **date_fields("note-ends_on", today + timedelta(days=13)),
        },
    )
    response = as_user(clinician).post("/cases/refer/", data)

    assert response.status_code == 302
    note = FitNote.objects.get()
    assert (note.case, note.condition, note.fitness, note.recorded_by) == (
        Case.objects.get(),
        "Lumbar strain",
        "NOT_FIT",
        clinician,
    )


@pytest.mark.django_db
def test_inline_fit_note_errors_keep_everything_typed(as_user, clinician, employer_org, team):
    data = referral_data(
        employer_org,
        team,
        **{"referral-include_fit_note": "on", "note-condition": "", "note-fitness": "NOT_FIT"},
    )
    response = as_user(clinician).post("/cases/refer/", data)

    assert response.status_code == 200
    assert "Enter the condition" in error_summary(response)
    assert 'value="Olivia"' in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_likely_duplicate_by_nhs_number_is_offered_and_reused(
    as_user, clinician, practice, employer_org, team
):
    existing = f.WorkerFactory(
        first_name="Olivia",
        last_name="Barnes",
        nhs_number="9434765919",
        gp_practice=practice,
        employer=employer_org,
    )
    client = as_user(clinician)

    first = client.post("/cases/refer/", referral_data(employer_org, team))
    assert first.status_code == 200
    assert "This patient may already be registered" in page_text(first)
    assert "Select the patient, or that this is a new patient" not in error_summary(first)
    assert Case.objects.count() == 0

    second = client.post(
        "/cases/refer/",
        referral_data(employer_org, team, **{"choice-use_worker": str(existing.code)}),
    )
    assert second.status_code == 302
    assert Case.objects.get().worker == existing
    assert Worker.objects.count() == 1


@pytest.mark.django_db
def test_likely_duplicate_by_name_and_birth_date_is_offered(
    as_user, clinician, practice, employer_org, team
):
    today = timezone.localdate()
    f.WorkerFactory(
        first_name="olivia",
        last_name="BARNES",
        gp_practice=practice,
        date_of_birth=today.replace(year=today.year - 42),
    )
    response = as_user(clinician).post(
        "/cases/refer/", referral_data(employer_org, team, **{"worker-nhs_number": ""})
    )
    assert "This patient may already be registered" in page_text(response)


@pytest.mark.django_db
def test_patients_of_other_practices_are_never_offered(
    as_user, clinician, other_practice, employer_org, team
):
    f.WorkerFactory(
        first_name="Olivia", last_name="Barnes", nhs_number="4010232137", gp_practice=other_practice
    )
    response = as_user(clinician).post(
        "/cases/refer/", referral_data(employer_org, team, **{"worker-nhs_number": ""})
    )
    assert response.status_code == 302
    assert Worker.objects.count() == 2


@pytest.mark.django_db
def test_eligibility_hints_are_shown_not_enforced(as_user, clinician, employer_org, team):
    today = timezone.localdate()
    data = referral_data(
        employer_org,
        team,
        **{
            "referral-reason": "",  # keep the form on the page so the hints show
            **date_fields("worker-absence_started_on", today - timedelta(days=5)),
            "referral-red_flags": ["BEREAVEMENT"],
        },
    )
    response = as_user(clinician).post("/cases/refer/", data)
    assert "Absent for under 2 weeks" in page_text(response)

    data["referral-reason"] = "Grief after a bereavement; wants to keep her job."
    response = as_user(clinician).post("/cases/refer/", data)
    assert response.status_code == 302
    assert Case.objects.get().red_flags == ["BEREAVEMENT"]


@pytest.fixture
def referral(team, practice, employer_org, clinician):
    worker = f.WorkerFactory(
        first_name="Olivia", last_name="Barnes", gp_practice=practice, employer=employer_org
    )
    return f.CaseFactory(
        worker=worker,
        team=team,
        referred_by=clinician,
        assigned_vsw=None,
        status=CaseStatus.REFERRED,
    )


@pytest.mark.django_db
def test_supervisor_accepts_and_assigns_a_vsw(
    as_user, supervisor, vsw, clinician, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(supervisor).post(
            f"/cases/{referral.code}/decision/", {"decision": "accept", "accept-vsw": vsw.pk}
        )

    referral.refresh_from_db()
    assert response.status_code == 302
    assert (referral.status, referral.assigned_vsw, referral.decided_by) == (
        CaseStatus.ACCEPTED,
        vsw,
        supervisor,
    )
    assert [m.to for m in mail.outbox] == [[clinician.email]]
    assert mail.outbox[0].subject == "Your referral was accepted"
    assert "Barnes" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=clinician).count() == 1


@pytest.mark.django_db
def test_supervisor_declines_with_a_reason_the_clinician_sees(
    as_user, supervisor, clinician, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(supervisor).post(
            f"/cases/{referral.code}/decision/",
            {"decision": "decline", "decline-reason": "Needs crisis team."},
        )

    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (CaseStatus.DECLINED, "Needs crisis team.")
    assert [m.subject for m in mail.outbox] == ["Your referral was declined"]
    page = as_user(clinician).get(f"/cases/my-referrals/{referral.code}/")
    assert "Declined on" in page_text(page)
    assert "Needs crisis team." in page_text(page)


@pytest.mark.django_db
def test_decline_without_reason_is_refused(as_user, supervisor, referral):
    response = as_user(supervisor).post(
        f"/cases/{referral.code}/decision/", {"decision": "decline", "decline-reason": ""}
    )
    assert "Enter the reason for declining" in error_summary(response)
    referral.refresh_from_db()
    assert referral.status == CaseStatus.REFERRED


@pytest.mark.django_db
def test_cannot_assign_a_vsw_from_another_team(as_user, supervisor, vsw_other_team, referral):
    response = as_user(supervisor).post(
        f"/cases/{referral.code}/decision/", {"decision": "accept", "accept-vsw": vsw_other_team.pk}
    )
    assert response.status_code == 200
    assert any("Select a valid choice" in e for e in error_summary(response))
    referral.refresh_from_db()
    assert referral.status == CaseStatus.REFERRED


@pytest.mark.django_db
def test_failed_decision_email_is_retried_not_dropped(
    as_user, supervisor, vsw, clinician, referral, settings, django_capture_on_commit_callbacks
):
    from rtw.outbox import OutboxMessage, OutboxStatus, sweep

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed.getsockname()[1]
        settings.EMAIL_USE_TLS = False
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(supervisor).post(
                f"/cases/{referral.code}/decision/", {"decision": "accept", "accept-vsw": vsw.pk}
            )

    assert response.status_code == 302
    [message] = OutboxMessage.objects.all()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert message.last_error.startswith("ConnectionRefusedError")
    assert message.next_attempt_at > timezone.now()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sweep(now=message.next_attempt_at) == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([clinician.email], "Your referral was accepted")
    ]


@pytest.mark.django_db
def test_my_referrals_lists_only_my_referrals_with_status(
    as_user, clinician, practice, other_clinician, referral
):
    f.CaseFactory(referred_by=other_clinician, worker__first_name="Zed", worker__last_name="Other")
    response = as_user(clinician).get("/cases/my-referrals/")
    text = page_text(response)
    assert "Olivia Barnes" in text
    assert "Referred" in text
    assert "Zed Other" not in text


@pytest.mark.django_db
def test_referral_queue_shows_team_referrals_only(as_user, supervisor, referral, other_team):
    f.CaseFactory(
        team=other_team,
        status=CaseStatus.REFERRED,
        assigned_vsw=None,
        worker__first_name="Zed",
        worker__last_name="Elsewhere",
    )
    text = page_text(as_user(supervisor).get("/cases/referrals/"))
    assert "Olivia Barnes" in text
    assert "Zed Elsewhere" not in text


@pytest.mark.django_db
def test_choosing_new_patient_with_a_registered_nhs_number_is_an_error_not_a_500(
    as_user, clinician, practice, employer_org, team
):
    f.WorkerFactory(
        first_name="Olivia",
        last_name="Barnes",
        nhs_number="9434765919",
        gp_practice=practice,
        employer=employer_org,
    )
    response = as_user(clinician).post(
        "/cases/refer/", referral_data(employer_org, team, **{"choice-use_worker": "new"})
    )

    message = (
        "A patient with this NHS number is already registered. Select them, or check the number."
    )
    assert response.status_code == 200
    assert message in error_summary(response)
    assert Case.objects.count() == 0


# --- Referring a registered patient again -------------------------------------------------


@pytest.fixture
def known(practice, employer_org, team, clinician):
    worker = f.WorkerFactory(
        first_name="Olivia",
        last_name="Barnes",
        nhs_number="9434765919",
        gp_practice=practice,
        employer=employer_org,
    )
    f.CaseFactory(worker=worker, team=team, referred_by=clinician, status=CaseStatus.CLOSED)
    return worker


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["943 476 5919", "barnes", "Olivia"])
def test_clinician_finds_a_registered_patient(as_user, clinician, known, query):
    text = page_text(as_user(clinician).get("/cases/refer/", {"q": query}))
    assert "Refer Olivia Barnes, born 17 May 1980" in text


@pytest.mark.django_db
def test_patients_of_another_practice_are_not_found_or_referable(as_user, other_clinician, known):
    client = as_user(other_clinician)
    assert "Olivia Barnes" not in page_text(client.get("/cases/refer/", {"q": "Barnes"}))
    assert client.get(f"/cases/refer/patient/{known.code}/").status_code == 404


@pytest.mark.django_db
def test_registered_patient_is_referred_with_only_what_changed(
    as_user, clinician, known, team, employer_org
):
    today = timezone.localdate()
    response = as_user(clinician).post(
        f"/cases/refer/patient/{known.code}/",
        {
            "episode-employer": str(employer_org.pk),
            "episode-job_title": "Driver",
            "episode-contracted_hours": "30",
            **date_fields("episode-absence_started_on", today - timedelta(weeks=3)),
            "referral-team": str(team.pk),
            "referral-reason": "Back pain again.",
            "referral-consent": "on",
            **date_fields("referral-consent_given_on", today),
            "referral-consent_method": "VERBAL",
        },
    )
    new_case = Case.objects.get(status=CaseStatus.REFERRED)
    assert response["Location"] == f"/cases/my-referrals/{new_case.code}/"
    assert new_case.worker == known
    assert Worker.objects.count() == 1
    known.refresh_from_db()
    assert (known.job_title, known.contracted_hours, known.absence_started_on) == (
        "Driver",
        30,
        today - timedelta(weeks=3),
    )


@pytest.mark.django_db
def test_registered_patient_referral_errors_are_shown(as_user, clinician, known):
    response = as_user(clinician).post(f"/cases/refer/patient/{known.code}/", {})
    summary = error_summary(response)
    assert "Enter the reason for referral" in summary
    assert "Confirm the patient agreed to be referred" in summary
    assert Case.objects.count() == 1
