#!/usr/bin/env python3
"""`make bench`: the service measured the way its users meet it, at two sizes.

    python scripts/with_services.py -- .venv/bin/python scripts/bench/run.py [--only reminders]

1. Builds or restores the small and the large dataset (scripts/bench/dataset.py) into two
   databases of the throwaway cluster.
2. For each, starts gunicorn with production settings on loopback (DEBUG off, HTTPS redirect
   off for loopback, WEB_CONCURRENCY sync workers, Redis as the cache, BENCH on for the query
   header and the floor view) and, from a separate process with no Django in its request path
   (scripts/bench/load.py), times every page as the users who use it: p50, p95 and queries; the
   floor view; throughput at 8 concurrent clients; the plan PDF alone and under load.
3. On the large dataset: the reminder claim's plan at a large backlog, the idle producer, and
   10,000 due reminders through the Procfile's worker and beat, Redis and an SMTP sink.
4. Writes var/bench/results-<timestamp>.json and prints every target with its measured value
   and whether it is met. Targets live here and only here: nothing fails when one is missed.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.bench import load  # noqa: E402

VENV_BIN = Path(sys.executable).parent
WEB_CONCURRENCY = os.environ.get("BENCH_WEB_CONCURRENCY", "3")
RUNS = int(os.environ.get("BENCH_RUNS", "60"))
CONCURRENT_SECONDS = float(os.environ.get("BENCH_CONCURRENT_SECONDS", "10"))
CLIENTS = 8
SIZES = tuple(os.environ.get("BENCH_SIZES", "small,large").split(","))


# --- Environment ------------------------------------------------------------------------------


def database_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + name))


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def production_env(size: str) -> dict[str, str]:
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    return dict(
        os.environ,
        DATABASE_URL=database_url(f"bench_{size}"),
        DJANGO_SETTINGS_MODULE="rtw.settings",
        DEBUG="false",
        BENCH="true",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(64)),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="http://127.0.0.1",
        SITE_URL="http://127.0.0.1",
        # Loopback has no TLS: no redirect to HTTPS, and cookies that travel over HTTP.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATIC_MANIFEST="false",
        CACHE_URL=redis,
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", redis),
        WEB_CONCURRENCY=WEB_CONCURRENCY,
        # As docker-compose.yml and .env.example run it: a connection kept per worker.
        DATABASE_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore",
        PYTHONPATH=str(ROOT),
    )


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str]):
    """The Procfile's web command, on a free loopback port; yields the port."""
    port = free_port()
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "rtw.wsgi", f"--bind=127.0.0.1:{port}", "--log-level=warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if load.Client(port).get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
        yield port
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(30)


def machine() -> dict:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    mem = next(
        int(line.split()[1]) // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "memory_mib": mem,
        "postgresql": version,
        "python": sys.version.split()[0],
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "web_concurrency": int(WEB_CONCURRENCY),
    }


# --- The measuring process (one per dataset) ----------------------------------------------------


def setup_django() -> None:
    import django

    django.setup()


