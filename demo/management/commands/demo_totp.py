"""``manage.py demo_totp [email]``: the code a demo account's authenticator app shows now."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from demo.seeding.two_factor import DEMO_TOTP_KEY, DEMO_TOTP_KEY_BASE32, demo_device
from rtw.models import User


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo accounts (development only). Every demo "
        "account that needs one shares the demo key, so the code is the same for each; each "
        "account accepts it once."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="a demo account, to check it has the key")

    def handle(self, *args, email=None, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp only runs with DEBUG=true (demo data only).")
        if email:
            user = User.objects.filter(email__iexact=email).first()
            if user is None or demo_device(user) is None:
                raise CommandError(f"{email} has no demo authenticator (run seed_demo first).")
        otp = TOTP(DEMO_TOTP_KEY)
        otp.time = time.time()
        left = 30 - int(otp.time) % 30
        self.stdout.write(f"{otp.token():06d}")
        self.stderr.write(
            f"(valid for about {left} more seconds; key for an authenticator app: "
            f"{DEMO_TOTP_KEY_BASE32})"
        )
