"""Reminders at scale: the claim's plan at a large backlog, the idle producer, and 10,000 due
reminders through the shipped Celery worker and beat (the Procfile's commands), Redis and a
local SMTP sink, counting duplicates and losses.

Runs in the bench process with Django set up against the large dataset (scripts/bench/run.py).
"""

import os
import re
import shlex
import signal
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from scripts.bench.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[2]
BACKLOG = 100_000
END_TO_END = 10_000
END_TO_END_TIMEOUT = 900  # seconds: the unoptimised sweep needed about 550


def _pending(count: int, *, prefix: str, due_in: timedelta = timedelta(minutes=-1)):
    from django.utils import timezone

    from checkins.models import Reminder

    due = timezone.now() + due_in
    rows = (
        Reminder(
            kind="FIT_NOTE_EXPIRING",
            subject_key=f"{prefix}:{i:06d}",
            slot="bench",
            to_email=f"r{i:06d}@bench.test",
            subject=f"Bench {prefix} {i:06d}",
            body="Something is due.\n",
            due_at=due,
            next_attempt_at=due,
        )
        for i in range(count)
    )
    rows = list(rows)
    for start in range(0, len(rows), 5000):
        Reminder.objects.bulk_create(rows[start : start + 5000])


def _explain(queryset) -> dict:
    from django.db import transaction

    with transaction.atomic():
        text = queryset.explain(analyze=True)
    times = dict(re.findall(r"(Planning|Execution) Time: ([\d.]+) ms", text))
    return {
        "planning_ms": float(times.get("Planning", "nan")),
        "execution_ms": float(times.get("Execution", "nan")),
        "uses_sort": "Sort" in text,
        "plan": text,
    }


def claim_cost() -> dict:
    """EXPLAIN ANALYZE of one claim with no backlog beyond the dataset's, then with BACKLOG
    pending rows due (fresh statistics, as right after a burst) and after ANALYZE. The pending
    rows are removed afterwards."""
    from django.db import connection
    from django.utils import timezone

    from checkins import reminders
    from checkins.models import Reminder

    def claim():
        return reminders.claimable(timezone.now())

    out = {"backlog_0": _explain(claim())}
    _pending(BACKLOG, prefix="backlog")
    out[f"backlog_{BACKLOG}_fresh_statistics"] = _explain(claim())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_reminder")
    out[f"backlog_{BACKLOG}_after_analyze"] = _explain(claim())
    Reminder.objects.filter(subject_key__startswith="backlog:").delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_reminder")
    return out


def idle_producer(runs: int = 3) -> dict:
    """Run the producers once to catch up with the dataset (whatever has come due), mark what
    that produced as sent (it is not what the end-to-end run counts), then time ``runs`` runs in
    which nothing new is due: the work beat asks for every minute on a quiet service."""
    from django.db import connection, transaction
    from django.utils import timezone

    from checkins import produced, reminders
    from checkins.models import Reminder

    start = time.perf_counter()
    caught_up = reminders.produce_reminders()
    catch_up_s = time.perf_counter() - start
    Reminder.objects.filter(status="PENDING").update(status="SENT")
    # The catch-up changed thousands of check-ins and reminders at once. With these tables'
    # settings (checkins/migrations/0010) autovacuum clears the dead row versions within a
    # minute of a burst this size; done here at once, so the idle runs meet the tables as a
    # service's next minutes would, not the burst's leftovers.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_checkin, cases_reminder")
    timings, per_producer = [], Counter()
    for _ in range(runs):
        start = time.perf_counter()
        created = reminders.produce_reminders()
        timings.append(time.perf_counter() - start)
        assert created == 0, f"an idle run produced {created} reminders"
    # Each producer alone, for the breakdown.
    now = timezone.now()
    for producer in reminders._producers:
        with transaction.atomic():  # as produce_reminders runs each; nothing is kept
            if hasattr(produced, "without_jit"):
                produced.without_jit()
            start = time.perf_counter()
            list(producer(now))
            per_producer[f"{producer.__module__}.{producer.__qualname__}"] = round(
                time.perf_counter() - start, 3
            )
            transaction.set_rollback(True)
    connection.close()
    return {
        "catch_up_created": caught_up,
        "catch_up_s": round(catch_up_s, 2),
        "idle_runs_s": [round(t, 3) for t in timings],
        "idle_median_s": round(statistics.median(timings), 3),
        "per_producer_s": dict(per_producer),
    }


def procfile_command(name: str) -> list[str]:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return shlex.split(line.split(":", 1)[1])
    raise SystemExit(f"no {name} in the Procfile")


def end_to_end(env: dict[str, str], count: int = END_TO_END) -> dict:
    """``count`` due reminders delivered by the Procfile's worker and beat, through Redis, to
    an SMTP sink. Wall time from starting the processes until the last one arrives."""
    from django.db import connection

    from checkins.models import Delivery, Reminder

    _pending(count, prefix="e2e")
    connection.close()
    bin_dir = Path(os.environ.get("BENCH_BIN", Path(os.sys.executable).parent))
    procs = []
    with SmtpSink() as sink, tempfile.TemporaryDirectory() as var_dir:
        child_env = dict(
            env,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(sink.port),
            EMAIL_USE_TLS="false",
            VAR_DIR=var_dir,
            LOG_LEVEL="WARNING",
        )
        start = time.perf_counter()
        for name in ("worker", "beat"):
            command = procfile_command(name)
            command[0] = str(bin_dir / command[0])
            procs.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=child_env,
                    stdout=subprocess.DEVNULL,
                    stderr=open(Path(var_dir) / f"{name}.log", "w"),  # noqa: SIM115
                    start_new_session=True,
                )
            )
        done_at = None
        try:
            while time.perf_counter() - start < END_TO_END_TIMEOUT:
                if len(sink.counts("Bench e2e")) >= count:
                    done_at = time.perf_counter()
                    break
                time.sleep(0.5)
            time.sleep(3)  # anything sent twice arrives now
        finally:
            for proc in procs:
                os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        subjects = sink.counts("Bench e2e")
    expected = {f"Bench e2e {i:06d}" for i in range(count)}
    delivered_rows = Delivery.objects.filter(reminder__subject_key__startswith="e2e:").count()
    result = {
        "reminders": count,
        "wall_s": round(done_at - start, 1) if done_at else None,
        "emails_received": sum(subjects.values()),
        "duplicates": sum(n - 1 for n in subjects.values() if n > 1),
        "lost": len(expected - set(subjects)),
        "delivery_rows": delivered_rows,
        "still_pending": Reminder.objects.filter(
            subject_key__startswith="e2e:", status="PENDING"
        ).count(),
    }
    Reminder.objects.filter(subject_key__startswith="e2e:").delete()
    return result
