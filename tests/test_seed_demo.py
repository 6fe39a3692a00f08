"""The demo data command: complete, repeatable, and never in production."""

import io

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import Case, CaseStatus, Fitness, FitNote, SharingConsent
from rtw.models import Role, User

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    Role.VSW: "vsw@demo.example",
    Role.SUPERVISOR: "supervisor@demo.example",
    Role.CLINICIAN: "gp@demo.example",
    Role.EMPLOYER_CONTACT: "employer@demo.example",
    Role.WORKER: "worker@demo.example",
    Role.ADMIN: "admin@demo.example",
}


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seed_demo_creates_at_least_25_cases_in_every_status(seeded):
    statuses = set(Case.objects.values_list("status", flat=True))

    assert Case.objects.count() >= 25
    assert statuses == set(CaseStatus.values)


def test_seed_demo_creates_a_demo_login_for_every_role(seeded):
    by_role = {role: User.objects.get(email=email).role for role, email in DEMO_LOGINS.items()}

    assert by_role == {role: role for role in DEMO_LOGINS}
    assert set(DEMO_LOGINS) == set(Role)


def test_demo_password_signs_in_every_demo_login(seeded):
    signed_in = {
        email: getattr(
            authenticate(username=email, password=django_settings.DEMO_PASSWORD), "email", None
        )
        for email in DEMO_LOGINS.values()
    }

    assert signed_in == {email: email for email in DEMO_LOGINS.values()}


def test_demo_admin_is_a_superuser_without_organisation(seeded):
    admin = User.objects.get(email="admin@demo.example")

    assert (admin.is_staff, admin.is_superuser, admin.organisation) == (True, True, None)


def test_demo_worker_has_an_active_case_with_the_demo_employer_and_vsw(seeded):
    worker = User.objects.get(email="worker@demo.example")
    vsw = User.objects.get(email="vsw@demo.example")
    employer = User.objects.get(email="employer@demo.example")

    case = Case.objects.get(worker__user=worker)

    assert case.status == CaseStatus.ACTIVE
    assert case.employer == employer.organisation
    assert case.team == vsw.organisation
    assert case.assigned_vsw == vsw
    assert list(Case.objects.visible_to(employer).filter(pk=case.pk)) == [case]


def test_demo_worker_shares_fit_note_advice_and_plan_with_employer(seeded):
    shared = set(
        SharingConsent.objects.active()
        .filter(worker__user__email="worker@demo.example", recipient="EMPLOYER")
        .values_list("item", flat=True)
    )

    assert shared == {"FIT_NOTE_ADVICE", "PLAN"}


def test_demo_fit_notes_are_valid(seeded):
    notes = list(FitNote.objects.all())

    assert notes
    for note in notes:
        note.full_clean()
        assert note.issued_on >= note.assessed_on
        assert note.indefinite == (note.ends_on is None)
        if note.fitness == Fitness.NOT_FIT:
            assert note.advice_boxes() == []


def test_seed_demo_twice_leaves_every_table_unchanged(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = row_counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert row_counts() == first


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("seed_demo", stdout=io.StringIO())

    assert Case.objects.count() == 0
