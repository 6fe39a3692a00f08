#!/usr/bin/env python3
"""Request latency and query counts for the busiest pages, in-process with Django's test client.

    python scripts/with_services.py -- .venv/bin/python scripts/bench.py [N]

Runs against the throwaway PostgreSQL and Redis that with_services.py provides, with
production-like settings except HTTPS. It migrates that database, writes its data with the ORM
inside one transaction, times each page N times (200 by default) after a warm-up, counts the
queries of one request, then rolls the transaction back so nothing is left behind.

The targets below are tracked, not asserted: each line says PASS or OVER and the script exits 0
either way (docs/performance.md explains each target and records measured figures).
"""

import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Targets: p50 in milliseconds and the most queries one request may run. A query budget
# catches an N+1 long before the latency does: none of these counts should grow with the data.
TARGETS = {
    "login page": (20, 5),
    "/healthz": (10, 5),
    "VSW worklist (50 open cases)": (50, 12),
    "team worklist (200 cases)": (150, 12),
    "case page (20 notes/contacts/check-ins)": (100, 40),
    "plan page (12 phases)": (100, 40),
    "employer list (50 employees)": (50, 12),
    "plan PDF, worker copy (4 pages)": (1000, 40),
    "service figures page (2,200 cases)": (500, 25),
    "service figures CSV (2,200 cases)": (500, 25),
    "service figures PDF (2,200 cases)": (1500, 25),
}
# The service figures count a year of closed cases on top of the open ones.
FIGURE_RUNS = 20
PDF_RUNS = 20
WARM_UP = 10


@dataclass
class Result:
    name: str
    p50: float
    p95: float
    mean: float
    queries: int
    runs: int
    note: str = ""


class Rollback(Exception):
    pass


def configure() -> None:
    if "DATABASE_URL" not in os.environ:
        sys.exit("Run me under scripts/with_services.py (DATABASE_URL is not set).")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="rtw.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        STATIC_MANIFEST="false",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    # No collectstatic here, so WhiteNoise would warn that STATIC_ROOT is missing.
    warnings.filterwarnings("ignore", message="No directory at")

    import django

    django.setup()


def measure(client, name: str, path: str, n: int, *, warm_up: int = WARM_UP) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm_up):  # imports, template loading, connections, caches
        check(client.get(path), path)
    with CaptureQueriesContext(connection) as captured:
        check(client.get(path), path)
    queries = len(captured)  # now: captured_queries reads a log that later requests clear
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        check(response, path)
    timings.sort()
    return Result(
        name=name,
        p50=statistics.median(timings),
        p95=timings[max(int(len(timings) * 0.95) - 1, 0)],
        mean=statistics.fmean(timings),
        queries=queries,
        runs=n,
        note=page_note(response),
    )


def check(response, path: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")


def page_note(response) -> str:
    if response.get("Content-Type") != "application/pdf":
        return ""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(response.content)
        file.flush()
        try:
            info = subprocess.run(
                ["pdfinfo", file.name], check=True, capture_output=True, text=True
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return f"{len(response.content) // 1024} KiB"
    pages = next((line.split()[1] for line in info.splitlines() if line.startswith("Pages:")), "?")
    return f"{pages} pages, {len(response.content) // 1024} KiB"


def run(n: int) -> list[Result]:
    from django.db import transaction
    from django.test import Client

    results = []
    anonymous = Client()
    results.append(measure(anonymous, "login page", "/accounts/login/", n))
    results.append(measure(anonymous, "/healthz", "/healthz", n))
    try:
        with transaction.atomic():
            from scripts.bench.inprocess_data import Data  # noqa: PLC0415  (after django.setup)

            data = Data()

            def client_for(user) -> Client:
                """Signed in, past the second factor for the roles that need one (as if the
                code had been given), so the pages answer 200 rather than the code page."""
                from django_otp import DEVICE_ID_SESSION_KEY
                from django_otp.plugins.otp_totp.models import TOTPDevice

                from rtw.two_factor.actions import second_factor_required

                client = Client()
                client.force_login(user)
                if second_factor_required(user):
                    device = TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
                    session = client.session
                    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                    session.save()
                return client

            vsw, supervisor = client_for(data.vsw), client_for(data.supervisor)
            employer = client_for(data.employer_contact)
            results += [
                measure(vsw, "VSW worklist (50 open cases)", "/cases/", n),
                measure(supervisor, "team worklist (200 cases)", "/cases/team/", n),
                measure(
                    vsw,
                    "case page (20 notes/contacts/check-ins)",
                    f"/cases/{data.busy_case.code}/",
                    n,
                ),
                measure(vsw, "plan page (12 phases)", f"/plans/{data.long_plan.code}/", n),
                measure(employer, "employer list (50 employees)", "/cases/employees/", n),
                measure(
                    vsw,
                    "plan PDF, worker copy (4 pages)",
                    f"/plans/{data.pdf_plan.code}/pdf/worker/",
                    PDF_RUNS,
                    warm_up=1,
                ),
                measure(
                    supervisor,
                    "service figures page (2,200 cases)",
                    "/figures/",
                    FIGURE_RUNS,
                    warm_up=2,
                ),
                measure(
                    supervisor,
                    "service figures CSV (2,200 cases)",
                    "/figures/figures.csv",
                    FIGURE_RUNS,
                    warm_up=2,
                ),
                measure(
                    supervisor,
                    "service figures PDF (2,200 cases)",
                    "/figures/figures.pdf",
                    PDF_RUNS,
                    warm_up=1,
                ),
            ]
            raise Rollback
    except Rollback:
        pass
    return results


def report(results: list[Result]) -> None:
    width = max(len(r.name) for r in results)
    header = (
        f"{'page':<{width}} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} "
        f"{'queries':>7}  {'target':<16} result"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        p50_target, query_budget = TARGETS[r.name]
        over = [
            label
            for label, bad in (("time", r.p50 >= p50_target), ("queries", r.queries > query_budget))
            if bad
        ]
        verdict = f"OVER ({', '.join(over)})" if over else "PASS"
        target = f"<{p50_target} ms, <={query_budget} q"
        print(
            f"{r.name:<{width}} {r.runs:>5} {r.p50:>8.1f} {r.p95:>8.1f} {r.mean:>8.1f} "
            f"{r.queries:>7}  {target:<16} {verdict}" + (f"  [{r.note}]" if r.note else "")
        )
    print()
    print(
        "cores: {}, load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(
            os.cpu_count(), *os.getloadavg()
        )
    )
    print("Targets are tracked, not asserted: OVER lines do not change the exit status.")


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    configure()

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print("load average before (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    report(run(n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
