"""The database itself refuses UPDATE, DELETE and TRUNCATE on the audit tables, whichever client
asks (the model guards stop only the ORM).

PostgreSQL: a trigger per table for UPDATE/DELETE (each row) and TRUNCATE. An operator should
also withhold UPDATE, DELETE and TRUNCATE on these tables from the app's database role
(docs/operations.md): a table owner can disable a trigger, a role without the grants cannot
change rows at all. SQLite: BEFORE UPDATE/DELETE triggers (SQLite has no TRUNCATE). SQLite
rebuilds a table to alter it, dropping its triggers: a later migration that alters these tables
must install them again."""

from django.db import migrations

TABLES = ("access_auditevent", "access_auditsubject")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ungsam_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ungsam: the audit log is append-only; % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
PG_TRIGGERS = (
    "CREATE TRIGGER ungsam_audit_no_change BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION ungsam_audit_append_only()",
    "CREATE TRIGGER ungsam_audit_no_truncate BEFORE TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION ungsam_audit_append_only()",
)
PG_DROP = (
    "DROP TRIGGER IF EXISTS ungsam_audit_no_change ON {table}",
    "DROP TRIGGER IF EXISTS ungsam_audit_no_truncate ON {table}",
)
SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS ungsam_audit_no_{op.lower()}_{{table}} BEFORE {op} ON {{table}} "
    f"BEGIN SELECT RAISE(ABORT, 'ungsam: the audit log is append-only; {op} refused'); END"
    for op in ("UPDATE", "DELETE")
)
SQLITE_DROP = tuple(
    f"DROP TRIGGER IF EXISTS ungsam_audit_no_{op}_{{table}}" for op in ("update", "delete")
)


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        if install:
            return [PG_FUNCTION] + [s.format(table=t) for t in TABLES for s in PG_TRIGGERS]
        drop = [s.format(table=t) for t in TABLES for s in PG_DROP]
        return drop + ["DROP FUNCTION IF EXISTS ungsam_audit_append_only()"]
    if vendor == "sqlite":
        chosen = SQLITE_TRIGGERS if install else SQLITE_DROP
        return [s.format(table=t) for t in TABLES for s in chosen]
    return []


def install(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql, params=None)


def remove(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0003_chains_keys_and_subjects")]

    operations = [migrations.RunPython(install, remove)]
