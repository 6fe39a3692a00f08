"""Check-ins and reminders are queue-like tables: rows change status every minute (scheduled,
invited, answered; pending, sent), which leaves dead row versions in the partial indexes the
producers and the sweep read (``checkin_scheduled_due``, ``checkin_open_due``,
``reminder_pending_claim``). PostgreSQL's default autovacuum waits for a fifth of a table to be
dead, which at 500,000 check-ins is 100,000 rows, weeks of a service's changes; every minute's
producer run visits those dead versions meanwhile. These tables are vacuumed at 1 % instead
(docs/performance.md). PostgreSQL only: SQLite has no autovacuum to tune."""

from django.db import migrations

TABLES = ("cases_checkin", "cases_reminder")
SETTINGS = "autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02"


def vacuum_often(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} SET ({SETTINGS})")


def vacuum_as_default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} RESET "
            "(autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)"
        )


class Migration(migrations.Migration):
    dependencies = [("checkins", "0009_check_ins_end_with_case")]

    operations = [migrations.RunPython(vacuum_often, vacuum_as_default)]
