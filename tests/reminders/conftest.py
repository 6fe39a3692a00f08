"""Real Redis, real Celery workers (in-process and as subprocesses), real PostgreSQL.

The ordinary suite runs Celery tasks eagerly (pytest-env sets CELERY_TASK_ALWAYS_EAGER=true);
these fixtures switch that off so tasks travel through the broker to a worker. They need the
services of ``scripts/with_services.py`` and fail loudly without them.
"""

import contextlib
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping, which start_worker expects)
import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connection

import rtw.celery
from tests.reminders.helpers import kill_group

BASE_DIR = Path(settings.BASE_DIR)
CELERY_BIN = Path(sys.executable).parent / "celery"


@pytest.fixture
def real_celery(settings):
    """The project's Celery app with eager mode off: ``.delay()`` goes to the broker."""
    app = rtw.celery.app
    if not str(app.conf.broker_url).startswith("redis://"):
        pytest.fail(
            "These tests need Redis as the broker: run them through scripts/with_services.py "
            f"(broker is {app.conf.broker_url!r})."
        )
    was_eager = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = was_eager


@pytest.fixture
def broker(real_celery):
    """A client for the broker's Redis database, empty before and after the test (a killed
    worker leaves its unacknowledged message behind)."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()


class TaskLog:
    """Records every task the in-process worker finishes, so a test can wait for them."""

    def __init__(self) -> None:
        self._done = threading.Condition()
        self.finished: list[tuple[str, object, str]] = []

    def on_postrun(self, task=None, retval=None, state=None, **kwargs) -> None:
        with self._done:
            self.finished.append((task.name, retval, state))
            self._done.notify_all()

    def wait_for(self, name: str, count: int, timeout: float = 20.0) -> list[object]:
        """Wait until ``count`` runs of task ``name`` have finished; their return values."""

        def runs():
            return [(retval, state) for n, retval, state in self.finished if n == name]

        with self._done:
            if not self._done.wait_for(lambda: len(runs()) >= count, timeout):
                pytest.fail(f"{name} finished {len(runs())} times, not {count}, in {timeout} s")
            done = runs()
        assert [state for _, state in done] == ["SUCCESS"] * len(done), done
        return [retval for retval, _ in done]


@pytest.fixture
def inprocess_worker(real_celery, broker):
    """``with inprocess_worker() as tasks:`` runs a solo-pool worker in a thread of this process
    (so the locmem outbox is shared); ``tasks.wait_for(name, count)`` waits for finished runs.
    Tasks that touch the database need ``django_db(transaction=True)``."""

    @contextlib.contextmanager
    def run():
        log = TaskLog()
        task_postrun.connect(log.on_postrun, weak=False)
        try:
            with start_worker(
                real_celery,
                pool="solo",
                perform_ping_check=False,  # the ping needs a result backend; we have none
                loglevel="WARNING",
                shutdown_timeout=30,
            ):
                yield log
        finally:
            task_postrun.disconnect(log.on_postrun)

    return run


def database_url_for_subprocess() -> str:
    """The URL of the database this test is using (the test database, not the real one)."""
    db = connection.settings_dict
    auth = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def subprocess_worker(real_celery, broker, tmp_path):
    """``subprocess_worker(mail_dir)`` starts ``celery -A rtw worker --pool=solo`` in its own
    process group, on the test database and the test broker, writing each email as a file in
    ``mail_dir``. Returns the Popen; every worker started is SIGKILLed at teardown."""
    started: list[subprocess.Popen] = []
    logs = []

    def start(mail_dir: Path) -> subprocess.Popen:
        env = {
            **os.environ,
            "PYTHONPATH": str(BASE_DIR),
            "DJANGO_SETTINGS_MODULE": "rtw.settings",
            "DATABASE_URL": database_url_for_subprocess(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "SECRET_KEY": "insecure-key-for-tests-only",
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_HOST": "",
            "EMAIL_BACKEND": "tests.reminders.mailbox.OneFilePerMessageBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "LOG_LEVEL": "WARNING",
        }
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")  # noqa: SIM115
        logs.append(log)
        proc = subprocess.Popen(
            [
                str(CELERY_BIN),
                "-A",
                "rtw",
                "worker",
                "--pool=solo",
                "-l",
                "warning",
                "-n",
                f"test-{len(started)}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(proc)
        return proc

    try:
        yield start
    finally:
        for proc in started:
            kill_group(proc)
        for log in logs:
            log.close()
