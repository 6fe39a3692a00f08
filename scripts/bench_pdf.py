#!/usr/bin/env python3
"""Time plan-PDF rendering: one warm-up, then 20 warm renders of a four-page plan.

    python3 scripts/with_services.py -- .venv/bin/python scripts/bench_pdf.py

Runs the migrations on the throwaway database that with_services.py provides, creates its
data inside a transaction and rolls it back. Times ``render_plan_pdf`` only (the document is
built once, before timing), and prints p50 / p95 / max in seconds and the page count.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtw.settings")
os.environ.setdefault("SECRET_KEY", "insecure-key-for-the-pdf-benchmark-only")
os.environ.setdefault("DEBUG", "false")

RUNS = 20
PHASES = 8  # with the text below, the worker's copy runs to four A4 pages

DUTIES = (
    "Answering customer emails, updating the order tracker, checking stock levels in the "
    "warehouse system and preparing the weekly dispatch summary for the team meeting"
)


class Rollback(Exception):
    pass


def make_plan():
    from django.utils import timezone

    from tests import factories as f

    today = timezone.localdate()
    case = f.CaseFactory()
    f.FitNoteFactory(
        case=case, starts_on=today - timedelta(days=3), ends_on=today + timedelta(weeks=8)
    )
    plan = f.PlanFactory(
        case=case, status="AGREED", expected_end_on=today + timedelta(weeks=PHASES + 1)
    )
    for i in range(PHASES):
        start = plan.starts_on + timedelta(weeks=i)
        f.PhaseFactory(
            plan=plan,
            order=i + 1,
            starts_on=start,
            ends_on=start + timedelta(days=6),
            hours_per_week=min(10 + 3 * i, 37.5),
            duties_included=DUTIES,
            duties_excluded="Night shifts, lifting over 10 kg and covering the front desk alone",
            supervision="Daily check-in with the team leader at the start of each shift",
        )
    f.AdjustmentFactory(plan=plan)
    f.AdjustmentFactory(
        plan=plan, category="QUIET_WORKSPACE", description="A desk away from the tills"
    )
    relapse = f.RelapsePreventionFactory(plan=plan, review_on=plan.starts_on + timedelta(weeks=4))
    f.AgreedActionFactory(relapse=relapse)
    f.AgreedActionFactory(relapse=relapse, kind="ROUTINE_TASKS", owner="EMPLOYER")
    f.SignOffFactory(plan=plan, party="WORKER")
    f.SignOffFactory(plan=plan, party="EMPLOYER")
    return plan


def page_count(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(
            ["pdfinfo", file.name], check=True, capture_output=True, text=True
        ).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from plans.pdf import render_plan_pdf
    from plans.sharing import Audience, build_document

    call_command("migrate", verbosity=0)
    try:
        with transaction.atomic():
            document = build_document(make_plan(), Audience.WORKER, timezone.localdate())
            raise Rollback
    except Rollback:
        pass

    started = time.perf_counter()
    pdf = render_plan_pdf(document)  # warm-up, includes importing WeasyPrint
    first = time.perf_counter() - started
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        render_plan_pdf(document)
        timings.append(time.perf_counter() - started)

    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
    print(f"pages: {page_count(pdf)}, size: {len(pdf) / 1024:.0f} KiB, runs: {RUNS} warm")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"first (cold, with import): {first:.3f} s")
    print(f"p50: {statistics.median(timings):.3f} s  p95: {p95:.3f} s  max: {max(timings):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
