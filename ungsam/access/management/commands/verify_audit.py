"""Walks the audit log's hash chain. Exits 1 and names the first broken row when any row was
edited or deleted; 0 when the chain holds."""

from django.core.management.base import BaseCommand, CommandError

from ungsam.access.audit import ChainBreak, verify_chain


class Command(BaseCommand):
    help = "Verify that no audit log row was edited or deleted (hash chain)."

    def handle(self, *args, **options):
        checked = 0
        for step in verify_chain():
            if isinstance(step, ChainBreak):
                what = (
                    "its content does not match its hash (edited)"
                    if step.reason == "content"
                    else "it does not link to the row before it (a row was deleted or edited)"
                )
                raise CommandError(f"Audit log broken at row {step.event_id}: {what}.")
            checked = step
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} rows verified."))
