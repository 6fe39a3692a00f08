#!/usr/bin/env python3
"""Run a command with a throwaway PostgreSQL and Redis started from local binaries.

    python scripts/with_services.py -- pytest -q

PostgreSQL refuses to run as root, so when uid is 0 the cluster is created and run as the
`postgres` user in a temporary directory it owns. Both servers listen on free loopback ports
and are stopped (and their data removed) when the command ends. The command gets
DATABASE_URL and REDIS_URL (and CELERY_BROKER_URL pointing at the same Redis).

PG_BIN names the directory holding initdb and pg_ctl, REDIS_SERVER the redis-server binary.
When a service fails to start, the ones already started are stopped, the temporary directory
is removed, and the script exits 1 saying which service failed and why.
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
START_TIMEOUT = 60  # seconds
TAIL_LINES = 20


class ServiceError(Exception):
    """A service could not be started; the message says which one and why."""

    def __init__(self, service: str, reason: str):
        super().__init__(f"{service} failed to start: {reason}")
        self.service = service


class Terminated(Exception):
    """SIGTERM arrived: unwind so that the services are stopped."""


def _raise_terminated(signum, frame):
    raise Terminated


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.2):
            return True
    except OSError:
        return False


def tail(text: str) -> str:
    lines = text.strip().splitlines()[-TAIL_LINES:]
    return "\n".join(f"    {line}" for line in lines) if lines else "    (no output)"


def file_tail(path: Path) -> str:
    try:
        return tail(path.read_text(errors="replace"))
    except OSError as error:
        return f"    (could not read {path}: {error})"


def run(cmd: list[str]) -> subprocess.CompletedProcess:
    """Run a setup command, keeping its output for the error message."""
    return subprocess.run(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def pg_bin() -> Path:
    if os.environ.get("PG_BIN"):
        bindir = Path(os.environ["PG_BIN"])
        if not (bindir / "initdb").exists():
            raise ServiceError("PostgreSQL", f"PG_BIN is {bindir}, which holds no initdb")
        return bindir
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise ServiceError(
        "PostgreSQL",
        "server binaries (initdb, pg_ctl) not found: install postgresql (make bootstrap) "
        "or set PG_BIN",
    )


def redis_binary() -> str:
    if os.environ.get("REDIS_SERVER"):
        return os.environ["REDIS_SERVER"]
    found = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(found):
        raise ServiceError("Redis", "redis-server not found: install redis-server (make bootstrap)")
    return found


def as_postgres(cmd: list[str]) -> list[str]:
    if os.getuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start_postgres(stack: contextlib.ExitStack, bindir: Path, base: Path) -> int:
    """Create a cluster under `base` and start it; its stop is registered on `stack`."""
    pgdata = base / "pg"
    pgdata.mkdir()
    if os.getuid() == 0:
        try:
            shutil.chown(pgdata, "postgres", "postgres")
        except LookupError:
            raise ServiceError(
                "PostgreSQL", "running as root and there is no postgres user to run it as"
            ) from None
    initdb = run(
        as_postgres(
            [
                str(bindir / "initdb"),
                *("-D", str(pgdata), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
    )
    if initdb.returncode != 0:
        raise ServiceError(
            "PostgreSQL", f"initdb exited with code {initdb.returncode}:\n{tail(initdb.stdout)}"
        )
    port = free_port()
    log = pgdata / "log"
    # Registered before the start: a server that starts too slowly for pg_ctl is still stopped.
    stack.callback(stop_postgres, bindir, pgdata)
    start = run(
        as_postgres(
            [
                str(bindir / "pg_ctl"),
                *("-D", str(pgdata), "-l", str(log), "-w", "-t", str(START_TIMEOUT)),
                "-o",
                f"-p {port} -h 127.0.0.1 -k {pgdata} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                # As production on SSD storage (docker-compose.yml, docs/deployment.md).
                "-c random_page_cost=1.1",
                "start",
            ]
        )
    )
    if start.returncode != 0:
        raise ServiceError(
            "PostgreSQL",
            f"pg_ctl start exited with code {start.returncode}:\n{tail(start.stdout)}\n"
            f"  last lines of the server log:\n{file_tail(log)}",
        )
    return port


def stop_postgres(bindir: Path, pgdata: Path) -> None:
    if not (pgdata / "postmaster.pid").exists():
        return  # never started, or already gone
    stop = run(as_postgres([str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop"]))
    if stop.returncode != 0:
        print(
            f"with_services: could not stop PostgreSQL in {pgdata}:\n{tail(stop.stdout)}",
            file=sys.stderr,
        )


def start_redis(stack: contextlib.ExitStack, binary: str, base: Path) -> int:
    """Start redis-server with its data and output under `base`; its stop goes on `stack`."""
    port = free_port()
    log = base / "redis.log"
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1"]
    cmd += ["--save", "", "--appendonly", "no", "--dir", str(base)]
    try:
        with log.open("wb") as out:
            # Its own session: Ctrl-C reaches the command, and the script stops Redis after it.
            redis = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
    except OSError as error:
        raise ServiceError("Redis", f"could not run {binary}: {error}") from None
    stack.callback(stop_process, redis)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        code = redis.poll()
        if code is not None:
            raise ServiceError("Redis", f"{binary} exited with code {code}:\n{file_tail(log)}")
        if port_open(port):
            return port
        if time.monotonic() > deadline:
            raise ServiceError(
                "Redis",
                f"{binary} was not listening on port {port} after {START_TIMEOUT} s:\n"
                f"{file_tail(log)}",
            )
        time.sleep(0.05)


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def start_services(stack: contextlib.ExitStack) -> dict[str, str]:
    """Start PostgreSQL then Redis; return the environment for the command."""
    bindir = pg_bin()
    redis = redis_binary()
    base = Path(tempfile.mkdtemp(prefix="rtw-services-"))
    stack.callback(shutil.rmtree, base, ignore_errors=True)  # last to run
    os.chmod(base, 0o755)  # noqa: S103  (the postgres user must reach its data directory)
    pg_port = start_postgres(stack, bindir, base)
    redis_port = start_redis(stack, redis, base)
    env = dict(os.environ)
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{pg_port}/postgres"
    env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{redis_port}/1"
    env["PG_BIN"] = str(bindir)
    return env


def run_command(argv: list[str], env: dict[str, str]) -> int:
    try:
        proc = subprocess.Popen(argv, env=env)
    except OSError as error:
        print(f"with_services: could not run {argv[0]}: {error}", file=sys.stderr)
        return 127
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()
    except Terminated:
        proc.terminate()
        proc.wait()
        return 128 + signal.SIGTERM


def main() -> int:
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit(__doc__)
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        with contextlib.ExitStack() as stack:
            env = start_services(stack)
            return run_command(argv, env)
    except ServiceError as error:
        # Printed after the ExitStack has stopped whatever had started.
        print(f"with_services: {error}", file=sys.stderr)
        return 1
    except Terminated:
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        return 128 + signal.SIGINT


if __name__ == "__main__":
    sys.exit(main())
