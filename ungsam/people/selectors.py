"""Reads of youth, filtered by the access policy and written to the audit log."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Window

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.cases.models import CaseContact, CaseStatus
from ungsam.lib.pagination import page_of
from ungsam.people.models import Youth


def youth_page(*, actor, page_number=None, query: str = "") -> Page:
    """One page of the youth the actor may see, sorted by name; one audit row names them all."""
    youth = policy.youth_with_grants(actor)
    if query:
        youth = youth.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
    page = page_of(youth.only("id", *Youth.LIST_FIELDS), page_number)
    page.object_list = list(page.object_list)
    policy.record_youth_shown(
        actor, page.object_list, purpose=Purpose.CASEWORK, fields=Youth.LIST_FIELDS
    )
    return page


@dataclass
class DashboardYouth:
    mine: list[Youth]  # the first youth in whose open case the actor is a contact person
    mine_count: int  # how many such youth in all
    visible_count: int  # how many youth she may see at all (a leader: her units' youth)


def youth_for_dashboard(*, actor, limit: int = 8) -> DashboardYouth:
    """The dashboard's youth card: the first youth in whose open case the actor is a contact
    person, with their grants and how many there are (one query, a window count), and how many
    youth she may see at all (one cheap count; computing it inside the first query would work
    out every visible youth's grant). Both statements are compiled once per user's grounds."""

    def mine_first():
        # Her open cases that she may see: a contact person left behind in a unit where she no
        # longer works is not "hers" (the youth may still be visible through another unit).
        mine = Exists(
            policy.cases_visible_to(actor).filter(
                youth=OuterRef("pk"), status=CaseStatus.OPEN, contacts__user=actor
            )
        )
        return (
            policy.youth_with_grants(actor)
            .filter(mine)
            .only("id", *Youth.LIST_FIELDS)
            .annotate(mine_count=Window(Count("id")))
            .order_by("last_name", "first_name", "id")[:limit]
        )

    card = policy.compiled_sql(actor, ("dashboard", limit), mine_first)
    if card is None:  # a role that reads personal data, but no ground to see anyone yet
        return DashboardYouth(mine=[], mine_count=0, visible_count=0)
    rows = list(Youth.objects.raw(*card))
    policy.record_youth_shown(actor, rows, purpose=Purpose.CASEWORK, fields=Youth.LIST_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            *policy.compiled_sql(
                actor, "visible", lambda: policy.youth_visible_to(actor), count=True
            )
        )
        (visible,) = cursor.fetchone()
    return DashboardYouth(
        mine=rows,
        mine_count=rows[0].mine_count if rows else 0,
        visible_count=visible,
    )


def youth_detail(*, actor, youth_id):
    """The youth, the grant they are seen under, the cases the actor may see with their
    contact persons, and the fields the actor may see."""
    youth, grant = policy.access_youth(
        actor, youth_id, purpose=Purpose.CASEWORK, also_shown=("cases",)
    )
    contacts = CaseContact.objects.select_related("user").order_by("-primary", "user__last_name")
    cases = list(
        policy.cases_visible_to(actor)
        .filter(youth=youth)
        .select_related("unit")
        .prefetch_related(Prefetch("contacts", queryset=contacts))
        .order_by("-opened_on")
    )
    fields = policy.visible_youth_fields(actor, youth)
    # What rule 8 hides never reaches the template, so no template change can show it. This
    # instance is for reading only: it is never saved.
    for name in Youth.PERSONAL_DATA_FIELDS:
        if name not in fields:
            setattr(youth, name, "")
    return youth, grant, cases, fields
