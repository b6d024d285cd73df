"""Audit log figures for `make bench` (JSON lines on stdout, progress on stderr):

- audit_append_rps_1_chain / _4_chains: appends per second (each in its own transaction, as a
  request's) by 1 writer, and by 4 writers in 4 municipalities at once;
  audit_append_rps_4_chains_vs_1 is their ratio (one chain per municipality: no global lock);
  audit_append_rps_4_writers_1_chain, for contrast, 4 writers sharing one municipality's chain.
- audit_verify_rows_per_s: a full `verify_audit` over the whole log;
  audit_verify_incremental_ms: `verify_audit --since-checkpoint` right after (what a nightly
  run costs when nothing is new: it does not grow with the log).

Run against the bench database (bench/run.sh sets DATABASE_URL and the keys)."""

import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")

SECONDS = float(os.environ.get("BENCH_AUDIT_SECONDS", "5"))
# Rows added to one chain before verifying, so the figure is rows per second, not start-up.
FILL_ROWS = int(os.environ.get("BENCH_AUDIT_FILL_ROWS", "100000"))


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _setup():
    import django

    django.setup()


def _writer(args):
    municipality_id, user_id, seconds = args
    _setup()
    from django.db import connection, transaction

    from ungsam.access import audit
    from ungsam.org.models import User

    user = User.objects.get(pk=user_id)
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with transaction.atomic():
            audit.record(
                user,
                audit.Entry(
                    "view",
                    "casework",
                    subjects=(audit.Subject(1 + done % 50),),
                    fields=("first_name", "last_name"),
                    municipality_id=municipality_id,
                ),
            )
        done += 1
    connection.close()
    return done


def fill(chain: int, rows: int) -> None:
    """Append `rows` valid rows (as audit.record would write them) in bulk: a long log to verify."""
    from django.db import transaction
    from django.utils import timezone

    from ungsam.access import audit
    from ungsam.access.models import AuditEvent, AuditSubject

    head = AuditEvent.objects.filter(chain=chain).order_by("-sequence").first()
    sequence, prev = (head.sequence, head.hash) if head else (0, audit.GENESIS_HASH)
    batch = 5000
    for start in range(0, rows, batch):
        events, subjects = [], []
        for i in range(start, min(rows, start + batch)):
            sequence += 1
            event = AuditEvent(
                chain=chain,
                sequence=sequence,
                created_at=timezone.now(),
                actor_label="bench",
                action="list",
                fields=["first_name", "last_name", "birth_date"],
                purpose="casework",
                request_id=f"bench-{i}",
                prev_hash=prev,
                hash_version=audit.CURRENT_HASH_VERSION,
            )
            named = [AuditSubject(youth_id=1 + (i + k) % 600, basis="unit_leader") for k in (0, 1)]
            event.hash = prev = audit.compute_hash(event, named)
            events.append(event)
            subjects.append(named)
        with transaction.atomic():
            AuditEvent.objects.bulk_create(events)
            for event, named in zip(events, subjects, strict=True):
                for subject in named:
                    subject.event = event
            AuditSubject.objects.bulk_create([s for named in subjects for s in named])


def appends_per_second(targets) -> float:
    with multiprocessing.get_context("fork").Pool(len(targets)) as pool:
        started = time.monotonic()
        counts = pool.map(_writer, [(m, u, SECONDS) for m, u in targets])
        elapsed = time.monotonic() - started
    return sum(counts) / max(elapsed, SECONDS)


def main():
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from ungsam.access.models import AuditEvent
    from ungsam.org.models import Membership, Municipality, User

    writers = []
    for i in range(4):
        municipality, _ = Municipality.objects.get_or_create(
            number=f"99{i + 10}", defaults={"name": f"Benchvik {i} kommune"}
        )
        user, _ = User.objects.get_or_create(username=f"bench.writer{i}")
        Membership.objects.get_or_create(
            user=user, municipality=municipality, role="analyst", defaults={"status": "direct"}
        )
        writers.append((municipality.pk, user.pk))
    connection.close()

    rows = []
    one = appends_per_second(writers[:1])
    log(f"1 writer: {one:.0f} appends/s")
    four = appends_per_second(writers)
    log(f"4 writers, 4 chains: {four:.0f} appends/s")
    shared = appends_per_second([(writers[0][0], u) for _, u in writers])
    log(f"4 writers, 1 chain: {shared:.0f} appends/s")
    rows += [
        ("audit_append_rps_1_chain", round(one, 1), "appends/s"),
        ("audit_append_rps_4_chains", round(four, 1), "appends/s"),
        ("audit_append_rps_4_chains_vs_1", round(four / one, 3), "ratio"),
        ("audit_append_rps_4_writers_1_chain", round(shared, 1), "appends/s"),
    ]

    started = time.monotonic()
    fill(writers[0][0], FILL_ROWS)
    log(f"filled {FILL_ROWS} rows in {time.monotonic() - started:.1f} s")
    total = AuditEvent.objects.count()
    started = time.monotonic()
    call_command("verify_audit", stdout=open(os.devnull, "w"))
    full = time.monotonic() - started
    log(f"verify_audit: {total} rows in {full:.2f} s")
    started = time.monotonic()
    call_command("verify_audit", "--since-checkpoint", stdout=open(os.devnull, "w"))
    incremental = time.monotonic() - started
    rows += [
        ("audit_verify_rows", total, "rows"),
        ("audit_verify_rows_per_s", round(total / full), "rows/s"),
        ("audit_verify_incremental_ms", round(incremental * 1000, 1), "ms"),
    ]
    for name, value, unit in rows:
        print(json.dumps({"name": name, "value": value, "unit": unit}))


if __name__ == "__main__":
    main()
