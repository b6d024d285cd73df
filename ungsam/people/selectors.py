"""Reads of youth, filtered by the access policy and written to the audit log."""

from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Prefetch, Q

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import Case, CaseContact, CaseStatus
from ungsam.lib.pagination import page_of
from ungsam.people.models import Youth

LIST_FIELDS = ("first_name", "last_name", "birth_date")


def youth_page(*, actor, page_number=None, query: str = "") -> Page:
    """One page of the youth the actor may see, sorted by name; one audit row names them all."""
    youth = policy.youth_visible_to(actor)
    if query:
        youth = youth.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
    page = page_of(youth.only("id", *LIST_FIELDS), page_number)
    page.object_list = list(page.object_list)
    policy.record_youth_shown(actor, page.object_list, purpose=Purpose.CASEWORK, fields=LIST_FIELDS)
    return page


def youth_recent_for_dashboard(*, actor, limit: int = 8) -> list[Youth]:
    """The youth in whose open, visible cases the actor is a contact person, by name."""
    mine = Case.objects.filter(youth=OuterRef("pk"), status=CaseStatus.OPEN, contacts__user=actor)
    rows = list(
        policy.youth_visible_to(actor)
        .filter(Exists(mine))
        .only("id", *LIST_FIELDS)
        .order_by("last_name", "first_name", "id")[:limit]
    )
    policy.record_youth_shown(actor, rows, purpose=Purpose.CASEWORK, fields=LIST_FIELDS)
    return rows


def youth_detail(*, actor, youth_id):
    """The youth, the grant they are seen under, the cases the actor may see with their
    contact persons, and the fields the actor may see."""
    youth, grant = policy.access_youth(actor, youth_id, purpose=Purpose.CASEWORK)
    contacts = CaseContact.objects.select_related("user").order_by("-primary", "user__last_name")
    cases = list(
        policy.cases_visible_to(actor)
        .filter(youth=youth)
        .select_related("unit")
        .prefetch_related(Prefetch("contacts", queryset=contacts))
        .order_by("-opened_on")
    )
    return youth, grant, cases, policy.visible_youth_fields(actor, youth)


def youth_for_subject_access(*, actor, youth_id) -> Youth:
    """The youth whose audit trail the actor may read or export; 404 otherwise."""
    return policy.access_youth_for_subject_access(actor, youth_id)
