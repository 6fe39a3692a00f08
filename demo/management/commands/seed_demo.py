"""``manage.py seed_demo``: deterministic synthetic demo data for ``make run``."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.data import (
    PEOPLE,
    email_for,
)
from demo.seeding.seeder import Seeder
from demo.seeding.two_factor import DEMO_TOTP_KEY_BASE32, seed_authenticators
from rtw.models import Role, User


class Command(BaseCommand):
    help = "Create deterministic synthetic demo data (development only; safe to re-run)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG=true: every demo account shares the public "
                "password settings.DEMO_PASSWORD, so it must never reach a real deployment."
            )
        with transaction.atomic():
            created = Seeder().seed()
            demo_users = User.objects.filter(email__endswith="@demo.example")
            created += seed_authenticators(list(demo_users))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} rows created)."))
        self.stdout.write(logins_table())

    # -----------------------------------------------------------------------------------------


def logins_table() -> str:
    rows = [("Role", "Email", "Password")]
    seen = set()
    for person in PEOPLE:
        if person.role in seen:
            continue
        seen.add(person.role)
        rows.append((Role(person.role).label, email_for(person.email), settings.DEMO_PASSWORD))
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["", "Demo logins (local development only):"]
    for row in rows:
        lines.append("  " + "  ".join(c.ljust(width[i]) for i, c in enumerate(row)).rstrip())
    lines += [
        "",
        "VSWs, supervisors, clinicians and the administrator then give a two-factor code:",
        f"  add the key {DEMO_TOTP_KEY_BASE32} to an authenticator app (time-based),",
        "  or run `manage.py demo_totp` for the current code.",
    ]
    return "\n".join(lines)
