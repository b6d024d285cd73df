"""Writes of the team around the youth (ansvarsgruppe / stafett): making the team, seating and
unseating members with their role and stated responsibility, the coordinating service, the BTI
level, and the handover of the coordinator role, which moves only when the member it is
offered to accepts.

Each service asks the policy itself (the case's gatekeeper for her contact persons and the
unit's leader; `access_handover` for the member an offer is made to), runs in a transaction
with the team's row locked, and records what it changed in the audit log. The database holds
the rules that must never break: one current seat per person, exactly one coordinator, and a
coordinator never leaves."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases.models import CaseStatus
from ungsam.collab.models import BtiLevel, CareTeam, Handover, TeamMember
from ungsam.org.models import ServiceCode

ROLE_MAX = 120
TEXT_MAX = 2000


def _record(actor, grant, action, purpose, obj, case, fields):
    audit.record(
        actor, grant.entry(action, purpose, obj=obj, youth_id=case.youth_id, fields=fields)
    )


def _open_case(actor, case_id):
    case, grant = policy.access_case(actor, case_id, write=True)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed."))
    return case, grant


def _locked_team(case) -> CareTeam:
    team = CareTeam.objects.select_for_update().filter(case=case).first()
    if team is None:
        raise ValidationError(_("The case has no team yet."))
    return team


def _role_and_responsibility(role, responsibility) -> tuple[str, str]:
    role, responsibility = (role or "").strip(), (responsibility or "").strip()
    errors = {}
    if not role:
        errors["role"] = _("Say what her role in the team is.")
    elif len(role) > ROLE_MAX:
        errors["role"] = _("At most %(n)s characters.") % {"n": ROLE_MAX}
    if len(responsibility) > TEXT_MAX:
        errors["responsibility"] = _("At most %(n)s characters.") % {"n": TEXT_MAX}
    if errors:
        raise ValidationError(errors)
    return role, responsibility


def _check_service(code) -> str:
    code = code or ""
    if code and code not in ServiceCode.values:
        raise ValidationError({"coordinating_service": _("Choose a service from the list.")})
    return code


def team_create(
    *,
    actor,
    purpose: str,
    case_id,
    role: str,
    responsibility: str = "",
    coordinating_service: str = "",
    child_coordinator: bool = False,
) -> CareTeam:
    """Makes the case's team. The worker who makes it takes the first seat, for the case's
    unit, as its coordinator (she hands the role over later if another service should hold
    it). Her contact person or the unit's leader, on an open case."""
    role, responsibility = _role_and_responsibility(role, responsibility)
    coordinating_service = _check_service(coordinating_service)
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        if grant.membership is None or grant.membership.unit_id != case.unit_id:
            raise ValidationError(_("Only a worker of the case's unit can make its team."))
        if CareTeam.objects.filter(case=case).exists():
            raise ValidationError(_("The case has a team already."))
        now = timezone.now()
        try:
            with transaction.atomic():
                team = CareTeam.objects.create(
                    case=case,
                    coordinating_service=coordinating_service,
                    child_coordinator=bool(child_coordinator),
                    created_at=now,
                )
                member = TeamMember.objects.create(
                    team=team,
                    user=actor,
                    unit_id=case.unit_id,
                    role=role,
                    responsibility=responsibility,
                    is_coordinator=True,
                    joined_at=now,
                    added_by=actor,
                )
        except IntegrityError as error:  # made at the same moment by someone else
            raise ValidationError(_("The case has a team already.")) from error
        _record(
            actor,
            grant,
            AuditAction.CREATE,
            purpose,
            team,
            case,
            ("coordinating_service", "child_coordinator", "team_members"),
        )
        _record(
            actor,
            grant,
            AuditAction.CREATE,
            purpose,
            member,
            case,
            ("user", "unit", "role", "responsibility", "is_coordinator"),
        )
    return team


