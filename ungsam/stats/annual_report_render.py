"""The annual report drawn as HTML, PDF and Excel from the one content of
ungsam.stats.annual_report_content: the same sentences, tables and charts in each. The HTML is a
standalone printable document (no external resource: its CSS is inline, since the app does not
serve it) around the same template the app's report page uses."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from fpdf import FPDF

from ungsam.access.exports import FONT, _add_fonts
from ungsam.lib import xlsx
from ungsam.lib.charts import bar_chart
from ungsam.stats.annual_report_content import (
    ReportContent,
    Table,
    count_text,
    is_withheld,
    report_content,
)


def _chart_value(value):
    # A withheld count ("<5") draws no bar; its table says what it is.
    return None if is_withheld(value) else value


def _text_columns(table: Table) -> int:
    """How many columns at the left hold words (a place and its kind; else the label)."""
    return 2 if table.key.startswith("area_") else 1


def _cells(table: Table) -> list[list[dict]]:
    """The table's rows as the reader sees them, in every format that draws text: names and
    kinds as words, counts (shown or withheld) formatted and flagged to line up at the right."""
    words = _text_columns(table)
    return [
        [
            {"text": str(c), "count": False}
            if i < words
            else {"text": count_text(c), "count": True}
            for i, c in enumerate(row)
        ]
        for row in table.rows
    ]


def table_view(table: Table) -> dict:
    """What the template needs of a table: formatted cells and the chart's geometry."""
    chart = None
    if table.chart and any(not is_withheld(n) and n for _label, n in table.chart):
        chart = bar_chart((label, _chart_value(n)) for label, n in table.chart)
    return {
        "id": f"annual-{table.key}",
        "title": table.title,
        "header": table.header,
        "rows": _cells(table),
        "note": table.note,
        "chart": chart,
        "chart_title": table.chart_title,
    }


def content_view(content: ReportContent) -> dict:
    return {
        "title": content.title,
        "intro": content.intro,
        "sections": [
            {
                "id": f"annual-section-{s.key}",
                "title": s.title,
                "sentences": s.sentences,
                "tables": [table_view(t) for t in s.tables],
            }
            for s in content.sections
        ],
    }


def render_html(
    report: dict, details: dict | None = None, *, unit_name: str = "", limit: int | None = None
) -> str:
    content = report_content(report, details, unit_name=unit_name, limit=limit)
    return render_to_string("stats/annual_report_document.html", {"report": content_view(content)})


# -- PDF ------------------------------------------------------------------------------------

PAGE_WIDTH = 180  # A4 portrait less the margins (mm)
BAR_LABEL_WIDTH = 60
BAR_MAX_WIDTH = 100


def _pdf_text(pdf: FPDF, lines, *, size: int, height: float, style: str = "") -> None:
    """Lines of text, each its own paragraph; ragged right, as plain sentences read more
    easily unjustified (fpdf2 justifies by default)."""
    pdf.set_font(FONT, style, size)
    for line in lines:
        pdf.multi_cell(0, height, line, align="L", new_x="LMARGIN", new_y="NEXT")


def _pdf_chart(pdf: FPDF, table: Table) -> None:
    """Simple horizontal bars over the table, as in the HTML (withheld counts draw none)."""
    items = [(label, _chart_value(n) or 0) for label, n in table.chart or []]
    top = max((n for _label, n in items), default=0)
    if not top:
        return
    pdf.set_font(FONT, "", 8)
    pdf.set_fill_color(30, 107, 82)
    for label, n in items:
        if pdf.will_page_break(6):
            pdf.add_page()
        y = pdf.get_y()
        pdf.cell(BAR_LABEL_WIDTH, 5, str(label)[:40])
        width = BAR_MAX_WIDTH * n / top
        if width:
            pdf.rect(pdf.l_margin + BAR_LABEL_WIDTH, y + 0.8, width, 3.4, style="F")
        pdf.set_xy(pdf.l_margin + BAR_LABEL_WIDTH + width + 2, y)
        pdf.cell(20, 5, count_text(n) if n else "", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _pdf_table(pdf: FPDF, table: Table) -> None:
    _pdf_text(pdf, [table.title], size=10, height=6, style="B")
    _pdf_chart(pdf, table)
    pdf.set_font(FONT, "", 9)
    first = PAGE_WIDTH - 30 * (len(table.header) - 1)
    widths = (first, *([30] * (len(table.header) - 1)))
    # As in the HTML: names and kinds from the left, counts at the right.
    words = _text_columns(table)
    aligns = tuple("LEFT" if i < words else "RIGHT" for i in range(len(table.header)))
    with pdf.table(col_widths=widths, text_align=aligns, first_row_as_headings=True) as t:
        header = t.row()
        for heading in table.header:
            header.cell(heading)
        for row in _cells(table):
            r = t.row()
            for cell in row:
                r.cell(cell["text"])
    if table.note:
        _pdf_text(pdf, [table.note], size=8, height=5)
    pdf.ln(4)


def render_pdf(
    report: dict, details: dict | None = None, *, unit_name: str = "", limit: int | None = None
) -> bytes:
    content = report_content(report, details, unit_name=unit_name, limit=limit)
    pdf = FPDF(orientation="portrait", format="A4")
    _add_fonts(pdf)
    pdf.set_title(content.title)
    pdf.set_creator("Ungsam")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    _pdf_text(pdf, [content.title], size=16, height=9, style="B")
    _pdf_text(pdf, content.intro, size=10, height=5)
    pdf.ln(3)
    for section in content.sections:
        if pdf.will_page_break(40):
            pdf.add_page()
        _pdf_text(pdf, [section.title], size=13, height=8, style="B")
        _pdf_text(pdf, section.sentences, size=10, height=5)
        pdf.ln(2)
        for table in section.tables:
            _pdf_table(pdf, table)
    return bytes(pdf.output())


# -- Excel ----------------------------------------------------------------------------------


def render_xlsx(
    report: dict, details: dict | None = None, *, unit_name: str = "", limit: int | None = None
) -> bytes:
    """One sheet per table, headers in the reader's language; counts stay numbers and a
    withheld "<5" stays text. The first sheet says what the workbook is."""
    content = report_content(report, details, unit_name=unit_name, limit=limit)
    about = [[content.title], *([line] for line in content.intro)]
    for section in content.sections:
        about.append([section.title])
        about.extend([sentence] for sentence in section.sentences)
    sheets = [(_("About this report"), [content.title], about[1:])]
    for table in content.tables:
        rows = [list(row) for row in table.rows]
        if table.note:
            rows.append([table.note])
        sheets.append((table.sheet or table.title, table.header, rows))
    return xlsx.workbook(sheets)
