"""Writes of the follow-up conversations (oppfølgingssamtaler): recording one with a
registered youth (through one of the unit's cases she may write in), under a code name, or
anonymous. An anonymous conversation never links to a person: the service refuses a case or a
code name on it, and the database backs it. A conversation holds no free text: what is said
about a named youth goes in the case's journal.

Every service asks the policy itself (a caller is not trusted) and records a named
conversation on the audit log, naming the youth."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import CaseStatus
from ungsam.lib.forms import EARLIEST_DATE
from ungsam.org.models import Area, Unit
from ungsam.outreach.common import active_fieldwork_membership
from ungsam.outreach.conversation_selectors import ANONYMOUS, CODE_NAME, NAMED
from ungsam.outreach.models import Conversation, ConversationChannel, ConversationTopic, Topic

CONVERSATION_FIELDS = ("conversations",)


def fieldwork_unit(actor, unit_id) -> tuple[Unit, object]:
    """The outreach unit she works in and her role there; anyone else is refused."""
    membership = active_fieldwork_membership(actor, unit_id)
    if membership is None:
        raise PermissionDenied(_("You do not work in this outreach unit."))
    return membership.unit, membership


def checked_area(unit, area_id):
    if not area_id:
        return None
    area = Area.objects.filter(pk=area_id, municipality_id=unit.municipality_id).first()
    if area is None:
        raise ValidationError({"area": _("Choose an area of the municipality.")})
    return area


def conversation_record(
    *,
    actor,
    unit_id,
    on_date: date,
    channel: str,
    topics,
    kind: str,
    case_id=None,
    code_name_id=None,
    area_id=None,
) -> Conversation:
    """One conversation of the unit, held by the actor. `kind` is named (through `case_id`, a
    case of the unit she may write in), code name (`code_name_id`, an active code name of the
    unit not yet registered) or anonymous (neither)."""
    unit, _membership = fieldwork_unit(actor, unit_id)
    errors = {}
    if not isinstance(on_date, date) or not EARLIEST_DATE <= on_date <= timezone.localdate():
        errors["on_date"] = _("Choose a date that is not in the future.")
    if channel not in ConversationChannel.values:
        errors["channel"] = _("Choose a channel from the list.")
    topics = list(dict.fromkeys(topics or ()))
    if not topics:
        errors["topics"] = _("Choose at least one topic.")
    elif any(t not in Topic.values for t in topics):
        errors["topics"] = _("Choose topics from the list.")
    if kind not in (NAMED, CODE_NAME, ANONYMOUS):
        errors["kind"] = _("Choose who the conversation was with.")
    elif kind == ANONYMOUS and (case_id or code_name_id):
        errors["kind"] = _("An anonymous conversation is never linked to a person.")
    elif kind == NAMED and not case_id:
        errors["case"] = _("Choose the youth.")
    elif kind == CODE_NAME and not code_name_id:
        errors["code_name"] = _("Choose the code name.")
    if errors:
        raise ValidationError(errors)
    area = checked_area(unit, area_id)
    case = grant = code_name = None
    if kind == NAMED:
        case, grant = policy.access_case(actor, case_id, write=True)
        if case.unit_id != unit.pk or case.status != CaseStatus.OPEN:
            raise ValidationError({"case": _("Choose a youth with an open case in the unit.")})
    elif kind == CODE_NAME:
        code_name = (
            policy.code_names_visible_to(actor)
            .filter(unit=unit, active=True, case__isnull=True, pk=code_name_id)
            .first()
        )
        if code_name is None:
            raise ValidationError(
                {"code_name": _("Choose an active code name of the unit that is not registered.")}
            )
    with transaction.atomic():
        conversation = Conversation(
            unit=unit,
            date=on_date,
            channel=channel,
            anonymous=kind == ANONYMOUS,
            case=case,
            code_name=code_name,
            area=area,
            held_by=actor,
        )
        conversation.full_clean()
        conversation.save()
        ConversationTopic.objects.bulk_create(
            ConversationTopic(conversation=conversation, topic=t) for t in topics
        )
        if case is not None:
            audit.record(
                actor,
                grant.entry(
                    AuditAction.CREATE,
                    Purpose.CASEWORK,
                    obj=conversation,
                    youth_id=case.youth_id,
                    fields=CONVERSATION_FIELDS,
                ),
            )
    return conversation
