"""The trends of field observations as a PDF, for a leader to share with SLT partners: the
unit, the area, the period, the date it was made, and the counts per tag and month with the
change from the period before. Counts only: it never holds an observation's text (fpdf2, with
the embedded font of the other PDFs)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from ungsam.access.exports import FONT, _add_fonts

MONTH_COLUMNS_MAX = 13  # beyond this the months do not fit on the page: totals only


def _day(value) -> str:
    return date_format(value, "d.m.Y")


def _change(trend) -> str:
    sign = "+" if trend.change > 0 else ""
    text = f"{sign}{trend.change}"
    if trend.change_percent is not None:
        text += f" ({sign}{trend.change_percent} %)"
    return text


def trends_pdf(trends) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    _add_fonts(pdf)
    title = _("Field observations: trends")
    pdf.set_title(title)
    pdf.set_creator("Ungsam")
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    lines = [
        _("Unit: %(unit)s") % {"unit": trends.unit.name},
        _("Area: %(area)s") % {"area": trends.area.name if trends.area else _("All areas")},
        _("Period: %(start)s–%(end)s, compared with %(prev_start)s–%(prev_end)s")
        % {
            "start": _day(trends.date_from),
            "end": _day(trends.date_to),
            "prev_start": _day(trends.previous_from),
            "prev_end": _day(trends.previous_to),
        },
        _("Made: %(day)s") % {"day": _day(timezone.localdate())},
        _(
            "Counts of observations per tag (an observation can have several tags). No personal "
            "data: the texts of the observations are not included."
        ),
    ]
    for line in lines:
        pdf.multi_cell(0, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 8)
    months = trends.month_labels if len(trends.months) <= MONTH_COLUMNS_MAX else []
    headings = [_("Tag"), *months, _("Total"), _("Before"), _("Difference")]
    rest = 277 - 48 - 18 - 18 - 26
    month_width = rest / len(months) if months else 0
    widths = (48, *([month_width] * len(months)), 18, 18, 26)
    with pdf.table(col_widths=widths, text_align="LEFT") as table:
        header = table.row()
        for heading in headings:
            header.cell(heading)
        for trend in trends.tags:
            row = table.row()
            row.cell(trend.label)
            for n in trend.per_month if months else []:
                row.cell(str(n))
            row.cell(str(trend.total))
            row.cell(str(trend.previous))
            row.cell(_change(trend))
        row = table.row()
        row.cell(_("Observations"))
        for n in trends.observations_per_month if months else []:
            row.cell(str(n))
        row.cell(str(trends.observations))
        row.cell(str(trends.observations_previous))
        diff = trends.observations - trends.observations_previous
        row.cell(f"{'+' if diff > 0 else ''}{diff}")
    if not trends.tags:
        pdf.ln(2)
        pdf.set_font(FONT, "", 11)
        pdf.cell(0, 8, _("No observations in the period."))
    return bytes(pdf.output())
