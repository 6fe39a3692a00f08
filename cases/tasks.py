"""Celery tasks of the cases app: thin, named, idempotent (see cases/reminders.py)."""

from celery import shared_task

from cases import reminders


@shared_task(name="cases.produce_reminders")
def produce_reminders() -> int:
    """Create the reminders that have come due. Safe to run twice or concurrently."""
    return reminders.produce_reminders()


@shared_task(name="cases.sweep_reminders", acks_late=True)
def sweep_reminders() -> int:
    """Send pending reminders, each exactly once. Safe to run twice or concurrently."""
    return reminders.sweep()
