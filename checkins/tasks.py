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
    """Send pending reminders, each exactly once. Safe to run twice or concurrently.

    A sweep that claimed a whole batch asks for the next one at once, so a backlog drains as
    fast as the workers send instead of one batch per beat; the chain stops at the first sweep
    that finds less than a batch due (each link is bounded by REMINDER_SWEEP_BATCH, and a
    failed send is claimed once and then waits for its backoff, so it cannot spin). Beat's
    sweep every minute restarts a chain whose next link was lost with the broker."""
    swept = reminders.sweep_batch()
    if swept.claimed and swept.claimed >= reminders.batch_size():
        transaction.on_commit(lambda: enqueue_quietly(sweep_reminders))
    return swept.delivered
