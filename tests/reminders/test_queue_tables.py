"""The queue-like tables are vacuumed at 1 % dead rows, not PostgreSQL's default 20 %: their
partial indexes are read every minute (checkins/migrations/0010, docs/performance.md)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_check_ins_and_reminders_are_vacuumed_often():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s) ORDER BY relname",
            [["cases_checkin", "cases_reminder", "cases_case"]],
        )
        options = dict(cursor.fetchall())

    expected = ["autovacuum_vacuum_scale_factor=0.01", "autovacuum_analyze_scale_factor=0.02"]
    assert options == {
        "cases_case": None,  # other tables keep the defaults
        "cases_checkin": expected,
        "cases_reminder": expected,
    }
