"""The audit log appends one keyed row per read or change, in one chain per municipality; it
refuses changes through the ORM, names the system when no person acted, and writes one row per
list that names everyone on it."""

from datetime import date

import pytest
from django.db import transaction

from ungsam.access import audit
from ungsam.access.audit import SystemActor
from ungsam.access.models import AppendOnlyError, AuditEvent, AuditSubject
from ungsam.cases.services import case_open
from ungsam.org.models import Membership, Municipality, Unit, User
from ungsam.people.services import youth_create


def write_rows(actor, n=5, **entry):
    for i in range(n):
        audit.record(
            actor,
            audit.Entry(
                "view",
                "casework",
                subjects=(audit.Subject(i + 1),),
                fields=("first_name",),
                **entry,
            ),
        )


def test_it_chains_each_row_to_the_one_before(personas):
    write_rows(personas.los_a, 3)
    rows = list(AuditEvent.objects.order_by("sequence"))
    assert [r.sequence for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert {r.chain for r in rows} == {personas.municipality.pk}


def test_it_keeps_one_chain_per_municipality(personas):
    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    unit = Unit.objects.create(municipality=other, name="Los Andrevik", kind="los")
    worker = User.objects.create_user(username="ola_andrevik", password="x" * 12)
    Membership.objects.create(
        user=worker, municipality=other, unit=unit, role="caseworker", status="direct"
    )
    write_rows(personas.los_a, 2)
    write_rows(worker, 3)
    write_rows(personas.los_a, 1)
    mine = list(
        AuditEvent.objects.filter(chain=personas.municipality.pk).values_list("sequence", flat=True)
    )
    theirs = list(AuditEvent.objects.filter(chain=other.pk).values_list("sequence", flat=True))
    # Each municipality numbers its own rows from 1, interleaved writes notwithstanding.
    assert sorted(mine) == [1, 2, 3]
    assert sorted(theirs) == [1, 2, 3]


def test_it_keys_the_hash_outside_the_database(personas, settings):
    event = audit.record(personas.los_a, audit.Entry("view", "casework"))
    subjects = list(event.subjects.all())
    assert audit.compute_hash(event, subjects) == event.hash
    settings.AUDIT_KEY = "another-key-another-key-another-key-0123"
    # The same content under another key gives another hash: without the key, no one can
    # write a row that verifies.
    assert audit.compute_hash(event, subjects) != event.hash
    assert event.hash_version == audit.CURRENT_HASH_VERSION


def test_it_verifies_an_untouched_log(personas, capsys):
    from django.core.management import call_command

    write_rows(personas.los_a)
    call_command("verify_audit")
    assert "5 rows verified" in capsys.readouterr().out


def test_it_refuses_changes_through_the_model_and_the_queryset(personas):
    event = audit.record(
        personas.los_a, audit.Entry("view", "casework", subjects=(audit.Subject(7),))
    )
    event.purpose = "administration"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="administration")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditSubject.objects.filter(event=event).update(youth_id=8)
    with pytest.raises(AppendOnlyError):
        AuditSubject.objects.filter(event=event).delete()


def test_it_leaves_no_audit_row_when_the_change_rolls_back(personas):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(personas.los_a, audit.Entry("update", "casework"))
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.exists()


def test_it_records_request_id_and_client_address(personas, login):
    response = login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="view", subjects__youth_id=personas.youth_a.pk)
    assert event.request_id == response["X-Request-ID"]
    assert event.client_ip == "10.1.2.3"


def test_it_names_the_system_and_refuses_an_unnamed_actor(personas):
    event = audit.record(
        SystemActor("import_bundle"),
        audit.Entry("create", "demo_data", municipality_id=personas.municipality.pk),
    )
    assert event.actor_id is None and event.actor_label == "system:import_bundle"
    with pytest.raises(TypeError):
        audit.record(None, audit.Entry("create", "demo_data"))


def test_it_writes_one_row_per_list_naming_everyone_on_it(personas, login):
    login(personas.leader_a).get("/ungdom/")
    rows = AuditEvent.objects.filter(action="list")
    assert rows.count() == 1
    named = set(rows.get().subjects.values_list("youth_id", flat=True))
    assert named == {personas.youth_a.pk, personas.youth_a2.pk}
    # Each youth's subject-access trail still finds the list.
    assert AuditEvent.objects.filter(subjects__youth_id=personas.youth_a2.pk).exists()


def test_it_records_the_grant_and_the_membership_of_each_youth_shown(personas, login):
    login(personas.leader_a).get(f"/ungdom/{personas.youth_a.pk}/")
    subject = AuditSubject.objects.get(event__action="view", youth_id=personas.youth_a.pk)
    assert subject.basis == "unit_leader"
    assert subject.membership == Membership.objects.get(user=personas.leader_a)
    login(personas.los_a).get(f"/ungdom/{personas.youth_a.pk}/")
    subject = AuditSubject.objects.filter(youth_id=personas.youth_a.pk).latest("id")
    assert subject.basis == "contact_person"
    assert subject.membership == Membership.objects.get(user=personas.los_a)


def test_it_verifies_rows_that_requests_wrote(personas, login, capsys):
    # Rows with a client address, a request id, subjects, grants and memberships: what the
    # database hands back (an inet on PostgreSQL, text on SQLite) must hash as it was written.
    client = login(personas.leader_a)
    client.get("/ungdom/", REMOTE_ADDR="2001:db8::7")
    client.get(f"/ungdom/{personas.youth_a.pk}/", REMOTE_ADDR="10.0.0.9")
    from django.core.management import call_command

    call_command("verify_audit")
    assert "rows verified" in capsys.readouterr().out
    assert AuditEvent.objects.filter(client_ip="2001:db8::7").exists()


def test_the_one_statement_insert_names_every_column_of_the_models():
    """PostgreSQL writes a row and its subjects in one statement of hand-written SQL: a field
    added to the models without adding it there would silently not be stored."""
    event_columns = {f.column for f in AuditEvent._meta.concrete_fields if not f.primary_key}
    subject_columns = {
        f.column for f in AuditSubject._meta.concrete_fields if not f.primary_key
    } - {"event_id"}
    assert set(audit.EVENT_COLUMNS) == event_columns
    assert set(audit.SUBJECT_COLUMNS) == subject_columns


def test_it_records_the_ground_and_role_of_a_youth_registered_and_a_case_opened(personas):
    """The "created" rows say on what ground and in which role a worker wrote, as reads do:
    a subject-access export then names the organisation she acted for."""
    los_a = personas.los_a
    role = Membership.objects.get(user=los_a, unit=personas.unit_a)
    youth = youth_create(
        actor=los_a,
        purpose="casework",
        municipality=personas.municipality,
        first_name="Ny",
        last_name="Fiktivsen",
        birth_date=date(2010, 1, 1),
    )
    case_open(
        actor=los_a,
        purpose="casework",
        youth=youth,
        unit=personas.unit_a,
        contact_persons=[los_a],
    )
    created = AuditSubject.objects.filter(event__action="create", youth_id=youth.pk)
    rows = {(s.event.object_type, s.basis, s.membership_id) for s in created}
    assert rows == {("people.youth", "", role.pk), ("cases.case", "contact_person", role.pk)}
    assert set(
        AuditEvent.objects.filter(action="create").values_list("acting_membership", flat=True)
    ) == {role.pk}
