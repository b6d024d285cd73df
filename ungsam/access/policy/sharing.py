"""Rule 3: sharing by consent. A partner (or a worker of another unit) sees a youth's case
only while all four hold: her membership in the organisation or unit is active, she sits on the
case's care team for that organisation or unit, a consent of the youth in force names it as
recipient, and the consent names the information category asked for. Then she sees only those
categories.

Nothing here is cached beyond the request: her memberships are read once per request, and
whether a consent is in force is asked of the database by its own clock (`Now()`) each time,
so a withdrawal, a lapse, leaving the team or the end of a membership takes effect on the next
request.

These grounds are kept apart from `cases_visible_to`, which serves the workers' pages: a page
that does not ask for an information category never shows a shared case, so every page built
before sharing existed answers a partner with 404 (fail closed)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Now

from ungsam.access import audit
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy.gate import deny
from ungsam.access.policy.grants import Grant
from ungsam.access.policy.identity import WORKER_ROLES, memberships
from ungsam.access.policy.team import seat_membership
from ungsam.cases.models import Case
from ungsam.collab.models import (
    ConsentCategory,
    Disclosure,
    DisclosureChannel,
    TeamMember,
    refused_later,
    valid_condition,
)
from ungsam.org.models import Role
from ungsam.people.models import Youth

# What every shared page shows to tell the youth apart: never more, whatever the consent.
IDENTITY_FIELDS = Youth.LIST_FIELDS
SEAT_FIELDS = (
    "team_id",
    "user_id",
    "partner_id",
    "unit_id",
    "role",
    "responsibility",
    "is_coordinator",
    "joined_at",
    "left_at",
    "team__case__unit_id",
    "team__case__youth_id",
    "team__case__status",
    "team__case__unit__name",
    "team__case__unit__municipality_id",
    "partner__name",
    "unit__name",
)


def _seats_held(user) -> Q | None:
    """Team seats the user may sit in now: for a partner organisation where she holds an active
    partner role, or for a unit where she holds an active worker role. None: she has none."""
    held = memberships(user)
    partners = {m.partner_id for m in held if m.role == Role.PARTNER and m.partner_id}
    units = {m.unit_id for m in held if m.role in WORKER_ROLES and m.unit_id}
    parts = []
    if partners:
        parts.append(Q(partner_id__in=partners))
    if units:
        parts.append(Q(unit_id__in=units))
    if not parts:
        return None
    service = parts[0] | parts[1] if len(parts) == 2 else parts[0]
    return Q(user=user, left_at__isnull=True) & service


def _covering_seat(youth, category: str | None) -> QuerySet[ConsentCategory]:
    """Correlated to a team seat (its partner_id or unit_id, whichever it has): the categories
    of the youth's consents in force now, by the database's clock, naming the seat's recipient,
    for `category` (any when None), less those a later refusal superseded."""
    names_seat = Q(consent__partners=OuterRef("partner_id")) | Q(consent__units=OuterRef("unit_id"))
    refusal_names_seat = Q(consent__partners=OuterRef(OuterRef("partner_id"))) | Q(
        consent__units=OuterRef(OuterRef("unit_id"))
    )
    found = ConsentCategory.objects.filter(
        valid_condition(Now(), "consent__"), names_seat, consent__youth=youth
    )
    if category is not None:
        found = found.filter(category=category)
    return found.filter(~Exists(refused_later(refusal_names_seat)))


def shared_cases_visible_to(user, category: str | None = None) -> QuerySet[Case]:
    """The cases the user sees by rule 3: for `category`, or for at least one category when
    None. One query, whatever she holds."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    held = _seats_held(user)
    if held is None:
        return Case.objects.none()
    covered = _covering_seat(OuterRef(OuterRef("youth_id")), category)
    seats = TeamMember.objects.filter(held, team__case=OuterRef("pk")).filter(Exists(covered))
    return Case.objects.filter(Exists(seats))


def _recipient(seat: TeamMember) -> Q:
    """The seat's service as the recipient a consent (or a refusal) names."""
    if seat.partner_id is not None:
        return Q(consent__partners=seat.partner_id)
    return Q(consent__units=seat.unit_id)


