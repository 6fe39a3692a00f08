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


@pytest.mark.django_db
@pytest.mark.parametrize(("email", "home"), HOMES.items())
def test_demo_user_signs_in_and_lands_on_their_home(demo, email, home):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": email, "password": django_settings.DEMO_PASSWORD},
        follow=True,
    )
    path, heading = home
    assert response.redirect_chain[-1][0] == path
    assert response.status_code == 200
    assert heading in response.content.decode()
