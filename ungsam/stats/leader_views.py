"""A unit leader's dashboards (issue 17, item 4): load, outcomes, assessments, first contact and
continuity over a period, month by month, with charts over their tables and every table as an
Excel workbook. Only the unit's leader sees them (cases.selectors.led_unit answers 404 to
anyone else)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.cases.models import ClosureOutcome
from ungsam.cases.selectors import led_unit
from ungsam.lib import xlsx
from ungsam.lib.charts import bar_chart, column_chart
from ungsam.stats.leader_forms import LeaderPeriodForm
from ungsam.stats.leader_selectors import leader_dashboard


def _month_label(month) -> str:
    return f"{month.first:%m.%y}"


def _month_chart(values):
    """Columns narrow enough that the months of any period (37 at most) fit a 360 px phone
    without scrolling (a chart that scrolls would need to take the keyboard's focus): 180 px of
    columns, 15 a month at most. Whole pixels: the template would write a decimal number with
    the language's decimal comma, which SVG does not read."""
    step = max(2, min(15, 180 // max(len(values), 1)))
    column = max(1, round(step * 0.7))
    chart = column_chart(
        values, column=column, gap=step - column, every=max(3, -(-len(values) // 6))
    )
    chart["width"] += 10  # room for the last month's label
    return chart


def _figures(request, unit, form):
    start, end = form.period()
    return leader_dashboard(
        actor=request.user, unit=unit, start=start, end=end, today=timezone.localdate()
    )


@login_required
def dashboard(request):
    unit, units = led_unit(request.user, request.GET.get("enhet"))
    form = LeaderPeriodForm(request.GET or None)
    figures = _figures(request, unit, form)
    not_contacted = _("Not met yet")
    context = {
        "unit": unit,
        "units": units,
        "period_form": form,
        "figures": figures,
        "outcome_labels": ClosureOutcome.labels,
        "followed_chart": _month_chart([(_month_label(m.month), m.followed) for m in figures.load]),
        "waiting_chart": _month_chart([(_month_label(m.month), m.waiting) for m in figures.load]),
        "outcome_chart": bar_chart(figures.outcomes.by_outcome),
        "assessment_chart": bar_chart(
            (d.label, d.improved_percent) for d in figures.assessments.domains
        ),
        "first_contact_chart": bar_chart(
            [(b.label, b.count) for b in figures.first_contact.buckets]
            + [(not_contacted, figures.first_contact.not_contacted)]
        ),
        "continuity_chart": bar_chart(
            [
                (_("Kept the same contact person"), figures.continuity.kept),
                (_("Changed contact person"), figures.continuity.changed),
            ]
        ),
        "small_cell_limit": settings.SMALL_CELL_LIMIT,
    }
    return render(
        request, "stats/leader_dashboard.html", context, status=400 if form.errors else 200
    )


def _number(value):
    return "" if value is None else value


def workbook_sheets(unit, figures) -> list:
    """Every table of the page, one sheet each, with the same numbers."""
    start, end = figures.start, figures.end
    load = figures.load
    outcomes, change = figures.outcomes, figures.assessments
    contact, cont = figures.first_contact, figures.continuity
    return [
        (
            _("Overview"),
            [_("Unit"), _("From date"), _("To date")],
            [[unit.name, start.strftime("%d.%m.%Y"), end.strftime("%d.%m.%Y")]],
        ),
        (
            _("Load"),
            [
                _("Month"),
                _("Figures at the end of"),
                _("Active cases"),
                _("Waiting list"),
                _("Capacity"),
                _("Free places"),
                _("Referrals received"),
            ],
            [
                [
                    f"{m.month.first:%Y-%m}",
                    m.on.strftime("%d.%m.%Y"),
                    m.followed,
                    m.waiting,
                    m.capacity,
                    m.free,
                    m.referrals,
                ]
                for m in load
            ],
        ),
        (
            _("Outcomes"),
            [_("Month"), *[str(label) for label in ClosureOutcome.labels], _("Total")],
            [[f"{m.month.first:%Y-%m}", *m.counts, m.total] for m in outcomes.months]
            + [[_("Total"), *outcomes.totals, outcomes.total]],
        ),
        (
            _("Assessments"),
            [
                _("Domain"),
                _("Cases"),
                _("Average first score"),
                _("Average latest score"),
                _("Average change"),
                _("Improved"),
                _("Unchanged"),
                _("Worsened"),
            ],
            [
                [
                    str(d.label),
                    d.cases,
                    _number(d.average_first),
                    _number(d.average_latest),
                    _number(d.average_change),
                    d.improved,
                    d.unchanged,
                    d.worsened,
                ]
                for d in change.domains
            ],
        ),
        (
            _("First contact"),
            [_("Days from referral to first contact"), _("Referrals")],
            [[b.label, b.count] for b in contact.buckets]
            + [
                [_("Not met yet"), contact.not_contacted],
                [_("Total"), contact.referrals],
                [_("Median (days)"), _number(contact.median_days)],
                [_("Average (days)"), _number(contact.average_days)],
            ],
        ),
        (
            _("Continuity"),
            [
                _("Month"),
                _("Closed cases with a contact person"),
                _("Kept the same contact person"),
                _("Changed contact person"),
                _("Share kept (percent)"),
            ],
            [
                [f"{m.month.first:%Y-%m}", m.closed, m.kept, m.changed, _number(m.kept_percent)]
                for m in cont.months
            ]
            + [[_("Total"), cont.closed, cont.kept, cont.changed, _number(cont.kept_percent)]],
        ),
    ]


@login_required
def dashboard_xlsx(request):
    unit, _units = led_unit(request.user, request.GET.get("enhet"))
    form = LeaderPeriodForm(request.GET or None)
    if form.errors:
        messages = [str(e) for errors in form.errors.values() for e in errors]
        return HttpResponse(
            " ".join(messages), status=400, content_type="text/plain; charset=utf-8"
        )
    figures = _figures(request, unit, form)
    response = HttpResponse(
        xlsx.workbook(workbook_sheets(unit, figures)), content_type=xlsx.CONTENT_TYPE
    )
    filename = f"lederoversikt-{unit.pk}-{figures.start:%Y-%m-%d}-{figures.end:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
