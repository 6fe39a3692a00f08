"""Who a contact was with: the worker, the employer (only with the worker's agreement to involve
them), the GP or someone else, named with their role."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from cases import actions
from cases.forms import ContactForm
from cases.forms.contacts import EMPLOYER_NOT_INVOLVED
from cases.models import Contact, ContactParty
from tests import factories as f
from tests.forms import date_fields, error_summary, field_errors, page_text

pytestmark = pytest.mark.django_db


def contact_data(**overrides):
    data = {
        **date_fields("contact_date", timezone.localdate()),
        "contact_time": "11:00",
        "party": "WORKER",
        "mode": "PHONE",
        "duration_minutes": "20",
        "summary": "Agreed the first week's hours.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def quiet_case(team, practice, employer_org, vsw, clinician):
    """A worker who has not agreed that the service may involve their employer."""
    record = f.WorkerFactory(employer=employer_org, gp_practice=practice)
    return f.CaseFactory(worker=record, team=team, assigned_vsw=vsw, referred_by=clinician)


def test_a_contact_with_the_employer_is_logged_when_the_worker_involves_them(as_user, vsw, case):
    response = as_user(vsw).post(
        f"/cases/{case.code}/contacts/new/", contact_data(party="EMPLOYER")
    )

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.party, contact.other_name, contact.other_role) == ("EMPLOYER", "", "")
    page = page_text(as_user(vsw).get(f"/cases/{case.code}/contacts/"))
    assert "With: Their employer" in page


def test_a_contact_with_the_employer_is_refused_without_involvement(as_user, vsw, quiet_case):
    response = as_user(vsw).post(
        f"/cases/{quiet_case.code}/contacts/new/", contact_data(party="EMPLOYER")
    )

    assert response.status_code == 200
    assert field_errors(response, "id_party") == [EMPLOYER_NOT_INVOLVED]
    assert error_summary(response) == [EMPLOYER_NOT_INVOLVED]
    assert Contact.objects.count() == 0


def test_the_action_refuses_an_employer_contact_without_involvement(vsw, quiet_case):
    contact = Contact(
        occurred_at=timezone.now(),
        mode="PHONE",
        duration_minutes=10,
        summary="Rang the line manager.",
        party=ContactParty.EMPLOYER,
    )

    with pytest.raises(actions.TransitionError) as refused:
        actions.log_contact(case=quiet_case, contact=contact, by=vsw)

    assert str(refused.value) == (
        "The worker has not agreed that the service may contact their employer."
    )
    assert Contact.objects.count() == 0


def test_someone_else_needs_a_name_and_a_role(as_user, vsw, case):
    response = as_user(vsw).post(f"/cases/{case.code}/contacts/new/", contact_data(party="OTHER"))

    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter the name of the person the contact was with",
        "Enter the role of the person the contact was with",
    ]
    assert Contact.objects.count() == 0


def test_someone_else_is_shown_with_name_and_role(as_user, vsw, case):
    as_user(vsw).post(
        f"/cases/{case.code}/contacts/new/",
        contact_data(party="OTHER", other_name="Priya Shah", other_role="Occupational health"),
    )

    contact = Contact.objects.get()
    assert (contact.party, contact.other_name, contact.other_role) == (
        "OTHER",
        "Priya Shah",
        "Occupational health",
    )
    assert "With: Priya Shah (Occupational health)" in page_text(
        as_user(vsw).get(f"/cases/{case.code}/contacts/")
    )


def test_a_name_typed_before_choosing_the_worker_is_dropped(as_user, vsw, case):
    as_user(vsw).post(
        f"/cases/{case.code}/contacts/new/",
        contact_data(party="GP", other_name="Dr Patel", other_role="GP"),
    )

    assert Contact.objects.values_list("party", "other_name", "other_role").get() == ("GP", "", "")


def test_the_form_without_a_case_does_not_check_involvement():
    form = ContactForm(data=contact_data(party="EMPLOYER"))

    assert form.errors.get("party") is None


def test_the_database_refuses_someone_else_without_a_name(case, vsw):
    with pytest.raises(IntegrityError):
        f.ContactFactory(case=case, party="OTHER", other_name="", other_role="Adviser")


def test_existing_contacts_default_to_the_worker(case):
    contact = f.ContactFactory(case=case)

    assert (contact.party, contact.with_label()) == ("WORKER", "The worker")
