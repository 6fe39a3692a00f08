"""Repeated wrong passwords lock that email out for a while, from that address."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

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
