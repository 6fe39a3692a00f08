"""/healthz: 200 when PostgreSQL and the Redis broker answer, 503 naming what is down.

The outage cases run the app in a subprocess whose DATABASE_URL or CELERY_BROKER_URL points at a
closed port, so the real view, middleware and settings meet a real refused connection.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

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
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rtw.settings", **env_overrides}
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
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_needs_no_sign_in_and_sets_no_session(real_services):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_healthz_in_a_subprocess_is_ok_against_the_real_services(real_services):
    # The control for the two outage tests below: same harness, services up.
    assert healthz_in_subprocess() == {
        "status": 200,
        "body": {"status": "ok", "database": "ok", "broker": "ok"},
    }


def test_healthz_is_503_when_the_database_is_unreachable(real_services):
    down = f"postgres://postgres@127.0.0.1:{closed_port()}/postgres"

    assert healthz_in_subprocess(DATABASE_URL=down) == {
        "status": 503,
        "body": {"status": "unavailable", "database": "unavailable", "broker": "ok"},
    }


def test_healthz_is_503_when_the_broker_is_unreachable(real_services):
    down = f"redis://127.0.0.1:{closed_port()}/0"

    assert healthz_in_subprocess(CELERY_BROKER_URL=down) == {
        "status": 503,
        "body": {"status": "unavailable", "database": "ok", "broker": "unavailable"},
    }
