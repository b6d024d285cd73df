"""Appends a signed checkpoint of each audit chain's head to UNGSAM_AUDIT_CHECKPOINTS and to the
log output. Run it every few minutes (cron or a systemd timer, docs/operations.md).

Before signing a head it verifies the rows written since the chain's last checkpoint (and that
the checkpointed row is still there with the same hash, and the chain did not shrink). If not,
it signs nothing for that chain, logs the problem and exits 1: a checkpoint must never bless a
log that was cut or rewritten. The whole chain is verified by `verify_audit`."""

import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from ungsam.access import audit_chain, keys
from ungsam.access.management.commands.verify_audit import chain_name
from ungsam.org.models import Municipality


class Command(BaseCommand):
    help = "Sign and append a checkpoint of every audit chain's head."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            dest="write_all",
            action="store_true",
            help="also write chains whose head has not moved since the last checkpoint",
        )

    def handle(self, *args, write_all, **options):
        try:
            keys.require_audit_key()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        stored = audit_chain.read_checkpoints()
        names = dict(Municipality.objects.values_list("id", "name"))
        problems = [f"checkpoint file: {text}" for text in stored.problems]
        heads = []
        for chain in sorted(set(audit_chain.chains()) | set(stored.checkpoints)):
            last = stored.latest(chain)
            # Only the rows written since the last checkpoint are walked, so this stays cheap;
            # a row among them that was edited, cut or moved is never signed.
            report = audit_chain.verify_chain(chain, stored.checkpoints.get(chain, []), since=last)
            if report.problem is not None:
                problems.append(f"{chain_name(chain, names)}: {report.problem.text}")
                continue
            moved = last is None or report.last_sequence > last.sequence
            if report.last_sequence and (moved or write_all):
                heads.append(audit_chain.verified_head(report))
        audit_chain.append_checkpoints(heads)
        print(f"audit_checkpoint: {len(heads)} chain heads signed", file=sys.stderr)
        if problems:
            raise CommandError("Audit log broken:\n" + "\n".join(f"  - {p}" for p in problems))