def sessions_for(*emails: str) -> dict[str, dict]:
    """A signed-in session per person (with the second factor given, as the sign-in page would
    mark it), as cookies for the load client."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rtw.models import User
    from rtw.two_factor.actions import second_factor_required

    cookies = {}
    for email in emails:
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)
        if second_factor_required(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        cookies[email] = {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value
        }
    return cookies


def targets_of(size: str) -> dict:
    """Who and what the pages are about, from the dataset: the first team's first VSW, its
    supervisor, a case of theirs with a current plan, the employer of that case."""
    from checkins.links import link_token
    from checkins.models import CheckIn
    from plans.models import Plan
    from rtw.models import User

    vsw = User.objects.get(email="vsw-00-00@bench.test")
    plans = list(
        Plan.objects.filter(
            case__assigned_vsw=vsw, case__status="ACTIVE", superseded_at__isnull=True
        ).select_related("case__worker", "case__employer")[:24]
    )
    case = plans[0].case
    employer = User.objects.get(organisation=case.employer, role="EMPLOYER_CONTACT")
    check_ins = CheckIn.objects.filter(
        case__status="ACTIVE", status="SCHEDULED", ad_hoc=False
    ).order_by("pk")[:40]
    return {
        "vsw": vsw.email,
        "supervisor": "supervisor-00@bench.test",
        "employer": employer.email,
        "clinician": "gp-000-0@bench.test",
        "team_pk": vsw.organisation_id,
        "employer_org_pk": case.employer_id,
        "case": str(case.code),
        "plan": str(plans[0].code),
        "pdf_plans": [str(p.code) for p in plans[1:]],
        "check_in_links": [f"/check-in/{link_token(c)}/" for c in check_ins],
    }


def referral_forms(t: dict, count: int, size: str) -> list[dict]:
    from django.utils import timezone

    today = timezone.localdate()

    def date(prefix, day):
        return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}

    return [
        {
            "worker-first_name": "Olivia",
            "worker-last_name": f"Bench-{size}-{i:03d}-{secrets.token_hex(3)}",
            **date("worker-date_of_birth", today.replace(year=today.year - 42)),
            "worker-email": f"olivia{i}@bench.test",
            "worker-preferred_contact": "EMAIL",
            "worker-employer": str(t["employer_org_pk"]),
            "worker-job_title": "Warehouse supervisor",
            "worker-contracted_hours": "37.5",
            **date("worker-absence_started_on", today.replace(day=1)),
            "referral-team": str(t["team_pk"]),
            "referral-reason": "Stress and back pain; worried about lifting duties.",
            "referral-consent": "on",
            **date("referral-consent_given_on", today),
            "referral-consent_method": "VERBAL",
        }
        for i in range(count)
    ]


CHECK_IN_ANSWERS = {
    "hours_worked": "18",
    "days_absent": "0",
    "sleep": "6",
    "mood": "6",
    "energy": "5",
    "symptoms": "4",
    "work_ability": "6",
    "comments": "A steady week.",
}


def measure_pages(size: str, port: int) -> dict:
    setup_django()
    t = targets_of(size)
    cookies = sessions_for(t["vsw"], t["supervisor"], t["employer"], t["clinician"])

    def client(email):
        return load.Client(port, dict(cookies[email]))

    vsw, supervisor = client(t["vsw"]), client(t["supervisor"])
    out: dict = {"pages": {}, "concurrent": {}, "pdf": {}}
    pages = out["pages"]

    def page(name, who, path, runs=RUNS):
        pages[name] = {"path": path, **load.sequential(who, path, runs)}
        print(f"  {size} {name}: {pages[name]['p50_ms']} ms p50, {pages[name]['queries']} q")

    page("VSW worklist", vsw, "/cases/")
    page("floor view (VSW rows)", vsw, "/bench/floor/")
    page("team worklist", supervisor, "/cases/team/")
    page("floor view (team rows)", supervisor, "/bench/floor/")
    case_path = f"/cases/{t['case']}/"
    page("case page", vsw, case_path)
    for link in load.sub_navigation(vsw.get(case_path).text):
        if link != case_path:
            page(f"case section {link.removeprefix(case_path).strip('/')}", vsw, link, RUNS // 2)
    page("plan page", vsw, f"/plans/{t['plan']}/")
    page("employer list", client(t["employer"]), "/cases/employees/")
    # The service figures over the whole dataset's team (issue 13: dashboard timings at scale).
    page("service figures", supervisor, "/figures/", RUNS // 2)
    page("service figures CSV", supervisor, "/figures/figures.csv", RUNS // 2)
    page("service figures PDF", supervisor, "/figures/figures.pdf", max(1, RUNS // 4))
    pages["referral POST"] = load.posts(
        client(t["clinician"]), "/cases/refer/", referral_forms(t, 20, size)
    )
    check_in_timings = []
    anonymous = load.Client(port)
    for link in t["check_in_links"][:20]:
        check_in_timings.append(load.posts(anonymous, link, [CHECK_IN_ANSWERS], ok=(200,)))
    pages["check-in POST"] = {
        "runs": len(check_in_timings),
        "p50_ms": sorted(r["p50_ms"] for r in check_in_timings)[len(check_in_timings) // 2],
        "p95_ms": load.percentile([r["p50_ms"] for r in check_in_timings], 95),
        "queries": statistics.mode(r["queries"] or 0 for r in check_in_timings),
        "queries_max": max(r["queries"] or 0 for r in check_in_timings),
    }

    out["concurrent"]["VSW worklist"] = load.concurrent(
        [client(t["vsw"]) for _ in range(CLIENTS)], "/cases/", CONCURRENT_SECONDS
    )
    out["concurrent"]["floor view (VSW rows)"] = load.concurrent(
        [client(t["vsw"]) for _ in range(CLIENTS)], "/bench/floor/", CONCURRENT_SECONDS
    )

    # PDFs: a first render of a version (nothing cached), then a repeated download of it.
    # Each gunicorn worker imports WeasyPrint at its first PDF: warm them all up first.
    pdf = out["pdf"]
    plans = iter(t["pdf_plans"])
    warm = [next(plans) for _ in range(2 * int(WEB_CONCURRENCY))]
    load.parallel_once([client(t["vsw"]) for _ in warm], [f"/plans/{c}/pdf/worker/" for c in warm])
    alone = [next(plans) for _ in range(5)]
    first = [vsw.get(f"/plans/{code}/pdf/worker/") for code in alone]
    pdf["first render alone"] = load.summary([r.ms for r in first], [r.queries for r in first])
    again = [vsw.get(f"/plans/{alone[0]}/pdf/worker/") for _ in range(20)]
    pdf["repeated download alone"] = load.summary([r.ms for r in again], [r.queries for r in again])
    codes = [next(plans) for _ in range(CLIENTS)]
    clients = [client(t["vsw"]) for _ in codes]
    burst = load.parallel_once(clients, [f"/plans/{c}/pdf/worker/" for c in codes])
    pdf[f"first render, {len(codes)} at once"] = load.summary(
        [r.ms for r in burst], [r.queries for r in burst]
    )
    burst = load.parallel_once(clients, [f"/plans/{c}/pdf/worker/" for c in codes])
    pdf[f"repeated download, {len(codes)} at once"] = load.summary(
        [r.ms for r in burst], [r.queries for r in burst]
    )
    return out


def measure_reminders(env: dict[str, str]) -> dict:
    setup_django()
    from scripts.bench import reminders

    out = {}
    print("  reminders: claim plan at a large backlog", flush=True)
    out["claim"] = reminders.claim_cost()
    print("  reminders: idle producer", flush=True)
    out["idle_producer"] = reminders.idle_producer()
    print(f"  reminders: {reminders.END_TO_END} through worker + beat", flush=True)
    out["end_to_end"] = reminders.end_to_end(env)
    return out


def child(argv: list[str]) -> int:
    """``run.py pages <size> <port>`` or ``run.py reminders``: prints JSON on its last line."""
    if argv[0] == "pages":
        result = measure_pages(argv[1], int(argv[2]))
    else:
        result = measure_reminders(dict(os.environ))
    print(json.dumps(result, default=str))
    return 0


def run_child(env: dict[str, str], *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines = proc.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"measuring {' '.join(args)} failed (exit {proc.returncode})")
    return json.loads(lines[-1])


# --- Main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["pages", "reminders"])
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    if "DATABASE_URL" not in os.environ:
        sys.exit("Run me under scripts/with_services.py (DATABASE_URL is not set).")
    results: dict = {"machine": machine(), "datasets": {}, "sizes": {}}
    started = datetime.now(UTC)
    sizes = ("large",) if args.only == "reminders" else SIZES
    for size in sizes:
        env = production_env(size)
        create_database(f"bench_{size}")
        proc = subprocess.run(
            [sys.executable, str(ROOT / "scripts/bench/dataset.py"), size],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        results["datasets"][size] = json.loads(proc.stdout.strip().splitlines()[-1])
    if args.only != "reminders":
        for size in SIZES:
            env = production_env(size)
            with gunicorn(env) as port:
                results["sizes"][size] = run_child(env, "pages", size, str(port))
    if args.only != "pages":
        results["reminders"] = run_child(production_env("large"), "reminders")
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    from scripts.bench.report import report

    results["targets"] = report(results)
    out = ROOT / "var" / "bench" / f"results-{started:%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nResults: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
