"""`manage.py import_bundle PATH --unit SLUG [--create] [--municipality NUMBER]`: imports a
bundle of CSV files from an older system into one unit (docs/importpakke.md). All or nothing:
on any error it lists every error on standard error as `file:line: column: message`, imports
nothing and exits with status 1. Run again with the same bundle, it changes nothing."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ungsam.access.audit import SystemActor
from ungsam.transfer.bundle import file_name
from ungsam.transfer.services import BundleInvalid, import_bundle, unit_for_import


class Command(BaseCommand):
    help = "Imports a bundle of CSV files (a folder or a .zip) into a unit, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a folder or a .zip of CSV files")
        parser.add_argument("--unit", required=True, help="the unit's short name (slug)")
        parser.add_argument(
            "--create", action="store_true", help="make an outreach unit if none has the slug"
        )
        parser.add_argument(
            "--municipality", help="the municipality's number (when more than one has the slug)"
        )

    def handle(self, *args, path, unit, create, municipality, **options):
        target, problem = unit_for_import(
            slug=unit, municipality_number=municipality, create=create
        )
        if target is None:
            raise CommandError(problem)
        try:
            result = import_bundle(actor=SystemActor("import_bundle"), unit=target, source=path)
        except BundleInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            n = len(invalid.errors)
            self.stderr.write(
                ngettext(
                    "%(n)s error: nothing was imported.", "%(n)s errors: nothing was imported.", n
                )
                % {"n": n}
            )
            sys.exit(1)
        out = self.stdout
        if result.created_unit:
            out.write(
                _("Created the unit %(unit)s (%(slug)s) in %(municipality)s.")
                % {
                    "unit": result.unit.name,
                    "slug": result.unit.slug,
                    "municipality": result.unit.municipality.name,
                }
            )
        for summary in result.preview.files:
            out.write(
                _("%(file)s: rows %(total)s, new %(new)s, imported before %(already)s.")
                % {
                    "file": file_name(summary.file),
                    "total": summary.total,
                    "new": summary.new,
                    "already": summary.already,
                }
            )
