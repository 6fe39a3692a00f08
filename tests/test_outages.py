"""Outages lose nothing: a PostgreSQL restart costs no request, a Redis outage costs no email,
and a request that cannot reach the database gets the "Sorry" page (503) with nothing half-saved.

The restart and broker tests run the app under gunicorn with one worker, so its database
connection persists between requests as in production, on this test's (committed) database.
"""

import os
import socket
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path
from django.utils import timezone

from cases.models import Case, CaseStatus
from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus
from rtw.models import Notification
from rtw.outbox import OutboxMessage, OutboxStatus, sweep
from tests import factories as f
from tests.services import RedisServer, WebServer, database_url_for_subprocess, restart_postgres
from tests.two_factor import mark_verified, signed_in_client

ROOT = Path(__file__).resolve().parent.parent
SORRY = "Sorry, there is a problem with the service"


# --- The "Sorry" page -------------------------------------------------------------------------


def save_then_lose_the_database(request):
    Notification.objects.create(recipient=request.user, message="Half a save")
    raise OperationalError("server closed the connection unexpectedly")


def lose_the_connection(request):
    raise InterfaceError("connection already closed")


def fail_otherwise(request):
    raise ValueError("a bug")


urlpatterns = [
    path("save-then-lose-database/", save_then_lose_the_database),
    path("lose-connection/", lose_the_connection),
    path("bug/", fail_otherwise),
]
handler500 = "rtw.views.server_error"


@pytest.fixture
def client_for_errors(vsw):
    client = Client(raise_request_exception=False)
    client.force_login(vsw)
    mark_verified(client, vsw)
    return client


@pytest.mark.django_db
@pytest.mark.urls("tests.test_outages")
def test_a_lost_database_gives_the_sorry_page_with_503_and_saves_nothing(client_for_errors, vsw):
    response = client_for_errors.post("/save-then-lose-database/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert SORRY in response.content.decode()
    assert Notification.objects.filter(recipient=vsw).count() == 0


@pytest.mark.django_db
@pytest.mark.urls("tests.test_outages")
def test_a_closed_connection_gives_the_sorry_page_with_503(client_for_errors):
    response = client_for_errors.get("/lose-connection/")

    assert response.status_code == 503
    assert SORRY in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.test_outages")
def test_any_other_error_is_still_a_500(client_for_errors):
    response = client_for_errors.get("/bug/")

    assert response.status_code == 500
    assert SORRY in response.content.decode()


def test_the_project_urlconf_uses_the_outage_aware_error_page():
    import urls

    assert urls.handler500 == "rtw.views.server_error"


# Requests a page through Django's test client in a fresh interpreter whose database is down.
PROBE = """
import json
import django
from django.test.utils import setup_test_environment

django.setup()
setup_test_environment()
from django.test import Client

response = Client(raise_request_exception=False).get("/accounts/login/")
print(json.dumps({"status": response.status_code, "sorry": %r in response.content.decode()}))
"""


def test_a_page_with_the_database_down_is_the_sorry_page_with_503():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        down = f"postgres://postgres@127.0.0.1:{sock.getsockname()[1]}/postgres"
        result = subprocess.run(
            [sys.executable, "-c", PROBE % SORRY],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "rtw.settings", "DATABASE_URL": down},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == '{"status": 503, "sorry": true}'


# --- Real outages under a real server ---------------------------------------------------------


@pytest.fixture
def referral(team, practice, employer_org, clinician):
    worker = f.WorkerFactory(
        first_name="Olivia", last_name="Barnes", gp_practice=practice, employer=employer_org
    )
    return f.CaseFactory(
        worker=worker,
        team=team,
        referred_by=clinician,
        assigned_vsw=None,
        status=CaseStatus.REFERRED,
    )


def session_for(user) -> str:
    client = signed_in_client(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def web_server(tmp_path):
    """``web_server(**env)`` starts the app under gunicorn; stopped at teardown."""
    started: list[WebServer] = []

    def start(**env: str) -> WebServer:
        server = WebServer(tmp_path / f"gunicorn-{len(started)}.log", **env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_a_save_after_a_postgres_restart_succeeds_on_the_first_request(
    web_server, supervisor, vsw, referral
):
    session = session_for(supervisor)
    server = web_server()
    # This request leaves the worker holding a persistent connection...
    assert server.request("/cases/team/", session=session) == 200

    restart_postgres()  # ...which the restart cuts.

    status = server.request(
        f"/cases/{referral.code}/decision/",
        session=session,
        data={"decision": "accept", "accept-vsw": vsw.pk},
    )

    assert status == 302
    referral.refresh_from_db()
    assert (referral.status, referral.assigned_vsw) == (CaseStatus.ACCEPTED, vsw)


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_an_acceptance_and_a_check_in_succeed_and_their_emails_go_out_later(
    web_server, own_redis, supervisor, vsw, clinician, referral, case, mailoutbox
):
    check_in = CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.INVITED,
        warning_signs_offered=["Sleeping worse"],
    )
    session = session_for(supervisor)
    server = web_server(CELERY_BROKER_URL=own_redis.url)
    assert server.request("/cases/team/", session=session) == 200

    own_redis.stop()
    acceptance = server.request(
        f"/cases/{referral.code}/decision/",
        session=session,
        data={"decision": "accept", "accept-vsw": vsw.pk},
    )
    check_in_answers = {
        **{"hours_worked": "18", "days_absent": "0", "sleep": "6", "mood": "7"},
        **{"energy": "6", "symptoms": "3", "work_ability": "6", "wants_contact": "on"},
    }
    answered = server.request(
        f"/check-in/{link_token(check_in)}/", session="", data=check_in_answers
    )

    assert (acceptance, answered) == (302, 200)  # the check-in answers with a thank-you page
    assert Case.objects.get(pk=referral.pk).status == CaseStatus.ACCEPTED
    assert CheckIn.objects.get(pk=check_in.pk).status == CheckInStatus.COMPLETED
    queued = [(m.to_email, m.subject, m.status) for m in OutboxMessage.objects.order_by("id")]
    assert queued == [
        (clinician.email, "Your referral was accepted", OutboxStatus.PENDING),
        (vsw.email, "A check-in needs your attention", OutboxStatus.PENDING),
    ]

    own_redis.start()
    # Beat's sweep, as it runs every minute; a second run sends nothing more.
    assert sweep() == 2
    assert sweep() == 0

    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([clinician.email], "Your referral was accepted"),
        ([vsw.email], "A check-in needs your attention"),
    ]
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.SENT, 1)}


def test_the_subprocess_harness_uses_the_test_database(db):
    # Guards the two tests above: a server on the real database would test nothing.
    assert database_url_for_subprocess().rsplit("/", 1)[1].startswith("test_")
