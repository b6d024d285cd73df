"""Writes of the team's meetings: planning one (its participants are the team's members, and
others may be added with their service), the minutes and decisions while it is open, actions
with an owner on the team and a deadline, approving the minutes (fixed from then on; the
team's rule plans the next meeting), amendments to approved minutes, the owner marking her
action done, and the meeting rules (the team's, and a unit leader's default for her unit).

Each service asks the policy itself (the case's gatekeeper with write for the record, which is
the case's contact persons and the unit's leader; `access_meeting_action` for the owner of an
action; the unit's leader for her unit's rule), runs in a transaction, and records what it
changed in the audit log."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases.models import CaseStatus
from ungsam.collab.models import (
    CareTeam,
    Meeting,
    MeetingAction,
    MeetingAmendment,
    MeetingKind,
    MeetingParticipant,
    MeetingRule,
    TeamMember,
)
from ungsam.org.models import ServiceCode, Unit

PLACE_MAX = 200
NAME_MAX = 200
ACTION_MAX = 500
TEXT_MAX = 20000
NOTE_MAX = 2000
WEEKS_MIN, WEEKS_MAX = 1, 52
# How far from today a meeting or a deadline may be set: a typo of a year is caught.
DAYS_BACK, DAYS_AHEAD = 366, 2 * 366


def _record(actor, grant, action, purpose, obj, case, fields):
    audit.record(
        actor, grant.entry(action, purpose, obj=obj, youth_id=case.youth_id, fields=fields)
    )


def _writable_team(actor, case_id):
    """The open case (its contact person or the unit's leader, else 404), its grant, and its
    team, locked."""
    case, grant, _seat = policy.access_team_meetings(actor, case_id, write=True)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed."))
    team = CareTeam.objects.select_for_update().filter(case=case).first()
    if team is None:
        raise ValidationError(_("The case has no team yet."))
    return case, grant, team


def _meeting_of(team, meeting_id, *, open_only=False) -> Meeting:
    try:
        meeting = Meeting.objects.select_for_update().filter(team=team, pk=int(meeting_id)).first()
    except (TypeError, ValueError, OverflowError):
        meeting = None
    if meeting is None:
        raise ValidationError(_("The meeting is not one of this team's."))
    if open_only and meeting.is_signed:
        raise ValidationError(
            _("The minutes are approved and can no longer be changed. Add an amendment.")
        )
    return meeting


def _text(value, name, limit, *, required=False, message=None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({name: message})
    if len(value) > limit:
        raise ValidationError({name: _("At most %(n)s characters.") % {"n": limit}})
    return value


def _within_reach(day: date, name: str) -> None:
    today = timezone.localdate()
    if not today - timedelta(days=DAYS_BACK) <= day <= today + timedelta(days=DAYS_AHEAD):
        raise ValidationError({name: _("Choose a date within a year back and two years ahead.")})


def _weeks(value) -> int:
    try:
        weeks = int(value)
    except (TypeError, ValueError, OverflowError):
        weeks = 0
    if not WEEKS_MIN <= weeks <= WEEKS_MAX:
        message = _("Give a number of weeks from %(a)s to %(b)s.") % {
            "a": WEEKS_MIN,
            "b": WEEKS_MAX,
        }
        raise ValidationError({"every_weeks": message})
    return weeks


def _kind(value) -> str:
    if value not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose a kind of meeting from the list.")})
    return value


def member_service(member: TeamMember) -> str:
    """The service code a seat sits for."""
    if member.partner_id is not None:
        return member.partner.kind
    return member.unit.service_code


def _seat_participants(meeting, team) -> list[MeetingParticipant]:
    members = (
        TeamMember.objects.current().filter(team=team).select_related("user", "partner", "unit")
    )
    return MeetingParticipant.objects.bulk_create(
        MeetingParticipant(
            meeting=meeting,
            member=m,
            name=m.user.get_full_name() or m.user.username,
            service=member_service(m),
        )
        for m in members
    )


def meeting_plan(
    *,
    actor,
    purpose: str,
    case_id,
    starts_at: datetime,
    place: str,
    kind: str,
    agenda: str = "",
) -> Meeting:
    """Plans a meeting of the case's team; its participants are the team's current members
    (others are added on the meeting's page)."""
    place = _text(place, "place", PLACE_MAX, required=True, message=_("Say where the meeting is."))
    agenda = _text(agenda, "agenda", TEXT_MAX)
    kind = _kind(kind)
    if not isinstance(starts_at, datetime):
        raise ValidationError({"starts_at": _("Give the date and time of the meeting.")})
    _within_reach(timezone.localtime(starts_at).date(), "starts_at")
    with transaction.atomic():
        case, grant, team = _writable_team(actor, case_id)
        meeting = Meeting.objects.create(
            team=team, kind=kind, starts_at=starts_at, place=place, agenda=agenda, created_by=actor
        )
        _seat_participants(meeting, team)
        _record(
            actor,
            grant,
            AuditAction.CREATE,
            purpose,
            meeting,
            case,
            ("kind", "starts_at", "place", "agenda", "participants"),
        )
    return meeting


def meeting_participant_add(
    *, actor, purpose: str, case_id, meeting_id, name: str, service: str
) -> MeetingParticipant:
    """Someone else who takes part (the youth, a guardian, a teacher), with her service."""
    name = _text(name, "name", NAME_MAX, required=True, message=_("Give the participant's name."))
    if service not in ServiceCode.values:
        raise ValidationError({"service": _("Choose a service from the list.")})
    with transaction.atomic():
        case, grant, team = _writable_team(actor, case_id)
        meeting = _meeting_of(team, meeting_id, open_only=True)
        participant = MeetingParticipant.objects.create(meeting=meeting, name=name, service=service)
        _record(actor, grant, AuditAction.CREATE, purpose, participant, case, ("name", "service"))
    return participant


def meeting_minutes_save(
    *, actor, purpose: str, case_id, meeting_id, minutes: str, decisions: str
) -> Meeting:
    """The minutes and decisions, while the meeting's minutes are not approved."""
    minutes = _text(minutes, "minutes", TEXT_MAX)
    decisions = _text(decisions, "decisions", TEXT_MAX)
    with transaction.atomic():
        case, grant, team = _writable_team(actor, case_id)
        meeting = _meeting_of(team, meeting_id, open_only=True)
        changed = [
            name
            for name, value in (("minutes", minutes), ("decisions", decisions))
            if getattr(meeting, name) != value
        ]
        if changed:
            meeting.minutes, meeting.decisions = minutes, decisions
            meeting.save(update_fields=changed)
            _record(actor, grant, AuditAction.UPDATE, purpose, meeting, case, changed)
    return meeting


def meeting_action_add(
    *, actor, purpose: str, case_id, meeting_id, text: str, owner_id, deadline: date
) -> MeetingAction:
    """An action the meeting gives a current member of the team (a partner's seat or a
    unit's), with a deadline: it lands on her task list and the case's."""
    text = _text(text, "text", ACTION_MAX, required=True, message=_("Say what is to be done."))
    if not isinstance(deadline, date):
        raise ValidationError({"deadline": _("Give a deadline.")})
    _within_reach(deadline, "deadline")
    with transaction.atomic():
        case, grant, team = _writable_team(actor, case_id)
        meeting = _meeting_of(team, meeting_id, open_only=True)
        try:
            owner = TeamMember.objects.current().filter(team=team, pk=int(owner_id)).first()
        except (TypeError, ValueError, OverflowError):
            owner = None
        if owner is None:
            raise ValidationError({"owner": _("Choose a member of the care team.")})
        action = MeetingAction.objects.create(
            meeting=meeting, text=text, owner=owner, deadline=deadline, created_by=actor
        )
        _record(
            actor, grant, AuditAction.CREATE, purpose, action, case, ("text", "owner", "deadline")
        )
    return action


def rule_of(team: CareTeam) -> MeetingRule | None:
    """The team's own rule, else its case's unit's default."""
    own = MeetingRule.objects.filter(team=team).first()
    return own or MeetingRule.objects.filter(unit_id=team.case.unit_id).first()


def meeting_sign(*, actor, purpose: str, case_id, meeting_id) -> Meeting:
    """Approves the minutes: the meeting is held and its record fixed. When the team has a
    rule (its own or its unit's) and nothing later is planned, the next meeting is planned
    from it, the same weekday and time N weeks on."""
    with transaction.atomic():
        case, grant, team = _writable_team(actor, case_id)
        meeting = _meeting_of(team, meeting_id, open_only=True)
        if not meeting.minutes.strip():
            raise ValidationError({"minutes": _("Write the minutes before you approve them.")})
        if meeting.starts_at > timezone.now():
            raise ValidationError(_("The meeting has not been held yet."))
        meeting.signed_at, meeting.signed_by = timezone.now(), actor
        meeting.save(update_fields=["signed_at", "signed_by"], signing=True)
        _record(actor, grant, AuditAction.UPDATE, purpose, meeting, case, ("signed_at",))
        rule = rule_of(team)
        later = Meeting.objects.filter(team=team, starts_at__gt=meeting.starts_at).exists()
        if rule is not None and not later:
            step = timedelta(weeks=rule.every_weeks)
            starts_at = meeting.starts_at + step
            while starts_at <= timezone.now():  # an old meeting approved late: the next ahead
                starts_at += step
            following = Meeting.objects.create(
                team=team,
                kind=rule.kind,
                starts_at=starts_at,
                place=meeting.place,
                from_rule=True,
                created_by=actor,
            )
            _seat_participants(following, team)
            _record(
                actor,
                grant,
                AuditAction.CREATE,
                purpose,
                following,
                case,
                ("kind", "starts_at", "place", "participants"),
            )
    return meeting


def meeting_amend(*, actor, purpose: str, case_id, meeting_id, text: str) -> MeetingAmendment:
    """A later word on approved minutes: what is added or corrected, and why."""
    text = _text(text, "text", NOTE_MAX, required=True, message=_("Write the amendment."))
    with transaction.atomic():
        case, grant, team = _writable_team(actor, case_id)
        meeting = _meeting_of(team, meeting_id)
        if not meeting.is_signed:
            raise ValidationError(_("The minutes are not approved yet: change them instead."))
        amendment = MeetingAmendment.objects.create(meeting=meeting, text=text, by=actor)
        _record(actor, grant, AuditAction.CREATE, purpose, amendment, case, ("text",))
    return amendment


def meeting_action_done(*, actor, purpose: str, action_id, note: str = "") -> MeetingAction:
    """The owner marks her action done, with a note on what was done."""
    note = _text(note, "note", NOTE_MAX)
    with transaction.atomic():
        action, grant = policy.access_meeting_action(
            actor, action_id, purpose=purpose, record=False
        )
        action = MeetingAction.objects.select_for_update().get(pk=action.pk)
        if action.done_at is not None:
            raise ValidationError(_("The action is marked done already."))
        action.done_at, action.done_by, action.done_note = timezone.now(), actor, note
        action.save(update_fields=["done_at", "done_by", "done_note"])
        youth_id = Meeting.objects.filter(pk=action.meeting_id).values_list(
            "team__case__youth_id", flat=True
        )[0]
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=action,
                youth_id=youth_id,
                fields=("done_at", "done_note"),
            ),
        )
    return action


