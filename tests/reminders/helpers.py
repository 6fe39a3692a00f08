"""Helpers for the exactly-once tests: due reminders, waiting, killing a worker."""

import contextlib
import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from checkins.models import Reminder, ReminderKind


def due_reminders(count: int) -> list[Reminder]:
    """``count`` pending reminders, all due a minute ago, each with its own subject and address.
    Kinds alternate between two the sweep never cancels; none belongs to a case."""
    due = timezone.now() - timedelta(minutes=1)
    kinds = [ReminderKind.FIT_NOTE_EXPIRING, ReminderKind.CHECKIN_PHONE_DUE]
    return Reminder.objects.bulk_create(
        Reminder(
            kind=kinds[i % 2],
            subject_key=f"test:{i:05d}",
            slot="test",
            to_email=f"{i:05d}@example.test",
            subject=f"Reminder {i:05d}",
            body="Something is due.\n",
            due_at=due,
            next_attempt_at=due,
        )
        for i in range(count)
    )


def wait_until(condition, *, timeout: float, interval: float = 0.02, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the worker and anything it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
