"""Celery tasks of the check-ins app: thin, named, idempotent (see checkins/reminders.py)."""

from celery import shared_task
from django.db import transaction

from checkins import reminders


@shared_task(name="checkins.produce_reminders")
def produce_reminders() -> int:
    """Create the reminders that have come due, then ask for a sweep once they are committed.
    Safe to run twice or concurrently."""
    created = reminders.produce_reminders()
    if created:
        transaction.on_commit(lambda: sweep_reminders.delay())
    return created


@shared_task(name="checkins.sweep_reminders", acks_late=True)
def sweep_reminders() -> int:
    """Send pending reminders, each exactly once. Safe to run twice or concurrently."""
    return reminders.sweep()
