"""Upgrading keeps the audit log verifiable: rows written before chains and keys (one global
SHA-256 chain, one youth per row) become chain 0, hash_version 0, with their youth as subjects,
and verify_audit still checks them — and still names an edited one."""

import hashlib
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import set_audit_triggers, set_journal_triggers
from ungsam.access.models import AuditEvent, AuditSubject

BEFORE = [("access", "0002_initial"), ("org", "0001_initial")]


def legacy_hash(row: dict) -> str:
    """The foundation's compute_hash, as it was."""
    payload = {
        k: row[k]
        for k in (
            "actor_id",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "youth_id",
            "fields",
            "purpose",
            "request_id",
            "client_ip",
            "prev_hash",
        )
    }
    payload["created_at"] = row["created_at"].astimezone(UTC).isoformat()
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def legacy_database(transactional_db):
    migrate(BEFORE)
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    set_audit_triggers(on=False)  # the forward migration installed them again
    set_journal_triggers(on=False)


def test_it_keeps_the_old_rows_verifiable_after_the_upgrade(legacy_database, capsys):
    prev = "0" * 64
    with connection.cursor() as cursor:
        for i in range(4):
            row = {
                "created_at": datetime(2026, 1, 5, 10, i, tzinfo=UTC),
                "actor_id": None,
                "actor_label": "",
                "action": "view",
                "object_type": "people.youth",
                "object_id": str(40 + i),
                "youth_id": 40 + i if i != 2 else None,
                "fields": ["first_name"],
                "purpose": "casework",
                "request_id": f"req-{i}",
                "client_ip": None,
                "prev_hash": prev,
            }
            row["hash"] = legacy_hash(row)
            cursor.execute(
                "INSERT INTO access_auditevent (created_at, actor_id, actor_label, action, "
                "object_type, object_id, youth_id, fields, purpose, request_id, client_ip, "
                "prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    row["created_at"],
                    None,
                    "",
                    "view",
                    "people.youth",
                    row["object_id"],
                    row["youth_id"],
                    json.dumps(row["fields"]),
                    "casework",
                    row["request_id"],
                    None,
                    prev,
                    row["hash"],
                ],
            )
            prev = row["hash"]
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    set_audit_triggers(on=False)
    rows = list(AuditEvent.objects.order_by("sequence"))
    assert [(r.chain, r.sequence, r.hash_version) for r in rows] == [
        (0, 1, 0),
        (0, 2, 0),
        (0, 3, 0),
        (0, 4, 0),
    ]
    assert sorted(AuditSubject.objects.values_list("youth_id", flat=True)) == [40, 41, 43]
    call_command("verify_audit")
    assert "4 rows verified" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_auditevent SET purpose = 'administration' WHERE id = %s", [rows[1].pk]
        )
    with pytest.raises(CommandError, match="row 2 "):
        call_command("verify_audit")