def meeting_rule_set(*, actor, purpose: str, case_id, every_weeks, kind: str) -> MeetingRule:
    """The team's own rule: a meeting every N weeks."""
    weeks, kind = _weeks(every_weeks), _kind(kind)
    with transaction.atomic():
        case, grant, team = _writable_team(actor, case_id)
        rule, _created = MeetingRule.objects.update_or_create(
            team=team,
            defaults={
                "every_weeks": weeks,
                "kind": kind,
                "set_by": actor,
                "set_at": timezone.now(),
            },
        )
        _record(actor, grant, AuditAction.UPDATE, purpose, rule, case, ("every_weeks", "kind"))
    return rule


def unit_meeting_rule_set(*, actor, purpose: str, unit_id, every_weeks, kind: str) -> MeetingRule:
    """A unit's default rule for the teams of its cases: set by the unit's leader. It names no
    youth: the audit row is the configuration's."""
    weeks, kind = _weeks(every_weeks), _kind(kind)
    with transaction.atomic():
        try:
            unit = Unit.objects.filter(pk=int(unit_id)).first()
        except (TypeError, ValueError, OverflowError):
            unit = None
        if unit is None or not policy.leads_unit(actor, unit.pk):
            policy.deny(actor, Unit, unit_id, purpose=purpose)
        rule, _created = MeetingRule.objects.update_or_create(
            unit=unit,
            defaults={
                "every_weeks": weeks,
                "kind": kind,
                "set_by": actor,
                "set_at": timezone.now(),
            },
        )
        membership = next((m for m in policy.memberships(actor) if m.unit_id == unit.pk), None)
        audit.record(
            actor,
            audit.Entry(
                AuditAction.UPDATE,
                purpose,
                obj=rule,
                fields=("every_weeks", "kind"),
                membership=membership,
            ),
        )
    return rule
