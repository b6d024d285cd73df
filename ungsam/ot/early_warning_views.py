"""Early-warning pages (issue 18, point 2): the counselor's list of her school's students by
grade, sorted by risk, and one student's periods and flags; the municipality's rules for its
admins, and the rules' back-test for admins and analysts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ungsam.access import policy
from ungsam.lib import xlsx
from ungsam.lib.charts import column_chart
from ungsam.lib.forms import call_service
from ungsam.ot import early_warning_backtest as backtests
from ungsam.ot import early_warning_selectors as selectors
from ungsam.ot import early_warning_services as services
from ungsam.ot.early_warning_forms import (
    SHOW_ALL,
    BacktestForm,
    RiskRuleForm,
    StudentListForm,
)


def _choice(request):
    choice = selectors.school_choice(
        actor=request.user,
        school_id=request.GET.get("skole"),
        grade=request.GET.get("trinn"),
    )
    only_flagged = request.GET.get("vis") != SHOW_ALL
    return choice, only_flagged


def _query(choice, only_flagged) -> str:
    values = {"skole": choice.school.pk, "trinn": choice.grade or ""}
    if not only_flagged:
        values["vis"] = SHOW_ALL
    return urlencode(values)


@login_required
@require_GET
def student_list(request):
    choice, only_flagged = _choice(request)
    page = selectors.student_list(
        actor=request.user,
        choice=choice,
        only_flagged=only_flagged,
        page_number=request.GET.get("side"),
    )
    form = StudentListForm(choice=choice)
    if not only_flagged:
        form.initial["vis"] = SHOW_ALL
    context = {
        "choice": choice,
        "form": form,
        "page": page,
        "only_flagged": only_flagged,
        "pager_query": _query(choice, only_flagged),
    }
    return render(request, "ot/early_warning_list.html", context)


@login_required
@require_GET
def student_list_xlsx(request):
    choice, only_flagged = _choice(request)
    rows = selectors.student_list_export(
        actor=request.user, choice=choice, only_flagged=only_flagged
    )
    header = [
        _("Name"),
        _("Grade"),
        _("Absence (percent)"),
        _("Change since the previous period (percentage points)"),
        _("Risk"),
        _("Flags"),
        _("New flags"),
    ]
    body = [
        [
            f"{row.period.youth.first_name} {row.period.youth.last_name}",
            row.period.grade,
            float(row.period.absence_percent),
            None if row.change is None else float(row.change.change),
            row.risk,
            "; ".join(f.rule_name for f in row.flags),
            "; ".join(f.rule_name for f in row.flags if f.new),
        ]
        for row in rows
    ]
    title = _("Grade %(grade)s") % {"grade": choice.grade or "–"}
    response = HttpResponse(xlsx.workbook([(title, header, body)]), content_type=xlsx.CONTENT_TYPE)
    day = timezone.localdate()
    response["Content-Disposition"] = (
        f'attachment; filename="tidlig-innsats-{choice.school.pk}-{day:%Y-%m-%d}.xlsx"'
    )
    return response


@login_required
@require_GET
def student_detail(request, pk):
    detail = selectors.student_detail(actor=request.user, period_id=pk)
    chart = column_chart(
        [(p.period_start.strftime("%m.%y"), float(p.absence_percent)) for p in detail.periods],
        column=24,
        gap=12,
        every=1,
    )
    context = {
        "detail": detail,
        "youth": detail.period.youth,
        "chart": chart,
        "back_query": urlencode({"skole": detail.period.school_id, "trinn": detail.period.grade}),
    }
    return render(request, "ot/early_warning_student.html", context)


@login_required
@require_GET
def rule_list(request):
    try:
        rules = services.risk_rules_for(actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    return render(request, "ot/early_warning_rules.html", {"rules": rules})


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, pk):
    rule = policy.access_risk_rule(request.user, pk)
    initial = {
        "threshold": rule.threshold,
        "subjects": rule.subjects,
        "weight": rule.weight,
        "active": rule.active,
    }
    form = RiskRuleForm(request.POST or None, rule=rule, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.risk_rule_update,
            actor=request.user,
            rule=rule,
            threshold=data.get("threshold"),
            subjects=data.get("subjects", ""),
            weight=data["weight"],
            active=data["active"],
        )
        if done is not None:
            _rule, evaluated = done
            if evaluated is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(
                    request,
                    _(
                        "The rule was saved. The latest periods were evaluated again: "
                        "%(raised)s flags raised, %(removed)s removed."
                    )
                    % {"raised": evaluated.raised, "removed": evaluated.removed},
                )
            return redirect("ot:early_warning_rules")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "ot/early_warning_rule_edit.html", {"rule": rule, "form": form}, status=status
    )


@login_required
@require_GET
def rule_backtest(request):
    if not policy.may_view_rule_backtest(request.user):
        raise Http404
    municipalities = backtests.backtest_municipalities(request.user)
    if not municipalities:
        raise Http404
    chosen = request.GET.get("kommune")
    municipality = next((m for m in municipalities if str(m.pk) == chosen), municipalities[0])
    years = backtests.years_with_data(municipality, timezone.localdate())
    try:
        year = int(request.GET.get("ar") or years[0])
    except ValueError:
        year = years[0]
    if year not in years:
        year = years[0]
    result = backtests.backtest(
        municipality=municipality,
        year=year,
        suppress=policy.rule_backtest_must_suppress(request.user, municipality.pk),
    )
    form = BacktestForm(
        initial={"ar": year, "kommune": municipality.pk},
        years=years,
        municipalities=municipalities,
    )
    context = {
        "form": form,
        "result": result,
        "municipality": municipality,
        "chart": result.chart,
        "may_configure": policy.may_configure_risk_rules(request.user),
    }
    return render(request, "ot/early_warning_backtest.html", context)
