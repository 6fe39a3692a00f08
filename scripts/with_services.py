#!/usr/bin/env python3
"""Run a command with a throwaway PostgreSQL and Redis started from local binaries.

    python scripts/with_services.py -- pytest -q

PostgreSQL refuses to run as root, so when uid is 0 the cluster is created and run as the
`postgres` user in a temporary directory it owns. Both servers listen on free loopback ports
and are stopped (and their data removed) when the command ends. The command gets
DATABASE_URL and REDIS_URL (and CELERY_BROKER_URL pointing at the same Redis).
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_BIN_CANDIDATES = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15, 14, 13)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    sys.exit("PostgreSQL server binaries not found: install postgresql (scripts/bootstrap.sh).")


def as_postgres(cmd: list[str]) -> list[str]:
    if os.getuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def wait_for_port(port: int, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    sys.exit(f"{what} did not start on port {port}")


def main() -> int:
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit(__doc__)
    bindir = pg_bin()
    base = Path(tempfile.mkdtemp(prefix="rtw-services-"))
    os.chmod(base, 0o755)  # noqa: S103  (the postgres user must reach its data directory)
    pgdata = base / "pg"
    pgdata.mkdir()
    if os.getuid() == 0:
        shutil.chown(pgdata, "postgres", "postgres")
    pg_port, redis_port = free_port(), free_port()
    subprocess.run(
        as_postgres(
            [
                str(bindir / "initdb"),
                "-D",
                str(pgdata),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(pgdata),
                "-l",
                str(pgdata / "log"),
                "-w",
                "-o",
                f"-p {pg_port} -h 127.0.0.1 -k {pgdata} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    redis = subprocess.Popen(
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(base),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(redis_port, "Redis")
        env = dict(os.environ)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{pg_port}/postgres"
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{redis_port}/1"
        env["PG_BIN"] = str(bindir)
        proc = subprocess.Popen(argv, env=env)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.send_signal(signal.SIGINT)
            return proc.wait()
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        subprocess.run(
            as_postgres([str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
