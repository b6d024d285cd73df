"""An insider with the database tampers with the audit log; `verify_audit` must name the first
bad row for each kind of tampering. The insider runs raw SQL, as a DBA could (the append-only
triggers are lifted in the test database, as a table owner could lift them), and recomputes
hashes with a key of her own — or, in the worst case, with the real key, which only the
checkpoints outside the database can catch."""

import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from ungsam.access import audit
from ungsam.access.models import AuditEvent, AuditSubject

ATTACKERS_KEY = "the-insider-does-not-have-the-real-key-0123456789"


def write_rows(actor, n, youth_id=1):
    for i in range(n):
        audit.record(
            actor,
            audit.Entry(
                "export" if i % 10 == 9 else "view",
                "casework",
                subjects=(audit.Subject(youth_id + i % 3),),
                fields=("first_name", "address"),
            ),
        )


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def row(chain, sequence) -> AuditEvent:
    return AuditEvent.objects.get(chain=chain, sequence=sequence)


@contextmanager
def key(value):
    with override_settings(AUDIT_KEY=value):
        yield


def relink_from(chain, sequence, *, with_key):
    """Recompute every hash from `sequence` on, each linking to the row before, as an attacker
    covering her tracks would."""
    prev = row(chain, sequence - 1).hash if sequence > 1 else audit.GENESIS_HASH
    with key(with_key):
        for event in AuditEvent.objects.filter(chain=chain, sequence__gte=sequence).order_by(
            "sequence"
        ):
            event.prev_hash = prev
            event.hash = audit.compute_hash(event, list(event.subjects.all()))
            sql(
                "UPDATE access_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, event.hash, event.pk],
            )
            prev = event.hash


def broken(*args) -> str:
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit", *args)
    return str(exc.value)


@pytest.fixture
def log(personas):
    """30 rows in the test municipality's chain, and a checkpoint of its head."""
    write_rows(personas.los_a, 30)
    call_command("audit_checkpoint")
    return personas.municipality.pk


def test_it_holds_untouched(log, capsys):
    call_command("verify_audit")
    assert "30 rows verified" in capsys.readouterr().out


def test_it_names_an_edited_row(log):
    sql("UPDATE access_auditevent SET purpose = 'administration' WHERE id = %s", [row(log, 7).pk])
    assert "row 7 " in broken() and "does not match its hash" in broken()


def test_it_names_the_row_where_who_read_what_was_changed_and_hashes_recomputed(log, personas):
    # Finding (b): row 24 now says the leader read it, and every later hash is recomputed.
    sql(
        "UPDATE access_auditevent SET actor_id = %s, actor_label = %s WHERE id = %s",
        [personas.leader_a.pk, "leo_a", row(log, 24).pk],
    )
    relink_from(log, 24, with_key=ATTACKERS_KEY)
    message = broken()
    assert "row 24 " in message and "does not match its hash" in message


def test_it_names_a_changed_subject(log):
    first = row(log, 12)
    sql("UPDATE access_auditsubject SET youth_id = 999 WHERE event_id = %s", [first.pk])
    assert "row 12 " in broken()


def test_it_names_a_deleted_row(log):
    sql("DELETE FROM access_auditsubject WHERE event_id = %s", [row(log, 15).pk])
    sql("DELETE FROM access_auditevent WHERE id = %s", [row(log, 15).pk])
    assert "row 15 is missing" in broken()


def test_it_names_a_deleted_export_row_even_when_the_rest_is_renumbered_and_relinked(log):
    # Finding (c): the export row 10 goes, later rows move up one and are relinked.
    gone = row(log, 10)
    assert gone.action == "export"
    sql("DELETE FROM access_auditsubject WHERE event_id = %s", [gone.pk])
    sql("DELETE FROM access_auditevent WHERE id = %s", [gone.pk])
    for later in AuditEvent.objects.filter(chain=log, sequence__gt=10).order_by("sequence"):
        sql(
            "UPDATE access_auditevent SET sequence = %s WHERE id = %s",
            [later.sequence - 1, later.pk],
        )
    relink_from(log, 10, with_key=ATTACKERS_KEY)
    assert "row 10 " in broken()


def test_it_names_a_truncated_tail(log):
    # Finding (a): the last 10 rows are deleted; what is left is a valid chain.
    victims = list(
        AuditEvent.objects.filter(chain=log, sequence__gt=20).values_list("pk", flat=True)
    )
    for pk in victims:
        sql("DELETE FROM access_auditsubject WHERE event_id = %s", [pk])
        sql("DELETE FROM access_auditevent WHERE id = %s", [pk])
    message = broken()
    assert "rows 21 to 30 were removed" in message
    # The checkpoint command refuses to bless the shortened chain, too.
    with pytest.raises(CommandError, match="row 30"):
        call_command("audit_checkpoint")


def test_it_names_an_inserted_row(log, personas):
    with key(ATTACKERS_KEY):
        audit.record(personas.leader_a, audit.Entry("view", "casework"))
    assert "row 31 " in broken()


def test_it_names_a_row_inserted_in_the_middle(log, personas):
    for later in AuditEvent.objects.filter(chain=log, sequence__gt=5).order_by("-sequence"):
        sql(
            "UPDATE access_auditevent SET sequence = %s WHERE id = %s",
            [later.sequence + 1, later.pk],
        )
    forged = row(log, 5)
    sql(
        "INSERT INTO access_auditevent (chain, sequence, created_at, actor_label, action, "
        "object_type, object_id, fields, purpose, request_id, prev_hash, hash, hash_version) "
        "SELECT chain, 6, created_at, actor_label, 'view', '', '', fields, purpose, '', hash, "
        "hash, 1 FROM access_auditevent WHERE id = %s",
        [forged.pk],
    )
    assert "row 6 " in broken()


