"""Writes of the common service pathway (felles tjenesteløp): the municipality's templates and
their steps (admins of the municipality, rule 4; configuration, recorded as administration),
and a case's moves along the pathway (its contact persons and the unit's leader, through the
case's gatekeeper; recorded as a change of the case).

Each service asks the policy itself, runs in a transaction and writes the audit log. A step is
retired, never deleted; a case's time on a step is ended by its next move, never rewritten."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import CaseStatus
from ungsam.collab.models import BtiLevel, PathwayStay, PathwayStep, ServicePathway
from ungsam.lib.forms import EARLIEST_DATE
from ungsam.org.models import ServiceCode

NAME_MAX = 120
TEXT_MAX = 2000
DAYS_MAX = 3650  # ten years: longer is a typing error, not a step


def _refuse_unless_configures(actor, municipality) -> None:
    if isinstance(actor, audit.SystemActor):
        return
    if not policy.may_configure_in(actor, municipality):
        raise PermissionDenied(_("Only an administrator of the municipality may do this."))


def _record_config(actor, action, obj, municipality_id, fields) -> None:
    audit.record(
        actor,
        audit.Entry(
            action,
            Purpose.ADMINISTRATION,
            obj=obj,
            fields=tuple(fields),
            municipality_id=municipality_id,
        ),
    )


def _text(value, field, *, required=False, limit=TEXT_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give a name.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": limit}})
    return value


def _pathway_values(name, description) -> dict:
    return {
        "name": _text(name, "name", required=True, limit=NAME_MAX),
        "description": _text(description, "description"),
    }


def pathway_create(*, actor, municipality, name: str, description: str = "") -> ServicePathway:
    """A new pathway template. It is active when the municipality has none active yet; else it
    waits, inactive, while its steps are made (activating it then retires the old one)."""
    values = _pathway_values(name, description)
    _refuse_unless_configures(actor, municipality)
    with transaction.atomic():
        has_active = ServicePathway.objects.filter(municipality=municipality, active=True)
        pathway = ServicePathway.objects.create(
            municipality=municipality, active=not has_active.exists(), **values
        )
        _record_config(
            actor,
            AuditAction.CREATE,
            pathway,
            municipality.pk,
            ("name", "description", "active"),
        )
    return pathway


def pathway_update(
    *, actor, pathway: ServicePathway, name: str, description: str = "", active: bool
) -> ServicePathway:
    """Renames, describes, activates or retires a template. Activating it retires the one
    active before (one active pathway per municipality); the cases on the old one keep their
    place and history until they are moved onto the new one."""
    values = {**_pathway_values(name, description), "active": bool(active)}
    _refuse_unless_configures(actor, pathway.municipality)
    with transaction.atomic():
        pathway = ServicePathway.objects.select_for_update().get(pk=pathway.pk)
        changed = [n for n, v in values.items() if getattr(pathway, n) != v]
        if not changed:
            return pathway
        if values["active"] and not pathway.active:
            others = ServicePathway.objects.select_for_update().filter(
                municipality_id=pathway.municipality_id, active=True
            )
            for other in others:
                other.active = False
                other.save(update_fields=["active"])
                _record_config(actor, AuditAction.UPDATE, other, other.municipality_id, ("active",))
        for n in changed:
            setattr(pathway, n, values[n])
        pathway.save(update_fields=changed)
        _record_config(actor, AuditAction.UPDATE, pathway, pathway.municipality_id, changed)
    return pathway


def _step_values(name, description, service, expected_days, bti_level, position) -> dict:
    """The step's values, checked; errors keyed by the form's field names."""
    errors = {}
    values = {}
    try:
        values["name"] = _text(name, "name", required=True, limit=NAME_MAX)
        values["description"] = _text(description, "description")
    except ValidationError as error:
        errors.update(error.message_dict)
    if (service or "") not in ServiceCode.values:
        errors["responsible_service"] = [_("Choose a service from the list.")]
    else:
        values["service"] = service
    try:
        days = int(expected_days)
    except (TypeError, ValueError, OverflowError):
        days = 0
    if not 1 <= days <= DAYS_MAX:
        errors["expected_days"] = [_("Give a number of days from 1 to %(n)s.") % {"n": DAYS_MAX}]
    values["expected_days"] = days
    try:
        level = int(bti_level)
    except (TypeError, ValueError, OverflowError):
        level = None
    if level not in BtiLevel.values:
        errors["bti_level"] = [_("Choose a BTI level from 0 to 3.")]
    values["bti_level"] = level
    try:
        place = int(position)
    except (TypeError, ValueError, OverflowError):
        place = 0
    if not 1 <= place <= 99:
        errors["position"] = [_("Give a position from 1 to 99.")]
    values["position"] = place
    if errors:
        raise ValidationError(errors)
    return values


def step_create(
    *,
    actor,
    pathway: ServicePathway,
    name: str,
    description: str = "",
    responsible_service: str,
    expected_days,
    bti_level,
    position,
) -> PathwayStep:
    """A new step on a template, at `position` (steps sort by it)."""
    values = _step_values(
        name, description, responsible_service, expected_days, bti_level, position
    )
    _refuse_unless_configures(actor, pathway.municipality)
    with transaction.atomic():
        step = PathwayStep.objects.create(pathway=pathway, **values)
        _record_config(actor, AuditAction.CREATE, step, pathway.municipality_id, tuple(values))
    return step


def step_update(
    *,
    actor,
    step: PathwayStep,
    name: str,
    description: str = "",
    responsible_service: str,
    expected_days,
    bti_level,
    position,
    active: bool,
) -> PathwayStep:
    """Changes a step, or retires it (inactive): offered for no new move, while the cases on it
    stay there and every case's history keeps it."""
    values = _step_values(
        name, description, responsible_service, expected_days, bti_level, position
    )
    values["active"] = bool(active)
    municipality = step.pathway.municipality
    _refuse_unless_configures(actor, municipality)
    with transaction.atomic():
        step = PathwayStep.objects.select_for_update().get(pk=step.pk)
        changed = [n for n, v in values.items() if getattr(step, n) != v]
        if changed:
            for n in changed:
                setattr(step, n, values[n])
            step.save(update_fields=changed)
            _record_config(actor, AuditAction.UPDATE, step, municipality.pk, changed)
    return step


