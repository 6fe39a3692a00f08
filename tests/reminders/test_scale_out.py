"""Scale-out: two gunicorn instances and two Celery workers on one PostgreSQL and one Redis
behave as one service. A session begun on one instance is good on the other (and its sign-out
ends it on both), a CSRF token from one is accepted by the other, wrong passwords sent to both
add up to one lockout, a plan PDF rendered by one is served from the shared cache by the other,
and reminders swept by both workers go out exactly once. Nothing is faked but the mailbox.
"""

import http.client
import re
import urllib.parse

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from checkins.models import Delivery
from tests import factories as f
from tests.reminders.helpers import due_reminders, wait_until
from tests.reminders.mailbox import sent_messages
from tests.services import RedisServer, WebServer

PASSWORD = "scale-out-password-2026"
SWEEP = "checkins.sweep_reminders"


class Browser:
    """Just enough of a browser: a cookie jar, shared by the requests it sends to any instance."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def send(self, server: WebServer, method: str, path: str, data: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{server.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, response.getheader("Location", ""), text

    def get(self, server: WebServer, path: str):
        """GET, following redirects within the site."""
        for _ in range(5):
            status, location, text = self.send(server, "GET", path)
            if status not in (301, 302) or not location.startswith("/"):
                return status, location, text
            path = location
        raise AssertionError(f"too many redirects from {path}")

    def csrf_token(self, server: WebServer, path: str) -> str:
        _, _, text = self.get(server, path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)

    def sign_in(self, server: WebServer, email: str, password: str):
        token = self.csrf_token(server, "/accounts/login/")
        return self.send(
            server,
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": email, "password": password},
        )


def with_real_password(user):
    """The suite hashes passwords with a fast hasher the servers do not know: use theirs."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt")
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def shared_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def two_instances(tmp_path, shared_redis):
    cache_url = f"redis://127.0.0.1:{shared_redis.port}/1"
    servers = [
        WebServer(tmp_path / f"gunicorn-{n}.log", CACHE_URL=cache_url, LOGIN_THROTTLE="true")
        for n in range(2)
    ]
    yield servers
    for server in servers:
        server.stop()


@pytest.mark.django_db(transaction=True)
def test_a_session_and_a_csrf_token_from_one_instance_are_good_on_the_other(two_instances, worker):
    a, b = two_instances
    with_real_password(worker)
    browser = Browser()

    status, location, _ = browser.sign_in(a, worker.email, PASSWORD)
    assert (status, location) == (302, "/")

    status, _, home = browser.get(b, "/")
    assert status == 200
    assert worker.full_name.split()[0] in home

    # A form served by B, posted to A: one CSRF secret, one session store.
    token = browser.csrf_token(b, "/")
    status, location, _ = browser.send(
        a, "POST", "/accounts/logout/", {"csrfmiddlewaretoken": token}
    )
    assert status == 302

    status, location, _ = browser.send(b, "GET", "/cases/my-support/")
    assert (status, location.split("?")[0]) == (302, "/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_wrong_passwords_sent_to_both_instances_add_up_to_one_lockout(two_instances, vsw):
    a, b = two_instances
    with_real_password(vsw)
    browser = Browser()

    statuses = [browser.sign_in((a, b)[n % 2], vsw.email, "wrong-password")[0] for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]

    # Locked out on both, even with the right password.
    assert browser.sign_in(a, vsw.email, PASSWORD)[0] == 429
    assert browser.sign_in(b, vsw.email, PASSWORD)[0] == 429


@pytest.mark.django_db(transaction=True)
def test_a_plan_pdf_rendered_by_one_instance_is_served_from_the_shared_cache_by_the_other(
    two_instances, shared_redis, case, worker
):
    a, b = two_instances
    with_real_password(worker)
    plan = f.PlanFactory(case=case, status="PROPOSED")
    f.add_graded_phases(plan, hours=(10, 20))
    cache = redis.Redis(port=shared_redis.port, db=1)
    browser = Browser()
    browser.sign_in(a, worker.email, PASSWORD)
    path = f"/plans/{plan.code}/pdf/worker/"

    status, _, first = browser.send(a, "GET", path)
    assert status == 200
    assert len(cache.keys("*plan-pdf:worker:*")) == 1

    status, _, second = browser.send(b, "GET", path)
    assert (status, second) == (200, first)
    assert len(cache.keys("*plan-pdf:worker:*")) == 1


@pytest.mark.django_db(transaction=True)
def test_reminders_swept_by_two_workers_go_out_exactly_once(
    real_celery, subprocess_worker, tmp_path
):
    due = due_reminders(300)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    subprocess_worker(mail_dir)
    subprocess_worker(mail_dir)
    for _ in range(4):
        real_celery.send_task(SWEEP)
    wait_until(
        lambda: Delivery.objects.count() == len(due),
        timeout=120,
        interval=0.1,
        what="every reminder to be delivered",
    )

    sent = sent_messages(mail_dir)
    assert sorted(sent) == sorted((r.to_email, r.subject) for r in due)
    assert len(set(sent)) == len(sent) == 300
