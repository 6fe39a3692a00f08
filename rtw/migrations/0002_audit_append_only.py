"""On PostgreSQL, refuse UPDATE and DELETE on the audit trail at the database level."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION rtw_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER rtw_auditevent_append_only
    BEFORE UPDATE OR DELETE ON rtw_auditevent
    FOR EACH ROW EXECUTE FUNCTION rtw_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS rtw_auditevent_append_only ON rtw_auditevent;
DROP FUNCTION IF EXISTS rtw_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("rtw", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
