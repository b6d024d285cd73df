"""Registering a youth with the follow-up service (OT) and routing her to the OT unit serving
her home municipality (seed 002: "the OT of the municipality where the youth lives must be
told as soon as a student quits"), also when the school is in another municipality or county.

The registration is a case of the serving unit, kept in that unit's municipality's register:
the youth is found there by her national id, or added. A second report about a youth the unit
already has on its register joins that registration (the unit is told again; no copy). The
sender reads nothing back: the answer is the same whether the unit knew her or not."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import Case, CaseStage, CaseStatus, StageChange
from ungsam.org.models import Municipality, PartnerOrganization, Unit
from ungsam.ot.models import (
    OTCoverage,
    OTRegistration,
    OTStatusChange,
    RegistrationSource,
    RoutingNotice,
    RoutingReason,
)
from ungsam.ot.status_codes import FIRST_CODE
from ungsam.people.models import Youth

# What a registration records of the youth on its audit row.
REGISTRATION_FIELDS = ("status", "home_municipality", "source", "school")


def ot_unit_serving(municipality: Municipality) -> Unit | None:
    """The active OT unit serving the youth living in the municipality, or None."""
    coverage = (
        OTCoverage.objects.select_related("unit__municipality")
        .filter(municipality=municipality, unit__active=True)
        .first()
    )
    return coverage.unit if coverage else None


@dataclass(frozen=True)
class Routed:
    """Where a registration went: the unit, and whether it joined one the unit had already
    (for the system's own counts; a person sending is told only that it was sent)."""

    unit: Unit
    registration: OTRegistration
    joined_existing: bool


def _routing_actor(actor, unit: Unit):
    """Who adds the youth to the serving unit's register: the sender where she works in that
    municipality, else the system on her behalf (routing across municipalities is the
    system's act; the registration's own audit row names the sender)."""
    if isinstance(actor, SystemActor):
        return actor
    if any(m.municipality_id == unit.municipality_id for m in policy.memberships(actor)):
        return actor
    return SystemActor("ot-routing")


def _find_or_add_youth(actor, purpose, unit: Unit, youth: dict) -> Youth:
    from ungsam.people.services import checked_national_id, national_id_hash, youth_create

    number = youth.get("national_id", "")
    if number:
        parsed = checked_national_id(number, youth.get("birth_date"))
        found = Youth.objects.filter(
            municipality_id=unit.municipality_id, national_id_hash=national_id_hash(parsed.value)
        ).first()
        if found is not None:
            return found
    return youth_create(
        actor=_routing_actor(actor, unit),
        purpose=purpose,
        municipality=unit.municipality,
        via_referral=True,
        **youth,
    )


def register_youth(
    *,
    actor,
    home_municipality: Municipality,
    youth: dict,
    source: str,
    reason: str = RoutingReason.NEW_REGISTRATION,
    school: PartnerOrganization | None = None,
    school_name: str = "",
    from_unit: Unit | None = None,
    at: datetime | None = None,
    purpose: str = Purpose.FOLLOW_UP_SERVICE,
) -> Routed:
    """Registers the youth (a dict of `Youth` fields: names, birth date, national id …) with
    the OT unit serving her home municipality, status OTUK, and tells that unit at once (a
    routing notice on its leader's list). A ValidationError in Norwegian when no OT unit in
    Ungsam serves the municipality."""
    grant = policy.ot_registration_grant(actor)
    if grant is None:
        raise PermissionDenied
    if source not in RegistrationSource.values:
        raise ValueError(f"unknown registration source {source!r}")
    unit = ot_unit_serving(home_municipality)
    if unit is None:
        raise ValidationError(
            {
                "home_municipality": _(
                    "No follow-up service in Ungsam serves %(municipality)s: tell the county's "
                    "follow-up service directly."
                )
                % {"municipality": home_municipality}
            }
        )
    at = at or timezone.now()
    by = None if isinstance(actor, SystemActor) else actor
    from_partner = grant.membership.partner if grant.membership else None
    with transaction.atomic():
        found = _find_or_add_youth(actor, purpose, unit, youth)
        existing = (
            OTRegistration.objects.select_for_update()
            .select_related("case")
            .filter(case__youth=found, case__unit=unit, case__status=CaseStatus.OPEN)
            .first()
        )
        joined = existing is not None
        if existing is None:
            case = Case(
                youth=found, unit=unit, stage=CaseStage.REFERRAL, opened_on=timezone.localdate(at)
            )
            # The unit may already follow her in another way (an ordinary open case): the OT
            # registration is that case's, not a second one (one open case per youth and unit).
            open_case = Case.objects.filter(youth=found, unit=unit, status=CaseStatus.OPEN).first()
            if open_case is not None:
                case = open_case
            else:
                case.full_clean()
                case.save()
                StageChange.objects.create(case=case, stage=CaseStage.REFERRAL, at=at, by=by)
            registration = OTRegistration.objects.create(
                case=case,
                home_municipality=home_municipality,
                source=source,
                registered_at=at,
                registered_by=by,
                school=school,
                school_name=school_name or (school.name if school else ""),
                status=FIRST_CODE,
                status_since=at,
            )
            OTStatusChange.objects.create(registration=registration, code=FIRST_CODE, at=at, by=by)
        else:
            registration = existing
        RoutingNotice.objects.create(
            registration=registration,
            reason=reason,
            to_unit=unit,
            from_unit=from_unit,
            from_partner=from_partner or school,
            at=at,
            by=by,
        )
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE if joined else AuditAction.CREATE,
                purpose,
                obj=registration,
                youth_id=found.pk,
                fields=REGISTRATION_FIELDS,
                municipality_id=unit.municipality_id,
            ),
        )
    return Routed(unit=unit, registration=registration, joined_existing=joined)
