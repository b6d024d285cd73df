"""The partner's pages (rule 3): what youth shared with her service, and one youth's shared
page. Thin: the selectors ask the policy and read only the categories shared."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from ungsam.access.models import Purpose
from ungsam.cases import attachments
from ungsam.collab import shared_selectors
from ungsam.collab.team_selectors import handovers_awaiting


@login_required
@require_GET
def shared_list(request):
    home = shared_selectors.shared_with_me(actor=request.user)
    handovers = handovers_awaiting(actor=request.user, purpose=Purpose.COLLABORATION)
    return render(request, "collab/shared_list.html", {"home": home, "handovers": handovers})


@login_required
@require_GET
def shared_case(request, pk):
    page = shared_selectors.shared_case(actor=request.user, case_id=pk)
    return render(request, "collab/shared_case.html", {"page": page})


@login_required
@require_GET
def shared_attachment(request, pk, attachment_pk):
    try:
        attachment, data = shared_selectors.shared_attachment(
            actor=request.user, case_id=pk, attachment_id=attachment_pk
        )
    except attachments.AttachmentUnreadable:
        return render(request, "cases/journal_attachment_unreadable.html", status=500)
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(data))
    return response
