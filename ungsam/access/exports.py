"""The youth's "who has read my data" report, as JSON and as PDF, in the words of the log page
(labels.py): field names a person reads, the organisation the reader acted for at the time,
dates in the reader's language."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from ungsam.access.labels import Described, when
from ungsam.access.models import EmergencyAccess, Review
from ungsam.collab.disclosure_text import youth_text
from ungsam.collab.models import Disclosure
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


def emergency_text(access: EmergencyAccess) -> str:
    """An emergency access told the way a 15-year-old reads it."""
    told = _(
        "%(who)s at %(unit)s is not one of your contact persons, but opened your case in an "
        "emergency on %(time)s. They could read it, not change anything, until %(until)s."
    ) % {
        "who": _who(access),
        "unit": access.unit,
        "time": when(access.started_at),
        "until": when(access.closes_at()),
    }
    if access.review == Review.JUSTIFIED:
        checked = _("Their leader has checked it and found that it was right to do.")
    elif access.review == Review.NOT_JUSTIFIED:
        checked = _("Their leader has checked it and found that it was not right to do.")
    else:
        checked = _("Their leader will check whether it was right to do.")
    return f"{told} {checked}"


def _who(access: EmergencyAccess) -> str:
    return access.user.get_full_name() or access.user.username


def emergency_rows(accesses: list[EmergencyAccess]) -> list[dict]:
    return [
        {
            "who": _who(a),
            "organization": str(a.unit),
            "opened": timezone.localtime(a.started_at).isoformat(timespec="seconds"),
            "until": timezone.localtime(a.closes_at()).isoformat(timespec="seconds"),
            "reason": a.reason,
            "review": a.get_review_display() if a.review else "",
            "text": emergency_text(a),
        }
        for a in accesses
    ]


def disclosure_rows(disclosures: list[Disclosure]) -> list[dict]:
    """What was shared outside the unit, each with its basis and told in plain words."""
    return [
        {
            "time": timezone.localtime(d.at).isoformat(timespec="seconds"),
            "how": d.get_channel_display(),
            "to": d.recipient_name,
            "who": (d.user.get_full_name() or d.user.username) if d.user else "",
            "categories": list(d.categories),
            "consent": d.consent_id,
            "exception": d.exception,
            "text": youth_text(d),
        }
        for d in disclosures
    ]


def subject_access_json(
    youth: Youth,
    rows: list[Described],
    emergencies: list[EmergencyAccess] = (),
    disclosures: list[Disclosure] = (),
) -> dict:
    return {
        "youth": {"id": youth.pk, "name": f"{youth.first_name} {youth.last_name}"},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "events": subject_access_rows(rows),
        "emergency_accesses": emergency_rows(list(emergencies)),
        "disclosures": disclosure_rows(list(disclosures)),
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


def subject_access_pdf(
    youth: Youth,
    rows: list[Described],
    emergencies: list[EmergencyAccess] = (),
    disclosures: list[Disclosure] = (),
) -> bytes:
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
    if emergencies:
        pdf.set_font(FONT, "B", 12)
        pdf.cell(0, 8, _("Opened in an emergency"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        for access in emergencies:
            reason = _("The reason they gave: %(reason)s") % {"reason": access.reason}
            told = f"{emergency_text(access)} {reason}"
            pdf.multi_cell(0, 6, told, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        pdf.ln(2)
    if disclosures:
        pdf.set_font(FONT, "B", 12)
        pdf.cell(0, 8, _("Shared with other services"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        for disclosure in disclosures:
            # Ragged right: plain sentences read more easily unjustified.
            told = youth_text(disclosure)
            pdf.multi_cell(0, 6, told, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
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
