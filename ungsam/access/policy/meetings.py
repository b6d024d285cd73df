"""Meetings of the team around the youth and their actions (issue 15 item 4).

- The meeting record (the relay log, each meeting's page) is the case's: a worker reads it on
  the workers' grounds of the case (rule 1, `access_case`), and her contact persons and the
  unit's leader write it. A partner, or a worker of another unit on the team (ADR 0013), reads
  it only while a consent of the youth shares the **plan** with her seat's service
  (`MEETING_CATEGORY`), on pages of her own under /samarbeid/: the meetings are where the plan
  is agreed and followed up, so what they decide is the plan's category, not a new one
  (docs/adr/0014). She never writes it.
- An action is its owner's: the member whose seat it is given to reads it (the youth's first
  name, the case's unit and the action, never more) and marks it done, while she sits on the
  team for a service she holds a role in (`access_meeting_action`), whatever the consent says:
  she must be able to do what the team asked of her.
- Everything else answers 404, and every read writes its audit row."""

from django.db.models import Q, QuerySet

from ungsam.access import audit
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy.cases import access_case
from ungsam.access.policy.gate import deny, get_or_404
from ungsam.access.policy.grants import Grant
from ungsam.access.policy.identity import WORKER_ROLES, memberships
from ungsam.access.policy.sharing import access_shared_case
from ungsam.access.policy.team import seat_membership
from ungsam.collab.models import Category, Meeting, MeetingAction, TeamMember
from ungsam.org.models import Role

# The consent category under which a partner reads a team's meeting record.
MEETING_CATEGORY = Category.PLAN
# What the action page shows a partner owner: never more.
ACTION_FIELDS = ("first_name", "unit", "meeting_action")


def _held_seats(user, prefix: str) -> Q | None:
    """Current seats of hers (reached by `prefix`, "owner__" say) for a partner organisation
    where she holds a partner role in force, or a unit where she holds a worker role: no
    query beyond her memberships (read once per request). None: she holds none."""
    held = memberships(user)
    partners = {m.partner_id for m in held if m.role == Role.PARTNER and m.partner_id}
    units = {m.unit_id for m in held if m.role in WORKER_ROLES and m.unit_id}
    if not partners and not units:
        return None
    service = Q(**{f"{prefix}partner_id__in": partners}) | Q(**{f"{prefix}unit_id__in": units})
    return Q(**{f"{prefix}user": user, f"{prefix}left_at__isnull": True}) & service


def access_team_meetings(user, case_id, *, write=False, shared=False, fields=(), obj=None):
    """The case whose team's meetings the user reads (or, with `write`, changes), the grant,
    and her seat when she reads them on a consent (None on the workers' grounds); else 404.
    The workers' pages (/saker/) ask the case's gatekeeper; the shared pages (/samarbeid/,
    `shared`) ask for a consent naming `MEETING_CATEGORY`, so a workers' page never shows a
    shared case (ADR 0013). Reading records the "viewed" row with `fields` (and, on a
    consent, the disclosure)."""
    if write:
        case, grant = access_case(user, case_id, write=True)
        return case, grant, None
    if not shared:
        case, grant = access_case(user, case_id, also_shown=fields)
        return case, grant, None
    return access_shared_case(user, case_id, category=MEETING_CATEGORY, fields=fields, obj=obj)


def actions_owned_by(user) -> QuerySet[MeetingAction]:
    """The open actions given to her current seats, for services she holds a role in now."""
    held = _held_seats(user, "owner__")
    if held is None:
        return MeetingAction.objects.none()
    return MeetingAction.objects.filter(held, done_at__isnull=True)


def meetings_coordinated_by(user) -> QuerySet[Meeting]:
    """The meetings of the teams she coordinates now (from a seat she holds)."""
    held = _held_seats(user, "")
    if held is None:
        return Meeting.objects.none()
    seats = TeamMember.objects.filter(held, is_coordinator=True)
    return Meeting.objects.filter(team_id__in=seats.values("team_id"))


def access_meeting_action(user, action_id, *, purpose: str = Purpose.COLLABORATION, record=True):
    """An action given to the user's seat, and the care-team grant she reads and answers it
    under; else 404. Hers alone, while she sits on the team for a service she holds a role
    in. With `record`, writes the "viewed" row of what the action page shows."""
    if not getattr(user, "is_authenticated", False):
        deny(user, MeetingAction, action_id, purpose=purpose)
    found = MeetingAction.objects.filter(
        owner__user=user, owner__left_at__isnull=True
    ).select_related(
        "owner__partner",
        "owner__unit",
        "meeting__team__case__unit",
        "meeting__team__case__youth",
        "done_by",
    )
    action = get_or_404(user, found, action_id, purpose=purpose)
    membership = seat_membership(user, action.owner)
    if membership is None:
        deny(user, MeetingAction, action_id, purpose=purpose)
    grant = Grant(Basis.CARE_TEAM, membership)
    if record:
        audit.record(
            user,
            grant.entry(
                AuditAction.VIEW,
                purpose,
                obj=action,
                youth_id=action.meeting.team.case.youth_id,
                fields=ACTION_FIELDS,
            ),
        )
    return action, grant
