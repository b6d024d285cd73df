"""Changing an early-warning rule (issue 18, point 2): the municipality's admins set threshold,
subjects, weight and whether the rule is used; the change is dated, signed and recorded like
other configuration (an administration row in the audit log), and the flags of the
municipality's latest periods are brought in line with the rule at once."""

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.org.models import Municipality
from ungsam.ot.models import RiskRule, RiskRuleKind, StudentPeriod
from ungsam.ot.risk_rules import Evaluated, ensure_default_rules, evaluate, subject_codes

# The kinds whose threshold is a percentage (or percentage points), and a grade average.
PERCENT_KINDS = (RiskRuleKind.ABSENCE, RiskRuleKind.RISING_ABSENCE)
SUBJECT_CODE = re.compile(r"^[A-Z0-9]{1,10}$")


def rule_errors(*, kind: str, threshold, subjects: str, weight) -> dict[str, str]:
    """What is wrong with the values for a rule of the kind, in words for its admin."""
    errors = {}
    if kind in PERCENT_KINDS or kind == RiskRuleKind.LOW_GRADE_AVERAGE:
        percent = kind in PERCENT_KINDS
        low, high = (Decimal(0), Decimal(100)) if percent else (Decimal(1), Decimal(6))
        if threshold is None:
            errors["threshold"] = _("This rule needs a threshold.")
        elif not (low <= threshold <= high):
            errors["threshold"] = _("The threshold must be from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
    if kind == RiskRuleKind.FAILING_SUBJECT:
        codes = subject_codes(subjects)
        if not codes:
            errors["subjects"] = _("Name at least one subject code, for example MAT or NOR.")
        elif not all(SUBJECT_CODE.match(c) for c in codes):
            errors["subjects"] = _(
                "Subject codes are letters and digits only, separated by commas (MAT,NOR)."
            )
    if weight is None or not (1 <= weight <= 10):
        errors["weight"] = _("The weight must be a whole number from 1 to 10.")
    return errors


def latest_period_ids(municipality) -> list[int]:
    """The periods of each school and grade's latest period in the municipality (what the
    counselors' lists show), in one query."""
    latest = (
        StudentPeriod.objects.filter(school_id=OuterRef("school_id"), grade=OuterRef("grade"))
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    return list(
        StudentPeriod.objects.filter(
            school__municipality=municipality, period_start=Subquery(latest)
        ).values_list("pk", flat=True)
    )


def risk_rule_update(
    *, actor, rule: RiskRule, threshold, subjects: str, weight: int, active: bool
) -> tuple[RiskRule, Evaluated | None]:
    """Changes the rule (admins of its municipality only), records the fields that changed,
    and re-evaluates the latest periods' flags. Nothing changed, nothing written."""
    if isinstance(actor, audit.SystemActor) or not policy.may_configure_in(
        actor, rule.municipality
    ):
        raise PermissionDenied(_("Only an administrator of the municipality may do this."))
    subjects = ",".join(subject_codes(subjects or ""))
    errors = rule_errors(kind=rule.kind, threshold=threshold, subjects=subjects, weight=weight)
    if errors:
        raise ValidationError(errors)
    if rule.kind not in PERCENT_KINDS and rule.kind != RiskRuleKind.LOW_GRADE_AVERAGE:
        threshold = None
    if rule.kind != RiskRuleKind.FAILING_SUBJECT:
        subjects = ""
    values = {"threshold": threshold, "subjects": subjects, "weight": weight, "active": active}
    changed = tuple(name for name, value in values.items() if getattr(rule, name) != value)
    if not changed:
        return rule, None
    with transaction.atomic():
        locked = RiskRule.objects.select_for_update().get(pk=rule.pk)
        for name in changed:
            setattr(locked, name, values[name])
        locked.changed_at = timezone.now()
        locked.changed_by = actor
        locked.full_clean()
        locked.save(update_fields=[*changed, "changed_at", "changed_by"])
        audit.record(
            actor,
            audit.Entry(
                AuditAction.UPDATE,
                Purpose.ADMINISTRATION,
                obj=locked,
                fields=changed,
                municipality_id=locked.municipality_id,
            ),
        )
        result = evaluate(
            municipality=locked.municipality, period_ids=latest_period_ids(locked.municipality)
        )
    return locked, result


def risk_rules_for(*, actor) -> list[RiskRule]:
    """The rules of the municipalities she administers, the defaults made for a municipality
    that has none yet (on an admin's first visit)."""
    if isinstance(actor, audit.SystemActor) or not policy.may_configure_risk_rules(actor):
        raise PermissionDenied
    rules: list[RiskRule] = []
    ids = policy.administered_municipality_ids(actor)
    for municipality in Municipality.objects.filter(pk__in=ids).order_by("name"):
        for rule in ensure_default_rules(municipality):
            rule.municipality = municipality
            rules.append(rule)
    return rules
