"""On PostgreSQL, let DELETE through the audit trail's append-only trigger only when the
transaction has switched ``rtw.audit_prune`` on, which only ``rtw.audit.prune_audit`` does
(ADR 15). UPDATE is refused as before, and so is every other DELETE."""

from django.db import migrations

ALLOW_PRUNE = """
CREATE OR REPLACE FUNCTION rtw_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('rtw.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""
REFUSE_ALL = """
CREATE OR REPLACE FUNCTION rtw_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_PRUNE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_ALL)


class Migration(migrations.Migration):
    dependencies = [("rtw", "0005_user_sessions")]

    operations = [migrations.RunPython(forwards, backwards)]
