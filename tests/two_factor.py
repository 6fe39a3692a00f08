"""Second-factor helpers for tests: an authenticator app for a persona, its code now, and a
signed-in test client that counts as having given the code."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rtw.two_factor.actions import second_factor_required


def give_authenticator(user) -> TOTPDevice:
    """``user``'s confirmed authenticator app (made the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def code_for(device: TOTPDevice, at: float | None = None) -> str:
    """The code ``device`` shows at ``at`` (Unix seconds; default now, as time_machine sees
    it)."""
    otp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    otp.time = time.time() if at is None else at
    return f"{otp.token():0{device.digits}d}"


def mark_verified(client: Client, user) -> None:
    """Make ``client``'s session one that has given ``user``'s second factor, as signing in
    with a code would."""
    device = give_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def signed_in_client(user) -> Client:
    """A test client signed in as ``user``; for roles that require a second factor, one that has
    given it."""
    client = Client()
    client.force_login(user)
    if second_factor_required(user):
        mark_verified(client, user)
    return client
