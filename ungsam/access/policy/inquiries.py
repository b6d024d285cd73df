"""Inquiries without consent (henvendelser), anonymous guidance and the anonymous case
discussion of SLT and BTI meetings (issue 15, item 2).

None of these names a youth, so no case gatekeeper is asked: the question is only who keeps
the unit's record of its contacts with other services. The workers of a unit (los, outreach,
OT, presence team) and its leaders record and read their units' inquiries and may estimate
whether a case can be discussed anonymously; partners, analysts and admins may not (404):
an analyst sees the counts on the statistics page, never a unit's list."""

from django.db.models import QuerySet

from ungsam.access.policy.identity import WORKER_ROLES, memberships, unit_ids
from ungsam.collab.models import Inquiry
from ungsam.org.models import Membership, Unit


def inquiry_units(user) -> QuerySet[Unit]:
    """The active units whose inquiries the user records and reads: those she works in or
    leads."""
    return Unit.objects.filter(pk__in=unit_ids(user, *WORKER_ROLES), active=True).order_by("name")


def may_record_inquiries(user) -> bool:
    return bool(unit_ids(user, *WORKER_ROLES))


def inquiry_membership(user, unit_id) -> Membership | None:
    """Her worker or leader role in the unit (recorded on the audit row), or None."""
    return next(
        (m for m in memberships(user) if m.unit_id == unit_id and m.role in WORKER_ROLES), None
    )


def inquiries_visible_to(user) -> QuerySet[Inquiry]:
    """Her units' inquiries and anonymous guidance."""
    return Inquiry.objects.filter(unit_id__in=unit_ids(user, *WORKER_ROLES))
