from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.lib.forms import call_service, search_text
from ungsam.people import selectors, services
from ungsam.people.forms import GuardianForm, YouthEditForm, YouthRegisterForm


@login_required
def youth_list(request):
    if not policy.reads_personal_data(request.user):
        raise Http404
    query = search_text(request.GET.get("q"))
    page = selectors.youth_page(
        actor=request.user, page_number=request.GET.get("side"), query=query
    )
    template = "people/_youth_rows.html" if request.htmx else "people/youth_list.html"
    context = {
        "page": page,
        "query": query,
        "pager_query": urlencode({"q": query}) if query else "",
        "may_register": policy.may_register_youth(request.user),
        "may_break_glass": policy.may_break_glass(request.user),
    }
    return render(request, template, context)


def _detail_context(request, pk) -> dict:
    youth, grant, cases, fields, guardians = selectors.youth_detail(actor=request.user, youth_id=pk)
    return {
        "youth": youth,
        "grant": grant,
        "cases": cases,
        "guardians": guardians,
        "show_address": "address" in fields,
        "show_school": "school" in fields,
        "show_guardians": "guardians" in fields,
        "may_edit": grant.may_write,
        "may_export": policy.may_export_subject_access(request.user, youth),
    }


@login_required
def youth_detail(request, pk):
    return render(request, "people/youth_detail.html", _detail_context(request, pk))


@never_cache
@login_required
@require_POST
def youth_national_id(request, pk):
    """The whole number, asked for on purpose (its own audit row). Answered in the page, never
    in an address; with htmx only the number, else the youth's page with the number shown."""
    youth, number = selectors.youth_national_id(actor=request.user, youth_id=pk)
    if request.htmx:
        return render(request, "people/_national_id.html", {"youth": youth, "number": number})
    context = _detail_context(request, pk)
    context["national_id"] = number
    context["revealed"] = True
    return render(request, "people/youth_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def youth_register(request):
    units = policy.units_opening_cases(request.user)
    if not units:
        raise Http404
    form = YouthRegisterForm(request.POST or None, units=units)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        number = data["national_id"]
        duplicates = selectors.likely_duplicates(
            actor=request.user,
            municipality_id=unit.municipality_id,
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            number_hash=services.national_id_hash(number) if number else "",
        )
        if duplicates.same_number:
            if request.POST.get("action") == "open_case":
                youth = call_service(
                    form,
                    services.case_open_for_registered,
                    actor=request.user,
                    purpose=Purpose.CASEWORK,
                    unit=unit,
                    national_id=number,
                    birth_date=data["birth_date"],
                )
                if youth is not None:
                    messages.success(request, _("The case was opened. You are its contact person."))
                    return redirect("people:youth_detail", pk=youth.pk)
        elif duplicates.any and not data["new_person"]:
            form.ask_new_person()
        else:
            fields = {k: v for k, v in data.items() if k not in ("unit", "new_person")}
            youth = call_service(
                form,
                services.youth_register,
                actor=request.user,
                purpose=Purpose.CASEWORK,
                unit=unit,
                **fields,
            )
            if youth is not None:
                messages.success(
                    request,
                    _("The youth was registered and has a case in %(unit)s.") % {"unit": unit},
                )
                return redirect("people:youth_detail", pk=youth.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "duplicates": duplicates}
    return render(request, "people/youth_register.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def youth_edit(request, pk):
    youth, hidden = selectors.youth_for_edit(actor=request.user, youth_id=pk)
    form = YouthEditForm(request.POST or None, youth=youth, hidden=hidden)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.youth_update,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            youth_id=youth.pk,
            national_id=form.cleaned_data["national_id"],
            **form.changes(),
        )
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect("people:youth_detail", pk=youth.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "youth": youth}
    return render(request, "people/youth_edit.html", context, status=status)


def _guardian_form(request, youth, guardian, service, done_message, **target):
    """Adding a guardian (`guardian` None) and changing one: the same form and page."""
    initial = model_to_dict(guardian) if guardian else None
    form = GuardianForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            service,
            actor=request.user,
            purpose=Purpose.CASEWORK,
            **target,
            **form.values(),
        )
        if saved is not None:
            messages.success(request, done_message)
            return redirect("people:youth_detail", pk=youth.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "youth": youth, "guardian": guardian}
    return render(request, "people/guardian_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def guardian_add(request, pk):
    youth, _grant = policy.access_youth(request.user, pk, purpose=Purpose.CASEWORK, write=True)
    return _guardian_form(
        request, youth, None, services.guardian_add, _("The guardian was added."), youth_id=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def guardian_edit(request, pk):
    guardian = selectors.guardian_for_change(actor=request.user, guardian_id=pk)
    return _guardian_form(
        request,
        guardian.youth,
        guardian,
        services.guardian_update,
        _("The changes were saved."),
        guardian_id=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def guardian_remove(request, pk):
    guardian = selectors.guardian_for_change(actor=request.user, guardian_id=pk)
    if request.method == "POST":
        services.guardian_remove(
            actor=request.user, purpose=Purpose.CASEWORK, guardian_id=guardian.pk
        )
        messages.success(request, _("%(name)s was removed as guardian.") % {"name": guardian.name})
        return redirect("people:youth_detail", pk=guardian.youth_id)
    return render(request, "people/guardian_remove.html", {"guardian": guardian})
