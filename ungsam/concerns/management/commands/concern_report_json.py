"""Prints the national form (KS Fiks bekymringsmelding v2, `offentlig`) of a sent report of
concern as JSON on standard output, for an operator who hands it to the municipality's Fiks
integration. Messages go to standard error; exit 1 for an unknown id or an unsent draft. The
read is recorded in the audit log under the system actor."""

import json

from django.core.management.base import BaseCommand, CommandError

from ungsam.access.audit import SystemActor
from ungsam.concerns.selectors import UnknownReport, sent_document_for_operator


class Command(BaseCommand):
    help = "Prints a sent report of concern's national form (Fiks v2 JSON) on standard output."

    def add_arguments(self, parser):
        parser.add_argument("report_id", help="the report's id, as in its URL")

    def handle(self, *args, report_id, **options):
        try:
            doc = sent_document_for_operator(
                actor=SystemActor("concern_report_json"), report_id=report_id
            )
        except UnknownReport as exc:
            if str(exc) == "draft":
                raise CommandError(
                    f"Report {report_id} is a draft: it has not been recorded as sent."
                ) from None
            raise CommandError(f"No report of concern with id {report_id}.") from None
        self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
        self.stderr.write(f"Report {report_id}: the national form as sent.")
