"""Writes of field observations: the area, the date, the shift it came from (optional), one or
more tags from the code list, and a short text.

The text is checked here, not only in the form: a national identity number is refused, and a
first and last name of a youth in the register must be written out of it (the checks of
inquiries without consent): an observation tells what the team saw, never who."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.collab import inquiry_selectors
from ungsam.collab.inquiry_services import holds_national_id
from ungsam.lib.forms import EARLIEST_DATE, has_bidi_controls, has_control_characters
from ungsam.org.models import Area, Unit
from ungsam.outreach.common import active_fieldwork_membership
from ungsam.outreach.models import Observation, ObservationTag, ObservationTagging

TEXT_MAX = 1000
OBSERVATION_FIELDS = ("area", "date", "shift", "tags", "text")
NATIONAL_ID_MESSAGE = gettext_lazy(
    "The text seems to hold a national identity number (11 digits). An observation must not "
    "name anyone: remove the number."
)
NAME_MESSAGE = gettext_lazy(
    "Warning: the text holds the name of a youth in the register. An observation tells what "
    "the team saw, never who: write it without the name."
)


def check_text(actor, unit_id, text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what the team observed.")})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("At most %(n)s characters.") % {"n": TEXT_MAX}})
    if has_control_characters(text) or has_bidi_controls(text):
        raise ValidationError({"text": _("The text contains characters that are not allowed.")})
    if holds_national_id(text):
        raise ValidationError({"text": NATIONAL_ID_MESSAGE})
    if inquiry_selectors.register_name_in(actor=actor, text=text, unit_id=unit_id):
        raise ValidationError({"text": NAME_MESSAGE})
    return text


def observation_record(*, actor, unit_id, area_id, date, tags, text, shift_id=None) -> Observation:
    """Records an observation for an outreach unit she works in or leads (else 404)."""
    membership = active_fieldwork_membership(actor, unit_id)
    if membership is None:
        policy.deny(actor, Unit, unit_id)
    unit = membership.unit
    errors = {}
    area = Area.objects.filter(
        pk=area_id if str(area_id or "").isdigit() else None,
        municipality_id=unit.municipality_id,
        active=True,
    ).first()
    if area is None:
        errors["area"] = _("Choose an area from the list.")
    shift = None
    if shift_id not in (None, ""):
        shift = (
            policy.shifts_visible_to(actor)
            .filter(pk=shift_id if str(shift_id).isdigit() else None, unit_id=unit.pk)
            .first()
        )
        if shift is None:
            errors["shift"] = _("Choose a shift from the list.")
    if not isinstance(date, datetime.date):
        errors["date"] = _("Give the date.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif date < EARLIEST_DATE:
        errors["date"] = _("The date is too far back.")
    tags = sorted(set(tags or ()))
    if not tags:
        errors["tags"] = _("Choose at least one tag.")
    elif any(t not in ObservationTag.values for t in tags):
        errors["tags"] = _("Choose the tags from the list.")
    if errors:
        raise ValidationError(errors)
    text = check_text(actor, unit.pk, text)
    with transaction.atomic():
        observation = Observation.objects.create(
            unit=unit, area=area, shift=shift, date=date, text=text, recorded_by=actor
        )
        ObservationTagging.objects.bulk_create(
            [ObservationTagging(observation=observation, tag=t) for t in tags]
        )
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE,
                Purpose.ADMINISTRATION,
                obj=observation,
                fields=OBSERVATION_FIELDS,
                membership=membership,
            ),
        )
    return observation
