"""/healthz: 200 when PostgreSQL and the Redis broker answer, 503 naming what is down, and
the mail backlog (outbox emails and due reminders not yet sent) with the age of the oldest.

The outage cases run the app in a subprocess whose DATABASE_URL or CELERY_BROKER_URL points at a
closed port, so the real view, middleware and settings meet a real refused connection. The
subprocess otherwise uses this test's database (committed tables, empty outbox).
"""

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from checkins.models import Reminder, ReminderKind
from rtw.outbox import OutboxMessage, OutboxStatus
from tests.services import database_url_for_subprocess

ALL_OK = {
    "status": "ok",
    "database": "ok",
    "broker": "ok",
    "mail": "ok",
    "mail_backlog": 0,
    "oldest_unsent_seconds": None,
}

ROOT = Path(__file__).resolve().parent.parent

# Requests /healthz through Django's test client in a fresh interpreter and prints the result.
PROBE = """
import json
import django
from django.test.utils import setup_test_environment

django.setup()
setup_test_environment()
from django.test import Client

response = Client(raise_request_exception=False).get("/healthz")
try:
    body = json.loads(response.content)
except ValueError:
    body = None
print(json.dumps({"status": response.status_code, "body": body}))
"""


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthz_in_subprocess(**env_overrides) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rtw.settings",
        "DATABASE_URL": database_url_for_subprocess(),
        **env_overrides,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def real_services():
    database_url = os.environ.get("DATABASE_URL", "")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql", (
        "run under scripts/with_services.py: /healthz is tested against a real PostgreSQL"
    )
    assert settings.CELERY_BROKER_URL.startswith("redis://"), (
        "run under scripts/with_services.py: /healthz is tested against a real Redis broker"
    )
    return database_url


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_broker_answer(real_services):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == ALL_OK


@pytest.mark.django_db
def test_healthz_needs_no_sign_in_and_sets_no_session(real_services):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_healthz_in_a_subprocess_is_ok_against_the_real_services(real_services):
    # The control for the two outage tests below: same harness, services up.
    assert healthz_in_subprocess() == {"status": 200, "body": ALL_OK}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(real_services):
    down = f"postgres://postgres@127.0.0.1:{closed_port()}/postgres"

    assert healthz_in_subprocess(DATABASE_URL=down) == {
        "status": 503,
        "body": {
            "status": "unavailable",
            "database": "unavailable",
            "broker": "ok",
            "mail": "unknown",
            "mail_backlog": None,
            "oldest_unsent_seconds": None,
        },
    }


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(real_services):
    down = f"redis://127.0.0.1:{closed_port()}/0"

    assert healthz_in_subprocess(CELERY_BROKER_URL=down) == {
        "status": 503,
        "body": {**ALL_OK, "status": "unavailable", "broker": "unavailable"},
    }


def unsent_email(minutes_ago: int) -> OutboxMessage:
    return OutboxMessage.objects.create(
        to_email="someone@example.test",
        subject="Waiting",
        body="Waiting.",
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def due_reminder(minutes_ago: int) -> Reminder:
    due = timezone.now() - timedelta(minutes=minutes_ago)
    return Reminder.objects.create(
        kind=ReminderKind.FIT_NOTE_EXPIRING,
        subject_key="test:health",
        slot="test",
        to_email="vsw@example.test",
        subject="Due",
        body="Due.",
        due_at=due,
        next_attempt_at=due,
    )


@pytest.mark.django_db
def test_healthz_counts_unsent_emails_and_due_reminders_and_ages_the_oldest(
    real_services, settings
):
    settings.MAIL_BACKLOG_MAX_AGE = 900
    unsent_email(minutes_ago=2)
    due_reminder(minutes_ago=5)
    sent = unsent_email(minutes_ago=60)
    OutboxMessage.objects.filter(pk=sent.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now()
    )

    body = Client().get("/healthz").json()

    assert (body["status"], body["mail"], body["mail_backlog"]) == ("ok", "ok", 2)
    assert 300 <= body["oldest_unsent_seconds"] < 310


@pytest.mark.django_db
def test_healthz_is_degraded_but_200_when_mail_has_waited_too_long(real_services, settings):
    settings.MAIL_BACKLOG_MAX_AGE = 900
    unsent_email(minutes_ago=16)

    response = Client().get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["broker"], body["mail"]) == (
        "degraded",
        "ok",
        "ok",
        "delayed",
    )
    assert body["mail_backlog"] == 1
    assert 960 <= body["oldest_unsent_seconds"] < 970
