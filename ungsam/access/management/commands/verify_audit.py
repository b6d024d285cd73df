"""Verifies the audit log: every chain row by row, and against the signed checkpoints kept
outside the database. Exits 1 and names the first bad row of each broken chain; 0 when every
chain holds, and then appends a checkpoint of each verified head.

`--since-checkpoint` starts each chain at its latest checkpoint (after checking that row still
matches), so a nightly run costs the rows written since, not the whole log."""

import sys
import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from ungsam.access import audit_chain, keys
from ungsam.org.models import Municipality


def chain_name(chain: int, names: dict[int, str]) -> str:
    if chain == 0:
        return "chain 0 (no municipality)"
    return f"chain {chain} ({names.get(chain, 'unknown municipality')})"


class Command(BaseCommand):
    help = "Verify the audit log's chains and checkpoints; name the first bad row."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since-checkpoint",
            action="store_true",
            help="verify only the rows after each chain's latest checkpoint",
        )
        parser.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="do not append checkpoints of the verified heads",
        )

    def handle(self, *args, since_checkpoint, no_checkpoint, **options):
        try:
            keys.require_audit_key()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        started = time.monotonic()
        stored = audit_chain.read_checkpoints()
        names = dict(Municipality.objects.values_list("id", "name"))
        problems = [f"checkpoint file: {text}" for text in stored.problems]
        verified = []
        checked = 0
        for chain in sorted(set(audit_chain.chains()) | set(stored.checkpoints)):
            points = stored.checkpoints.get(chain, [])
            since = stored.latest(chain) if since_checkpoint else None
            report = audit_chain.verify_chain(chain, points, since=since)
            checked += report.checked
            if report.problem is not None:
                problems.append(f"{chain_name(chain, names)}: {report.problem.text}")
            elif report.last_sequence:
                verified.append(report)
        elapsed = time.monotonic() - started
        rate = f"{checked / elapsed:,.0f} rows/s" if elapsed > 0 else ""
        print(f"verify_audit: {checked} rows in {elapsed:.2f} s {rate}", file=sys.stderr)
        if problems:
            raise CommandError(
                "Audit log broken:\n" + "\n".join(f"  - {text}" for text in problems)
            )
        if not no_checkpoint:
            audit_chain.append_checkpoints([audit_chain.verified_head(r) for r in verified])
        mode = "since the last checkpoints" if since_checkpoint else "in full"
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit log intact: {checked} rows verified {mode}, {len(verified)} chains."
            )
        )
