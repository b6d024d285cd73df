"""PostgreSQL: one round trip to lock a municipality's audit chain and read its head.

A VOLATILE PL/pgSQL function takes the chain's transaction-scoped advisory lock, then reads the
head; its SELECT gets a fresh snapshot after the lock is granted (READ COMMITTED), so it sees
the row the previous holder committed. Before: two statements (the lock, then the read)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION ungsam_audit_chain_head(
    p_chain bigint, OUT head_sequence bigint, OUT head_hash varchar
)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7416001, p_chain::integer);
    SELECT sequence, hash INTO head_sequence, head_hash
        FROM access_auditevent WHERE chain = p_chain ORDER BY sequence DESC LIMIT 1;
END
$$
"""
DROP = "DROP FUNCTION IF EXISTS ungsam_audit_chain_head(bigint)"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0004_append_only_trigger")]

    operations = [migrations.RunPython(install, remove)]
