from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from ungsam.access import policy
from ungsam.lib.forms import search_text
from ungsam.people import selectors


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
    }
    return render(request, template, context)


@login_required
def youth_detail(request, pk):
    youth, grant, cases, fields = selectors.youth_detail(actor=request.user, youth_id=pk)
    context = {
        "youth": youth,
        "grant": grant,
        "cases": cases,
        "show_address": "address" in fields,
        "may_export": policy.may_export_subject_access(request.user, youth),
    }
    return render(request, "people/youth_detail.html", context)
