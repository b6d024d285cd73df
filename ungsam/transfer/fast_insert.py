"""Plain multi-row inserts for the import's two big tables: the contacts of a bundle (a
million rows is a real export) and the ledger row each of them gets.

Django's bulk_create builds a model instance per row and prepares every value of it on its
own, which is most of an import's time (measured: three quarters of it at 100 000 contacts).
Here the values that are the same for a whole import (unit, recorder, time of import) or a
whole day (the date, noon that day) are prepared once, and the rows go to the database with
executemany. The contacts get keys made here, and their primary keys are read back by key for
the ledger."""

import uuid
from datetime import date

from django.db import connection

from ungsam.outreach.models import ContactTally, Depth
from ungsam.transfer.models import ImportedRow

CONTACT_FIELDS = (
    "unit", "place", "tapped_at", "date", "channel", "gender", "age_group", "depth", "count",
    "key", "recorded_by", "created_at",
)  # fmt: skip
LEDGER_FIELDS = ("unit", "file", "external_id", "object_id", "imported_at")


def _insert_sql(model, names) -> tuple[str, list]:
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names from the models, quoted; the values go as parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    return sql, fields


def _prep(field, value):
    return field.get_db_prep_save(value, connection)


class ContactWriter:
    """Writes contact rows of one import: `write(rows)` with (external id, values) pairs."""

    def __init__(self, *, unit_id: int, recorded_by_id: int, now, noon):
        self.sql, fields = _insert_sql(ContactTally, CONTACT_FIELDS)
        self.fields = dict(zip(CONTACT_FIELDS, fields, strict=True))
        self.noon = noon
        self.unit = _prep(self.fields["unit"], unit_id)
        self.recorded_by = _prep(self.fields["recorded_by"], recorded_by_id)
        self.created_at = _prep(self.fields["created_at"], now)
        self.depth = _prep(self.fields["depth"], Depth.GREETING)
        self.days: dict[date, tuple] = {}

    def _day(self, day: date) -> tuple:
        if day not in self.days:
            self.days[day] = (
                _prep(self.fields["tapped_at"], self.noon(day)),
                _prep(self.fields["date"], day),
            )
        return self.days[day]

    def write(self, rows: list[tuple[str, dict, int]]) -> list[tuple[str, int]]:
        """rows: (external id, values, place id). Returns (external id, contact id) pairs."""
        key_field = self.fields["key"]
        keys, params = [], []
        for _ext, values, place_id in rows:
            key = uuid.uuid4()
            keys.append(key)
            tapped_at, day = self._day(values["date"])
            params.append(
                (self.unit, place_id, tapped_at, day, values["channel"], values["gender"],
                 values["age_group"], self.depth, values["count"],
                 key_field.get_db_prep_value(key, connection), self.recorded_by,
                 self.created_at)
            )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, params)
        ids = dict(ContactTally.objects.filter(key__in=keys).values_list("key", "pk"))
        return [(ext, ids[key]) for (ext, _v, _p), key in zip(rows, keys, strict=True)]


def write_ledger(*, unit_id: int, file: str, pairs: list[tuple[str, int]], now) -> None:
    if not pairs:
        return
    sql, fields = _insert_sql(ImportedRow, LEDGER_FIELDS)
    unit = _prep(fields[0], unit_id)
    at = _prep(fields[4], now)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(unit, file, ext, pk, at) for ext, pk in pairs])
