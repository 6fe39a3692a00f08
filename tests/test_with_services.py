"""scripts/with_services.py and scripts/bootstrap.sh, the two steps `make test` runs first.

with_services.py is run for real here (a second PostgreSQL and Redis next to the ones this
suite runs in), with its temporary directory redirected through TMPDIR so the tests can see
that nothing is left behind. bootstrap.sh is run with fake id, sudo, dpkg-query and apt-get
first on PATH, so no package is ever installed.
"""

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
WITH_SERVICES = ROOT / "scripts" / "with_services.py"
BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"


def load_with_services():
    spec = importlib.util.spec_from_file_location("with_services", WITH_SERVICES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def processes_mentioning(text: str) -> list[str]:
    """Command lines of live processes that contain `text` (what `pgrep -af` would list)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        args = cmdline.replace(b"\0", b" ").decode(errors="replace")
        if text in args:
            found.append(f"{entry.name}: {args}")
    return found


def assert_nothing_left(services_tmp: Path) -> None:
    """No temporary directory and no server process (postgres -D <dir>/...) remain."""
    assert list(services_tmp.iterdir()) == []
    deadline = time.monotonic() + 5  # a stopped postmaster may take a moment to be reaped
    while processes_mentioning(str(services_tmp)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(str(services_tmp)) == []


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def shared_dir():
    """A directory the postgres user can reach: pytest's tmp_path is private to its owner."""
    path = Path(tempfile.mkdtemp(prefix="rtw-test-services-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def services_tmp(shared_dir):
    """Where with_services.py makes its temporary directory (passed as TMPDIR)."""
    path = shared_dir / "tmp"
    path.mkdir(mode=0o755)
    return path


def with_services(args: list[str], services_tmp: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(WITH_SERVICES), "--", *args],
        env={**os.environ, "TMPDIR": str(services_tmp), **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


CHECK_SERVICES = """
import os, psycopg, redis
with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
    print(conn.execute("select 41 + 1").fetchone()[0])
print(redis.Redis.from_url(os.environ["REDIS_URL"]).ping())
print(os.environ["DATABASE_URL"], os.environ["REDIS_URL"])
raise SystemExit(7)
"""


def test_command_reaches_both_services_and_both_are_gone_afterwards(services_tmp):
    result = with_services([sys.executable, "-c", CHECK_SERVICES], services_tmp)

    assert result.returncode == 7, result.stderr  # the command's own exit status
    answer, pong, database_url, redis_url = result.stdout.split()
    assert (answer, pong) == ("42", "True")
    assert not port_open(urlsplit(database_url).port)
    assert not port_open(urlsplit(redis_url).port)
    assert_nothing_left(services_tmp)


def test_redis_failing_to_start_stops_postgres_and_says_why(services_tmp, tmp_path):
    # The fake Redis notes whether PostgreSQL was running (its postmaster.pid under --dir),
    # then fails the way a real one does when it cannot start.
    postgres_was_up = tmp_path / "postgres-was-up"
    fake_redis = write_script(
        tmp_path / "redis-server",
        'while [ $# -gt 0 ]; do [ "$1" = --dir ] && dir="$2"; shift; done\n'
        f'[ -f "$dir/pg/postmaster.pid" ] && echo "$dir" > {postgres_was_up}\n'
        'echo "fake redis: Address already in use" >&2\n'
        "exit 3\n",
    )
    command_ran = tmp_path / "command-ran"

    result = with_services(["touch", str(command_ran)], services_tmp, REDIS_SERVER=str(fake_redis))

    assert result.returncode == 1
    assert "Redis failed to start" in result.stderr
    assert "exited with code 3" in result.stderr
    assert "fake redis: Address already in use" in result.stderr
    assert not command_ran.exists()
    assert postgres_was_up.read_text().startswith(str(services_tmp))
    assert_nothing_left(services_tmp)


def test_postgres_failing_to_start_after_initdb_cleans_up_and_shows_its_log(
    shared_dir, services_tmp, tmp_path
):
    # A PG_BIN whose pg_ctl passes the server an impossible setting: initdb succeeds, the
    # server refuses to start, and the reason is only in the server log.
    real_bin = load_with_services().pg_bin()
    fake_bin = shared_dir / "bin"
    fake_bin.mkdir(mode=0o755)
    for binary in real_bin.iterdir():
        (fake_bin / binary.name).symlink_to(binary)
    (fake_bin / "pg_ctl").unlink()
    write_script(
        fake_bin / "pg_ctl", f'exec {real_bin / "pg_ctl"} "$@" -o "-c max_connections=0"\n'
    )
    redis_started = tmp_path / "redis-started"
    fake_redis = write_script(tmp_path / "redis-server", f"touch {redis_started}\nexit 1\n")

    result = with_services(
        ["true"], services_tmp, PG_BIN=str(fake_bin), REDIS_SERVER=str(fake_redis)
    )

    assert result.returncode == 1
    assert "PostgreSQL failed to start" in result.stderr
    assert "pg_ctl start exited with code 1" in result.stderr
    assert "max_connections" in result.stderr  # from the server log
    assert not redis_started.exists()
    assert_nothing_left(services_tmp)


# bootstrap.sh with fakes. Each fake appends what it was asked to FAKE_LOG.
FAKES = {
    "id": '[ "$1" = -u ] && echo "$FAKE_UID" || echo "uid=$FAKE_UID"\n',
    "sudo": (
        'echo "sudo $*" >> "$FAKE_LOG"\n'
        'if [ "$FAKE_SUDO" != works ]; then echo "sudo: a password is required" >&2; exit 1; fi\n'
        '[ "$1" = -n ] && shift\n'
        'exec "$@"\n'
    ),
    "dpkg-query": (
        "for package; do :; done\n"  # the last argument
        'case " $FAKE_MISSING " in *" $package "*)\n'
        '    echo "dpkg-query: no packages found matching $package" >&2; exit 1;;\n'
        "esac\n"
        "printf 'install ok installed'\n"
    ),
    "apt-get": (
        'echo "apt-get $*" >> "$FAKE_LOG"\n'
        'if [ "$FAKE_APT" = fails ]; then echo "apt-get was run" >&2; exit 99; fi\n'
    ),
    "python3": "exit 0\n",  # only asked whether ensurepip exists
    "make": "exit 0\n",
    "initdb": "exit 0\n",  # found through PG_BIN, so PostgreSQL counts as present
}


def bootstrap(tmp_path: Path, *, uid: int, missing: str = "", sudo: str = "fails", apt="works"):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    for name, body in FAKES.items():
        write_script(fake_bin / name, body)
    log = tmp_path / "calls.log"
    log.touch()
    env = {
        "PATH": f"{fake_bin}:{os.environ['PATH']}",
        "PG_BIN": str(fake_bin),
        "FAKE_UID": str(uid),
        "FAKE_MISSING": missing,
        "FAKE_SUDO": sudo,
        "FAKE_APT": apt,
        "FAKE_LOG": str(log),
    }
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(BOOTSTRAP)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, log.read_text().splitlines(), time.monotonic() - started


def test_bootstrap_without_root_or_sudo_stops_at_once_with_the_command_to_run(tmp_path):
    result, calls, seconds = bootstrap(tmp_path, uid=1000, missing="redis-server", sudo="fails")

    assert result.returncode == 1
    assert seconds < 10
    commands = [line for line in result.stderr.splitlines() if "apt-get" in line]
    assert commands == [
        "  sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server"
    ]
    assert calls == ["sudo -n true"]  # asked once, without a password prompt; no apt-get


@pytest.mark.parametrize("uid", [0, 1000])
def test_bootstrap_with_nothing_missing_runs_no_apt_get(tmp_path, uid):
    result, calls, seconds = bootstrap(tmp_path, uid=uid, apt="fails")

    assert result.returncode == 0, result.stderr
    assert calls == []
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1
    assert seconds < 10


def test_bootstrap_as_root_installs_what_is_missing_with_apt_get(tmp_path):
    result, calls, _ = bootstrap(tmp_path, uid=0, missing="poppler-utils chromium")

    assert result.returncode == 0, result.stderr
    assert len(calls) == 2
    assert calls[0].startswith("apt-get ") and calls[0].endswith(" update")
    assert calls[1].endswith(" install -y --no-install-recommends poppler-utils chromium")


def test_bootstrap_installs_through_sudo_when_it_needs_no_password(tmp_path):
    result, calls, _ = bootstrap(tmp_path, uid=1000, missing="fonts-liberation", sudo="works")

    assert result.returncode == 0, result.stderr
    assert len(calls) == 5
    assert calls[0] == "sudo -n true"
    assert calls[1].startswith("sudo -n env DEBIAN_FRONTEND=noninteractive apt-get ")
    assert calls[2].startswith("apt-get ") and calls[2].endswith(" update")
    assert calls[4].endswith(" install -y --no-install-recommends fonts-liberation")
