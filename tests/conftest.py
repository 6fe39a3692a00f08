"""Personas and shared fixtures.

The personas live in two of everything (team, practice, employer), so every access test has
someone who should see a record and someone who must not.
"""

import pytest
from django.test import Client
from django.utils import translation

from cases.models import CaseStatus
from rtw.models import Role
from tests import factories as f
from tests.two_factor import signed_in_client


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A request through LocaleMiddleware leaves its language active in the thread: a Dutch
    page in one test must not make a later test read Dutch."""
    yield
    translation.deactivate()


@pytest.fixture
def team(db):
    return f.TeamFactory(name="North Vocational Support")


@pytest.fixture
def other_team(db):
    return f.TeamFactory(name="South Vocational Support")


@pytest.fixture
def practice(db):
    return f.PracticeFactory(name="Riverside Surgery")


@pytest.fixture
def other_practice(db):
    return f.PracticeFactory(name="Hillview Medical Centre")


@pytest.fixture
def employer_org(db):
    return f.EmployerFactory(name="Pennine Logistics Ltd")


@pytest.fixture
def other_employer_org(db):
    return f.EmployerFactory(name="Calder Foods plc")


@pytest.fixture
def vsw(team):
    return f.UserFactory(
        email="vsw@example.test", full_name="Priya Shah", role=Role.VSW, organisation=team
    )


@pytest.fixture
def vsw_same_team(team):
    return f.UserFactory(
        email="vsw2@example.test", full_name="Tom Hughes", role=Role.VSW, organisation=team
    )


@pytest.fixture
def vsw_other_team(other_team):
    return f.UserFactory(
        email="vsw-other@example.test",
        full_name="Megan Price",
        role=Role.VSW,
        organisation=other_team,
    )


@pytest.fixture
def supervisor(team):
    return f.UserFactory(
        email="supervisor@example.test",
        full_name="Grace Okafor",
        role=Role.SUPERVISOR,
        organisation=team,
    )


@pytest.fixture
def other_supervisor(other_team):
    return f.UserFactory(
        email="supervisor-other@example.test",
        full_name="Ian Walsh",
        role=Role.SUPERVISOR,
        organisation=other_team,
    )


@pytest.fixture
def clinician(practice):
    return f.UserFactory(
        email="gp@example.test",
        full_name="Dr Aisha Rahman",
        role=Role.CLINICIAN,
        organisation=practice,
    )


@pytest.fixture
def other_clinician(other_practice):
    return f.UserFactory(
        email="gp-other@example.test",
        full_name="Dr Owen Jones",
        role=Role.CLINICIAN,
        organisation=other_practice,
    )


@pytest.fixture
def employer(employer_org):
    return f.UserFactory(
        email="hr@example.test",
        full_name="Sarah Lee",
        role=Role.EMPLOYER_CONTACT,
        organisation=employer_org,
    )


@pytest.fixture
def other_employer(other_employer_org):
    return f.UserFactory(
        email="hr-other@example.test",
        full_name="Mark Evans",
        role=Role.EMPLOYER_CONTACT,
        organisation=other_employer_org,
    )


@pytest.fixture
def worker(employer_org):
    """The worker's sign-in account; the ``case`` fixture links their record to it."""
    return f.UserFactory(
        email="worker@example.test",
        full_name="Jamie Clarke",
        role=Role.WORKER,
        organisation=employer_org,
    )


@pytest.fixture
def admin_user(db):
    return f.UserFactory(
        email="admin@example.test",
        full_name="Admin Person",
        role=Role.ADMIN,
        organisation=None,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def case(team, practice, employer_org, vsw, clinician, worker):
    """An active case: worker at ``employer_org``, referred by ``clinician``, run by ``vsw``.
    The worker agrees that the service may involve their employer (ADR 16); tests of a worker
    who does not withdraw it or use ``f.CaseFactory`` without ``f.involve_employer``."""
    record = f.WorkerFactory(
        first_name="Jamie",
        last_name="Clarke",
        employer=employer_org,
        gp_practice=practice,
        user=worker,
    )
    made = f.CaseFactory(
        worker=record, team=team, assigned_vsw=vsw, referred_by=clinician, status=CaseStatus.ACTIVE
    )
    f.involve_employer(made)
    return made


def client_for(user) -> Client:
    """A client signed in as ``user`` (past the second factor, for roles that require one)."""
    return signed_in_client(user)


@pytest.fixture
def as_user():
    """``as_user(persona)`` gives a test client signed in as that persona."""
    return client_for
