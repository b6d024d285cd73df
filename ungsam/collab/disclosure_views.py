from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ungsam.access.models import Purpose
from ungsam.collab import disclosure_selectors as selectors
from ungsam.collab import disclosure_services as services
from ungsam.collab import exceptions
from ungsam.collab.forms import DisclosureRecordForm
from ungsam.lib.forms import call_service


@login_required
def disclosures(request, pk):
    case, grant, page = selectors.case_disclosures(
        actor=request.user, case_id=pk, page_number=request.GET.get("side")
    )
    context = {
        "case": case,
        "page": page,
        "rows": page.object_list,
        "may_write": grant.may_write,
        "exceptions": exceptions.EXCEPTIONS,
    }
    return render(request, "collab/disclosures.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_create(request, pk):
    case, consents, partners, units = selectors.disclosure_form_choices(
        actor=request.user, case_id=pk
    )
    form = DisclosureRecordForm(
        request.POST or None,
        partners=partners,
        units=units,
        consents=consents,
        exceptions=exceptions.configured(),
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.disclosure_record,
            actor=request.user,
            purpose=Purpose.COLLABORATION,
            case_id=pk,
            **form.values(),
        )
        if done is not None:
            messages.success(request, _("The disclosure was recorded."))
            return redirect("collab:disclosures", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "collab/disclosure_form.html", {"case": case, "form": form}, status=status
    )
