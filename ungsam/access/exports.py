"""The youth's "who has read my data" report, as JSON and as PDF, in the words of the log page
(labels.py): field names a person reads, the organisation the reader acted for at the time,
dates in the reader's language."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from ungsam.access.labels import Described, when
from ungsam.people.models import Youth


def subject_access_rows(rows: list[Described]) -> list[dict]:
    return [
        {
            "time": timezone.localtime(r.event.created_at).isoformat(timespec="seconds"),
            "time_text": r.time,
            "who": r.who,
            "organization": r.acting_for,
            "action": r.action,
            "fields": r.fields,
            "purpose": r.purpose,
            "basis": ", ".join(r.bases),
            "request_id": r.event.request_id,
        }
        for r in rows
    ]


def subject_access_json(youth: Youth, rows: list[Described]) -> dict:
    return {
        "youth": {"id": youth.pk, "name": f"{youth.first_name} {youth.last_name}"},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "events": subject_access_rows(rows),
    }


# A Unicode font, embedded (only the letters used): the PDF core fonts cover Latin-1 alone, and
# Sámi names (č đ ŋ š ŧ ž), Polish, Lithuanian or Vietnamese ones would print as "?". DejaVu
# Sans Condensed comes from the npm package dejavu-fonts-ttf (package.json), installed with the
# other front-end packages; it is read here, never served.
FONT_DIR = settings.BASE_DIR / "node_modules" / "dejavu-fonts-ttf" / "ttf"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"}


def _add_fonts(pdf: FPDF) -> None:
    for style, name in FONT_FILES.items():
        if not (FONT_DIR / name).exists():
            raise ImproperlyConfigured(
                f"{FONT_DIR / name} is missing: run `npm ci` (the PDF export embeds it)"
            )
        pdf.add_font(FONT, style, FONT_DIR / name)


def subject_access_pdf(youth: Youth, rows: list[Described]) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    _add_fonts(pdf)
    title = _("Who has read my data")
    pdf.set_title(title)
    pdf.set_creator("Ungsam")
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    made = _("made %(time)s") % {"time": when(timezone.now())}
    name = f"{youth.first_name} {youth.last_name}"
    pdf.cell(0, 8, f"{name} – {made}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "", 9)
    headings = [
        _("Time"),
        _("Who"),
        _("Acting for"),
        _("What was done"),
        _("Information"),
        _("Purpose"),
        _("Grounds"),
    ]
    table_rows = [
        [r.time, r.who, r.acting_for, r.action, ", ".join(r.fields), r.purpose, ", ".join(r.bases)]
        for r in rows
    ]
    with pdf.table(col_widths=(34, 34, 40, 30, 58, 30, 30), text_align="LEFT") as table:
        header = table.row()
        for heading in headings:
            header.cell(heading)
        for values in table_rows:
            row = table.row()
            for value in values:
                row.cell(value or "–")
    if not table_rows:
        pdf.cell(0, 8, _("No one has read this youth's data."))
    return bytes(pdf.output())
