"""Early warning (issue 18, point 2): who sees a school's students, their figures and flags,
and who sets the rules.

A school's figures are the school's: a counselor (a partner of a partner organisation of kind
"skole") sees the periods and flags of the students of her own school(s), on the ground
"the student's school" (Basis.SCHOOL), and nobody else sees a student list — not OT, not a
los, not admins, not analysts. An admin of the municipality sets the rules (configuration,
reading no student); admins and analysts see the rules' back-test, counts without names, an
analyst's small counts withheld (rule 5)."""

from django.db.models import QuerySet

from ungsam.access import audit
from ungsam.access.models import AuditAction, Basis, Purpose
from ungsam.access.policy.gate import get_or_404
from ungsam.access.policy.grants import Grant
from ungsam.access.policy.identity import (
    administered_municipality_ids,
    has_role,
    memberships,
    municipality_ids,
)
from ungsam.org.models import Membership, Role, ServiceCode
from ungsam.ot.models import RiskRule, StudentPeriod


def counselor_memberships(user) -> list[Membership]:
    """Her partner roles in active schools, first given first (read from the cached
    memberships: no query)."""
    return [
        m
        for m in memberships(user)
        if m.role == Role.PARTNER
        and m.partner_id
        and m.partner.kind == ServiceCode.SCHOOL
        and m.partner.active
    ]


def counselor_school_ids(user) -> list[int]:
    return list(dict.fromkeys(m.partner_id for m in counselor_memberships(user)))


def may_use_early_warning(user) -> bool:
    """Whether the menu offers the counselor's list."""
    return bool(counselor_memberships(user))


def school_grant(user, school_id: int) -> Grant | None:
    """The ground on which she reads the school's students: her partner role in it."""
    for m in counselor_memberships(user):
        if m.partner_id == school_id:
            return Grant(Basis.SCHOOL, m)
    return None


def student_periods_visible_to(user) -> QuerySet[StudentPeriod]:
    """The periods of the students of her own schools; none for anybody else."""
    return StudentPeriod.objects.filter(school_id__in=counselor_school_ids(user))


def access_student_period(user, pk) -> tuple[StudentPeriod, Grant]:
    """One period she may see, with its grant; else 404 (recorded as a refused probe)."""
    period = get_or_404(
        user,
        student_periods_visible_to(user).select_related("youth", "school"),
        pk,
        purpose=Purpose.EARLY_WARNING,
    )
    return period, school_grant(user, period.school_id)


def record_students(
    user, school_id: int, youth_ids, *, action: str, fields: tuple[str, ...], obj=None
) -> None:
    """One audit row naming every student shown (a list, an export) or the one viewed, on the
    ground of her role in the school."""
    ids = list(dict.fromkeys(youth_ids))
    grant = school_grant(user, school_id)
    if not ids or grant is None:
        return
    audit.record(
        user,
        audit.Entry(
            action,
            Purpose.EARLY_WARNING,
            obj=obj,
            subjects=tuple(grant.subject(y) for y in ids),
            fields=fields,
            membership=grant.membership,
        ),
    )


def record_students_shown(user, school_id: int, youth_ids, *, fields) -> None:
    record_students(user, school_id, youth_ids, action=AuditAction.LIST, fields=tuple(fields))


# Rules and their back-test: configuration and counts, no student.


def may_configure_risk_rules(user) -> bool:
    return has_role(user, Role.ADMIN)


def risk_rules_configurable_by(user) -> QuerySet[RiskRule]:
    return RiskRule.objects.filter(municipality_id__in=administered_municipality_ids(user))


def access_risk_rule(user, pk) -> RiskRule:
    return get_or_404(
        user,
        risk_rules_configurable_by(user).select_related("municipality"),
        pk,
        purpose=Purpose.ADMINISTRATION,
    )


def may_view_rule_backtest(user) -> bool:
    return has_role(user, Role.ADMIN, Role.ANALYST)


def rule_backtest_municipality_ids(user) -> set[int]:
    return municipality_ids(user, Role.ADMIN, Role.ANALYST)


def rule_backtest_must_suppress(user, municipality_id: int) -> bool:
    """Rule 5: the analyst's counts leave the administration, small ones are withheld; the
    municipality's admins, who tune the rules, see them exact."""
    return municipality_id not in administered_municipality_ids(user)
