"""Writes of the youth register: youth and their guardians. The actor is a user, or a
SystemActor for the system's own work (demo data, imports); either way the policy is asked
here, not trusted to the caller, and every write lands in the audit log."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.lib import field_crypto
from ungsam.org.models import Municipality
from ungsam.people import national_id
from ungsam.people.models import Guardian, Youth


def national_id_hash(value: str) -> str:
    """The keyed hash the register finds a national id by (exact match only)."""
    return field_crypto.search_hash(national_id.normalize(value), purpose=Youth.NATIONAL_ID_PURPOSE)


def checked_national_id(value: str, birth_date) -> national_id.ParsedId:
    """The number parsed, or a ValidationError on `national_id` in Norwegian. Synthetic test
    numbers pass only where UNGSAM_ALLOW_SYNTHETIC_IDS allows them (test and demo machines)."""
    try:
        parsed = national_id.validate(value, allow_synthetic=settings.ALLOW_SYNTHETIC_NATIONAL_IDS)
    except national_id.NationalIdError as exc:
        raise ValidationError({"national_id": exc.message}) from None
    if birth_date is not None and not national_id.matches_birth_date(parsed, birth_date):
        raise ValidationError({"national_id": _("The number does not match the date of birth.")})
    return parsed


def _store_national_id(youth: Youth, parsed: national_id.ParsedId) -> None:
    youth.national_id_token = field_crypto.encrypt(parsed.value, purpose=Youth.NATIONAL_ID_PURPOSE)
    youth.national_id_hash = national_id_hash(parsed.value)
    youth.national_id_masked = national_id.mask(parsed.value)
    taken = Youth.objects.filter(
        municipality_id=youth.municipality_id, national_id_hash=youth.national_id_hash
    ).exclude(pk=youth.pk)
    if taken.exists():
        raise ValidationError(
            {"national_id": _("A person with this national identity number is already registered.")}
        )


def youth_create(
    *,
    actor,
    purpose: str,
    municipality: Municipality,
    first_name: str,
    last_name: str,
    birth_date,
    national_id: str = "",
    gender: str = "unknown",
    address: str = "",
    phone: str = "",
    protected_address: bool = False,
    school: str = "",
    grade: str = "",
    language: str = "",
    interpreter_needed: bool = False,
    guardians=(),
    via_referral: bool = False,
) -> Youth:
    """A youth in the register, with her guardians (dicts of Guardian.FIELDS), in one go."""
    grant = policy.registration_grant(actor, municipality, via_referral=via_referral)
    if grant is None:
        raise PermissionDenied
    with transaction.atomic():
        youth = Youth(
            municipality=municipality,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            gender=gender,
            address=address,
            phone=phone,
            protected_address=protected_address,
            school=school,
            grade=grade,
            language=language,
            interpreter_needed=interpreter_needed,
        )
        if national_id:
            _store_national_id(youth, checked_national_id(national_id, birth_date))
        youth.full_clean()
        youth.save()
        for values in guardians:
            guardian = Guardian(youth=youth, **values)
            guardian.full_clean()
            guardian.save()
        fields = list(Youth.PERSONAL_DATA_FIELDS)
        if not guardians:
            fields.remove("guardians")
        if not youth.national_id_token:
            fields.remove("national_id_masked")
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=youth,
                youth_id=youth.pk,
                fields=fields,
                municipality_id=municipality.pk,
            ),
        )
    return youth


def youth_update(*, actor, purpose: str, youth_id, national_id: str = "", **changes) -> Youth:
    """Changes the register fields named in `changes` (only Youth.EDITABLE_FIELDS), and the
    national id when one is given. What rule 8 hides from the actor she cannot change either,
    and only someone who may see a protected address may lift the protection."""
    unknown = set(changes) - set(Youth.EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    youth, grant = policy.access_youth(actor, youth_id, purpose=purpose, write=True)
    visible = policy.visible_youth_fields(actor, youth)
    hidden = [f for f in changes if f in Youth.PROTECTED_ADDRESS_FIELDS and f not in visible]
    lifting = youth.protected_address and changes.get("protected_address") is False
    if hidden or (lifting and not policy.may_see_protected_address(actor, youth)):
        raise PermissionDenied(_("Only the roles that may see a protected address may change it."))
    with transaction.atomic():
        youth = Youth.objects.select_for_update().get(pk=youth.pk)
        changed = [name for name, value in changes.items() if getattr(youth, name) != value]
        for name in changed:
            setattr(youth, name, changes[name])
        if national_id:
            parsed = checked_national_id(national_id, youth.birth_date)
            if national_id_hash(parsed.value) != youth.national_id_hash:
                _store_national_id(youth, parsed)
                changed.append("national_id")
        elif "birth_date" in changed and youth.national_id_token:
            # A new birth date must still agree with the number on file.
            number = field_crypto.decrypt(
                youth.national_id_token, purpose=Youth.NATIONAL_ID_PURPOSE
            )
            checked_national_id(number, youth.birth_date)
        if not changed:
            return youth
        youth.full_clean()
        youth.save()
        audit.record(
            actor,
            grant.entry(AuditAction.UPDATE, purpose, obj=youth, youth_id=youth.pk, fields=changed),
        )
    return youth


def _guardian_youth(actor, purpose, youth_id) -> tuple[Youth, policy.Grant]:
    youth, grant = policy.access_youth(actor, youth_id, purpose=purpose, write=True)
    if "guardians" not in policy.visible_youth_fields(actor, youth):
        raise PermissionDenied(_("Only the roles that may see a protected address may change it."))
    return youth, grant


def guardian_add(*, actor, purpose: str, youth_id, **fields) -> Guardian:
    youth, grant = _guardian_youth(actor, purpose, youth_id)
    with transaction.atomic():
        guardian = Guardian(youth=youth, **fields)
        guardian.full_clean()
        guardian.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE, purpose, obj=guardian, youth_id=youth.pk, fields=list(fields)
            ),
        )
    return guardian


def _guardian_of(actor, purpose, guardian_id) -> tuple[Guardian, policy.Grant]:
    # The guardian is reached through her youth, so the youth's gatekeeper answers: a guardian
    # of a youth the actor may not change answers 404, like one that does not exist.
    youth_id = Guardian.objects.filter(pk=guardian_id).values_list("youth_id", flat=True).first()
    if youth_id is None:
        policy.deny(actor, Guardian, guardian_id)
    _, grant = _guardian_youth(actor, purpose, youth_id)
    return Guardian.objects.select_for_update().get(pk=guardian_id), grant


def guardian_update(*, actor, purpose: str, guardian_id, **fields) -> Guardian:
    with transaction.atomic():
        guardian, grant = _guardian_of(actor, purpose, guardian_id)
        changed = [name for name, value in fields.items() if getattr(guardian, name) != value]
        if not changed:
            return guardian
        for name in changed:
            setattr(guardian, name, fields[name])
        guardian.full_clean()
        guardian.save()
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=guardian,
                youth_id=guardian.youth_id,
                fields=changed,
            ),
        )
    return guardian


def guardian_remove(*, actor, purpose: str, guardian_id) -> None:
    with transaction.atomic():
        guardian, grant = _guardian_of(actor, purpose, guardian_id)
        youth_id = guardian.youth_id
        audit.record(
            actor,
            grant.entry(
                AuditAction.DELETE, purpose, obj=guardian, youth_id=youth_id, fields=Guardian.FIELDS
            ),
        )
        guardian.delete()


def youth_register(*, actor, purpose: str, unit, **youth_fields) -> Youth:
    """A new youth in the register and her case in the unit, the actor its first contact
    person: without the case she could not see the record she has just made (rule 1)."""
    from ungsam.cases.models import CaseStage
    from ungsam.cases.services import case_open

    with transaction.atomic():
        youth = youth_create(
            actor=actor, purpose=purpose, municipality=unit.municipality, **youth_fields
        )
        # She meets the youth now: the case starts with getting to know her (assessment).
        case_open(
            actor=actor,
            purpose=purpose,
            youth=youth,
            unit=unit,
            contact_persons=[actor],
            stage=CaseStage.ASSESSMENT,
        )
    return youth


def case_open_for_registered(*, actor, purpose: str, unit, national_id: str, birth_date) -> Youth:
    """A case in the unit, the actor its contact person, for the person the register already
    holds under this national id: one record per person, never a copy. Knowing the number and
    the date of birth is what lets her ask; the case's "created" row records that she did."""
    from ungsam.cases.models import CaseStage
    from ungsam.cases.services import case_open

    parsed = checked_national_id(national_id, birth_date)
    youth = Youth.objects.filter(
        municipality_id=unit.municipality_id, national_id_hash=national_id_hash(parsed.value)
    ).first()
    if youth is None:
        raise ValidationError({"national_id": _("Nobody is registered with this number.")})
    if youth.cases.filter(unit=unit, status="open").exists():
        raise ValidationError(_("The youth already has an open case in %(unit)s.") % {"unit": unit})
    case_open(
        actor=actor,
        purpose=purpose,
        youth=youth,
        unit=unit,
        contact_persons=[actor],
        stage=CaseStage.ASSESSMENT,
    )
    return youth