def team_member_add(
    *, actor, purpose: str, case_id, seat_key, role: str, responsibility: str = ""
) -> TeamMember:
    """Seats a person on the team for a service: `seat_key` names one of
    `policy.team_seat_candidates` (a partner of one of the municipality's active partner
    organisations, or a worker of one of its active units), asked again here."""
    role, responsibility = _role_and_responsibility(role, responsibility)
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        team = _locked_team(case)
        seat = policy.team_seat(case, seat_key)
        if seat is None:
            raise ValidationError({"seat": _("Choose a person and service from the list.")})
        if TeamMember.objects.current().filter(team=team, user=seat.user).exists():
            raise ValidationError({"seat": _("She is on the team already.")})
        try:
            with transaction.atomic():
                member = TeamMember.objects.create(
                    team=team,
                    user=seat.user,
                    partner=seat.partner,
                    unit=seat.unit,
                    role=role,
                    responsibility=responsibility,
                    added_by=actor,
                )
        except IntegrityError as error:
            raise ValidationError({"seat": _("She is on the team already.")}) from error
        service = "partner" if seat.partner is not None else "unit"
        _record(
            actor,
            grant,
            AuditAction.CREATE,
            purpose,
            member,
            case,
            ("user", service, "role", "responsibility"),
        )
    return member


def _current_member(team, member_id) -> TeamMember:
    try:
        found = TeamMember.objects.current().filter(team=team, pk=int(member_id)).first()
    except (TypeError, ValueError, OverflowError):
        found = None
    if found is None:
        raise ValidationError(_("She is no longer on the team."))
    return found


def team_member_update(
    *, actor, purpose: str, case_id, member_id, role: str, responsibility: str = ""
) -> TeamMember:
    """Changes a current member's role in the team and her stated responsibility."""
    role, responsibility = _role_and_responsibility(role, responsibility)
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        team = _locked_team(case)
        member = _current_member(team, member_id)
        changed = [
            name
            for name, value in (("role", role), ("responsibility", responsibility))
            if getattr(member, name) != value
        ]
        if changed:
            member.role, member.responsibility = role, responsibility
            member.save(update_fields=changed)
            _record(actor, grant, AuditAction.UPDATE, purpose, member, case, changed)
    return member


def team_member_remove(*, actor, purpose: str, case_id, member_id) -> TeamMember:
    """A member leaves the team (her row stays: who sat on it, and when). The coordinator
    cannot: she hands the role over first."""
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        team = _locked_team(case)
        member = _current_member(team, member_id)
        if member.is_coordinator:
            raise ValidationError(
                _("The coordinator cannot leave the team. Hand over the role first.")
            )
        member.left_at = timezone.now()
        member.save(update_fields=["left_at"])
        _record(actor, grant, AuditAction.UPDATE, purpose, member, case, ("left_at",))
    return member


def team_settings_set(
    *, actor, purpose: str, case_id, coordinating_service: str, child_coordinator: bool
) -> CareTeam:
    """The coordinating service (empty: not named yet) and whether the coordinator is a
    barnekoordinator."""
    coordinating_service = _check_service(coordinating_service)
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        team = _locked_team(case)
        values = {
            "coordinating_service": coordinating_service,
            "child_coordinator": bool(child_coordinator),
        }
        changed = [name for name, value in values.items() if getattr(team, name) != value]
        if changed:
            for name in changed:
                setattr(team, name, values[name])
            team.save(update_fields=changed)
            _record(actor, grant, AuditAction.UPDATE, purpose, team, case, changed)
    return team


def team_bti_set(*, actor, purpose: str, case_id, bti_level) -> CareTeam:
    """The case's BTI level (0–3), with today's date and the worker who set it."""
    try:
        level = int(bti_level)
    except (TypeError, ValueError, OverflowError):
        level = None
    if level not in BtiLevel.values:
        raise ValidationError({"bti_level": _("Choose a BTI level from 0 to 3.")})
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        team = _locked_team(case)
        team.bti_level = level
        team.bti_set_on = timezone.localdate()
        team.bti_set_by = actor
        team.save(update_fields=["bti_level", "bti_set_on", "bti_set_by"])
        _record(
            actor,
            grant,
            AuditAction.UPDATE,
            purpose,
            team,
            case,
            ("bti_level", "bti_set_on", "bti_set_by"),
        )
    return team


def _open_handover_of(team) -> Handover | None:
    return Handover.objects.select_for_update().open().filter(team=team).first()


