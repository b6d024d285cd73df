"""The team around the youth (ansvarsgruppe): who may be given a seat on a case's team, and who
may answer an offer of the coordinator role.

Reading and changing the team is the case's (rule 1: its contact persons and the unit's
leader, through `access_case`). Two questions are the team's own:

- A seat is for a service: a person with an active partner role in one of the municipality's
  active partner organisations, or an active worker role in one of its active units. The form
  offers exactly these, and the service asks again (`team_seat`), so no free user id is ever
  taken.
- The coordinator role moves only when the member it is offered to accepts. She may be a
  partner who cannot open the case: the answer page is hers alone (`access_handover`), seen
  on the care-team ground, and shows no more than the offer needs."""

from dataclasses import dataclass

from django.db.models import Q

from ungsam.access import audit
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy.gate import deny, get_or_404
from ungsam.access.policy.grants import Grant
from ungsam.access.policy.identity import WORKER_ROLES, memberships
from ungsam.collab.models import Handover, TeamMember
from ungsam.org.models import Membership, PartnerOrganization, Role, Unit, User

# What the answer page shows of the youth and the offer: never more.
HANDOVER_FIELDS = ("first_name", "unit", "offered_by", "note")


@dataclass(frozen=True)
class Seat:
    """A person and the service she would sit on the team for (a partner organisation or a
    unit). `key` names the pair in a form."""

    user: User
    partner: PartnerOrganization | None
    unit: Unit | None

    @property
    def key(self) -> str:
        if self.partner is not None:
            return f"{self.user.pk}:p{self.partner.pk}"
        return f"{self.user.pk}:u{self.unit.pk}"

    @property
    def service_name(self) -> str:
        return (self.partner or self.unit).name

    @property
    def label(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} – {self.service_name}"


def _seat_memberships(municipality_id: int):
    """Roles in force that give a seat: partner in an active partner organisation, or a worker
    role in an active unit, of the municipality, held by an active account."""
    return (
        Membership.objects.active()
        .filter(municipality_id=municipality_id, user__is_active=True)
        .filter(
            Q(role=Role.PARTNER, partner__active=True, partner__municipality_id=municipality_id)
            | Q(role__in=WORKER_ROLES, unit__active=True, unit__municipality_id=municipality_id)
        )
        .select_related("user", "partner", "unit")
    )


def _seats(rows) -> list[Seat]:
    seen, seats = set(), []
    for m in rows:
        if m.role == Role.PARTNER:
            seat = Seat(m.user, m.partner, None)
        else:
            seat = Seat(m.user, None, m.unit)
        if seat.key not in seen:  # a leader who is also a case worker there: one seat
            seen.add(seat.key)
            seats.append(seat)
    return seats


def team_seat_candidates(case) -> list[Seat]:
    """Everyone who may be given a seat on the case's team, with the service she would sit
    for, by name (configuration, not personal data): one query."""
    rows = _seat_memberships(case.unit.municipality_id).order_by(
        "user__first_name", "user__last_name", "user_id", "id"
    )
    return _seats(rows)


def team_seat(case, key) -> Seat | None:
    """The seat `key` (from `team_seat_candidates`) names, asked again of the database; None
    when it does not name one the case's municipality offers now."""
    try:
        user_part, service = str(key).split(":", 1)
        user_id, kind, service_id = int(user_part), service[:1], int(service[1:])
    except (TypeError, ValueError):
        return None
    rows = _seat_memberships(case.unit.municipality_id).filter(user_id=user_id)
    if kind == "p":
        rows = rows.filter(role=Role.PARTNER, partner_id=service_id)
    elif kind == "u":
        rows = rows.filter(role__in=WORKER_ROLES, unit_id=service_id)
    else:
        return None
    seats = _seats(rows.order_by("id")[:1])
    return seats[0] if seats else None


def seat_membership(user, member: TeamMember) -> Membership | None:
    """Her role in force for the service the seat is for, or None."""
    for m in memberships(user):
        if member.partner_id and m.role == Role.PARTNER and m.partner_id == member.partner_id:
            return m
        if member.unit_id and m.role in WORKER_ROLES and m.unit_id == member.unit_id:
            return m
    return None


def handovers_offered_to(user) -> list[tuple[Handover, Grant]]:
    """The open offers of the coordinator role made to the user, on seats she still holds for
    a service she holds a role in, each with its care-team grant: one query. Reads nothing
    but the offer, its case's unit and the youth's first name; records nothing (the caller
    records what it shows)."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = (
        Handover.objects.open()
        .filter(to_member__user=user, to_member__left_at__isnull=True)
        .select_related("to_member", "offered_by", "team__case__unit", "team__case__youth")
        .order_by("offered_at", "id")
    )
    offers = []
    for handover in found:
        membership = seat_membership(user, handover.to_member)
        if membership is not None:
            offers.append((handover, Grant(Basis.CARE_TEAM, membership)))
    return offers


def access_handover(user, handover_id, *, purpose: str = Purpose.COLLABORATION, record=True):
    """An offer of the coordinator role made to the user, and the care-team grant she answers
    it under; else 404. Hers alone: the member it is offered to, while she holds a role in
    force for the service her seat is for (whether she has left the team since is for the
    service to say, in words). With `record`, writes the "viewed" row of what the answer page
    shows."""
    if not getattr(user, "is_authenticated", False):
        deny(user, Handover, handover_id, purpose=purpose)
    found = Handover.objects.filter(to_member__user=user).select_related(
        "to_member", "offered_by", "team__case__unit", "team__case__youth"
    )
    handover = get_or_404(user, found, handover_id, purpose=purpose)
    membership = seat_membership(user, handover.to_member)
    if membership is None:
        deny(user, Handover, handover_id, purpose=purpose)
    grant = Grant(Basis.CARE_TEAM, membership)
    if record:
        case = handover.team.case
        audit.record(
            user,
            grant.entry(
                AuditAction.VIEW,
                purpose,
                obj=handover,
                youth_id=case.youth_id,
                fields=HANDOVER_FIELDS,
            ),
        )
    return handover, grant
