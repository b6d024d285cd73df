"""`manage.py import_school_data FILE --municipality NNNN [--dry-run]`: imports a school data
file (docs/skoledata.md) as the system, all or nothing. On any error it lists every error on
standard error as `file:line: column: message`, imports nothing and exits with status 1. Run
again with the same file, it changes nothing. The summary goes to standard error."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ungsam.access.audit import SystemActor
from ungsam.org.models import Municipality
from ungsam.ot.school_import_services import school_data_import, summary_lines


class Command(BaseCommand):
    help = "Imports a school data file (CSV) into a municipality, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (docs/skoledata.md)")
        parser.add_argument("--municipality", required=True, help="the municipality's number")
        parser.add_argument("--dry-run", action="store_true", help="check and count only")

    def handle(self, *args, file, municipality, dry_run, **options):
        place = Municipality.objects.filter(number=municipality).first()
        if place is None:
            raise CommandError(_("No municipality has the number %(n)s.") % {"n": municipality})
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("The file cannot be read: %(e)s") % {"e": error.strerror}
            ) from None
        summary = school_data_import(
            actor=SystemActor("import_school_data"),
            municipality=place,
            data=data,
            file_name=path.name,
            dry_run=dry_run,
        )
        if summary.errors:
            for error in summary.errors:
                self.stderr.write(error)
            n = len(summary.errors)
            self.stderr.write(
                ngettext(
                    "%(n)s error: nothing was imported.", "%(n)s errors: nothing was imported.", n
                )
                % {"n": n}
            )
            sys.exit(1)
        for line in summary_lines(summary):
            self.stderr.write(line)
        if dry_run:
            self.stderr.write(_("Dry run: nothing was imported."))
