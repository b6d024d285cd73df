"""The annual report as a file: the figures of ungsam.stats.annual_report, suppressed when a
limit is given, drawn in one of the formats. The command and the app's downloads both use it,
so a report from either is the same file."""

import json

from ungsam.lib import xlsx
from ungsam.stats.annual_report import annual_report, annual_report_details
from ungsam.stats.annual_report_render import render_html, render_pdf, render_xlsx
from ungsam.stats.suppression import suppress


def report_and_details(*, unit, year: int, limit: int | None) -> tuple[dict, dict]:
    """This year's report and what the presentation adds (last year's figures, the months),
    suppressed with `limit` when given. A suppressed report leaves the months out: twelve
    months and their year's total would give a withheld month away."""
    details = annual_report_details(unit=unit, year=year)
    report = details["report"]
    extra = {"previous": details["previous"], "contacts_by_month": details["contacts_by_month"]}
    if limit:
        report = suppress(report, limit)
        extra = {"previous": suppress(details["previous"], limit)}
    return report, extra


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
    if fmt == "json":
        # The contract alone: the JSON is the unit's statistics delivery, nothing added.
        report = annual_report(unit=unit, year=year)
        report = suppress(report, limit) if limit else report
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    report, details = report_and_details(unit=unit, year=year, limit=limit)
    return RENDERERS[fmt](report, details, unit_name=unit.name, limit=limit)
