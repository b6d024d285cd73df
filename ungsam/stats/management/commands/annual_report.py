"""`manage.py annual_report --unit SLUG [--municipality NUMBER] --year YYYY --format json
[--output FILE] [--suppress N]`: a unit's annual report (issue 17, item 2). Standard output
holds the report only (or nothing, with --output); the summary goes to standard error. An
unknown unit or year is a Norwegian message and exit code 1. The operator running the command
has the database: no access check; small cells are suppressed only when --suppress is given.

A format is one entry in FORMATS: a function (unit, year, limit) → str or bytes. Bytes (a
binary format) need --output."""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ungsam.org.models import Unit
from ungsam.stats.annual_report import annual_report
from ungsam.stats.annual_report_document import annual_report_file
from ungsam.stats.suppression import suppress


def render_json(unit, year: int, limit: int | None) -> str:
    report = annual_report(unit=unit, year=year)
    if limit:
        report = suppress(report, limit)
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"json": render_json}


def _document(fmt: str):
    """HTML, PDF and Excel: the same files as the app's downloads (annual_report_document)."""

    def render(unit, year: int, limit: int | None) -> str | bytes:
        return annual_report_file(fmt, unit=unit, year=year, limit=limit)

    return render


FORMATS.update({fmt: _document(fmt) for fmt in ("html", "pdf", "xlsx")})


def find_unit(slug: str, municipality: str | None) -> Unit:
    units = Unit.objects.filter(slug=slug).select_related("municipality")
    if municipality:
        units = units.filter(municipality__number=municipality)
    found = list(units[:10])
    if not found:
        if municipality:
            raise CommandError(
                _("No unit with the short name %(slug)s in municipality %(number)s.")
                % {"slug": slug, "number": municipality}
            )
        raise CommandError(_("No unit with the short name %(slug)s.") % {"slug": slug})
    if len(found) > 1:
        numbers = ", ".join(sorted(u.municipality.number for u in found))
        raise CommandError(
            _(
                "Several municipalities have a unit with the short name %(slug)s (%(numbers)s): "
                "name one with --municipality."
            )
            % {"slug": slug, "numbers": numbers}
        )
    return found[0]


class Command(BaseCommand):
    help = "Writes a unit's annual report for a calendar year (JSON on standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit's short name (slug)")
        parser.add_argument("--municipality", help="municipality number, when slugs collide")
        parser.add_argument("--year", required=True, help="the calendar year, YYYY")
        parser.add_argument("--format", default="json", choices=sorted(FORMATS))
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument(
            "--suppress", type=int, metavar="N", help='show counts from 1 to N−1 as "<N"'
        )

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        year = self.year(options["year"])
        limit = options["suppress"]
        if limit is not None and limit < 2:
            raise CommandError(_("--suppress must be 2 or more."))
        unit = find_unit(options["unit"], options["municipality"])
        content = FORMATS[options["format"]](unit, year, limit)
        output = options["output"]
        if output:
            path = Path(output)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        elif isinstance(content, bytes):
            raise CommandError(
                _("The format %(format)s needs --output FILE.") % {"format": options["format"]}
            )
        else:
            sys.stdout.write(content)
            sys.stdout.flush()
        where = output or _("standard output")
        suppressed = (
            _("counts under %(n)s suppressed") % {"n": limit} if limit else _("not suppressed")
        )
        self.stderr.write(
            _(
                "Annual report %(year)s for %(unit)s (%(format)s, %(suppressed)s) "
                "written to %(where)s."
            )
            % {
                "year": year,
                "unit": unit.name,
                "format": options["format"],
                "suppressed": suppressed,
                "where": where,
            }
        )

    def year(self, text: str) -> int:
        this_year = timezone.localdate().year
        if not (text.isdigit() and len(text) == 4 and 2000 <= int(text) <= this_year):
            raise CommandError(
                _("The year must be a year from 2000 to %(this_year)s, written YYYY: %(text)s")
                % {"this_year": this_year, "text": text}
            )
        return int(text)
