"""The audit log is append-only and tamper-evident: verify_audit finds any edit or deletion."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ungsam.access import audit
from ungsam.access.models import AppendOnlyError, AuditEvent


def write_rows(actor, n=5):
    for i in range(n):
        audit.record(actor, audit.Entry("view", "casework", youth_id=i + 1, fields=("first_name",)))


def test_it_chains_each_row_to_the_one_before(personas):
    write_rows(personas.los_a, 3)
    rows = list(AuditEvent.objects.order_by("id"))
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]


def test_it_verifies_an_untouched_log(personas, capsys):
    write_rows(personas.los_a)
    call_command("verify_audit")
    assert "5 rows verified" in capsys.readouterr().out


def test_it_names_the_first_edited_row(personas):
    write_rows(personas.los_a)
    third = AuditEvent.objects.order_by("id")[2]
    # An edit behind the application's back (raw UPDATE, as a DBA could).
    AuditEvent.objects.filter(pk=third.pk).update(purpose="administration")
    with pytest.raises(CommandError, match=f"row {third.pk}"):
        call_command("verify_audit")


def test_it_names_the_row_after_a_deleted_one(personas):
    write_rows(personas.los_a)
    rows = list(AuditEvent.objects.order_by("id"))
    AuditEvent.objects.filter(pk=rows[1].pk)._raw_delete(AuditEvent.objects.db)
    with pytest.raises(CommandError, match=f"row {rows[2].pk}"):
        call_command("verify_audit")


def test_it_exits_non_zero_from_the_shell_when_broken(personas):
    write_rows(personas.los_a, 2)
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id")[0].pk).update(youth_id=99)
    with pytest.raises(SystemExit) as exc:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "verify_audit"])
    assert exc.value.code == 1


def test_it_refuses_to_change_or_delete_a_row_through_the_model(personas):
    event = audit.record(personas.los_a, audit.Entry("view", "casework"))
    event.purpose = "administration"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_it_leaves_no_audit_row_when_the_change_rolls_back(personas):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(personas.los_a, audit.Entry("update", "casework", youth_id=1))
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.exists()


def test_it_records_request_id_and_client_address(personas, login):
    response = login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="view", youth_id=personas.youth_a.pk)
    assert event.request_id == response["X-Request-ID"]
    assert event.client_ip == "10.1.2.3"
