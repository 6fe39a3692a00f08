"""Celery tasks of the check-ins app: thin, named, idempotent (see checkins/reminders.py)."""

from celery import shared_task
from django.db import transaction

from checkins import reminders
from rtw.outbox import enqueue_quietly


@shared_task(name="checkins.produce_reminders")
def produce_reminders() -> int:
    """Create the reminders that have come due, then ask for a sweep once they are committed.
    Safe to run twice or concurrently."""
    created = reminders.produce_reminders()
    if created:
        # Beat sweeps every minute anyway, so a broker outage here only delays the sweep.
        transaction.on_commit(lambda: enqueue_quietly(sweep_reminders))
    return created


@shared_task(name="checkins.sweep_reminders", acks_late=True)
def sweep_reminders() -> int:
    """Send pending reminders, each exactly once. Safe to run twice or concurrently."""
    return reminders.sweep()
