"""A forgotten password is reset by an emailed link: the same answer for every address, one
email (through the outbox) only for an account, throttled per address and per client."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from rtw.outbox import OutboxMessage
from rtw.sessions import UserSession
from tests.factories import PASSWORD
from tests.forms import error_summary, page_text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-long-passphrase-2026"


@pytest.fixture(autouse=True)
def _no_second_factor_asked(settings):
    """These tests are about passwords: nobody is asked for a second factor here."""
    settings.OTP_REQUIRED_ROLES = []


def ask(client, email):
    return client.post("/accounts/password/reset/", {"email": email}, follow=True)


def link_in(message: OutboxMessage) -> str:
    (url,) = re.findall(r"https?://\S+", message.body)
    return url


def test_the_sign_in_page_links_to_the_reset(anonymous):
    response = anonymous.get("/accounts/login/")
    assert 'href="/accounts/password/reset/"' in response.content.decode()


def test_known_and_unknown_addresses_get_the_identical_page_and_only_the_known_an_email(vsw):
    known = ask(Client(), vsw.email.upper())
    unknown = ask(Client(), "nobody@example.test")
    assert (
        known.redirect_chain == unknown.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    )
    assert page_text(known) == page_text(unknown)
    assert list(OutboxMessage.objects.values_list("to_email", "subject")) == [
        (vsw.email, "Reset your password for Return to work")
    ]


def test_an_inactive_account_gets_no_email(vsw):
    vsw.is_active = False
    vsw.save()
    ask(Client(), vsw.email)
    assert OutboxMessage.objects.count() == 0


def test_an_empty_or_malformed_address_is_an_error(anonymous):
    response = anonymous.post("/accounts/password/reset/", {"email": "not-an-address"})
    assert error_summary(response) == [
        "Enter an email address in the correct format, like name@example.com"
    ]


def test_the_link_sets_a_new_password_once_and_ends_every_session(settings, vsw):
    settings.SITE_URL = "https://rtw.example.org"
    signed_in = Client()
    signed_in.post("/accounts/login/", {"username": vsw.email, "password": PASSWORD})
    ask(Client(), vsw.email)
    link = link_in(OutboxMessage.objects.get())
    assert link.startswith("https://rtw.example.org/accounts/password/reset/")

    client = Client()
    form = client.get(link.removeprefix("https://rtw.example.org"), follow=True)
    assert "Choose a new password" in page_text(form)
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    assert done.redirect_chain == [("/accounts/password/reset/done/", 302)]
    vsw.refresh_from_db()
    assert vsw.check_password(NEW_PASSWORD)
    assert signed_in.get("/cases/").status_code == 302
    assert UserSession.objects.filter(user=vsw).count() == 0
    again = Client().get(link.removeprefix("https://rtw.example.org"), follow=True)
    assert "This link does not work" in page_text(again)


def test_a_weak_new_password_is_refused(settings, vsw):
    settings.SITE_URL = "https://rtw.example.org"
    ask(Client(), vsw.email)
    client = Client()
    link = link_in(OutboxMessage.objects.get()).removeprefix("https://rtw.example.org")
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert "This password is too short. It must contain at least 12 characters." in (
        error_summary(response)
    )
    vsw.refresh_from_db()
    assert vsw.check_password(PASSWORD)


def test_one_address_gets_at_most_three_emails_an_hour_and_the_same_page_after(vsw):
    pages = [page_text(ask(Client(REMOTE_ADDR=f"192.0.2.{n}"), vsw.email)) for n in range(5)]
    assert len(set(pages)) == 1
    assert OutboxMessage.objects.count() == 3
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        ask(Client(), vsw.email)
    assert OutboxMessage.objects.count() == 4


def test_one_client_gets_at_most_ten_requests_an_hour(vsw):
    client = Client()
    answers = [
        client.post("/accounts/password/reset/", {"email": f"p{n}@example.test"}).status_code
        for n in range(10)
    ]
    assert answers == [302] * 10
    refused = client.post("/accounts/password/reset/", {"email": vsw.email})
    assert refused.status_code == 429
    assert "Too many requests to reset a password" in page_text(refused)
    assert OutboxMessage.objects.count() == 0
    assert (
        Client(REMOTE_ADDR="192.0.2.99")
        .post("/accounts/password/reset/", {"email": vsw.email})
        .status_code
        == 302
    )
