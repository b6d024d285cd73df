"""Checking the audit log's chains, and the signed checkpoints kept outside the database.

A chain holds when its rows run 1, 2, 3 … without a gap, each links to the hash of the row
before it, and each row's content matches its keyed hash. That catches an edited, deleted,
inserted or reordered row by anyone without the key. Two things the chain alone cannot show are
caught by checkpoints — signed heads of each chain (sequence, hash, row count, time) appended to
a file and to the log output: a tail cut off (the chain still holds up to its new end), and a
chain rewritten by someone holding both the database and the key (it no longer matches what an
earlier checkpoint saw). Like Certificate Transparency's signed tree heads, a checkpoint is only
as good as the copy kept where the database's attacker cannot reach it."""

import json
import logging
import os
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ungsam.access import keys
from ungsam.access.audit import EVENT_COLUMNS, GENESIS_HASH, SUBJECT_COLUMNS, compute_hash
from ungsam.access.models import AuditEvent, AuditSubject

logger = logging.getLogger("ungsam.audit")

CHECKPOINT_VERSION = 1


@dataclass(frozen=True)
class Checkpoint:
    chain: int
    sequence: int
    hash: str
    rows: int
    first_hash: str
    time: str
    line: int = 0  # where it was read, for messages

    def payload(self) -> dict:
        return {
            "type": "ungsam-audit-checkpoint",
            "v": CHECKPOINT_VERSION,
            "chain": self.chain,
            "sequence": self.sequence,
            "hash": self.hash,
            "rows": self.rows,
            "first_hash": self.first_hash,
            "time": self.time,
        }


