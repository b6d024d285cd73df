"""Appending to the hash-chained audit log, and checking the chain.

Each row's hash covers its own content and the previous row's hash, so editing or deleting
any row breaks the chain from there on. Writers take a lock so the chain stays a line."""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

from ungsam.access.context import current
from ungsam.access.models import AuditEvent

GENESIS_HASH = "0" * 64
_PG_LOCK_KEY = 7_416_001  # arbitrary, constant: the advisory lock that serialises audit writers


@dataclass(frozen=True)
class Entry:
    """One thing to record. `obj` is a model instance or None; `youth_id` ties it to a person."""

    action: str
    purpose: str
    obj: object = None
    youth_id: int | None = None
    fields: tuple[str, ...] = ()


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def compute_hash(event: AuditEvent) -> str:
    payload = {
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "youth_id": event.youth_id,
        "fields": list(event.fields),
        "purpose": event.purpose,
        "request_id": event.request_id,
        "client_ip": event.client_ip,
        "prev_hash": event.prev_hash,
    }
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: transactions start IMMEDIATE (settings), which already serialises writers.


def record_many(actor, entries: Iterable[Entry]) -> list[AuditEvent]:
    """Append one row per entry, chained, in one statement. Runs in the caller's transaction
    when there is one, so a rolled-back change leaves no audit row claiming it happened."""
    entries = list(entries)
    if not entries:
        return []
    ctx = current.get()
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    label = actor.get_username() if actor_id else ""
    now = timezone.now()
    with transaction.atomic():
        _lock_chain()
        prev = (
            AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
            or GENESIS_HASH
        )
        events = []
        for entry in entries:
            object_type, object_id = _object_ref(entry.obj)
            event = AuditEvent(
                created_at=now,
                actor_id=actor_id,
                actor_label=label,
                action=entry.action,
                object_type=object_type,
                object_id=object_id,
                youth_id=entry.youth_id,
                fields=list(entry.fields),
                purpose=entry.purpose,
                request_id=ctx.request_id,
                client_ip=ctx.client_ip,
                prev_hash=prev,
            )
            event.hash = compute_hash(event)
            prev = event.hash
            events.append(event)
        return AuditEvent.objects.bulk_create(events)


def record(actor, entry: Entry) -> AuditEvent:
    return record_many(actor, [entry])[0]


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify_chain(batch_size: int = 2000) -> Iterator[ChainBreak | int]:
    """Walk the log in order. Yields the number of rows checked so far every batch, and a
    ChainBreak at the first row whose hash or link does not hold (then stops)."""
    prev = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.prev_hash != prev:
            yield ChainBreak(event.id, "link")
            return
        if compute_hash(event) != event.hash:
            yield ChainBreak(event.id, "content")
            return
        prev = event.hash
        checked += 1
        if checked % batch_size == 0:
            yield checked
    yield checked
