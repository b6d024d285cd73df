"""Reads of disclosures (issue 14 item 2): a case's list for her contact persons and the unit's
leader (through the case's gatekeeper; the "viewed" row names the disclosures), the form's
choices, and the youth's disclosures for her subject-access export."""

from django.db.models import Prefetch

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.collab.exceptions import EXCEPTIONS
from ungsam.collab.models import Category, Consent, ConsentCategory, Disclosure
from ungsam.collab.selectors import recipients_for
from ungsam.lib.pagination import page_of
from ungsam.org.models import PartnerOrganization, Unit
from ungsam.people.models import Youth

DISCLOSURE_FIELDS = ("disclosures",)


def _with_everything(queryset):
    """What a row shows: the recipient, who read or recorded it, the consent it stood on and
    the case's unit (one query with the page, whatever its length)."""
    return queryset.select_related("partner", "unit", "user", "consent", "case__unit")


def case_disclosures(*, actor, case_id, page_number=None) -> tuple:
    """The case, its grant, and a page of the disclosures recorded on the case (newest first,
    both read in Ungsam and given outside it), for her contact persons and the unit's leader;
    else 404. The "viewed" row names the disclosures. (Disclosures on another unit's case of
    the same youth are that case's, as its consents are.)"""
    case, grant = policy.access_case(actor, case_id, also_shown=DISCLOSURE_FIELDS)
    page = page_of(_with_everything(Disclosure.objects.filter(case=case)), page_number)
    page.object_list = _annotate(list(page.object_list))
    return case, grant, page


def _annotate(rows: list[Disclosure]) -> list[Disclosure]:
    """Each row's categories by name and its exception (None: a consent), for the page."""
    names = dict(Category.choices)
    for row in rows:
        row.category_names = [str(names.get(code, code)) for code in row.categories]
        row.exception_shown = EXCEPTIONS.get(row.exception)
    return rows


def in_force_consents(case) -> list[Consent]:
    """The case's consents in force now, with their recipients and categories loaded: what a
    disclosure may stand on."""
    return list(
        Consent.objects.filter(case=case)
        .valid_at()
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("categories", queryset=ConsentCategory.objects.order_by("id")),
            Prefetch("partners", queryset=PartnerOrganization.objects.order_by("name")),
            Prefetch("units", queryset=Unit.objects.order_by("name")),
        )
        .order_by("-recorded_at", "-id")
    )


def disclosure_form_choices(*, actor, case_id):
    """The case (for her contact person or the leader, else 404), the consents in force on it
    (the form names them: a "viewed" row), and the recipients: the municipality's active
    partner organisations and its active units other than the case's own."""
    case, grant = policy.access_case(actor, case_id, write=True)
    consents = in_force_consents(case)
    if consents:
        audit.record(
            actor,
            grant.entry(
                AuditAction.VIEW,
                Purpose.COLLABORATION,
                obj=case,
                youth_id=case.youth_id,
                fields=("consents",),
            ),
        )
    partners, units = recipients_for(case)
    return case, consents, partners, units


def disclosures_for_export(youth: Youth) -> list[Disclosure]:
    """Every disclosure of the youth, oldest first, for her subject-access export (its
    gatekeeper has let the reader in already): one query."""
    return list(_with_everything(Disclosure.objects.filter(youth=youth)).order_by("at", "id"))
