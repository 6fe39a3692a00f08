"""Signing in and out, changing a password, and the house error pages."""

import pytest
from django.test import Client

from rtw.two_factor.actions import second_factor_required
from tests.factories import PASSWORD
from tests.two_factor import code_for, give_authenticator, mark_verified

pytestmark = pytest.mark.django_db

HOME_FOR = [
    ("vsw", "/cases/", "Vocational support worker", "North Vocational Support"),
    ("supervisor", "/cases/team/", "Supervisor", "North Vocational Support"),
    ("clinician", "/cases/my-referrals/", "Clinician", "Riverside Surgery"),
    ("employer", "/cases/employees/", "Employer contact", "Pennine Logistics Ltd"),
    ("worker", "/cases/my-support/", "Worker", "Pennine Logistics Ltd"),
]


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def sign_in_with_code(client: Client, user, email: str):
    """Sign in through the form and, for a role that requires it, the code page."""
    if not second_factor_required(user):
        return sign_in(client, email, follow=True)
    device = give_authenticator(user)
    response = sign_in(client, email, follow=True)
    assert response.redirect_chain == [("/", 302), ("/accounts/two-factor/code/?next=/", 302)]
    return client.post(
        "/accounts/two-factor/code/", {"code": code_for(device), "next": "/"}, follow=True
    )


def header(response) -> str:
    html = response.content.decode()
    start = html.index("<header")
    return html[start : html.index("</header>", start)]


@pytest.mark.parametrize("persona, home, role_label, organisation", HOME_FOR)
def test_sign_in_by_email_lands_each_role_on_its_home_page(
    request, persona, home, role_label, organisation
):
    user = request.getfixturevalue(persona)
    client = Client()

    response = sign_in_with_code(client, user, user.email.upper())

    assert response.redirect_chain == [("/", 302), (home, 302)]
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == home
    top = header(response)
    assert user.full_name in top
    assert role_label in top
    assert organisation in top


def test_administrator_lands_on_the_admin_site(admin_user):
    client = Client()

    response = sign_in_with_code(client, admin_user, "Admin@Example.TEST")

    assert response.redirect_chain == [("/", 302), ("/admin/", 302)]
    assert response.status_code == 200
    assert "Admin" in response.content.decode()  # "Welcome, Admin"


def test_wrong_password_shows_the_error_summary(vsw):
    client = Client()

    response = sign_in(client, vsw.email, "not-the-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


def test_unknown_email_shows_the_same_error_summary(vsw):
    response = sign_in(Client(), "nobody@example.test")

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_signed_in_user_opening_the_sign_in_page_goes_home(as_user, vsw):
    response = as_user(vsw).get("/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_refuses_get(as_user, vsw):
    client = as_user(vsw)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert client.get("/").status_code == 302  # still signed in: home redirects to the worklist
    assert client.get("/")["Location"] == "/cases/"


def test_logout_by_post_signs_out(as_user, vsw):
    client = as_user(vsw)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    after = client.get("/cases/")
    assert after.status_code == 302
    assert after["Location"] == "/accounts/login/?next=/cases/"


def test_password_change_works(vsw):
    client = Client()
    sign_in(client, vsw.email)
    mark_verified(client, vsw)
    new_password = "a-brand-new-long-passphrase"

    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    assert client.get("/accounts/password/done/").status_code == 200
    client.post("/accounts/logout/")
    assert sign_in(Client(), vsw.email, PASSWORD).status_code == 200  # old one refused
    assert sign_in(Client(), vsw.email, new_password)["Location"] == "/"


def test_password_change_with_wrong_old_password_shows_errors(as_user, vsw):
    response = as_user(vsw).post(
        "/accounts/password/",
        {
            "old_password": "wrong",
            "new_password1": "a-brand-new-long-passphrase",
            "new_password2": "a-brand-new-long-passphrase",
        },
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize(
    "persona, path",
    [
        ("worker", "/cases/"),
        ("employer", "/cases/team/"),
        ("clinician", "/cases/employees/"),
        ("vsw", "/cases/my-referrals/"),
        ("supervisor", "/cases/my-support/"),
        ("vsw", "/cases/team/"),
    ],
)
def test_a_role_on_another_roles_page_gets_the_house_403_page(request, as_user, persona, path):
    user = request.getfixturevalue(persona)

    response = as_user(user).get(path)

    assert response.status_code == 403
    assert "You do not have access" in response.content.decode()


def test_unknown_url_gives_the_house_404_page(as_user, vsw):
    response = as_user(vsw).get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "govuk-header" in html


def test_post_without_csrf_token_gets_the_house_csrf_page(vsw):
    client = Client(enforce_csrf_checks=True)

    response = sign_in(client, vsw.email)

    assert response.status_code == 403
    assert "Your session has expired" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signed_in_post_without_csrf_token_gets_the_house_csrf_page(vsw):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vsw)
    mark_verified(client, vsw)

    response = client.post("/accounts/logout/")

    assert response.status_code == 403
    assert "Your session has expired" in response.content.decode()
    assert client.get("/")["Location"] == "/cases/"  # still signed in


@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz"])
def test_content_security_policy_forbids_inline_code(path):
    response = Client().get(path)

    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"


def test_signed_in_pages_carry_the_policy_too(as_user, vsw):
    response = as_user(vsw).get("/cases/")

    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