def test_it_names_reordered_rows(log):
    a, b = row(log, 8), row(log, 9)
    sql("UPDATE access_auditevent SET sequence = -1 WHERE id = %s", [a.pk])
    sql("UPDATE access_auditevent SET sequence = 8 WHERE id = %s", [b.pk])
    sql("UPDATE access_auditevent SET sequence = 9 WHERE id = %s", [a.pk])
    assert "row 8 " in broken()


def test_it_catches_a_chain_rewritten_with_the_real_key_through_the_checkpoints(log, settings):
    # The worst case: the insider holds the database and the key, edits row 24 and recomputes
    # everything after it. The chain holds; the checkpoint taken before does not match.
    sql("UPDATE access_auditevent SET purpose = 'administration' WHERE id = %s", [row(log, 24).pk])
    relink_from(log, 24, with_key=settings.AUDIT_KEY)
    message = broken()
    assert "row 30 " in message and "rewritten" in message


def test_it_narrows_a_rewrite_between_two_checkpoints(log, personas, settings):
    write_rows(personas.los_a, 10)
    call_command("audit_checkpoint")  # at row 40
    sql("UPDATE access_auditevent SET purpose = 'administration' WHERE id = %s", [row(log, 35).pk])
    relink_from(log, 35, with_key=settings.AUDIT_KEY)
    message = broken()
    assert "rewritten after row 30 up to row 40" in message


def test_it_names_an_edited_checkpoint_line(log, settings):
    path = settings.AUDIT_CHECKPOINTS
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    data = json.loads(lines[-1])
    data["sequence"] = 25  # as if the log had been 25 rows long
    lines[-1] = json.dumps(data)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    message = broken()
    assert f"{path}:{len(lines)}" in message and "signature does not match" in message


def test_it_names_a_whole_chain_deleted(log):
    for pk in AuditEvent.objects.filter(chain=log).values_list("pk", flat=True):
        sql("DELETE FROM access_auditsubject WHERE event_id = %s", [pk])
        sql("DELETE FROM access_auditevent WHERE id = %s", [pk])
    assert "rows 1 to 30 were removed" in broken()


def test_it_verifies_incrementally_since_the_last_checkpoint(log, personas, capsys):
    write_rows(personas.los_a, 5)
    call_command("verify_audit", "--since-checkpoint")
    assert "5 rows verified since the last checkpoints" in capsys.readouterr().out
    # That run checkpointed row 35: the next one reads only what came after.
    write_rows(personas.los_a, 2)
    call_command("verify_audit", "--since-checkpoint")
    assert "2 rows verified since the last checkpoints" in capsys.readouterr().out


def test_it_names_an_edited_new_row_in_an_incremental_run(log, personas):
    write_rows(personas.los_a, 5)
    sql("UPDATE access_auditevent SET purpose = 'administration' WHERE id = %s", [row(log, 33).pk])
    assert "row 33 " in broken("--since-checkpoint")


def test_a_checkpoint_never_signs_a_head_with_an_edited_row_behind_it(log, personas):
    """Rows 31-40 written after the checkpoint at 30, row 35 edited: signing head 40 would make
    every later incremental run trust the edit. The checkpoint refuses and signs nothing."""
    write_rows(personas.los_a, 10)
    sql("UPDATE access_auditevent SET purpose = 'administration' WHERE id = %s", [row(log, 35).pk])
    with pytest.raises(CommandError, match="row 35 "):
        call_command("audit_checkpoint")
    assert "row 35 " in broken("--since-checkpoint")


def test_it_notices_the_checkpointed_row_changed_in_an_incremental_run(log):
    sql("UPDATE access_auditevent SET purpose = 'administration' WHERE id = %s", [row(log, 30).pk])
    assert "row 30 " in broken("--since-checkpoint")


def test_it_exits_non_zero_from_the_shell_when_broken(log):
    from django.core.management import execute_from_command_line

    sql("UPDATE access_auditsubject SET youth_id = 99 WHERE event_id = %s", [row(log, 1).pk])
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["manage.py", "verify_audit"])
    assert exc.value.code == 1


def test_it_appends_checkpoints_signed_and_to_the_log_output(log, settings, caplog):
    with caplog.at_level("INFO", logger="ungsam.audit"):
        call_command("verify_audit")
    lines = open(settings.AUDIT_CHECKPOINTS, encoding="utf-8").read().splitlines()
    assert len(lines) == 2  # audit_checkpoint's, then verify_audit's
    head = json.loads(lines[-1])
    assert (head["chain"], head["sequence"], head["rows"]) == (log, 30, 30)
    assert head["sig"] and head["hash"] == row(log, 30).hash
    assert any(lines[-1] in r.getMessage() for r in caplog.records)


def test_it_keeps_rows_written_before_keys_verifiable(personas, capsys, settings):
    """Rows from before this version (hash_version 0, plain SHA-256) still verify, and the
    first keyed row after them seals them into the chain."""
    write_rows(personas.los_a, 3)
    legacy = row(personas.municipality.pk, 1)
    sql("UPDATE access_auditevent SET hash_version = 0 WHERE id = %s", [legacy.pk])
    legacy.refresh_from_db()
    relink_from(personas.municipality.pk, 1, with_key=settings.AUDIT_KEY)  # v1 rows: the real key
    call_command("verify_audit")
    assert "3 rows verified" in capsys.readouterr().out
    sql("UPDATE access_auditevent SET purpose = 'administration' WHERE id = %s", [legacy.pk])
    assert "row 1 " in broken()
    assert AuditSubject.objects.filter(event=legacy).exists()