def seats_with_consents(user, *, case_id=None) -> list[TeamMember]:
    """Her current team seats (on one case's team, with `case_id`) for services she holds an
    active role in, with the case and its youth, each with `shared`: {category: (the consent
    that covers it now, the one lasting longest; when that lapses)}, empty when none does.
    One query for the seats and one per service she sits for (not per seat): the consents in
    force now by the database's clock that name the service, for all her seats' youth, less
    those a later refusal of the same youth, service and category superseded."""
    held = _seats_held(user)
    if held is None:
        return []
    seats = (
        TeamMember.objects.filter(held)
        .select_related("team__case__youth", "team__case__unit", "partner", "unit")
        # Of the youth only what tells her apart: the rest is read by the page for each
        # category shared, and only then.
        .only(
            *SEAT_FIELDS,
            *(f"team__case__youth__{name}" for name in ("municipality_id", *IDENTITY_FIELDS)),
        )
        .order_by("team__case__youth__last_name", "team__case__youth__first_name", "id")
    )
    if case_id is not None:
        seats = seats.filter(team__case_id=case_id)
    seats = list(seats)
    by_service: dict[tuple, list[TeamMember]] = {}
    for seat in seats:
        seat.shared = {}
        by_service.setdefault((seat.partner_id, seat.unit_id), []).append(seat)
    for group in by_service.values():
        recipient = _recipient(group[0])
        found = (
            ConsentCategory.objects.filter(
                valid_condition(Now(), "consent__"),
                recipient,
                consent__youth_id__in={seat.team.case.youth_id for seat in group},
            )
            .filter(~Exists(refused_later(recipient)))
            .order_by("-consent__valid_until", "consent_id")
            .values_list("consent__youth_id", "category", "consent_id", "consent__valid_until")
        )
        shared: dict[int, dict] = {}
        for youth_id, category, consent_id, until in found:
            shared.setdefault(youth_id, {}).setdefault(category, (consent_id, until))
        for seat in group:
            seat.shared = shared.get(seat.team.case.youth_id, {})
    return seats


def shared_categories(seat: TeamMember) -> dict[str, int]:
    """{category: the consent covering it} of a seat from `seats_with_consents`."""
    return {code: consent_id for code, (consent_id, _until) in seat.shared.items()}


def shared_grant(user, seat: TeamMember, category: str | None = None) -> Grant:
    """The consent grant a seat from `seats_with_consents` gives: its categories, and the
    consent recorded on the audit row (the one covering `category`, else the oldest id)."""
    shared = shared_categories(seat)
    consent_id = shared.get(category) if category else min(shared.values(), default=None)
    return Grant(
        Basis.CONSENT,
        seat_membership(user, seat),
        consent_id=consent_id,
        categories=frozenset(shared),
    )


def access_shared_case(
    user, case_id, *, category: str | None = None, fields=(), obj=None
) -> tuple[Case, Grant, TeamMember]:
    """The case, the consent grant it is seen under (its categories: what the page may show),
    and her seat on the team; else 404. With `category`, a consent must name that category;
    without, the page shows every category shared. Records the read: an audit row (basis
    consent, the consent's id, the fields shown) and a disclosure to her organisation or unit
    naming the categories shown."""
    try:
        seats = seats_with_consents(user, case_id=int(case_id))
    except (TypeError, ValueError, OverflowError):
        seats = []
    seat = seats[0] if seats else None
    shared = shared_categories(seat) if seat is not None else {}
    if not shared or (category is not None and category not in shared):
        deny(user, Case, case_id, purpose=Purpose.COLLABORATION)
    case = seat.team.case
    grant = shared_grant(user, seat, category)
    shown = [category] if category is not None else sorted(shared)
    audit.record(
        user,
        grant.entry(
            AuditAction.VIEW,
            Purpose.COLLABORATION,
            obj=obj or case,
            youth_id=case.youth_id,
            fields=(*IDENTITY_FIELDS, *(fields or shown)),
        ),
    )
    Disclosure.objects.create(
        youth_id=case.youth_id,
        case=case,
        channel=DisclosureChannel.READ,
        partner_id=seat.partner_id,
        unit_id=seat.unit_id,
        user=user,
        categories=shown,
        consent_id=grant.consent_id,
    )
    return case, grant, seat
