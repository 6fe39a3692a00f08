"""`make backup` / `make restore` (scripts/backup.py) against the real test cluster: the demo data,
backed up with pg_dump and restored with pg_restore into a fresh database, comes back whole.

pg_dump and pg_restore come from PG_BIN (set by scripts/with_services.py), so client and server
versions match as they must in production.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from cases.models import Case, FitNote, Worker
from checkins.models import CheckIn
from plans.models import Plan
from rtw.audit import record_event
from rtw.models import AuditEvent, User
from rtw.outbox import OutboxMessage
from tests.services import database_url_for_subprocess

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "backup.py"
KEY_TABLES = [User, Worker, Case, FitNote, Plan, CheckIn, AuditEvent, OutboxMessage]


@pytest.fixture(autouse=True)
def _real_postgres():
    assert django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql", (
        "run under scripts/with_services.py: backups are tested against a real PostgreSQL"
    )
    assert os.environ.get("PG_BIN"), "PG_BIN must name the server's binaries (with_services.py)"


def url_for(name: str) -> str:
    return database_url_for_subprocess().rsplit("/", 1)[0] + "/" + name


def maintenance():
    return psycopg.connect(url_for("postgres"), autocommit=True)


@pytest.fixture
def fresh_database():
    """An empty database on the test cluster, created and dropped by the test."""
    name = f"rtw_restore_{uuid.uuid4().hex[:12]}"
    with maintenance() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    drop_database(name)


def drop_database(name: str) -> None:
    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with maintenance() as conn:
        conn.execute(statement)


def script(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def counts_in(name: str) -> dict[str, int]:
    with psycopg.connect(url_for(name)) as conn:
        return {
            model._meta.db_table: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(model._meta.db_table))
            ).fetchone()[0]
            for model in KEY_TABLES
        }


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_demo_data_restores_into_a_fresh_database_with_every_record(
    settings, tmp_path, fresh_database
):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    record_event(by=None, action="backup-test", record_type="test")
    OutboxMessage.objects.create(to_email="a@example.test", subject="Queued", body="Queued.")
    before = counts_in(connection.settings_dict["NAME"])
    assert all(before.values()), before  # every key table has rows, so equality means something

    backup = script("backup", DATABASE_URL=database_url_for_subprocess(), BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.parent == tmp_path
    assert dump.name.startswith("rtw-") and dump.name.endswith("Z.dump")
    assert dump.stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == [dump.name]

    restore = script("restore", str(dump), DATABASE_URL=url_for(fresh_database))
    assert restore.returncode == 0, restore.stderr

    assert counts_in(fresh_database) == before
    # The append-only trigger on the audit trail came back with the data.
    with (
        psycopg.connect(url_for(fresh_database)) as conn,
        pytest.raises(psycopg.errors.RaiseException, match="append-only"),
    ):
        conn.execute("UPDATE rtw_auditevent SET action = 'changed'")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_already_holds_tables(tmp_path):
    backup = script("backup", DATABASE_URL=database_url_for_subprocess(), BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr

    restore = script("restore", backup.stdout.strip(), DATABASE_URL=database_url_for_subprocess())

    assert restore.returncode == 1
    assert "Restore into a fresh database" in restore.stderr


def test_restore_creates_the_database_when_it_does_not_exist(db, tmp_path):
    name = f"rtw_restore_{uuid.uuid4().hex[:12]}"
    backup = script("backup", DATABASE_URL=database_url_for_subprocess(), BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    try:
        restore = script("restore", backup.stdout.strip(), DATABASE_URL=url_for(name))
        assert restore.returncode == 0, restore.stderr
        assert counts_in(name)["rtw_user"] == User.objects.count()
    finally:
        drop_database(name)


def test_backup_without_a_postgres_database_url_says_what_to_set(tmp_path):
    result = script("backup", DATABASE_URL="", BACKUP_DIR=str(tmp_path))

    assert result.returncode == 1
    assert "Set DATABASE_URL" in result.stderr
    assert list(tmp_path.iterdir()) == []
