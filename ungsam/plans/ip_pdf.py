"""The individual plan as a PDF the youth is given: A4, plain words a 15-year-old reads, "you"
and "your" throughout, the same font and renderer as the subject-access report
(ungsam/access/exports.py: fpdf2 with DejaVu embedded, so Sámi and other names print)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from ungsam.access.exports import FONT, _add_fonts
from ungsam.access.labels import when


def _day(value) -> str:
    return date_format(value, "j. F Y") if value else "–"


class _Sheet:
    def __init__(self, title: str):
        self.pdf = FPDF(orientation="portrait", format="A4")
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=18)
        _add_fonts(self.pdf)
        self.pdf.set_title(title)
        self.pdf.set_creator("Ungsam")
        self.pdf.add_page()

    def title(self, text: str) -> None:
        self.pdf.set_font(FONT, "B", 20)
        self.pdf.multi_cell(0, 10, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        # A heading never sits alone at the foot of a page.
        if self.pdf.will_page_break(30):
            self.pdf.add_page()
        self.pdf.ln(3)
        self.pdf.set_font(FONT, "B", 14)
        self.pdf.multi_cell(0, 8, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def text(self, text: str, *, bold: bool = False, size: int = 12) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.multi_cell(0, 6.5, text or "–", align="L", new_x="LMARGIN", new_y="NEXT")

    def bullet(self, text: str) -> None:
        self.pdf.set_font(FONT, "", 12)
        self.pdf.set_x(self.pdf.l_margin + 2)
        self.pdf.multi_cell(0, 6.5, f"•  {text}", align="L", new_x="LMARGIN", new_y="NEXT")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _who(user) -> str:
    return user.get_full_name() or user.username


def individual_plan_pdf(page) -> bytes:
    """`page`: an `ip_selectors.IndividualPlanPage` with a plan."""
    plan, youth = page.plan, page.case.youth
    sheet = _Sheet(_("My individual plan"))
    sheet.title(_("My individual plan"))
    sheet.text(f"{youth.first_name} {youth.last_name}", bold=True, size=13)
    sheet.text(
        _(
            "This is your plan. It says what you want to reach, who helps you, and what each of "
            "you will do. You and the people who help you made it together."
        )
    )

    sheet.heading(_("What matters to me"))
    sheet.text(plan.youth_words)

    sheet.heading(_("My goals"))
    for goal in page.goals:
        sheet.bullet(_("%(goal)s – by %(day)s") % {"goal": goal.what, "day": _day(goal.due_on)})
    if not page.goals:
        sheet.text(_("No goals are written down yet."))

    sheet.heading(_("What I am good at, and who helps me"))
    sheet.text(plan.resources)
    sheet.heading(_("What I need help with"))
    sheet.text(plan.needs)

    sheet.heading(_("What we will do"))
    for m in page.measures:
        parts = [m.type.name + (f": {m.description}" if m.description else "")]
        if m.scope:
            parts.append(_("How much: %(scope)s") % {"scope": m.scope})
        parts.append(_("Responsible: %(who)s") % {"who": m.responsible})
        if m.ends_on:
            span = _("From %(start)s to %(end)s") % {
                "start": _day(m.starts_on),
                "end": _day(m.ends_on),
            }
        else:
            span = _("From %(start)s") % {"start": _day(m.starts_on)}
        parts.append(span)
        sheet.bullet(". ".join(parts) + ".")
    if not page.measures:
        sheet.text(_("No measures are written down yet."))

    sheet.heading(_("What I do myself"))
    sheet.text(plan.youth_contribution)
    sheet.heading(_("What my parents do"))
    sheet.text(plan.guardians_contribution)

    sheet.heading(_("Who is on my team"))
    for member in page.members:
        line = f"{_who(member.user)}, {member.service_name} – {member.role}"
        sheet.bullet(line)
        if member.contribution:
            sheet.text(_("What they do: %(text)s") % {"text": member.contribution}, size=11)

    coordinator = page.coordinator
    sheet.heading(_("My coordinator"))
    if coordinator is not None:
        sheet.text(
            _(
                "Your coordinator is %(who)s at %(service)s. The coordinator holds the plan "
                "together and is the one you can always ask."
            )
            % {"who": _who(coordinator.user), "service": coordinator.service_name}
        )

    sheet.heading(_("How we work together"))
    sheet.text(plan.carried_out)

    sheet.heading(_("How long the plan lasts"))
    sheet.text(
        _("The plan runs from %(start)s to %(end)s.")
        % {"start": _day(plan.valid_from), "end": _day(plan.valid_to)}
    )
    if page.next_review_on:
        sheet.text(
            _("We go through the plan together again on %(day)s.")
            % {"day": _day(page.next_review_on)}
        )

    sheet.heading(_("You said yes"))
    sheet.text(
        _("%(who)s said yes to having an individual plan on %(day)s.")
        % {"who": plan.get_consent_by_display(), "day": _day(plan.consent_on)}
    )
    recipients = sorted(
        {p.name for c in page.consents for p in c.partners.all()}
        | {u.name for c in page.consents for u in c.units.all()}
    )
    if recipients:
        sheet.text(
            _(
                "Information about you is shared only with the services you have said yes to: "
                "%(services)s."
            )
            % {"services": ", ".join(recipients)}
        )
    sheet.text(
        _(
            "You can change your mind at any time, without giving a reason. Tell your "
            "coordinator. You also have the right to see what is written about you."
        )
    )
    sheet.pdf.ln(4)
    sheet.text(_("made %(time)s") % {"time": when(timezone.now())}, size=9)
    return sheet.output()
