"""The fieldwork dashboard: the fieldwork menu, the team's contacts today and this week, and
the contacts of a period in charts and tables (also as an Excel workbook)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.lib import xlsx
from ungsam.lib.charts import bar_chart, column_chart
from ungsam.outreach.common import chosen_unit, units_or_404
from ungsam.outreach.dashboard_forms import ContactsPeriodForm
from ungsam.outreach.dashboard_selectors import contacts_in_period, contacts_now
from ungsam.outreach.shift_selectors import staffing_summary


def _breakdowns(period):
    """The period's tables by what was counted: (id, heading, first column, rows)."""
    return [
        ("area", _("Contacts by area"), _("Area"), period.areas),
        ("place", _("Contacts by place"), _("Place"), period.places),
        ("age", _("Contacts by age group"), _("Age group"), period.age_groups),
        ("gender", _("Contacts by gender"), _("Gender"), period.genders),
        ("channel", _("Contacts by channel"), _("Channel"), period.channels),
        ("depth", _("Contacts by depth"), _("Depth"), period.depths),
    ]


def _week_chart(weeks):
    """Columns narrow enough that the weeks of any period (three years at most) fit a 360 px
    phone without scrolling (the figure has margins): 180 px of columns, 14 px a week at most."""
    step = min(14.0, 180 / max(len(weeks), 1))
    chart = column_chart(
        [(w.number, w.count) for w in weeks],
        column=step * 0.7,
        gap=step * 0.3,
        every=max(4, -(-len(weeks) // 8)),
    )
    for item in chart["columns"] + chart["labels"]:
        item["x"] = round(item["x"], 1)
    for column in chart["columns"]:
        column["w"] = round(column["w"], 1)
    chart["width"] = round(chart["width"]) + 10  # room for the last week's number
    return chart


@login_required
def dashboard(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    today = timezone.localdate()
    form = ContactsPeriodForm(request.GET or None)
    start, end = form.period()
    period = contacts_in_period(actor=request.user, unit=unit, start=start, end=end)
    breakdowns = [
        {
            "id": key,
            "title": title,
            "label": label,
            "rows": rows,
            "chart": bar_chart((row.label, row.count) for row in rows),
        }
        for key, title, label, rows in _breakdowns(period)
    ]
    context = {
        "unit": unit,
        "units": units,
        "now": contacts_now(actor=request.user, unit=unit, today=today),
        "period_form": form,
        "period": period,
        "week_chart": _week_chart(period.weeks),
        "breakdowns": breakdowns,
        "staffing_summary": staffing_summary(request.user, unit, today),
    }
    return render(request, "outreach/dashboard.html", context, status=400 if form.errors else 200)


@login_required
def contacts_xlsx(request):
    units = units_or_404(request.user)
    unit = chosen_unit(request, units)
    form = ContactsPeriodForm(request.GET or None)
    if form.errors:
        messages = [str(e) for errors in form.errors.values() for e in errors]
        return HttpResponse(
            " ".join(messages), status=400, content_type="text/plain; charset=utf-8"
        )
    start, end = form.period()
    period = contacts_in_period(actor=request.user, unit=unit, start=start, end=end)
    last_year = _("Same period last year")
    sheets = [
        (
            _("Overview"),
            [_("Unit"), _("From date"), _("To date"), _("Contacts"), last_year],
            [
                [
                    unit.name,
                    start.strftime("%d.%m.%Y"),
                    end.strftime("%d.%m.%Y"),
                    period.total,
                    period.last_total,
                ]
            ],
        ),
        (
            _("Weeks"),
            [_("Year"), _("Week"), _("Monday"), _("Contacts")],
            [[w.year, w.number, w.monday.strftime("%d.%m.%Y"), w.count] for w in period.weeks],
        ),
    ]
    for _key, _title, label, rows in _breakdowns(period):
        sheets.append(
            (
                label,
                [label, _("Contacts"), last_year],
                [[r.label, r.count, r.last_year] for r in rows]
                + [[_("Total"), period.total, period.last_total]],
            )
        )
    response = HttpResponse(xlsx.workbook(sheets), content_type=xlsx.CONTENT_TYPE)
    filename = f"kontakter-{start:%Y-%m-%d}-{end:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
