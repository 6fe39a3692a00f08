"""Each demo login, signed in through the real form, lands on its role's home page, which
renders with the demo data behind it (the pages `make run` shows)."""

import io

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

HOMES = {
    "vsw@demo.example": ("/cases/", "My caseload"),
    "supervisor@demo.example": ("/cases/team/", "Team caseload"),
    "gp@demo.example": ("/cases/my-referrals/", "My referrals"),
    "employer@demo.example": ("/cases/employees/", "Employees being supported back to work"),
    "worker@demo.example": ("/cases/my-support/", "My return-to-work support"),
    "admin@demo.example": ("/admin/", "Site administration"),
}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


# The roles that give a code after the password (OTP_REQUIRED_ROLES); the demo gives them the
# demo key, whose code `manage.py demo_totp` prints.
ASKED_FOR_A_CODE = {
    "vsw@demo.example",
    "supervisor@demo.example",
    "gp@demo.example",
    "admin@demo.example",
}


def demo_code() -> str:
    out = io.StringIO()
    call_command("demo_totp", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.mark.django_db
@pytest.mark.parametrize(("email", "home"), HOMES.items())
def test_demo_user_signs_in_and_lands_on_their_home(demo, email, home):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": email, "password": django_settings.DEMO_PASSWORD},
        follow=True,
    )
    if email in ASKED_FOR_A_CODE:
        assert response.redirect_chain[-1][0] == "/accounts/two-factor/code/?next=/"
        response = client.post(
            "/accounts/two-factor/code/", {"code": demo_code(), "next": "/"}, follow=True
        )
    path, heading = home
    assert response.redirect_chain[-1][0] == path
    assert response.status_code == 200
    assert heading in response.content.decode()


@pytest.mark.django_db
def test_demo_totp_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("demo_totp", stdout=io.StringIO())


# The Dutch and Swedish services' accounts (demo.data.SERVICES), in their own language: each
# lands on its role's home, where the service's worker is named.
SERVICE_HOMES = {
    "vsw-nl@demo.example": ("/cases/", "Daan Jansen"),
    "supervisor-nl@demo.example": ("/cases/team/", "Daan Jansen"),
    "gp-nl@demo.example": ("/cases/my-referrals/", "Daan Jansen"),
    "employer-nl@demo.example": ("/cases/employees/", "Daan Jansen"),
    "worker-nl@demo.example": ("/cases/my-support/", "Daan Jansen"),
    "vsw-se@demo.example": ("/cases/", "Oskar Svensson"),
    "supervisor-se@demo.example": ("/cases/team/", "Oskar Svensson"),
    "gp-se@demo.example": ("/cases/my-referrals/", "Oskar Svensson"),
    "employer-se@demo.example": ("/cases/employees/", "Oskar Svensson"),
    "worker-se@demo.example": ("/cases/my-support/", "Oskar Svensson"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("email", "home"), SERVICE_HOMES.items())
def test_dutch_and_swedish_demo_users_sign_in_and_land_on_their_home(demo, email, home):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": email, "password": django_settings.DEMO_PASSWORD},
        follow=True,
    )
    if email.startswith(("vsw", "supervisor", "gp")):
        assert response.redirect_chain[-1][0] == "/accounts/two-factor/code/?next=/"
        response = client.post(
            "/accounts/two-factor/code/", {"code": demo_code(), "next": "/"}, follow=True
        )
    path, name = home
    assert response.redirect_chain[-1][0] == path
    assert response.status_code == 200
    assert name in response.content.decode()
