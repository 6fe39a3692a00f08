"""Beat sends the every-minute work the moment it starts (rtw/celery.py), so a backlog left by
a deploy or an outage starts draining at once instead of a minute later (docs/performance.md).

The Procfile's beat command as a subprocess, on the test broker (real Redis); no worker runs,
so what beat sent waits in the queue to be read."""

import json
import os
import shlex
import subprocess
import time

from django.conf import settings

from tests.reminders.conftest import BASE_DIR, CELERY_BIN
from tests.reminders.helpers import kill_group


def procfile_beat() -> list[str]:
    for line in (BASE_DIR / "Procfile").read_text().splitlines():
        if line.startswith("beat:"):
            command = shlex.split(line.split(":", 1)[1])
            return [str(CELERY_BIN), *command[1:]]
    raise AssertionError("no beat in the Procfile")


def queued_tasks(broker) -> list[str]:
    return sorted(json.loads(m)["headers"]["task"] for m in broker.lrange("celery", 0, -1))


def test_beat_sends_the_every_minute_work_as_it_starts(broker, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rtw.settings",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "SECRET_KEY": "insecure-key-for-tests-only",
        "DEBUG": "false",
        "VAR_DIR": str(tmp_path),  # a fresh schedule file: nothing has run before
        "LOG_LEVEL": "WARNING",
    }
    log = tmp_path / "beat.log"
    with log.open("wb") as out:
        beat = subprocess.Popen(
            procfile_beat(),
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30  # the schedule's own first run is 60 s away
        while len(queued_tasks(broker)) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # anything else beat would send now arrives too
        queued = queued_tasks(broker)
    finally:
        kill_group(beat)

    assert queued == [
        "checkins.produce_reminders",
        "checkins.sweep_reminders",
        "rtw.sweep_outbox",
    ], log.read_text()