def _as_id(value):
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def pathway_move(
    *, actor, purpose: str, case_id, step_id, note: str = "", since: date | None = None
) -> PathwayStay:
    """Places the case on a step of its municipality's active pathway, or moves it forward or
    back: the time on the step it was on ends, a new one starts `since` (today unless told; not
    ahead of today, not before the step it leaves began). A move says why (`note`); the first
    placement may. Her contact person or the unit's leader, on an open case."""
    note = _text(note, "note")
    today = timezone.localdate()
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed."))
        step_pk = _as_id(step_id)
        step = (
            PathwayStep.objects.filter(
                pk=step_pk,
                active=True,
                pathway__active=True,
                pathway__municipality_id=case.unit.municipality_id,
            ).first()
            if step_pk is not None
            else None
        )
        if step is None:
            raise ValidationError({"step": _("Choose a step from the list.")})
        current = (
            PathwayStay.objects.select_for_update()
            .filter(case=case, ended_at__isnull=True)
            .select_related("step")
            .first()
        )
        since = since or today
        errors = {}
        if current is not None and current.step_id == step.pk:
            errors["step"] = [_("The case is on this step already.")]
        if current is not None and not note:
            errors["note"] = [_("Say why the case moves.")]
        if since > today:
            errors["since"] = [_("The date cannot be after today.")]
        elif since < EARLIEST_DATE:
            errors["since"] = [_("The date is too early.")]
        elif current is not None and since < current.since:
            errors["since"] = [
                _("The date cannot be before the case came to the step it is on (%(day)s).")
                % {"day": current.since.strftime("%d.%m.%Y")}
            ]
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        try:
            with transaction.atomic():
                if current is not None:
                    current.ended_at = now
                    current.save(update_fields=["ended_at"])
                stay = PathwayStay.objects.create(
                    case=case, step=step, since=since, note=note, moved_by=actor, moved_at=now
                )
        except IntegrityError as error:  # moved at the same moment by someone else
            raise ValidationError(
                _("Someone else moved the case just now. Look at the page again.")
            ) from error
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=stay,
                youth_id=case.youth_id,
                fields=("pathway_step", "since", "note"),
            ),
        )
    return stay
