"""Snapshots of the test database's rows, taken once per test process (so per xdist worker) and
put back inside a test: building the demo municipality (seed_demo) takes about 14 seconds on
two cores, putting its rows back a fraction of one.

A snapshot is a copy of every table in the test database itself: on PostgreSQL in a schema of
its own, on SQLite as tables beside the originals (Django's flush leaves them alone). `restore`
empties every table and copies the snapshot's rows back, in one transaction or savepoint:
Django's foreign keys are checked at its end. So it works in a `db` test (the test's
transaction rolls it back) and in a transactional one (the flush after the test empties it).
DELETE rather than TRUNCATE: the tables hold next to nothing then, and TRUNCATE makes new files
for each of the 85 or so tables and their indexes, which took PostgreSQL twice as long.

Taking one creates tables, which must not happen inside a test's transaction (its rollback
would drop them): take them in a session fixture (see tests/conftest.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

PREFIX = "test_snapshot_"


class Snapshot:
    def __init__(self, name: str):
        """The rows of every table now, under `name` (an identifier)."""
        connection.ensure_connection()
        self.name = name
        self.tables = [
            t
            for t in connection.introspection.table_names(include_views=False)
            if not t.startswith(("sqlite_", PREFIX))
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                schema = self._copy_of("")
                cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                cursor.execute(f"CREATE SCHEMA {schema}")
            self._columns = {}
            for table in self.tables:
                copy, original = self._copy_of(table), connection.ops.quote_name(table)
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {original}")  # noqa: S608
                # By name: a migration test that takes a table back and forth may leave its
                # columns in another order (SQLite rebuilds the table).
                self._columns[table] = ", ".join(
                    connection.ops.quote_name(column.name)
                    for column in connection.introspection.get_table_description(cursor, table)
                )
            self._sequences = []
            if connection.vendor == "postgresql":
                self._sequences = [
                    (sequence["name"], table, sequence["column"])
                    for table in self.tables
                    for sequence in connection.introspection.get_sequences(cursor, table)
                ]

    def _copy_of(self, table: str) -> str:
        """Where the snapshot keeps a table's rows: on PostgreSQL in a schema of its own, on
        SQLite beside it under another name (Django's flush empties only its models' tables)."""
        qn = connection.ops.quote_name
        if connection.vendor == "postgresql":
            schema = qn(f"{PREFIX}{self.name}")
            return f"{schema}.{qn(table)}" if table else schema
        return qn(f"{PREFIX}{self.name}__{table}")

    def restore(self) -> None:
        """Every table as it was when the snapshot was taken, whatever is in it now."""
        qn = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                # Names from the database's own catalog, quoted: nothing from outside.
                cursor.execute(f"DELETE FROM {qn(table)}")  # noqa: S608
                columns = self._columns[table]
                cursor.execute(
                    f"INSERT INTO {qn(table)} ({columns})"  # noqa: S608
                    f" SELECT {columns} FROM {self._copy_of(table)}"
                )
            # PostgreSQL's sequences after the largest id (SQLite's follow the rows by themselves).
            for name, table, column in self._sequences:
                cursor.execute(
                    f"SELECT setval('{qn(name)}', coalesce(max({qn(column)}), 1),"  # noqa: S608
                    f" max({qn(column)}) IS NOT NULL) FROM {qn(table)}"
                )
        # The content types' rows are the snapshot's now, their ids maybe not the ones Django
        # cached (a flush re-creates them with new ids); so again once the test is over.
        ContentType.objects.clear_cache()
