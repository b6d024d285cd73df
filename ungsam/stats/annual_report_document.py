"""The annual report as a file: the figures of ungsam.stats.annual_report, suppressed when a
limit is given, drawn in one of the formats. The command and the app's downloads both use it,
so a report from either is the same file."""

import json

from ungsam.lib import xlsx
from ungsam.stats.annual_report import annual_report, annual_report_details
from ungsam.stats.annual_report_render import render_html, render_pdf, render_xlsx
from ungsam.stats.suppression import suppress_details


def report_and_details(*, unit, year: int, limit: int | None) -> tuple[dict, dict]:
    """This year's report and what the presentation adds (last year's figures, the areas, the
    months), suppressed together with `limit` when given: their sums tie them to each other."""
    details = annual_report_details(unit=unit, year=year)
    if limit:
        details = suppress_details(details, limit)
    return details["report"], details


RENDERERS = {"html": render_html, "pdf": render_pdf, "xlsx": render_xlsx}
FORMATS = ("html", "pdf", "xlsx", "json")
CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": xlsx.CONTENT_TYPE,
}


def annual_report_file(fmt: str, *, unit, year: int, limit: int | None) -> str | bytes:
    """The report in `fmt` (json, html: text; pdf, xlsx: bytes)."""
    if fmt == "json" and not limit:
        # The contract alone: the JSON is the unit's statistics delivery, nothing added.
        return json.dumps(annual_report(unit=unit, year=year), ensure_ascii=False, indent=2) + "\n"
    report, details = report_and_details(unit=unit, year=year, limit=limit)
    if fmt == "json":
        # Suppressed as the other downloads are (with the details), so no two files of the
        # same report together give a withheld cell away.
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    return RENDERERS[fmt](report, details, unit_name=unit.name, limit=limit)
