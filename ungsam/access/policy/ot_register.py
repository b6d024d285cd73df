"""The OT register (issue 18; opplæringslova § 9-4): who registers a youth with the follow-up
service, and who sees the register.

A registration is a case of the OT unit serving the youth's home municipality, so it is seen
on the grounds of any case (rule 1): the unit's leader (the OT coordinator) sees its whole
register, a worker the youth she is contact person for. Registering is sending: the system
(imports, commands), a worker of any unit (a los handing over a youth who quit school), or a
school's partner (a counselor reporting a student who quit) registers a youth for the OT
serving her home municipality, in whichever municipality or county that is, and reads nothing
back — like a referral, the answer does not tell whom the OT unit knows."""

from django.db.models import QuerySet
from django.http import Http404

from ungsam.access import audit
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy.cases import (
    SYSTEM_GRANT,
    cases_visible_to,
    cases_with_basis,
    subjects_of,
)
from ungsam.access.policy.gate import deny, get_or_404
from ungsam.access.policy.grants import Grant, grant_for
from ungsam.access.policy.identity import WORKER_ROLES, led_unit_ids, memberships
from ungsam.org.models import Membership, Role, ServiceCode, Unit, UnitKind
from ungsam.ot.models import OTRegistration, RoutingNotice
from ungsam.people.models import Youth


def ot_registration_grant(actor) -> Grant | None:
    """The ground on which the actor registers a youth with OT (recorded on the audit row with
    the role she acted in), or None."""
    if isinstance(actor, SystemActor):
        return SYSTEM_GRANT
    for membership in memberships(actor):
        if membership.role in WORKER_ROLES and membership.unit.active:
            return Grant("", membership)
        if (
            membership.role == Role.PARTNER
            and membership.partner.kind == ServiceCode.SCHOOL
            and membership.partner.active
        ):
            return Grant("", membership)
    return None


def may_register_with_ot(user) -> bool:
    return ot_registration_grant(user) is not None


def registrations_visible_to(user) -> QuerySet[OTRegistration]:
    """The OT registrations on cases the user may see."""
    return OTRegistration.objects.filter(case__in=cases_visible_to(user))


# ---------------------------------------------------------------------------------------------
# The register's pages (issue 18, point 3): who reads and changes a registration, and who
# reads an OT unit's whole register (its notices, its reports to Udir, its fixed-date lists).


def _ot_memberships(user, *wanted_roles: str):
    return [
        m
        for m in memberships(user)
        if m.unit_id and m.role in wanted_roles and m.unit.kind == UnitKind.OT and m.unit.active
    ]


def works_in_ot(user) -> bool:
    """Whether the menu offers the OT register: she works in or leads an OT unit (no query:
    the memberships are cached with their units)."""
    return bool(_ot_memberships(user, *WORKER_ROLES))


def leads_an_ot_unit(user) -> bool:
    """Whether she leads an OT unit (its notices, reports and lists; the dashboard's count)."""
    return bool(_ot_memberships(user, Role.LEADER))


def ot_units_of(user) -> list[Unit]:
    """The OT units she works in or leads, by name."""
    units = {m.unit_id: m.unit for m in _ot_memberships(user, *WORKER_ROLES)}
    return sorted(units.values(), key=lambda u: (u.name, u.pk))


def led_ot_units(user) -> list[Unit]:
    """The OT units she leads, by name."""
    units = {m.unit_id: m.unit for m in _ot_memberships(user, Role.LEADER)}
    return sorted(units.values(), key=lambda u: (u.name, u.pk))


def may_register_by_hand(user) -> bool:
    """An OT worker or leader registers a youth on her unit's register by hand."""
    return works_in_ot(user)


def school_reporting_membership(user):
    """The school partner role a counselor reports a student who quit in, or None."""
    for membership in memberships(user):
        if (
            membership.role == Role.PARTNER
            and membership.partner_id
            and membership.partner.kind == ServiceCode.SCHOOL
            and membership.partner.active
        ):
            return membership
    return None


def access_registration(
    user, registration_id, *, write: bool = False, fields=()
) -> tuple[OTRegistration, Grant]:
    """The registration and the grant its case is seen under, or 404 (missing and forbidden
    alike). Reading writes the audit "viewed" row (with `fields`, what the page shows); with
    write=True the grant must allow changes (the unit's leader, the case's contact persons),
    and the service records its own change."""
    registration = get_or_404(
        user,
        registrations_visible_to(user).select_related(
            "case__youth", "case__unit", "home_municipality__county"
        ),
        registration_id,
        purpose=Purpose.FOLLOW_UP_SERVICE,
    )
    case = cases_with_basis(user).only("id", "unit_id").get(pk=registration.case_id)
    grant = grant_for(user, case.grant_basis, case.unit_id)
    if write and not grant.may_write:
        deny(user, OTRegistration, registration_id, purpose=Purpose.FOLLOW_UP_SERVICE)
    if not write:
        audit.record(
            user,
            grant.entry(
                AuditAction.VIEW,
                Purpose.FOLLOW_UP_SERVICE,
                obj=registration,
                youth_id=registration.case.youth_id,
                fields=fields or REGISTRATION_PAGE_FIELDS,
            ),
        )
    return registration, grant


# What the registration page shows of her (the audit row's fields).
REGISTRATION_PAGE_FIELDS = (
    *Youth.LIST_FIELDS,
    "ot_registration",
    "ot_status_changes",
    "contact_persons",
)


def _one_of(units: list[Unit], unit_id) -> Unit:
    """The unit asked for among `units` (the first when none is asked for), or 404."""
    if units and unit_id in (None, ""):
        return units[0]
    for unit in units:
        if str(unit.pk) == str(unit_id):
            return unit
    raise Http404


def access_led_ot_unit(user, unit_id) -> Unit:
    """One of the OT units she leads, or 404."""
    return _one_of(led_ot_units(user), unit_id)


def access_ot_unit(user, unit_id) -> Unit:
    """One of the OT units she works in or leads, or 404."""
    return _one_of(ot_units_of(user), unit_id)


def access_routing_notice(user, notice_id) -> tuple[RoutingNotice, Grant]:
    """A notice to an OT unit she leads (marking it seen is the leader's), or 404."""
    notice = get_or_404(
        user,
        RoutingNotice.objects.filter(to_unit_id__in=led_unit_ids(user)).select_related(
            "registration__case"
        ),
        notice_id,
        purpose=Purpose.FOLLOW_UP_SERVICE,
    )
    return notice, grant_for(user, Basis.UNIT_LEADER, notice.to_unit_id)


def record_registrations_shown(user, youth_rows, *, fields, action=AuditAction.LIST) -> None:
    """One audit row for a page (or an export) of the register, naming each youth shown with
    the grant she was shown under (one query for all the grants)."""
    subjects = subjects_of(user, youth_rows)
    if not subjects:
        return
    audit.record(
        user,
        audit.Entry(action, Purpose.FOLLOW_UP_SERVICE, subjects=subjects, fields=tuple(fields)),
    )


def unit_leader_addresses(unit_id) -> list[str]:
    """The e-mail addresses of the unit's leaders in force (told that a registration has
    come; the mail names nobody)."""
    return sorted(
        set(
            Membership.objects.active()
            .filter(unit_id=unit_id, role=Role.LEADER, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
