"""``manage.py apply_retention [--dry-run]``: anonymise the cases past retention (ADR 15)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from cases import retention


class Command(BaseCommand):
    help = (
        "Anonymise cases whose care ended more than RETENTION_YEARS ago. With --dry-run, "
        "report what would change (counts per case, no personal details) and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        today = timezone.localdate()
        report = retention.apply_retention(today=today, dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {len(report)} case(s) whose care ended before "
            f"{retention.cutoff(today):%Y-%m-%d} (RETENTION_YEARS={settings.RETENTION_YEARS})."
        )
        for line in report:
            counts = ", ".join(f"{name} {n}" for name, n in line["counts"].items())
            self.stdout.write(f"case {line['case']} (ended {line['ended_on']:%Y-%m-%d}): {counts}")
