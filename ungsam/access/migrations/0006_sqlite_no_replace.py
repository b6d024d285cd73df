"""On SQLite, INSERT OR REPLACE deletes the row it collides with without firing that row's DELETE
trigger (SQLite fires those only with recursive_triggers on), so 0004's triggers alone let a
client with the app's connection overwrite an audit row. An insert onto an existing row's id, or
onto a chain position already taken, is refused here. (PostgreSQL has no REPLACE; its ON
CONFLICT DO UPDATE fires the UPDATE trigger.) The hash chain would still expose such a row
(`verify_audit`); this stops it from being written."""

from django.db import migrations

GUARDS = {
    "access_auditevent": "id = NEW.id OR (chain = NEW.chain AND sequence = NEW.sequence)",
    "access_auditsubject": "id = NEW.id",
}


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor != "sqlite":
        return []
    if not install:
        return [f"DROP TRIGGER IF EXISTS ungsam_audit_no_replace_{table}" for table in GUARDS]
    return [
        f"CREATE TRIGGER IF NOT EXISTS ungsam_audit_no_replace_{table} BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {match}) "
        "BEGIN SELECT RAISE(ABORT, 'ungsam: the audit log is append-only; REPLACE refused'); END"
        for table, match in GUARDS.items()
    ]


def install(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql, params=None)


def remove(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0005_chain_head_function")]

    operations = [migrations.RunPython(install, remove)]
