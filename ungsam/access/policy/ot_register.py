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

from ungsam.access.audit import SystemActor
from ungsam.access.policy.cases import SYSTEM_GRANT, cases_visible_to
from ungsam.access.policy.grants import Grant
from ungsam.access.policy.identity import WORKER_ROLES, memberships
from ungsam.org.models import Role, ServiceCode
from ungsam.ot.models import OTRegistration


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
