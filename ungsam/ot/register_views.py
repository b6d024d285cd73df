"""Pages of the OT register: the list, one registration with its history and forms, a
registration by hand, a school's report that a student quit, the leader's notices, the counts
for Udir and the fixed-date lists. Thin: the policy, the selectors and the services decide."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.lib import xlsx
from ungsam.lib.charts import bar_chart
from ungsam.lib.forms import call_service
from ungsam.ot import followup_selectors
from ungsam.ot import register_selectors as selectors
from ungsam.ot import register_services as services
from ungsam.ot.register_forms import (
    ManualRegistrationForm,
    MoveForm,
    RegisterFilterForm,
    ReportDateForm,
    RightsInfoForm,
    SchoolReportForm,
    StatusForm,
)
from ungsam.ot.register_rules import reporting_dates, school_year_of
from ungsam.ot.status_codes import GROUP_CODES, StatusCode, StatusGroup


@login_required
def register_list(request):
    user = request.user
    unit = policy.access_ot_unit(user, request.GET.get("enhet"))
    form = RegisterFilterForm(request.GET)
    page = selectors.register_page(
        actor=user, unit=unit, page_number=request.GET.get("side"), **form.filters()
    )
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "unit": unit,
        "units": policy.ot_units_of(user),
        "form": form,
        "page": page,
        "pager_query": query.urlencode(),
        "leads": policy.leads_unit(user, unit.pk),
        "may_register": policy.may_register_by_hand(user),
    }
    return render(request, "ot/register_list.html", context)


def _detail_context(request, pk, **forms):
    detail = selectors.registration_detail(actor=request.user, registration_id=pk)
    registration = detail.registration
    open_case = registration.case.status == "open"
    context = {"d": detail, "r": registration, "youth": registration.case.youth}
    if open_case:
        # When her next contact is due (the unit's deadlines, issue 18 point 4).
        today = timezone.localdate()
        due = followup_selectors.deadline_of(registration.case, today)
        context["due"] = due
        context["due_days_late"] = due.days_late(today) if due else None
    if detail.grant.may_write and open_case:
        municipalities = selectors.moving_municipalities()
        context["status_form"] = forms.get("status_form") or StatusForm(
            entries=detail.contact_entries, municipalities=municipalities
        )
        context["move_form"] = forms.get("move_form") or MoveForm(municipalities=municipalities)
        context["rights_form"] = forms.get("rights_form") or RightsInfoForm(
            initial={"to_guardians": detail.minor}
        )
    return context


@login_required
def registration_detail(request, pk):
    return render(request, "ot/register_detail.html", _detail_context(request, pk))


def _post(request, pk, form, form_key, service, done, **values):
    """A form posted from the registration page: its gatekeeper first (a refused probe keeps
    its audit row), then the service; a refusal shows on the page (400)."""
    policy.access_registration(request.user, pk, write=True)
    if form.is_valid():
        result = call_service(
            form,
            service,
            actor=request.user,
            purpose=Purpose.FOLLOW_UP_SERVICE,
            registration_id=pk,
            **(values or form.cleaned_data),
        )
        if result is not None:
            messages.success(request, done(result))
            return redirect("ot:register_detail", pk=pk)
    context = _detail_context(request, pk, **{form_key: form})
    return render(request, "ot/register_detail.html", context, status=400)


def _moved_message(moved) -> str:
    if moved.same_unit:
        return _("The home municipality is now %(m)s (served by this unit).") % {
            "m": moved.municipality
        }
    if moved.to_unit is not None:
        return _("Registered with %(unit)s, which serves %(m)s; this case is closed (moved).") % {
            "unit": moved.to_unit,
            "m": moved.municipality,
        }
    return _(
        "No follow-up service in Ungsam serves %(m)s: tell the follow-up service of %(county)s "
        "outside Ungsam. This case is closed (moved)."
    ) % {"m": moved.municipality, "county": moved.to_county}


@login_required
@require_POST
def registration_status(request, pk):
    form = StatusForm(
        request.POST,
        entries=selectors.contact_entries(actor=request.user, registration_id=pk),
        municipalities=selectors.moving_municipalities(),
    )

    def done(result):
        text = _("The status is now %(code)s.") % {"code": result.change.get_code_display()}
        return f"{text} {_moved_message(result.moved)}" if result.moved else text

    values = form.values() if form.is_valid() else None
    return _post(
        request, pk, form, "status_form", services.registration_set_status, done, **(values or {})
    )


@login_required
@require_POST
def registration_move(request, pk):
    form = MoveForm(request.POST, municipalities=selectors.moving_municipalities())
    return _post(request, pk, form, "move_form", services.registration_move, _moved_message)


@login_required
@require_POST
def registration_rights(request, pk):
    form = RightsInfoForm(request.POST)
    return _post(
        request,
        pk,
        form,
        "rights_form",
        services.registration_record_rights_info,
        lambda r: _("The information about her rights is recorded as sent."),
    )


def _registered_message(routed) -> str:
    # The same answer whether the unit knew her or not (no leak).
    return _("Registered with %(unit)s.") % {"unit": routed.unit}


@login_required
@require_http_methods(["GET", "POST"])
def register_new(request):
    if not policy.may_register_by_hand(request.user):
        raise Http404
    form = ManualRegistrationForm(
        request.POST or None, municipalities=selectors.served_municipalities()
    )
    if request.method == "POST" and form.is_valid():
        routed = call_service(
            form,
            services.register_by_hand,
            actor=request.user,
            home_municipality=form.cleaned_data["home_municipality"],
            youth=form.youth(),
            school_name=form.cleaned_data.get("school", ""),
        )
        if routed is not None:
            messages.success(request, _registered_message(routed))
            return redirect("ot:register_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "ot/register_new.html", {"form": form, "school": False}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def school_report(request):
    if policy.school_reporting_membership(request.user) is None:
        raise Http404
    form = SchoolReportForm(request.POST or None, municipalities=selectors.served_municipalities())
    if request.method == "POST" and form.is_valid():
        routed = call_service(
            form,
            services.report_school_leaver,
            actor=request.user,
            home_municipality=form.cleaned_data["home_municipality"],
            youth=form.youth(),
        )
        if routed is not None:
            messages.success(request, _registered_message(routed))
            return redirect("web:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "ot/register_new.html", {"form": form, "school": True}, status=status)


@login_required
def register_notices(request):
    unit = policy.access_led_ot_unit(request.user, request.GET.get("enhet"))
    notices = selectors.unseen_notices(actor=request.user, unit=unit)
    context = {"unit": unit, "units": policy.led_ot_units(request.user), "notices": notices}
    return render(request, "ot/register_notices.html", context)


@login_required
@require_POST
def register_notice_seen(request, pk):
    # The gatekeeper first, outside the service's transaction: a refused probe keeps its row.
    policy.access_routing_notice(request.user, pk)
    notice = services.routing_notice_mark_seen(actor=request.user, notice_id=pk)
    messages.success(request, _("Marked as seen."))
    return redirect(f"{reverse('ot:register_notices')}?enhet={notice.to_unit_id}")


def _school_year(request) -> int:
    current = school_year_of(timezone.localdate())
    raw = request.GET.get("aar", "")
    if raw.isdigit() and current - 10 <= int(raw) <= current:
        return int(raw)
    return current


def _report(request):
    unit = policy.access_led_ot_unit(request.user, request.GET.get("enhet"))
    year = _school_year(request)
    counts = selectors.reporting_counts(actor=request.user, unit=unit, dates=reporting_dates(year))
    return unit, year, counts


@login_required
def register_report(request):
    unit, year, counts = _report(request)
    groups = [(g, StatusGroup(g).label, codes) for g, codes in GROUP_CODES.items()]
    reached = [c for c in counts if c.reached]
    latest = reached[-1] if reached else None
    chart = None
    if latest is not None:
        chart = bar_chart([(label, latest.groups[g]) for g, label, _codes in groups])
    context = {
        "unit": unit,
        "units": policy.led_ot_units(request.user),
        "year": year,
        "years": list(range(year - 3, school_year_of(timezone.localdate()) + 1)),
        "counts": counts,
        "groups": [
            (
                g,
                label,
                [(c, StatusCode(c).label, [d.codes[c] for d in counts]) for c in codes],
                [d.groups[g] for d in counts],
            )
            for g, label, codes in groups
        ],
        "latest": latest,
        "chart": chart,
    }
    return render(request, "ot/register_report.html", context)


@login_required
def register_report_export(request):
    unit, year, counts = _report(request)
    header = [_("Code"), _("Name"), *[d.day.strftime("%d.%m.%Y") for d in counts]]
    rows = []
    for group, codes in GROUP_CODES.items():
        rows.append(["", str(StatusGroup(group).label), *[d.groups[group] for d in counts]])
        rows.extend(
            [code, str(StatusCode(code).label), *[d.codes[code] for d in counts]] for code in codes
        )
    rows.append(["", _("Total"), *[d.total for d in counts]])
    body = xlsx.workbook([(_("Counts for Udir"), header, rows)])
    response = HttpResponse(body, content_type=xlsx.CONTENT_TYPE)
    name = f"ot-udir-{year}-{year + 1}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _fixed_list(request, *, export: bool):
    unit = policy.access_led_ot_unit(request.user, request.GET.get("enhet"))
    year = school_year_of(timezone.localdate())
    dates = reporting_dates(year)
    form = ReportDateForm(request.GET or None)
    today = timezone.localdate()
    day = form.cleaned_data["dato"] if form.is_valid() else None
    if day is None or day > today:
        past = [d for d in [*reporting_dates(year - 1), *dates] if d <= today]
        day = past[-1] if past else today
    rows = selectors.fixed_date_list(actor=request.user, unit=unit, day=day, export=export)
    return unit, day, dates, rows, form


@login_required
def register_fixed_list(request):
    unit, day, dates, rows, form = _fixed_list(request, export=False)
    left_out = [StatusGroup(g).label for g in sorted(settings.OT_NO_FOLLOW_UP_GROUPS)]
    context = {
        "unit": unit,
        "units": policy.led_ot_units(request.user),
        "day": day,
        "dates": dates,
        "rows": rows,
        "form": form,
        "left_out": left_out,
    }
    return render(request, "ot/register_fixed_list.html", context)


@login_required
def register_fixed_list_export(request):
    unit, day, _dates, rows, _form = _fixed_list(request, export=True)
    header = [
        _("Last name"),
        _("First name"),
        _("Date of birth"),
        _("Home municipality"),
        _("Status code"),
        _("Status"),
        _("Contact person"),
        _("First contact"),
        _("Information on rights sent"),
    ]
    body = [
        [
            r.youth.last_name,
            r.youth.first_name,
            r.youth.birth_date.strftime("%d.%m.%Y"),
            r.home_municipality.name,
            r.code_on_day,
            str(StatusCode(r.code_on_day).label),
            ", ".join(u.get_full_name() or u.username for u in r.contacts) or _("none"),
            r.first_contact_on.strftime("%d.%m.%Y") if r.first_contact_on else "",
            r.rights_info_sent_on.strftime("%d.%m.%Y") if r.rights_info_sent_on else "",
        ]
        for r in rows
    ]
    response = HttpResponse(
        xlsx.workbook([(day.strftime("%d.%m.%Y"), header, body)]), content_type=xlsx.CONTENT_TYPE
    )
    name = f"ot-liste-{day:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
