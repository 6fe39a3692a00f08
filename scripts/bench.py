#!/usr/bin/env python3
"""Rough request latency for a few pages, in-process with Django's test client.

    python scripts/with_services.py -- .venv/bin/python scripts/bench.py [N]

Runs against the throwaway PostgreSQL and Redis that with_services.py provides (it migrates
that database first), with production-like settings except HTTPS. Prints figures only: the
numbers depend on the machine, so nothing is asserted.
"""

import os
import secrets
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/accounts/login/", "/healthz"]


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


def measure(client, path: str, n: int) -> dict[str, float]:
    for _ in range(10):  # warm up: imports, template loading, connections
        client.get(path)
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "mean": statistics.fmean(timings),
    }


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    configure()

    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    client = Client()
    print(f"{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}   (N={n})")
    for path in PAGES:
        figures = measure(client, path, n)
        print(f"{path:<20} {figures['p50']:>8.2f} {figures['p95']:>8.2f} {figures['mean']:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
