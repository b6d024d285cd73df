"""Writes of the fieldwork groups: a group (name, kind), retiring it, and a session with its
named attendees and an anonymous head count.

Each asks the policy again (a caller is not trusted): the group must be of an outreach unit
the actor works in or leads, and each named attendee a case of that unit she may see. The
attendance goes through the case, so writing it is recorded in the audit log naming each
youth, with the ground she saw them on."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import Case, CaseStatus
from ungsam.lib.forms import EARLIEST_DATE, has_bidi_controls, has_control_characters
from ungsam.org.models import Unit
from ungsam.outreach.common import active_fieldwork_membership
from ungsam.outreach.models import Group, GroupAttendance, GroupKind, GroupSession

GROUP_FIELDS = ("name", "kind")
ATTENDANCE_FIELDS = ("date", "anonymous_count", "group_attendance")
ANONYMOUS_MAX = 1000


def _membership(actor, unit_id):
    membership = active_fieldwork_membership(actor, unit_id)
    if membership is None:
        policy.deny(actor, Unit, unit_id)
    return membership


def _group(actor, group_id) -> Group:
    group = policy.get_or_404(actor, policy.groups_visible_to(actor), group_id)
    return group


def _check(unit_id, name, kind, *, group_id=None) -> str:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the group a name.")
    elif len(name) > 120:
        errors["name"] = _("At most %(n)s characters.") % {"n": 120}
    elif has_control_characters(name) or has_bidi_controls(name):
        errors["name"] = _("The text contains characters that are not allowed.")
    elif Group.objects.filter(unit_id=unit_id, name__iexact=name).exclude(pk=group_id).exists():
        errors["name"] = _("The unit already has a group of that name.")
    if kind not in GroupKind.values:
        errors["kind"] = _("Choose a kind from the list.")
    if errors:
        raise ValidationError(errors)
    return name


def _record(actor, action, group, membership, fields):
    audit.record(
        actor,
        audit.Entry(
            action, Purpose.ADMINISTRATION, obj=group, fields=fields, membership=membership
        ),
    )


def group_create(*, actor, unit_id, name, kind) -> Group:
    """A new group of an outreach unit she works in or leads (else 404)."""
    membership = _membership(actor, unit_id)
    name = _check(membership.unit_id, name, kind)
    with transaction.atomic():
        group = Group.objects.create(unit_id=membership.unit_id, name=name, kind=kind)
        _record(actor, AuditAction.CREATE, group, membership, GROUP_FIELDS)
    return group


def group_update(*, actor, group_id, name, kind) -> Group:
    group = _group(actor, group_id)
    membership = _membership(actor, group.unit_id)
    name = _check(group.unit_id, name, kind, group_id=group.pk)
    with transaction.atomic():
        group.name, group.kind = name, kind
        group.save(update_fields=["name", "kind"])
        _record(actor, AuditAction.UPDATE, group, membership, GROUP_FIELDS)
    return group


def group_set_active(*, actor, group_id, active: bool) -> Group:
    """Retires a group (it keeps its sessions and still counts in past periods), or takes it
    up again."""
    group = _group(actor, group_id)
    membership = _membership(actor, group.unit_id)
    with transaction.atomic():
        group.active = bool(active)
        group.save(update_fields=["active"])
        _record(actor, AuditAction.UPDATE, group, membership, ("active",))
    return group


def session_record(
    *, actor, group_id, date: datetime.date, case_ids=(), anonymous_count: int = 0
) -> GroupSession:
    """A session of an active group: the date, the named attendees (cases of the group's unit
    she may see; any other is refused as if it did not exist) and the anonymous head count."""
    group = _group(actor, group_id)
    membership = _membership(actor, group.unit_id)
    errors = {}
    if not group.active:
        errors["date"] = _("The group is retired: take it up again to record a session.")
    if not isinstance(date, datetime.date):
        errors["date"] = _("Give the date.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif date < EARLIEST_DATE:
        errors["date"] = _("The date is too far back.")
    try:
        anonymous_count = int(anonymous_count or 0)
    except (TypeError, ValueError):
        anonymous_count = -1
    if not 0 <= anonymous_count <= ANONYMOUS_MAX:
        errors["anonymous_count"] = _("Give a number from 0 to %(n)s.") % {"n": ANONYMOUS_MAX}
    try:
        wanted = {int(c) for c in case_ids}
    except (TypeError, ValueError):
        wanted = None
    if wanted is None:
        errors["attendees"] = _("Choose the attendees from the list.")
        wanted = set()
    cases = list(
        policy.cases_visible_to(actor)
        .filter(pk__in=wanted, unit_id=group.unit_id, status=CaseStatus.OPEN)
        .select_related("youth")
    )
    if len(cases) != len(wanted):
        missing = sorted(wanted - {c.pk for c in cases})
        policy.deny(actor, Case, missing[0])
    if not cases and anonymous_count == 0 and "anonymous_count" not in errors:
        errors["attendees"] = _("Choose at least one attendee or give the anonymous head count.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = GroupSession.objects.create(
            group=group, date=date, anonymous_count=anonymous_count, recorded_by=actor
        )
        GroupAttendance.objects.bulk_create(
            [GroupAttendance(session=session, case_id=c.pk) for c in cases]
        )
        youths = sorted({c.youth_id: c.youth for c in cases}.values(), key=lambda y: y.pk)
        subjects = policy.subjects_of(actor, youths)
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE,
                Purpose.CASEWORK,
                obj=session,
                subjects=subjects,
                fields=ATTENDANCE_FIELDS if subjects else ATTENDANCE_FIELDS[:2],
                membership=membership,
            ),
        )
    return session
