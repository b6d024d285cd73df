"""Writes of inquiries without consent (henvendelser) and anonymous guidance.

An inquiry records only the unit, the service, the direction, the date, a topic from a short
list and who recorded it; the model has no field for a youth, so nothing posted can link one.
The one free text, a short optional note, is checked here (not only in the form): a national
identity number is refused, and a first and last name of a youth in the register must be
written out of it before it is saved. An anonymous guidance from an SLT or BTI case discussion
is saved only when the anonymity estimate is met, and keeps only the age group and the gender,
never the school or a diagnosis."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.collab import inquiry_selectors
from ungsam.collab.models import (
    AgeGroup,
    DiscussionMeeting,
    Inquiry,
    InquiryDirection,
    InquiryKind,
    InquiryTopic,
)
from ungsam.lib.forms import EARLIEST_DATE, has_bidi_controls, has_control_characters
from ungsam.org.models import ServiceCode, Unit
from ungsam.people.models import Gender

NOTE_MAX = 200
# Eleven digits with at most two separators between any two of them (spaces, dots, dashes):
# a national identity number however it is written, and any longer number that holds one.
NATIONAL_ID_PATTERN = re.compile(r"\d(?:[\W_]{0,2}\d){10}")
NATIONAL_ID_MESSAGE = gettext_lazy(
    "The note seems to hold a national identity number (11 digits). An inquiry without consent "
    "must not name anyone: remove the number."
)
INQUIRY_FIELDS = ("kind", "service", "direction", "on_date", "topic", "note")
GUIDANCE_FIELDS = ("kind", "service", "direction", "on_date", "topic", "meeting", "age_group")


def holds_national_id(text: str) -> bool:
    return bool(NATIONAL_ID_PATTERN.search(text or ""))


def _membership(actor, unit_id, purpose):
    try:
        unit_id = int(unit_id)
    except (TypeError, ValueError):
        policy.deny(actor, Unit, unit_id, purpose=purpose)
    membership = policy.inquiry_membership(actor, unit_id)
    if membership is None or not membership.unit.active:
        policy.deny(actor, Unit, unit_id, purpose=purpose)
    return membership


def _choice(errors, name, value, choices, message):
    if value not in choices:
        errors[name] = message
    return value


def _check_common(errors, *, service, direction, on_date, topic):
    _choice(errors, "service", service, ServiceCode.values, _("Choose a service from the list."))
    _choice(errors, "direction", direction, InquiryDirection.values, _("Choose to us or from us."))
    _choice(errors, "topic", topic, InquiryTopic.values, _("Choose a topic from the list."))
    if not isinstance(on_date, date):
        errors["on_date"] = _("Give the date.")
    elif on_date > timezone.localdate():
        errors["on_date"] = _("The date cannot be in the future.")
    elif on_date < EARLIEST_DATE:
        errors["on_date"] = _("The date is too far back.")


def _check_note(actor, unit_id, note: str) -> str:
    note = (note or "").strip()
    if not note:
        return ""
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("At most %(n)s characters.") % {"n": NOTE_MAX}})
    if has_control_characters(note) or has_bidi_controls(note):
        raise ValidationError({"note": _("The text contains characters that are not allowed.")})
    if holds_national_id(note):
        raise ValidationError({"note": NATIONAL_ID_MESSAGE})
    if inquiry_selectors.register_name_in(actor=actor, text=note, unit_id=unit_id):
        raise ValidationError(
            {
                "note": _(
                    "Warning: the note holds the name of a youth in the register. An inquiry "
                    "without consent must not name anyone: write it without the name."
                )
            }
        )
    return note


def _save(actor, membership, purpose, fields, **values) -> Inquiry:
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            unit_id=membership.unit_id,
            recorded_by=actor,
            recorded_at=timezone.now(),
            **values,
        )
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE, purpose, obj=inquiry, fields=fields, membership=membership
            ),
        )
    return inquiry


def inquiry_record(
    *,
    actor,
    purpose: str = Purpose.COLLABORATION,
    unit_id,
    kind: str = InquiryKind.INQUIRY,
    service: str,
    direction: str,
    on_date,
    topic: str,
    note: str = "",
) -> Inquiry:
    """Records an inquiry without consent, or an anonymous guidance told without any
    attributes, for a unit the actor works in or leads (else 404)."""
    membership = _membership(actor, unit_id, purpose)
    errors = {}
    _choice(errors, "kind", kind, InquiryKind.values, _("Choose a kind from the list."))
    _check_common(errors, service=service, direction=direction, on_date=on_date, topic=topic)
    if errors:
        raise ValidationError(errors)
    note = _check_note(actor, membership.unit_id, note)
    return _save(
        actor,
        membership,
        purpose,
        INQUIRY_FIELDS,
        kind=kind,
        service=service,
        direction=direction,
        on_date=on_date,
        topic=topic,
        note=note,
    )


def anonymous_guidance_record(
    *,
    actor,
    purpose: str = Purpose.COLLABORATION,
    unit_id,
    service: str,
    direction: str,
    on_date,
    topic: str,
    meeting: str,
    age: int | None = None,
    age_group: str = "",
    gender: str = "",
    school: str = "",
    diagnosis: bool = False,
) -> Inquiry:
    """Records an anonymous case discussion (SLT, BTI) as anonymous guidance, only when what
    the worker kept passes the anonymity estimate (asked again here: the page's answer is not
    trusted). Keeps the age group (the age coarsened to it) and the gender; the school and the
    diagnosis were needed only for the estimate and are not stored."""
    membership = _membership(actor, unit_id, purpose)
    errors = {}
    _check_common(errors, service=service, direction=direction, on_date=on_date, topic=topic)
    _choice(errors, "meeting", meeting, DiscussionMeeting.values, _("Choose the meeting."))
    if age_group:
        _choice(errors, "age_group", age_group, AgeGroup.values, _("Choose an age group."))
    if gender:
        _choice(errors, "gender", gender, Gender.values, _("Choose a gender from the list."))
    if age is not None and not 10 <= age <= 30:
        errors["age"] = _("Give an age between 10 and 30.")
    if errors:
        raise ValidationError(errors)
    estimate = inquiry_selectors.anonymity_estimate(
        actor=actor,
        unit_id=membership.unit_id,
        age=age,
        age_group=age_group,
        gender=gender,
        school=school,
        diagnosis=diagnosis,
    )
    if not estimate.anonymous:
        raise ValidationError(
            _(
                "The case could still be recognised. Leave out what the warning names before "
                "you record the discussion."
            )
        )
    if age is not None:
        age_group = inquiry_selectors.age_group_of(age)
    return _save(
        actor,
        membership,
        purpose,
        GUIDANCE_FIELDS + (("gender",) if gender else ()),
        kind=InquiryKind.ANONYMOUS_GUIDANCE,
        service=service,
        direction=direction,
        on_date=on_date,
        topic=topic,
        meeting=meeting,
        age_group=age_group,
        gender=gender if gender != Gender.UNKNOWN else "",
    )
