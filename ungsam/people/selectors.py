"""Reads of youth, filtered by the access policy and written to the audit log."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import Case, CaseContact
from ungsam.people.models import Youth
from ungsam.web.pagination import PAGE_SIZE

LIST_FIELDS = ("first_name", "last_name", "birth_date")


def _record_list(actor, youth_rows) -> None:
    audit.record_many(
        actor,
        (
            audit.Entry(
                AuditAction.LIST, Purpose.CASEWORK, obj=y, youth_id=y.pk, fields=LIST_FIELDS
            )
            for y in youth_rows
        ),
    )


def youth_page(*, actor, page_number=None, query: str = "") -> Page:
    """One page of the youth the actor may see, sorted by name; each shown row is audited."""
    youth = policy.youth_visible_to(actor)
    if query:
        youth = youth.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
    page = Paginator(youth.only("id", *LIST_FIELDS), PAGE_SIZE).get_page(page_number)
    _record_list(actor, page.object_list)
    return page


def youth_recent_for_dashboard(*, actor, limit: int = 8) -> list[Youth]:
    """The youth whose cases the actor is contact person for, newest case first."""
    rows = list(
        policy.youth_visible_to(actor)
        .filter(cases__contacts__user=actor, cases__status="open")
        .only("id", *LIST_FIELDS)
        .distinct()
        .order_by("last_name", "first_name", "id")[:limit]
    )
    _record_list(actor, rows)
    return rows


def youth_detail(*, actor, youth_id):
    """The youth with the cases the actor may see and their contact persons."""
    youth = policy.access_youth(actor, youth_id, purpose=Purpose.CASEWORK)
    contacts = CaseContact.objects.select_related("user").order_by("-primary", "user__last_name")
    cases = list(
        policy.cases_visible_to(actor)
        .filter(youth=youth)
        .select_related("unit")
        .prefetch_related(Prefetch("contacts", queryset=contacts))
        .order_by("-opened_on")
    )
    return youth, cases, policy.visible_youth_fields(actor, youth)


def youth_for_subject_access(*, actor, youth_id) -> Youth:
    """The youth whose audit trail the actor may export; 404 otherwise."""
    youth = policy.access_youth(actor, youth_id, purpose=Purpose.SUBJECT_ACCESS)
    if not policy.may_export_subject_access(actor, youth):
        raise Http404
    return youth


def open_case_counts_by_unit(*, actor) -> list[dict]:
    """Open cases per unit the actor leads (a leader's view of the load)."""
    return list(
        Case.objects.filter(unit_id__in=policy.unit_ids(actor, "leader"), status="open")
        .values("unit__name")
        .annotate(n=Count("id"))
        .order_by("unit__name")
    )
