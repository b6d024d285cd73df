"""The youth's "who has read my data" report, as JSON and as PDF, in the words of the log page
(labels.py): field names a person reads, the organisation the reader acted for at the time,
dates in the reader's language."""

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


def _latin1(text: str) -> str:
    # The PDF core font covers Latin-1 (æ, ø, å); anything beyond is shown as "?".
    return text.encode("latin-1", "replace").decode("latin-1")


def subject_access_pdf(youth: Youth, rows: list[Described]) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    title = _("Who has read my data")
    pdf.set_title(_latin1(title))
    pdf.set_creator("Ungsam")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    made = _("made %(time)s") % {"time": when(timezone.now())}
    name = f"{youth.first_name} {youth.last_name}"
    pdf.cell(0, 8, _latin1(f"{name} - {made}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 9)
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
            header.cell(_latin1(heading))
        for values in table_rows:
            row = table.row()
            for value in values:
                row.cell(_latin1(value or "-"))
    if not table_rows:
        pdf.cell(0, 8, _latin1(_("No one has read this youth's data.")))
    return bytes(pdf.output())