def handover_offer(*, actor, purpose: str, case_id, to_member_id, note: str = "") -> Handover:
    """Offers the coordinator role to another current member. Nothing moves yet: the
    coordinator keeps the role until the member accepts. One open offer at a time."""
    note = (note or "").strip()
    if len(note) > TEXT_MAX:
        raise ValidationError({"note": _("At most %(n)s characters.") % {"n": TEXT_MAX}})
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        team = _locked_team(case)
        if _open_handover_of(team) is not None:
            raise ValidationError(
                _("An offer of the coordinator role is waiting for an answer. Cancel it first.")
            )
        coordinator = TeamMember.objects.current().filter(team=team, is_coordinator=True).first()
        try:
            to_member = _current_member(team, to_member_id)
        except ValidationError:
            raise ValidationError({"to_member": _("Choose a member of the team.")}) from None
        if coordinator is None or to_member.pk == coordinator.pk:
            raise ValidationError({"to_member": _("She is the coordinator already.")})
        try:
            with transaction.atomic():
                handover = Handover.objects.create(
                    team=team,
                    from_member=coordinator,
                    to_member=to_member,
                    offered_by=actor,
                    note=note,
                )
        except IntegrityError as error:
            raise ValidationError(
                _("An offer of the coordinator role is waiting for an answer. Cancel it first.")
            ) from error
        _record(
            actor,
            grant,
            AuditAction.CREATE,
            purpose,
            handover,
            case,
            ("from_member", "to_member", "note"),
        )
    return handover


def handover_cancel(*, actor, purpose: str, case_id, handover_id) -> Handover:
    """Withdraws an open offer: the coordinator keeps the role."""
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        team = _locked_team(case)
        handover = _open_handover_of(team)
        if handover is None or str(handover.pk) != str(handover_id):
            raise ValidationError(_("The offer has been answered or cancelled already."))
        handover.cancelled_at = timezone.now()
        handover.save(update_fields=["cancelled_at"])
        _record(actor, grant, AuditAction.UPDATE, purpose, handover, case, ("cancelled_at",))
    return handover


def _answerable(actor, handover_id, purpose):
    """The offer made to the actor, locked with its team, still open, on an open case."""
    handover, grant = policy.access_handover(actor, handover_id, purpose=purpose, record=False)
    case = handover.team.case
    CareTeam.objects.select_for_update().filter(pk=handover.team_id).first()
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if not handover.is_open:
        raise ValidationError(_("The offer has been answered or cancelled already."))
    return handover, grant, case


def handover_accept(*, actor, purpose: str, handover_id) -> Handover:
    """The member the coordinator role is offered to accepts it: in one transaction the old
    coordinator lets go and she takes it (in that order: never two at once)."""
    with transaction.atomic():
        handover, grant, case = _answerable(actor, handover_id, purpose)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        to_member = TeamMember.objects.select_for_update().get(pk=handover.to_member_id)
        from_member = TeamMember.objects.select_for_update().get(pk=handover.from_member_id)
        if to_member.left_at is not None:
            raise ValidationError(
                _("You have left the team since the offer was made: it can no longer be accepted.")
            )
        if not from_member.is_coordinator or from_member.left_at is not None:
            raise ValidationError(_("The coordinator role has changed hands since the offer."))
        from_member.is_coordinator = False
        from_member.save(update_fields=["is_coordinator"])
        to_member.is_coordinator = True
        to_member.save(update_fields=["is_coordinator"])
        handover.accepted_at = timezone.now()
        handover.save(update_fields=["accepted_at"])
        _record(
            actor,
            grant,
            AuditAction.UPDATE,
            purpose,
            handover,
            case,
            ("accepted_at", "coordinator"),
        )
    return handover


def handover_decline(*, actor, purpose: str, handover_id) -> Handover:
    """The member declines the offer: the coordinator keeps the role."""
    with transaction.atomic():
        handover, grant, case = _answerable(actor, handover_id, purpose)
        handover.declined_at = timezone.now()
        handover.save(update_fields=["declined_at"])
        _record(actor, grant, AuditAction.UPDATE, purpose, handover, case, ("declined_at",))
    return handover
