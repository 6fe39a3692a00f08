#!/usr/bin/env python3
"""Back up the PostgreSQL database, or restore a backup into a fresh database.

    python scripts/backup.py backup                 # -> $BACKUP_DIR/rtw-20261130T031500Z.dump
    python scripts/backup.py restore FILE           # into the (new or empty) database of
                                                    #    $DATABASE_URL
    make backup
    make restore FILE=var/backups/rtw-20261130T031500Z.dump

The database is DATABASE_URL (postgres://user:password@host:port/name). A backup is
``pg_dump --format=custom`` written to BACKUP_DIR (default var/backups) under a UTC timestamp,
readable by its owner only, and appears under its final name only once complete. A restore
creates the database named in DATABASE_URL when it does not exist, refuses one that already
holds tables (restore into a fresh database, then point the app at it), and runs
``pg_restore --no-owner --exit-on-error``, so it either completes or says what failed.

pg_dump and pg_restore come from PG_BIN when it is set, otherwise from PATH; they must be the
server's major version or newer. The password is passed in the environment (PGPASSWORD), never
on the command line. See docs/operations.md for retention, encryption and testing restores.
"""

import argparse
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "rtw-"
SUFFIX = ".dump"


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise BackupError(
            "Set DATABASE_URL to the PostgreSQL database, e.g. "
            "postgres://rtw:password@127.0.0.1:5432/rtw (SQLite development databases are not "
            "backed up by this script)."
        )
    return url


def split_url(url: str) -> tuple[str, str, dict[str, str]]:
    """(URL without the password, database name, environment with PGPASSWORD)."""
    parts = urlsplit(url)
    env = dict(os.environ)
    netloc = parts.netloc
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        userinfo, host = netloc.rsplit("@", 1)
        netloc = f"{userinfo.split(':', 1)[0]}@{host}"
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise BackupError("DATABASE_URL names no database (it needs a /name at the end).")
    return urlunsplit(parts._replace(netloc=netloc)), name, env


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def tool(name: str) -> str:
    pg_bin = os.environ.get("PG_BIN")
    path = str(Path(pg_bin) / name) if pg_bin else shutil.which(name)
    if not path or not Path(path).exists():
        raise BackupError(
            f"{name} not found: install the PostgreSQL client of the server's version "
            "(e.g. postgresql-client-15) or set PG_BIN to the directory that holds it."
        )
    return path


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} exited with code {result.returncode}")


def backup(backup_dir: Path, *, now: datetime | None = None) -> Path:
    """Dump the database to ``backup_dir``; returns the file written."""
    url, _, env = split_url(database_url())
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / f"{PREFIX}{stamp}{SUFFIX}"
    if target.exists():
        raise BackupError(f"{target} already exists; wait a second and run it again.")
    partial = backup_dir / f".{target.name}.partial"
    old_umask = os.umask(0o077)  # health data: readable by the owner only
    try:
        run([tool("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={url}"], env)
        os.replace(partial, target)
    finally:
        os.umask(old_umask)
        partial.unlink(missing_ok=True)
    return target


def _connect(url: str, env: dict[str, str]):
    import psycopg

    return psycopg.connect(url, password=env.get("PGPASSWORD"), autocommit=True)


def prepare_fresh_database(url: str, name: str, env: dict[str, str]) -> None:
    """Create the target database if missing; refuse one that already holds tables."""
    import psycopg
    from psycopg import sql

    try:
        with _connect(url, env) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', "
                "'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
            ).fetchone()[0]
    except psycopg.OperationalError as error:
        if f'"{name}" does not exist' not in str(error):
            raise BackupError(f"Cannot connect to the target database: {error}") from error
        with _connect(with_database(url, "postgres"), env) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created database {name}.", file=sys.stderr)
        return
    if tables:
        raise BackupError(
            f"Database {name} already holds {tables} tables. Restore into a fresh database "
            "(set DATABASE_URL to a new name, or drop this one first), then point the app at it."
        )


def restore(file: Path) -> None:
    """Restore ``file`` into the fresh database named by DATABASE_URL."""
    if not file.is_file():
        raise BackupError(f"No backup at {file}.")
    url, name, env = split_url(database_url())
    prepare_fresh_database(url, name, env)
    run(
        [
            tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={url}",
            str(file),
        ],
        env,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="write a backup to BACKUP_DIR")
    restore_parser = commands.add_parser("restore", help="restore FILE into a fresh database")
    restore_parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            backup_dir = Path(os.environ.get("BACKUP_DIR") or ROOT / "var" / "backups")
            print(backup(backup_dir))
        else:
            restore(args.file)
            print(f"Restored {args.file}.", file=sys.stderr)
    except BackupError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
