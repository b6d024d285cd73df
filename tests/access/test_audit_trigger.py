"""As the app runs: the database itself refuses to change or remove audit rows, whichever
client asks (triggers, installed by migrations access/0004 and 0006). The other tests lift it in the
test database; this one puts it back inside its own transaction and expects each refusal."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.conftest import set_audit_triggers
from ungsam.access import audit
from ungsam.access.models import AuditEvent

STATEMENTS = [
    "UPDATE access_auditevent SET purpose = 'administration'",
    "DELETE FROM access_auditevent",
    "UPDATE access_auditsubject SET youth_id = 1",
    "DELETE FROM access_auditsubject",
]
if connection.vendor == "postgresql":
    STATEMENTS += ["TRUNCATE access_auditevent CASCADE", "TRUNCATE access_auditsubject"]
else:
    # SQLite's REPLACE deletes the row it collides with without its DELETE trigger (0006).
    STATEMENTS += [
        "REPLACE INTO access_auditevent SELECT * FROM access_auditevent",
        "INSERT OR REPLACE INTO access_auditsubject SELECT * FROM access_auditsubject",
    ]


@pytest.fixture
def guarded(personas):
    set_audit_triggers(on=True)  # rolled back with the test's transaction
    audit.record(personas.los_a, audit.Entry("view", "casework", subjects=(audit.Subject(1),)))
    return personas


@pytest.mark.parametrize("statement", STATEMENTS)
def test_it_refuses_to_change_audit_rows_in_the_database(guarded, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.filter(purpose="casework").count() == 1


def test_it_still_appends(guarded):
    audit.record(guarded.los_a, audit.Entry("view", "casework", subjects=(audit.Subject(2),)))
    assert AuditEvent.objects.count() == 2
