"""Demo authenticator apps: every demo account whose role requires two-factor sign-in gets a
confirmed TOTP device with one fixed, public key, so testers of ``make run`` see the real code
step. The key is in the README; ``manage.py demo_totp`` prints the current code.

Public on purpose, like DEMO_PASSWORD: seed_demo and demo_totp refuse to run without DEBUG.
"""

from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice

from rtw.models import User
from rtw.two_factor.actions import second_factor_required

# 20 bytes, as an authenticator app's key; its base32 form is what a tester types into an app.
DEMO_TOTP_KEY = b"rtw-demo-totp-key-26"
DEMO_TOTP_KEY_BASE32 = b32encode(DEMO_TOTP_KEY).decode()
DEVICE_NAME = "Demo authenticator"


def seed_authenticators(users: list[User]) -> int:
    """Give each of ``users`` whose role requires it the demo authenticator (once). Returns how
    many devices were created."""
    created = 0
    for user in users:
        if not second_factor_required(user):
            continue
        _, made = TOTPDevice.objects.get_or_create(
            user=user,
            name=DEVICE_NAME,
            defaults={"key": DEMO_TOTP_KEY.hex(), "confirmed": True},
        )
        created += made
    return created


def demo_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, name=DEVICE_NAME, confirmed=True).first()
