"""Reads of the team around the youth (ansvarsgruppe): the team page, through the case's
gatekeeper (its contact persons and the unit's leader; the "viewed" row says the team was
shown), and the answer page of an offered coordinator role, through its own gatekeeper (the
member it is offered to, who may be a partner who cannot open the case)."""

from dataclasses import dataclass, field

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases.models import CaseStatus
from ungsam.collab.models import CareTeam, Handover, TeamMember

TEAM_FIELDS = ("care_team",)


@dataclass
class TeamPage:
    case: object
    grant: object
    team: CareTeam | None
    current: list[TeamMember] = field(default_factory=list)
    former: list[TeamMember] = field(default_factory=list)
    open_handover: Handover | None = None
    candidates: list = field(default_factory=list)

    @property
    def may_write(self) -> bool:
        return self.grant.may_write and self.case.status == CaseStatus.OPEN

    @property
    def coordinator(self) -> TeamMember | None:
        return next((m for m in self.current if m.is_coordinator), None)


def _members(team):
    return list(
        TeamMember.objects.filter(team=team)
        .select_related("user", "partner", "unit", "added_by")
        .order_by("-is_coordinator", "joined_at", "id")
    )


def team_page(*, actor, case_id) -> TeamPage:
    """The case, its grant, its team (None before one is made) with its members now and
    before, the open offer of the coordinator role, and for her contact person or the leader
    the people who may be given a seat: five queries after the gatekeeper's, however many
    members. The "viewed" row says the team was shown."""
    case, grant = policy.access_case(actor, case_id, also_shown=TEAM_FIELDS)
    page = TeamPage(case=case, grant=grant, team=None)
    page.team = CareTeam.objects.select_related("bti_set_by").filter(case=case).first()
    if page.team is None:
        return page
    members = _members(page.team)
    page.current = [m for m in members if m.left_at is None]
    page.former = sorted(
        (m for m in members if m.left_at is not None), key=lambda m: m.left_at, reverse=True
    )
    by_id = {m.pk: m for m in members}
    page.open_handover = (
        Handover.objects.open().filter(team=page.team).select_related("offered_by").first()
    )
    if page.open_handover is not None:
        # Both members are on the list already: no query for them.
        page.open_handover.from_member = by_id[page.open_handover.from_member_id]
        page.open_handover.to_member = by_id[page.open_handover.to_member_id]
    if page.may_write:
        seated = {m.user_id for m in page.current}
        page.candidates = [s for s in policy.team_seat_candidates(case) if s.user.pk not in seated]
    return page


def team_for_change(*, actor, case_id):
    """The case and its grant, for her contact person or the leader (else 404); asked by a
    view before the service, outside its transaction, so a refused probe keeps its row."""
    return policy.access_case(actor, case_id, write=True)


def member_for_change(*, actor, case_id, member_id):
    """The case and one current member of its team, for her contact person or the leader to
    change (the form shows the member: a "viewed" row comes with the case's); else 404."""
    case, grant = policy.access_case(actor, case_id, also_shown=TEAM_FIELDS)
    if not grant.may_write:
        policy.deny(actor, TeamMember, member_id)
    members = (
        TeamMember.objects.current()
        .filter(team__case=case)
        .select_related("user", "partner", "unit")
    )
    return case, policy.get_or_404(actor, members, member_id)


def handover_for_answer(*, actor, handover_id, purpose):
    """An offer of the coordinator role made to the actor, and what the answer page shows of
    it (the youth's first name, the case's unit, who offers and the note); else 404."""
    handover, grant = policy.access_handover(actor, handover_id, purpose=purpose)
    return handover


def handovers_awaiting(*, actor, purpose):
    """The open offers of the coordinator role to the actor (for her home page: the way to the
    answer page when she cannot open the case), each showing the youth's first name and the
    case's unit; one "seen in a list" row names them all."""
    offers = policy.handovers_offered_to(actor)
    if offers:
        audit.record(
            actor,
            audit.Entry(
                AuditAction.LIST,
                purpose,
                subjects=tuple(g.subject(h.team.case.youth_id) for h, g in offers),
                fields=("first_name", "unit", "offered_by"),
                membership=offers[0][1].membership,
            ),
        )
    return [h for h, _ in offers]
