"""Repeated wrong passwords lock that email out for a while, from that address; many wrong
passwords from one address, whichever emails they were for, lock the address."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from rtw.models import Role
from tests import factories as f
from tests.factories import PASSWORD
from tests.forms import page_text


def attempt(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_email_out_even_with_the_right_one(vsw):
    client = Client()
    for _ in range(4):
        response = attempt(client, vsw.email, "wrong-password")
        assert response.status_code == 200
    locked = attempt(client, vsw.email.upper(), "wrong-password")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in page_text(locked)
    assert attempt(client, vsw.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_another_email_is_not_locked_out(vsw, supervisor):
    client = Client()
    for _ in range(5):
        attempt(client, vsw.email, "wrong-password")
    assert attempt(client, supervisor.email, PASSWORD)["Location"] == "/"


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(vsw):
    client = Client()
    for _ in range(5):
        attempt(client, vsw.email, "wrong-password")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, vsw.email, PASSWORD)["Location"] == "/"


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_count(vsw):
    client = Client()
    for _ in range(4):
        attempt(client, vsw.email, "wrong-password")
    assert attempt(client, vsw.email, PASSWORD)["Location"] == "/"
    client.post("/accounts/logout/")
    for _ in range(4):
        assert attempt(client, vsw.email, "wrong-password").status_code == 200


@pytest.mark.django_db
def test_one_address_trying_eight_accounts_once_each_is_locked_out(team):
    accounts = [
        f.UserFactory(email=f"staff{n}@example.test", role=Role.VSW, organisation=team)
        for n in range(9)
    ]
    client = Client()
    answers = [attempt(client, user.email, "wrong-password").status_code for user in accounts[:8]]
    assert answers == [200] * 7 + [429]
    # The address is locked, even for an account it never guessed at with the right password.
    assert attempt(client, accounts[8].email, PASSWORD).status_code == 429
    # Another address is not.
    elsewhere = Client(REMOTE_ADDR="192.0.2.10")
    assert attempt(elsewhere, accounts[8].email, PASSWORD)["Location"] == "/"


@pytest.mark.django_db
def test_a_success_from_the_address_does_not_wipe_its_guesses_at_other_accounts(team, vsw):
    others = [
        f.UserFactory(email=f"staff{n}@example.test", role=Role.VSW, organisation=team)
        for n in range(7)
    ]
    client = Client()
    for user in others[:6]:
        attempt(client, user.email, "wrong-password")
    assert attempt(client, vsw.email, PASSWORD)["Location"] == "/"
    client.post("/accounts/logout/")
    assert attempt(client, others[6].email, "wrong-password").status_code == 200
    assert attempt(client, others[6].email, "wrong-password").status_code == 429


@pytest.mark.django_db
def test_the_address_limit_comes_from_settings(settings, team):
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    accounts = [
        f.UserFactory(email=f"staff{n}@example.test", role=Role.VSW, organisation=team)
        for n in range(3)
    ]
    client = Client()
    answers = [attempt(client, user.email, "wrong-password").status_code for user in accounts]
    assert answers == [200, 200, 429]
