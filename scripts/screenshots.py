"""Take the README's screenshots against the demo data.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Builds a throwaway demo (DEBUG=true, SQLite in a temporary VAR_DIR: migrate, seed_demo), serves
it with runserver on a free loopback port, signs in as the demo VSW through the real sign-in
form (password, then the demo two-factor code from ``manage.py demo_totp``) and saves full-page
PNGs with Playwright and the system Chromium:

- ``worklist.png``: the demo VSW's caseload at desk width;
- ``case-page.png``: the demo worker's case (Jamie Clarke), its summary section;
- ``phone-check-in.png``: the demo worker's check-in waiting today, on a 390 px phone.

Nothing here touches the project's own database or VAR_DIR.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The demo accounts' public password (README, Demo logins).
PASSWORD = "demo-password-2026"  # noqa: S105
VSW = "vsw@demo.example"
WORKER = "worker@demo.example"
WIDTH = 1280
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The demo server did not answer at {url}")


def sign_in(page, base: str, env: dict) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(VSW)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.get_by_label("Code from your authenticator app").fill(manage(env, "demo_totp"))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def phone_check_in(browser, base: str, path: Path) -> None:
    """The demo worker (no second factor for workers) opens today's check-in from their home."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(WORKER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Do your check-in (about a minute)").first.click()
    page.wait_for_load_state()
    page.screenshot(path=path, full_page=True)
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rtw-screenshots-") as var_dir:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "REDIS_", "CELERY_"))
        }
        env.update(DEBUG="true", VAR_DIR=var_dir, PYTHONUNBUFFERED="1")
        for folder in ("broker/queue", "broker/control", "broker/processed"):
            Path(var_dir, folder).mkdir(parents=True, exist_ok=True)
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{base}/healthz")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": WIDTH, "height": 900})
                sign_in(page, base, env)
                page.goto(f"{base}/cases/")
                page.screenshot(path=out / "worklist.png", full_page=True)
                page.get_by_role("link", name="Jamie Clarke").first.click()
                page.wait_for_load_state()
                page.screenshot(path=out / "case-page.png", full_page=True)
                phone_check_in(browser, base, out / "phone-check-in.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    for name in ("worklist.png", "case-page.png", "phone-check-in.png"):
        print(out / name)


if __name__ == "__main__":
    main()
