"""Collaboration requests (videreformidling): who reads and answers them.

On the case's side the request is the case's (rule 1, through `access_case`: her contact
persons and the unit's leader write, exactly as for a disclosure). A request sent to a partner
organisation is the partner's to read and answer: a user with an active partner role in that
organisation, and nobody else, however much else she sees. She sees it on the ground it was
given on (the consent and its categories, or the exception), not as a member of the team: what
the request shared is all she is shown."""

from django.db.models import Exists, Q, QuerySet
from django.db.models.functions import Now

from ungsam.access.models import Basis, Purpose
from ungsam.access.policy.gate import deny, get_or_404
from ungsam.access.policy.grants import Grant
from ungsam.access.policy.identity import memberships
from ungsam.access.policy.sharing import seats_with_consents
from ungsam.access.policy.team import seat_membership
from ungsam.cases.models import Case
from ungsam.collab.models import (
    CollaborationRequest,
    ConsentCategory,
    RequestDirection,
    RequestStatus,
    refused_later,
    valid_condition,
)
from ungsam.org.models import Membership, Role


def _partner_roles(user) -> dict[int, Membership]:
    """Her active partner roles by organisation (read from her cached roles: no query)."""
    return {m.partner_id: m for m in memberships(user) if m.role == Role.PARTNER and m.partner_id}


def requests_to_partner_visible_to(user) -> QuerySet[CollaborationRequest]:
    """Her inbox: the requests sent to an organisation where the user holds an active partner
    role, and those her organisation sent to a unit through Ungsam (not those a worker recorded
    after a phone call: the unit's own record)."""
    if not getattr(user, "is_authenticated", False):
        return CollaborationRequest.objects.none()
    held = _partner_roles(user)
    if not held:
        return CollaborationRequest.objects.none()
    return CollaborationRequest.objects.filter(
        Q(direction=RequestDirection.OUTGOING)
        | Q(direction=RequestDirection.INCOMING, sent_by__isnull=False),
        partner_id__in=held,
    )


def new_requests_count(user) -> int:
    """How many requests to her organisations nobody has opened yet: one query (none when she
    holds no partner role)."""
    if not _partner_roles(user):
        return 0
    return (
        requests_to_partner_visible_to(user)
        .filter(direction=RequestDirection.OUTGOING, status=RequestStatus.SENT)
        .count()
    )


def partner_request_grant(
    user, request: CollaborationRequest, *, with_categories: bool = True
) -> Grant:
    """The ground the partner reads a request to her organisation on: the consent it was sent
    under with the categories it still covers (one query; a list that names the youth only
    asks `with_categories=False`), or (an exception) her role alone, with the categories sent."""
    membership = _partner_roles(user).get(request.partner_id)
    if request.direction == RequestDirection.INCOMING:
        # One her service sent: she reads it as a member of the youth's team.
        return Grant(Basis.CARE_TEAM, membership)
    if request.consent_id is not None and not with_categories:
        return Grant(Basis.CONSENT, membership, consent_id=request.consent_id)
    if request.consent_id is not None:
        # Withdrawal takes effect at once (rule 3): she reads the youth's details only while
        # the consent still covers them, by the database's clock, and no later refusal of the
        # same pair has taken them back. What the request asked stays readable.
        covered = (
            ConsentCategory.objects.filter(
                valid_condition(Now(), prefix="consent__"),
                consent_id=request.consent_id,
                consent__partners=request.partner_id,
                category__in=request.categories,
            )
            .exclude(Exists(refused_later(Q(consent__partners=request.partner_id))))
            .values_list("category", flat=True)
        )
        return Grant(
            Basis.CONSENT,
            membership,
            consent_id=request.consent_id,
            categories=frozenset(covered),
        )
    return Grant("", membership, categories=frozenset(request.categories))


def access_partner_request(
    user, request_id, *, purpose: str = Purpose.COLLABORATION, lock: bool = False
) -> tuple[CollaborationRequest, Grant]:
    """A request sent to an organisation where the user holds an active partner role, with its
    case, youth and unit, and the grant she reads it on; else 404. (Records nothing: the page
    or service records what it shows or changes.)"""
    found = requests_to_partner_visible_to(user).select_related(
        "case__unit", "case__youth", "partner", "sent_by"
    )
    if lock:
        found = found.select_for_update(of=("self",))
    request = get_or_404(user, found, request_id, purpose=purpose)
    return request, partner_request_grant(user, request)


def deny_request(user, request_id, *, purpose: str = Purpose.COLLABORATION):
    deny(user, CollaborationRequest, request_id, purpose=purpose)


def partner_seat_for_request(user, case_id, *, purpose: str = Purpose.COLLABORATION):
    """Her current seat on the case's team for a partner organisation she holds an active role
    in, and the care-team grant she sends a request to the unit on; else 404 (from the
    case's id: a case she has no seat on answers as one that does not exist)."""
    try:
        seats = seats_with_consents(user, case_id=int(case_id))
    except (TypeError, ValueError, OverflowError):
        seats = []
    for seat in seats:
        if seat.partner_id is not None:
            return seat, Grant(Basis.CARE_TEAM, seat_membership(user, seat))
    deny(user, Case, case_id, purpose=purpose)
