"""Writes of code names: a youth met repeatedly, followed under a code name with nothing that
identifies (an age group, a gender, an area) until she agrees to be registered; retiring one;
and registering her as a named youth: the youth in the register (new, or the record the
register already holds under her number), a case in the outreach unit, and every earlier
conversation of the code name moved to that case, all in one transaction.

The code itself must not identify: an 11-digit number is refused (the inquiries' check), and a
code equal to a first or last name in the register is refused unless the worker confirms it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import CaseStage, CaseStatus
from ungsam.cases.services import case_open
from ungsam.collab.inquiry_services import holds_national_id
from ungsam.lib.forms import has_bidi_controls, has_control_characters
from ungsam.outreach.conversation_services import (
    CONVERSATION_FIELDS,
    checked_area,
    fieldwork_unit,
)
from ungsam.outreach.models import AgeGroup, CodeName, Gender
from ungsam.people.models import Youth
from ungsam.people.services import checked_national_id, national_id_hash, youth_create

CODE_MAX = 40


def register_name_equals(*, actor, membership, code: str) -> bool:
    """Whether the code is the first or the last name of a youth in the register of the
    unit's municipality. A hit is recorded as a search naming nobody."""
    found = Youth.objects.filter(
        Q(first_name__iexact=code) | Q(last_name__iexact=code),
        municipality_id=membership.municipality_id,
    ).exists()
    if found:
        audit.record(
            actor,
            audit.Entry(
                AuditAction.SEARCH,
                Purpose.CASEWORK,
                fields=("register_name_check",),
                membership=membership,
            ),
        )
    return found


def code_name_create(
    *, actor, unit_id, code: str, age_group: str, gender: str, area_id=None, keep_code=False
) -> CodeName:
    unit, membership = fieldwork_unit(actor, unit_id)
    code = " ".join((code or "").split())
    errors = {}
    if not code:
        errors["code"] = _("Write a code name.")
    elif len(code) > CODE_MAX:
        errors["code"] = _("The code name can have at most %(n)s characters.") % {"n": CODE_MAX}
    elif has_control_characters(code) or has_bidi_controls(code):
        errors["code"] = _("The text contains characters that are not allowed.")
    elif holds_national_id(code) or sum(ch.isdigit() for ch in code) >= 11:
        errors["code"] = _(
            "A code name must not identify anyone: it must not hold a national identity "
            "number (11 digits)."
        )
    if age_group not in AgeGroup.values:
        errors["age_group"] = _("Choose an age group from the list.")
    if gender not in Gender.values:
        errors["gender"] = _("Choose a gender from the list.")
    if errors:
        raise ValidationError(errors)
    if CodeName.objects.filter(unit=unit, code__iexact=code).exists():
        raise ValidationError({"code": _("The unit already has this code name.")})
    if not keep_code and register_name_equals(actor=actor, membership=membership, code=code):
        raise ValidationError(
            {
                "code": _(
                    "Warning: a youth in the register has this first or last name. A code name "
                    "must not identify anyone: choose another, or confirm below that it does "
                    "not point to her."
                )
            }
        )
    area = checked_area(unit, area_id)
    code_name = CodeName(
        unit=unit, code=code, age_group=age_group, gender=gender, area=area, created_by=actor
    )
    code_name.full_clean()
    code_name.save()
    return code_name


def _code_name_for_change(actor, code_name_id) -> CodeName:
    code_name = (
        policy.code_names_visible_to(actor)
        .filter(pk=code_name_id, active=True, case__isnull=True)
        .select_related("unit")
        .first()
        if str(code_name_id).isdigit()
        else None
    )
    if code_name is None:
        raise PermissionDenied(_("The code name is not an active code name of your unit."))
    fieldwork_unit(actor, code_name.unit_id)
    return code_name


def code_name_retire(*, actor, code_name_id) -> CodeName:
    code_name = _code_name_for_change(actor, code_name_id)
    code_name.active = False
    code_name.save(update_fields=["active"])
    return code_name


def code_name_register(
    *,
    actor,
    code_name_id,
    consent: bool,
    consent_date,
    youth: dict,
    contact_person=None,
):
    """The youth behind the code name agreed: she is registered (or found in the register
    under her national id), a case is opened in the outreach unit with `contact_person` (the
    actor unless named) as contact person, the code name is tied to the case and every
    conversation of the code name moves to it (recorded on the audit log). All or nothing."""
    code_name = _code_name_for_change(actor, code_name_id)
    unit = code_name.unit
    if not consent:
        raise ValidationError({"consent": _("Confirm that the youth has agreed.")})
    first_day, today = timezone.localdate(code_name.created_at), timezone.localdate()
    if consent_date is None or not first_day <= consent_date <= today:
        raise ValidationError(
            {
                "consent_date": _(
                    "The date of consent must be between the day the code name was made and today."
                )
            }
        )
    contact = contact_person or actor
    if not policy.may_register_code_names(actor, unit.pk):
        raise PermissionDenied(_("Only the unit's workers and leader may register the youth."))
    youth = dict(youth)
    number = youth.get("national_id", "")
    with transaction.atomic():
        locked = CodeName.objects.select_for_update().get(pk=code_name.pk)
        if locked.case_id or not locked.active:
            raise ValidationError(_("The code name is already registered or retired."))
        person = None
        if number:
            parsed = checked_national_id(number, youth.get("birth_date"))
            person = Youth.objects.filter(
                municipality_id=unit.municipality_id,
                national_id_hash=national_id_hash(parsed.value),
            ).first()
        if person is None:
            person = youth_create(
                actor=actor, purpose=Purpose.CASEWORK, municipality=unit.municipality, **youth
            )
        elif person.cases.filter(unit=unit, status=CaseStatus.OPEN).exists():
            raise ValidationError(
                _("The youth already has an open case in %(unit)s.") % {"unit": unit}
            )
        case = case_open(
            actor=actor,
            purpose=Purpose.CASEWORK,
            youth=person,
            unit=unit,
            contact_persons=[contact],
            stage=CaseStage.ASSESSMENT,
        )
        locked.case = case
        locked.registered_at = timezone.now()
        locked.consented_on = consent_date
        locked.full_clean()
        locked.save(update_fields=["case", "registered_at", "consented_on"])
        moved = locked.conversations.update(case=case)
        if moved:
            grant = policy.case_opening_grant(actor, unit, person, [contact])
            audit.record(
                actor,
                grant.entry(
                    AuditAction.UPDATE,
                    Purpose.CASEWORK,
                    obj=case,
                    youth_id=person.pk,
                    fields=CONVERSATION_FIELDS,
                ),
            )
    return case