def _message(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(checkpoint: Checkpoint) -> str:
    payload = checkpoint.payload()
    return json.dumps({**payload, "sig": keys.mac(b"checkpoint", _message(payload))})


@dataclass
class Problem:
    """The first thing wrong with one chain, said so an operator knows where to look."""

    chain: int
    text: str
    event_id: int | None = None
    sequence: int | None = None


@dataclass
class CheckpointFile:
    checkpoints: dict[int, list[Checkpoint]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def latest(self, chain: int) -> Checkpoint | None:
        found = self.checkpoints.get(chain)
        return max(found, key=lambda c: (c.sequence, c.line)) if found else None


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINTS)


def read_checkpoints(path: Path | None = None) -> CheckpointFile:
    """Every checkpoint in the file whose signature holds; a line that does not verify is a
    problem in itself (someone edited the file, or it was signed with another key)."""
    path = path or checkpoint_path()
    result = CheckpointFile()
    if not path.exists():
        return result
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                data = json.loads(line)
                signature = data.pop("sig")
                point = Checkpoint(
                    chain=int(data["chain"]),
                    sequence=int(data["sequence"]),
                    hash=str(data["hash"]),
                    rows=int(data["rows"]),
                    first_hash=str(data["first_hash"]),
                    time=str(data["time"]),
                    line=number,
                )
            except (ValueError, KeyError, TypeError, AttributeError):
                result.problems.append(f"{path}:{number}: not a checkpoint line")
                continue
            expected = keys.mac(b"checkpoint", _message(point.payload()))
            if expected != signature or point.payload() != data:
                result.problems.append(
                    f"{path}:{number}: the signature does not match (the line was edited, "
                    "or signed with another audit key)"
                )
                continue
            result.checkpoints.setdefault(point.chain, []).append(point)
    return result


def append_checkpoints(points: list[Checkpoint], path: Path | None = None) -> None:
    """Append-only, synced to disk, and repeated in the log output so a SIEM or syslog keeps
    a copy out of reach of whoever holds the server."""
    if not points:
        return
    path = path or checkpoint_path()
    lines = [sign(p) for p in points]
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
        handle.flush()
        os.fsync(handle.fileno())
    for line in lines:
        logger.info("audit checkpoint %s", line)


def chains() -> list[int]:
    return list(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())


def verified_head(report: "ChainReport") -> Checkpoint:
    """A checkpoint to sign of the last row `verify_chain` found to hold: never a row written
    after the walk, which nobody has checked. A chain that holds runs 1, 2, 3 … without a gap,
    so its last sequence is its number of rows."""
    first = AuditEvent.objects.filter(chain=report.chain, sequence=1).values_list("hash", flat=True)
    return Checkpoint(
        chain=report.chain,
        sequence=report.last_sequence,
        hash=report.last_hash,
        rows=report.last_sequence,
        first_hash=first.first() or "",
        time=timezone.now().isoformat(timespec="seconds"),
    )


# A row as the verifier reads it: plain tuples, several times faster than model instances over
# millions of rows, and compute_hash needs only the attributes.
# The columns are the audit module's own lists, so a column added there is read here too.
Row = namedtuple("Row", ("pk", *EVENT_COLUMNS))
SubjectRow = namedtuple("SubjectRow", ("event_id", *SUBJECT_COLUMNS))


def _subjects_of(events) -> dict[int, list[SubjectRow]]:
    """The subjects of a run of consecutive rows of one chain, in one query over the chain's
    (chain, sequence) index rather than a long list of ids."""
    found: dict[int, list[SubjectRow]] = {e.pk: [] for e in events}
    if not events:
        return found
    rows = (
        AuditSubject.objects.filter(
            event__chain=events[0].chain,
            event__sequence__gte=events[0].sequence,
            event__sequence__lte=events[-1].sequence,
        )
        .order_by("id")
        .values_list(*SubjectRow._fields)
    )
    for subject in rows:
        if subject[0] in found:
            found[subject[0]].append(SubjectRow(*subject))
    return found


def _rows(queryset) -> list[Row]:
    return [Row(*values) for values in queryset.values_list(*Row._fields)]


def _batches(chain: int, after: int, size: int) -> Iterator[list[Row]]:
    while True:
        batch = _rows(
            AuditEvent.objects.filter(chain=chain, sequence__gt=after).order_by("sequence")[:size]
        )
        if not batch:
            return
        yield batch
        after = batch[-1].sequence


@dataclass
class ChainReport:
    chain: int
    checked: int = 0
    last_sequence: int = 0
    last_hash: str = GENESIS_HASH
    problem: Problem | None = None


def verify_chain(
    chain: int,
    points: list[Checkpoint],
    *,
    since: Checkpoint | None = None,
    batch_size: int = 5000,
) -> ChainReport:
    """Walk one chain from its start (or from `since`, a checkpoint already trusted) and stop at
    the first row that does not hold, then hold the chain against every checkpoint of it."""
    report = ChainReport(chain)
    expected_at = {p.sequence: p for p in points}
    matched: Checkpoint | None = None
    after = 0
    if since is not None:
        found = _rows(AuditEvent.objects.filter(chain=chain, sequence=since.sequence))
        anchor = found[0] if found else None
        if anchor is None or anchor.hash != since.hash:
            report.problem = _against_checkpoint(chain, since, anchor)
            return report
        if compute_hash(anchor, _subjects_of([anchor])[anchor.pk]) != anchor.hash:
            report.problem = Problem(chain, _edited(anchor), anchor.pk, anchor.sequence)
            return report
        after, report.last_sequence, report.last_hash = since.sequence, since.sequence, since.hash
        matched = since
    for batch in _batches(chain, after, batch_size):
        subjects = _subjects_of(batch)
        for event in batch:
            problem = _check_row(chain, event, subjects[event.pk], report)
            if problem is None and event.sequence in expected_at:
                point = expected_at[event.sequence]
                if point.hash != event.hash:
                    problem = _rewritten(chain, event, point, matched)
                else:
                    matched = point
            if problem is not None:
                report.problem = problem
                return report
            report.checked += 1
            report.last_sequence, report.last_hash = event.sequence, event.hash
    latest = max(points, key=lambda p: p.sequence, default=None)
    if latest is not None and latest.sequence > report.last_sequence:
        report.problem = Problem(
            chain,
            f"the chain ends at row {report.last_sequence}, but the checkpoint of {latest.time} "
            f"saw {latest.sequence} rows: rows {report.last_sequence + 1} to {latest.sequence} "
            "were removed (a truncated tail)",
            sequence=report.last_sequence + 1,
        )
    return report


def _edited(event) -> str:
    return (
        f"row {event.sequence} (id {event.pk}): its content does not match its hash "
        "(edited, or inserted by someone without the audit key)"
    )


def _check_row(chain, event, subjects, report: ChainReport) -> Problem | None:
    expected = report.last_sequence + 1
    if event.sequence != expected:
        return Problem(
            chain,
            f"row {expected} is missing (deleted); the next row is {event.sequence} "
            f"(id {event.pk})",
            event.pk,
            expected,
        )
    if event.prev_hash != report.last_hash:
        return Problem(
            chain,
            f"row {event.sequence} (id {event.pk}) does not link to the row before it "
            "(a row was deleted, inserted or moved)",
            event.pk,
            event.sequence,
        )
    if compute_hash(event, subjects) != event.hash:
        return Problem(chain, _edited(event), event.pk, event.sequence)
    return None


def _rewritten(chain, event, point: Checkpoint, matched: Checkpoint | None):
    since = f"after row {matched.sequence}" if matched else "from its first row"
    return Problem(
        chain,
        f"row {event.sequence} (id {event.pk}) differs from the checkpoint of {point.time}: "
        f"the chain was rewritten {since} up to row {event.sequence} by someone holding the "
        "audit key, or the checkpoint file belongs to another database",
        event.pk,
        event.sequence,
    )


def _against_checkpoint(chain, point: Checkpoint, anchor) -> Problem:
    if anchor is None:
        return Problem(
            chain,
            f"row {point.sequence}, seen by the checkpoint of {point.time}, is gone "
            "(a truncated tail, or a deleted row)",
            sequence=point.sequence,
        )
    return Problem(
        chain,
        f"row {point.sequence} (id {anchor.pk}) differs from the checkpoint of {point.time} "
        "(rewritten, or the checkpoint file belongs to another database)",
        anchor.pk,
        point.sequence,
    )
