"""Case states, contacts, the timeline, and the worker's own controls."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseStatus, Contact
from tests import factories as f
from tests.forms import date_fields, error_summary, field_errors, page_text


def contact_data(**overrides):
    today = timezone.localdate()
    data = {
        **date_fields("contact_date", today),
        "contact_time": "14:30",
        "party": "WORKER",
        "mode": "PHONE",
        "duration_minutes": "25",
        "summary": "Discussed sleep and a first day back.",
        "obstacles": ["HEALTH", "WORKPLACE"],
        "next_step": "Meet line manager on Monday.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_vsw_logs_a_contact_with_obstacles(as_user, vsw, case):
    response = as_user(vsw).post(f"/cases/{case.code}/contacts/new/", contact_data())

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.mode, contact.duration_minutes, contact.obstacles, contact.recorded_by) == (
        "PHONE",
        25,
        ["HEALTH", "WORKPLACE"],
        vsw,
    )
    assert timezone.localtime(contact.occurred_at).strftime("%H:%M") == "14:30"
    page = page_text(as_user(vsw).get(f"/cases/{case.code}/contacts/"))
    assert "Obstacles: Health, Workplace" in page
    assert "Phone contact logged" in page_text(as_user(vsw).get(f"/cases/{case.code}/history/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"summary": ""}, "id_summary", "Enter a summary of the contact"),
        (
            {"duration_minutes": "0"},
            "id_duration_minutes",
            "Enter a duration between 1 and 600 minutes",
        ),
        (
            {"duration_minutes": "ten"},
            "id_duration_minutes",
            "Enter the duration as a whole number of minutes",
        ),
        ({"contact_time": "25:99"}, "id_contact_time", "Enter a time like 14:30"),
        (
            {"mode": "CARRIER_PIGEON"},
            "id_mode",
            "Select a valid choice. CARRIER_PIGEON is not one of the available choices.",
        ),
    ],
)
def test_contact_errors_are_shown_at_the_field_and_in_the_summary(
    as_user, vsw, case, override, field, message
):
    response = as_user(vsw).post(f"/cases/{case.code}/contacts/new/", contact_data(**override))
    assert response.status_code == 200
    assert message in error_summary(response)
    assert message in field_errors(response, field)
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_contact_in_the_future_is_refused(as_user, vsw, case):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = as_user(vsw).post(
        f"/cases/{case.code}/contacts/new/", contact_data(**date_fields("contact_date", tomorrow))
    )
    assert "The contact cannot be in the future" in error_summary(response)


@pytest.mark.django_db
def test_first_contact_after_acceptance_starts_active_support(as_user, vsw, case):
    case.status = CaseStatus.ACCEPTED
    case.save()
    as_user(vsw).post(f"/cases/{case.code}/contacts/new/", contact_data())
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


@pytest.mark.django_db
def test_pause_and_resume(as_user, vsw, case):
    client = as_user(vsw)
    client.post(f"/cases/{case.code}/status/pause/")
    case.refresh_from_db()
    assert case.status == CaseStatus.PAUSED
    client.post(f"/cases/{case.code}/status/resume/")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


@pytest.mark.django_db
def test_status_changes_need_post(as_user, vsw, case):
    assert as_user(vsw).get(f"/cases/{case.code}/status/pause/").status_code == 405
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


@pytest.mark.django_db
def test_resuming_an_active_case_explains_instead_of_failing(as_user, vsw, case):
    client = as_user(vsw)
    response = client.post(f"/cases/{case.code}/status/resume/", follow=True)
    assert "Only a paused case can be resumed." in page_text(response)


@pytest.mark.django_db
def test_close_with_outcome(as_user, vsw, case):
    today = timezone.localdate()
    response = as_user(vsw).post(
        f"/cases/{case.code}/close/",
        {
            "outcome": "SAME_JOB_ADJUSTED",
            **date_fields("closed_on", today),
            # A returned outcome needs the first day back at work (docs/service-figures.md).
            **date_fields("returned_to_work_on", today),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_outcome, case.closed_on, case.closed_by) == (
        CaseStatus.CLOSED,
        "SAME_JOB_ADJUSTED",
        today,
        vsw,
    )


@pytest.mark.django_db
def test_close_without_outcome_shows_errors(as_user, vsw, case):
    response = as_user(vsw).post(f"/cases/{case.code}/close/", {})
    assert error_summary(response) == ["Select the outcome", "Enter the date closed"]
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


@pytest.mark.django_db
def test_worker_can_pause_their_own_support(as_user, worker, case):
    response = as_user(worker).post(f"/cases/my-support/{case.code}/pause/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.PAUSED


@pytest.mark.django_db
def test_worker_can_withdraw_at_any_time(as_user, worker, case):
    as_user(worker).post(f"/cases/my-support/{case.code}/withdraw/")
    case.refresh_from_db()
    assert (case.status, case.closure_outcome, case.closed_by) == (
        CaseStatus.CLOSED,
        "WITHDREW",
        worker,
    )


@pytest.mark.django_db
def test_worker_home_shows_what_is_shared(as_user, worker, vsw, case):
    f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item="PLAN", granted_by=vsw)
    text = page_text(as_user(worker).get("/cases/my-support/"))
    assert "Shared with Pennine Logistics Ltd Return-to-work plan and adjustments" in text
    assert "Priya Shah" in text


@pytest.mark.django_db
def test_case_page_shows_current_fit_note_and_expiry_warning(as_user, vsw, case):
    today = timezone.localdate()
    f.FitNoteFactory(
        case=case,
        starts_on=today - timedelta(days=10),
        assessed_on=today - timedelta(days=10),
        issued_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=4),
    )
    text = page_text(as_user(vsw).get(f"/cases/{case.code}/"))
    assert "The fit note ends in 4 days" in text


@pytest.mark.django_db
def test_case_timeline_is_newest_first(as_user, vsw, case):
    client = as_user(vsw)
    client.post(f"/cases/{case.code}/contacts/new/", contact_data())
    client.post(f"/cases/{case.code}/status/pause/")
    assert list(case.events.values_list("summary", flat=True)) == [
        "Support paused",
        "Phone contact logged",
    ]
    text = page_text(client.get(f"/cases/{case.code}/history/"))
    assert text.index("Support paused") < text.index("Phone contact logged")
