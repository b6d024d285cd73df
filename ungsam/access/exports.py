"""The youth's "who has read my data" report, as JSON and as PDF."""

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from ungsam.access.models import AuditEvent
from ungsam.people.models import Youth


def _organizations(event: AuditEvent) -> str:
    if event.actor is None:
        return _("The system")
    places = sorted({str(m.place) for m in event.actor.memberships.all()})
    return ", ".join(places)


def _who(event: AuditEvent) -> str:
    if event.actor is None:
        return _("The system")
    return event.actor.get_full_name() or event.actor_label


def subject_access_rows(events: list[AuditEvent]) -> list[dict]:
    return [
        {
            "time": timezone.localtime(e.created_at).isoformat(timespec="seconds"),
            "who": _who(e),
            "organization": _organizations(e),
            "action": e.get_action_display(),
            "fields": list(e.fields),
            "purpose": e.get_purpose_display(),
            "request_id": e.request_id,
        }
        for e in events
    ]


def subject_access_json(youth: Youth, events: list[AuditEvent]) -> dict:
    return {
        "youth": {"id": youth.pk, "name": str(youth)},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "events": subject_access_rows(events),
    }


def _latin1(text: str) -> str:
    # The PDF core font covers Latin-1 (æ, ø, å); anything beyond is shown as "?".
    return text.encode("latin-1", "replace").decode("latin-1")


def subject_access_pdf(youth: Youth, events: list[AuditEvent]) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_latin1(_("Who has read my data")))
    pdf.set_creator("Ungsam")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin1(_("Who has read my data")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    generated = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    pdf.cell(
        0,
        8,
        _latin1(f"{youth} - " + _("made %(time)s") % {"time": generated}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 9)
    headings = [_("Time"), _("Who"), _("Organization"), _("Action"), _("Fields"), _("Purpose")]
    rows = [
        [
            r["time"].replace("T", " ")[:16],
            r["who"],
            r["organization"],
            r["action"],
            ", ".join(r["fields"]),
            r["purpose"],
        ]
        for r in subject_access_rows(events)
    ]
    with pdf.table(col_widths=(28, 38, 60, 30, 60, 30), text_align="LEFT") as table:
        header = table.row()
        for heading in headings:
            header.cell(_latin1(heading))
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(_latin1(value))
    if not rows:
        pdf.cell(0, 8, _latin1(_("No one has read this youth's data.")))
    return bytes(pdf.output())
