"""Appending to the audit log.

One chain per municipality: a writer locks only its municipality's chain, reads the chain's
head and appends the next row, whose `hash` is an HMAC (keyed outside the database, see
`keys.py`) over the row, the youth it names and the previous row's hash. Editing, deleting,
inserting or reordering a row breaks the chain at that row; cutting off the tail is caught by
the signed checkpoints of `audit_chain.py`."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

from ungsam.access import keys
from ungsam.access.context import current
from ungsam.access.models import NO_MUNICIPALITY_CHAIN, AuditEvent, AuditSubject
from ungsam.org.models import Membership, User

GENESIS_HASH = "0" * 64
CURRENT_HASH_VERSION = 1


@dataclass(frozen=True)
class SystemActor:
    """The system itself doing work no person asked for in a request (a management command, a
    scheduled task). The audit log names it `system:<name>`; services accept it where the
    policy says the system may act."""

    name: str
    is_authenticated = False
    pk = None

    @property
    def label(self) -> str:
        return f"system:{self.name}"


@dataclass(frozen=True)
class Subject:
    """A youth an audit row names, with the ground the actor saw them on."""

    youth_id: int
    basis: str = ""
    membership_id: int | None = None
    consent_id: int | None = None


@dataclass(frozen=True)
class Entry:
    """One thing to record. `obj` is a model instance or None; `subjects` are the youth it
    names. `object_ref` (type, id) names an object without loading it (the id a refused probe
    tried). `membership` is the role the actor acted in; `municipality_id` picks the chain when
    neither the membership nor the actor tells it."""

    action: str
    purpose: str
    obj: object = None
    subjects: tuple[Subject, ...] = ()
    fields: tuple[str, ...] = ()
    membership: Membership | None = None
    object_ref: tuple[str, str] | None = None
    municipality_id: int | None = None


def _object_ref(entry: Entry) -> tuple[str, str]:
    if entry.object_ref is not None:
        kind, ident = entry.object_ref
        return kind[:50], str(ident)[:40]
    if entry.obj is None:
        return "", ""
    return entry.obj._meta.label_lower, str(entry.obj.pk)


def _actor_ref(actor) -> tuple[int | None, str]:
    if actor is None:
        raise TypeError("audit.record needs an actor: a user, or a SystemActor naming the task")
    if isinstance(actor, SystemActor):
        return None, actor.label
    if actor.is_authenticated:
        return actor.pk, actor.get_username()
    return None, ""  # an anonymous visitor (a failed login)


def _municipality_of_user(user: User) -> int | None:
    # The roles a request has already read answer without a query.
    cached = getattr(user, "_ungsam_memberships", None)
    if cached:
        return cached[0].municipality_id
    return user.account_municipality_id()


def chain_for(actor, entry: Entry) -> int:
    """The municipality whose chain the row joins."""
    if entry.municipality_id is not None:
        return entry.municipality_id
    if entry.membership is not None:
        return entry.membership.municipality_id
    # The acting user's municipality; for a failed login, that of the account tried.
    for person in (actor, entry.obj):
        if isinstance(person, User) and person.pk is not None:
            found = _municipality_of_user(person)
            if found is not None:
                return found
    return NO_MUNICIPALITY_CHAIN


def _canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _hash_v0(event: AuditEvent, subjects) -> str:
    """Rows written before chains and keys existed: SHA-256 over the old fields, one youth at
    most. Kept verifiable; the first signed checkpoint after the upgrade seals them."""
    youth_ids = [s.youth_id for s in subjects]
    payload = {
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "youth_id": youth_ids[0] if youth_ids else None,
        "fields": list(event.fields),
        "purpose": event.purpose,
        "request_id": event.request_id,
        "client_ip": event.client_ip,
        "prev_hash": event.prev_hash,
    }
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _hash_v1(event: AuditEvent, subjects) -> str:
    payload = {
        "v": 1,
        "chain": event.chain,
        "sequence": event.sequence,
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "acting_membership_id": event.acting_membership_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "fields": list(event.fields),
        "subjects": sorted([s.youth_id, s.basis, s.membership_id, s.consent_id] for s in subjects),
        "purpose": event.purpose,
        "request_id": event.request_id,
        "client_ip": event.client_ip,
        "prev_hash": event.prev_hash,
    }
    return keys.mac(b"row", _canonical(payload))


HASHERS = {0: _hash_v0, 1: _hash_v1}


def compute_hash(event: AuditEvent, subjects) -> str:
    """The hash the row should carry, by its own hash_version. `subjects` are AuditSubject rows
    (or anything with youth_id, basis, membership_id, consent_id)."""
    try:
        hasher = HASHERS[event.hash_version]
    except KeyError:
        raise ValueError(f"unknown audit hash version {event.hash_version}") from None
    return hasher(event, subjects)


def _chain_head(chain: int) -> tuple[int, str]:
    """Lock the chain (to the end of the caller's transaction: writers of other municipalities
    never wait) and read its head: (last sequence, its hash), or (0, genesis)."""
    if connection.vendor == "postgresql":
        # One round trip: migration access/0005's function takes the lock, then reads.
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM ungsam_audit_chain_head(%s)", [chain])
            sequence, last = cursor.fetchone()
    else:
        # SQLite: transactions start IMMEDIATE (settings), which already serialises writers.
        found = (
            AuditEvent.objects.filter(chain=chain)
            .order_by("-sequence")
            .values_list("sequence", "hash")
            .first()
        )
        sequence, last = found or (None, None)
    return (sequence, last) if sequence is not None else (0, GENESIS_HASH)


# The row and the youth it names, in one statement (PostgreSQL): a data-modifying CTE. The
# column lists must match the models; tests/access/test_audit.py holds them to it.
EVENT_COLUMNS = (
    "chain",
    "sequence",
    "created_at",
    "actor_id",
    "actor_label",
    "acting_membership_id",
    "action",
    "object_type",
    "object_id",
    "fields",
    "purpose",
    "request_id",
    "client_ip",
    "prev_hash",
    "hash",
    "hash_version",
)
SUBJECT_COLUMNS = ("youth_id", "basis", "membership_id", "consent_id")
_CASTS = {"fields": "::jsonb", "client_ip": "::inet"}
_PG_INSERT = (  # noqa: S608 (built from the constant column names above, never from input)
    "WITH e AS (INSERT INTO access_auditevent ({columns}) VALUES ({values}) RETURNING id), "
    "s AS (INSERT INTO access_auditsubject (event_id, {subject_columns}) "
    "SELECT e.id, u.* FROM e, unnest(%s::bigint[], %s::varchar[], %s::bigint[], %s::bigint[]) "
    "AS u({subject_columns})) "
    "SELECT id FROM e"
).format(
    columns=", ".join(EVENT_COLUMNS),
    values=", ".join("%s" + _CASTS.get(c, "") for c in EVENT_COLUMNS),
    subject_columns=", ".join(SUBJECT_COLUMNS),
)


def _insert(event: AuditEvent, subjects: list[AuditSubject]) -> None:
    if connection.vendor == "postgresql":
        values = [getattr(event, c) for c in EVENT_COLUMNS]
        values[EVENT_COLUMNS.index("fields")] = json.dumps(event.fields)
        columns = [[getattr(s, c) for s in subjects] for c in SUBJECT_COLUMNS]
        with connection.cursor() as cursor:
            cursor.execute(_PG_INSERT, [*values, *columns])
            event.pk = cursor.fetchone()[0]
        event._state.adding = False
        return
    event.save(force_insert=True)
    if subjects:
        for subject in subjects:
            subject.event = event
        AuditSubject.objects.bulk_create(subjects)


def record(actor, entry: Entry) -> AuditEvent:
    """Append one row naming every subject of the entry. Runs in the caller's transaction when
    there is one, so a rolled-back change leaves no audit row claiming it happened."""
    keys.require_audit_key()
    actor_id, label = _actor_ref(actor)
    chain = chain_for(actor, entry)
    object_type, object_id = _object_ref(entry)
    ctx = current.get()
    with transaction.atomic():
        sequence, prev = _chain_head(chain)
        event = AuditEvent(
            chain=chain,
            sequence=sequence + 1,
            created_at=timezone.now(),
            actor_id=actor_id,
            actor_label=label,
            acting_membership=entry.membership,
            action=entry.action,
            object_type=object_type,
            object_id=object_id,
            fields=list(entry.fields),
            purpose=entry.purpose,
            request_id=ctx.request_id,
            client_ip=ctx.client_ip,
            prev_hash=prev,
            hash_version=CURRENT_HASH_VERSION,
        )
        subjects = [
            AuditSubject(
                youth_id=s.youth_id,
                basis=s.basis,
                membership_id=s.membership_id,
                consent_id=s.consent_id,
            )
            for s in entry.subjects
        ]
        event.hash = compute_hash(event, subjects)
        _insert(event, subjects)
    return event
