"""The database itself refuses to change or delete a signed journal entry, and to add, change or
remove an attachment of one, whichever client asks (the model guards stop only the ORM): an
insider who writes through the app's own connection is stopped too. A draft stays its author's
to change, and signing it (draft -> signed) is the last change it takes.

PostgreSQL: row triggers for UPDATE/DELETE (and INSERT of an attachment) and a statement
trigger for TRUNCATE. SQLite: BEFORE triggers with a WHEN clause (SQLite has no TRUNCATE).
SQLite rebuilds a table to alter it, dropping its triggers: a later migration that alters these
tables must install them again (`statements(vendor, install=True)`), and one that fills a new
column of signed rows must lift them for that UPDATE on purpose."""

from django.db import migrations

ENTRY, ATTACHMENT = "cases_journalentry", "cases_journalattachment"
TABLES = (ENTRY, ATTACHMENT)
MESSAGE = "ungsam: a signed journal entry is never changed or deleted"

PG_FUNCTIONS = (
    f"""
CREATE OR REPLACE FUNCTION ungsam_journal_entry_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    signed boolean := true;
BEGIN
    IF TG_OP <> 'TRUNCATE' THEN
        signed := OLD.status = 'signed';
    END IF;
    IF signed THEN
        RAISE EXCEPTION '{MESSAGE}; % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$
""",
    f"""
CREATE OR REPLACE FUNCTION ungsam_journal_attachment_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    signed boolean := false;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        signed := true;
    ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            signed := signed OR EXISTS (
                SELECT 1 FROM {ENTRY} WHERE id = OLD.entry_id AND status = 'signed');
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            signed := signed OR EXISTS (
                SELECT 1 FROM {ENTRY} WHERE id = NEW.entry_id AND status = 'signed');
        END IF;
    END IF;
    IF signed THEN
        RAISE EXCEPTION '{MESSAGE}; % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$
""",
)
PG_TRIGGERS = (
    f"CREATE TRIGGER ungsam_journal_fixed BEFORE UPDATE OR DELETE ON {ENTRY} "
    "FOR EACH ROW EXECUTE FUNCTION ungsam_journal_entry_fixed()",
    f"CREATE TRIGGER ungsam_journal_no_truncate BEFORE TRUNCATE ON {ENTRY} "
    "FOR EACH STATEMENT EXECUTE FUNCTION ungsam_journal_entry_fixed()",
    f"CREATE TRIGGER ungsam_journal_fixed BEFORE INSERT OR UPDATE OR DELETE ON {ATTACHMENT} "
    "FOR EACH ROW EXECUTE FUNCTION ungsam_journal_attachment_fixed()",
    f"CREATE TRIGGER ungsam_journal_no_truncate BEFORE TRUNCATE ON {ATTACHMENT} "
    "FOR EACH STATEMENT EXECUTE FUNCTION ungsam_journal_attachment_fixed()",
)
PG_DROP = tuple(
    f"DROP TRIGGER IF EXISTS {name} ON {table}"
    for table in TABLES
    for name in ("ungsam_journal_fixed", "ungsam_journal_no_truncate")
) + (
    "DROP FUNCTION IF EXISTS ungsam_journal_entry_fixed()",
    "DROP FUNCTION IF EXISTS ungsam_journal_attachment_fixed()",
)


def _sqlite_trigger(name, when, table, condition):
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {when} ON {table} WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}; {when} refused'); END"
    )


def _signed(ref):
    return f"(SELECT status FROM {ENTRY} WHERE id = {ref}) = 'signed'"


SQLITE_TRIGGERS = (
    # INSERT OR REPLACE deletes the old row without firing its DELETE trigger (SQLite fires
    # those only with recursive_triggers on): an insert onto a signed row's id is refused.
    # Each unique key counts: the id, a signed entry's one signed correction, a file's name.
    _sqlite_trigger(
        "ungsam_journal_no_replace",
        "INSERT",
        ENTRY,
        f"{_signed('NEW.id')} OR (NEW.status = 'signed' AND EXISTS (SELECT 1 FROM {ENTRY} "
        "WHERE corrects_id = NEW.corrects_id AND status = 'signed'))",
    ),
    _sqlite_trigger(
        "ungsam_journal_attachment_no_replace",
        "INSERT",
        ATTACHMENT,
        f"EXISTS (SELECT 1 FROM {ATTACHMENT} a JOIN {ENTRY} e ON e.id = a.entry_id "
        "WHERE (a.id = NEW.id OR a.storage_name = NEW.storage_name) AND e.status = 'signed')",
    ),
    _sqlite_trigger("ungsam_journal_no_update", "UPDATE", ENTRY, "OLD.status = 'signed'"),
    _sqlite_trigger("ungsam_journal_no_delete", "DELETE", ENTRY, "OLD.status = 'signed'"),
    _sqlite_trigger(
        "ungsam_journal_attachment_no_insert", "INSERT", ATTACHMENT, _signed("NEW.entry_id")
    ),
    _sqlite_trigger(
        "ungsam_journal_attachment_no_update",
        "UPDATE",
        ATTACHMENT,
        f"{_signed('OLD.entry_id')} OR {_signed('NEW.entry_id')}",
    ),
    _sqlite_trigger(
        "ungsam_journal_attachment_no_delete", "DELETE", ATTACHMENT, _signed("OLD.entry_id")
    ),
)
SQLITE_DROP = tuple(
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "ungsam_journal_no_replace",
        "ungsam_journal_attachment_no_replace",
        "ungsam_journal_no_update",
        "ungsam_journal_no_delete",
        "ungsam_journal_attachment_no_insert",
        "ungsam_journal_attachment_no_update",
        "ungsam_journal_attachment_no_delete",
    )
)


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return list(PG_FUNCTIONS + PG_TRIGGERS) if install else list(PG_DROP)
    if vendor == "sqlite":
        return list(SQLITE_TRIGGERS if install else SQLITE_DROP)
    return []


def install(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql, params=None)


def remove(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_journal")]

    operations = [migrations.RunPython(install, remove)]
