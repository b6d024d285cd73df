"""Writes of the individual plan (individuell plan). The case's gatekeeper is asked here, with
write (her contact person or the unit's leader), never trusted from the caller; each write runs
in a transaction and lands in the audit log.

One plan per youth across the services: a plan is made on the case whose care team holds the
coordinator, and no second plan in force is made for the same youth on any case (the database
holds the rule too, `individualplan_one_active_per_youth`)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.cases.models import CaseStatus
from ungsam.collab.models import TeamMember
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE
from ungsam.plans import services as plan_services
from ungsam.plans.models import IndividualPlan, PlanConsentBy, PlanContribution

# The plan's own text fields, in the order the form and the page show them.
TEXT_FIELDS = (
    "youth_words",
    "resources",
    "needs",
    "youth_contribution",
    "guardians_contribution",
    "carried_out",
)
FIELDS = (*TEXT_FIELDS, "valid_from", "valid_to", "consent_on", "consent_by")


def _already_one() -> str:
    return _(
        "The youth already has an individual plan in force. There is to be one plan across the "
        "services: ask the coordinator to add your contribution to it."
    )


def _open_case(actor, case_id):
    case, grant = policy.access_case(actor, case_id, write=True)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed."))
    return case, grant


def _check(values: dict) -> dict:
    """Norwegian messages for the period and the consent, field by field."""
    errors = {}
    start, end, consent_on = values["valid_from"], values["valid_to"], values["consent_on"]
    for name in ("valid_from", "valid_to"):
        if not EARLIEST_DATE <= values[name] <= LATEST_DATE:
            errors[name] = _("Choose a date from 2000 up to the year 2999.")
    if not errors and end < start:
        errors["valid_to"] = _("The plan period must end after it starts.")
    if not EARLIEST_DATE <= consent_on <= timezone.localdate():
        errors["consent_on"] = _("Choose a date from 2000 up to today.")
    if values["consent_by"] not in PlanConsentBy.values:
        errors["consent_by"] = _("Say who consented to the plan.")
    for name in TEXT_FIELDS:
        if len(values.get(name, "")) > 4000:
            errors[name] = _("Write at most 4000 characters.")
    return errors


def _members(case) -> dict[int, TeamMember]:
    return {m.pk: m for m in TeamMember.objects.current().filter(team__case=case).order_by("id")}


def _contributions(actor, grant, case, plan, contributions: dict, purpose) -> None:
    """Sets each member's contribution ({member id: text}; an empty text removes it). Only
    current members of the case's team."""
    if not contributions:
        return
    members = _members(case)
    if set(contributions) - set(members):
        raise ValidationError(_("Choose a member of the care team."))
    have = {c.member_id: c for c in PlanContribution.objects.filter(plan=plan)}
    changed = False
    for member_id, text in contributions.items():
        text = (text or "").strip()
        if len(text) > 4000:
            raise ValidationError(_("Write at most 4000 characters."))
        found = have.get(member_id)
        if found is None and text:
            PlanContribution.objects.create(plan=plan, member_id=member_id, text=text)
            changed = True
        elif found is not None and not text:
            found.delete()
            changed = True
        elif found is not None and found.text != text:
            found.text = text
            found.save(update_fields=["text"])
            changed = True
    if changed:
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=plan,
                youth_id=case.youth_id,
                fields=("contributions",),
            ),
        )


def individual_plan_create(
    *,
    actor,
    purpose: str,
    case_id,
    valid_from: date,
    valid_to: date,
    consent_on: date,
    consent_by: str,
    contributions: dict | None = None,
    next_review_on: date | None = None,
    **texts,
) -> IndividualPlan:
    """The youth's individual plan, on a case whose care team has a coordinator, with the day
    the youth and/or guardians consented to having one. Refused (in Norwegian) while the youth
    has a plan in force on any case."""
    if set(texts) - set(TEXT_FIELDS):
        raise ValueError(f"not a plan field: {sorted(set(texts) - set(TEXT_FIELDS))}")
    values = {name: (texts.get(name) or "").strip() for name in TEXT_FIELDS}
    values.update(
        valid_from=valid_from, valid_to=valid_to, consent_on=consent_on, consent_by=consent_by
    )
    errors = _check(values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        if not TeamMember.objects.current().filter(team__case=case, is_coordinator=True).exists():
            raise ValidationError(
                _(
                    "The individual plan belongs to the care team, and the case has no team "
                    "with a coordinator yet. Make the team first."
                )
            )
        if IndividualPlan.objects.filter(youth_id=case.youth_id, ended_on__isnull=True).exists():
            raise ValidationError(_already_one())
        plan = IndividualPlan(
            youth_id=case.youth_id,
            case=case,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **values,
        )
        # Two services making a plan at the same moment: the database's rule decides, and the
        # one that loses is told the same.
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:
            raise ValidationError(_already_one()) from None
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE, purpose, obj=plan, youth_id=case.youth_id, fields=FIELDS
            ),
        )
        _contributions(actor, grant, case, plan, contributions or {}, purpose)
        if next_review_on is not None:
            plan_services.review_schedule(
                actor=actor, purpose=purpose, case_id=case.pk, next_review_on=next_review_on
            )
    return plan


def _active(actor, case):
    plan = IndividualPlan.objects.filter(case=case, ended_on__isnull=True).first()
    if plan is None:
        raise ValidationError(_("The case has no individual plan in force."))
    return plan


def individual_plan_update(
    *,
    actor,
    purpose: str,
    case_id,
    contributions: dict | None = None,
    next_review_on: date | None = None,
    **values,
) -> IndividualPlan:
    """Changes the case's plan in force (its text, period, consent) and each member's
    contribution; records the fields that changed."""
    if set(values) - set(FIELDS):
        raise ValueError(f"not a plan field: {sorted(set(values) - set(FIELDS))}")
    for name in TEXT_FIELDS:
        if name in values:
            values[name] = (values[name] or "").strip()
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        plan = _active(actor, case)
        merged = {name: values.get(name, getattr(plan, name)) for name in FIELDS}
        errors = _check(merged)
        if "consent_on" in errors and merged["consent_on"] == plan.consent_on:
            del errors["consent_on"]
        if errors:
            raise ValidationError(errors)
        changed = tuple(name for name in FIELDS if getattr(plan, name) != merged[name])
        if changed:
            for name in changed:
                setattr(plan, name, merged[name])
            plan.save(update_fields=list(changed))
            audit.record(
                actor,
                grant.entry(
                    AuditAction.UPDATE, purpose, obj=plan, youth_id=case.youth_id, fields=changed
                ),
            )
        _contributions(actor, grant, case, plan, contributions or {}, purpose)
        if next_review_on is not None:
            plan_services.review_schedule(
                actor=actor, purpose=purpose, case_id=case.pk, next_review_on=next_review_on
            )
    return plan


def individual_plan_end(*, actor, purpose: str, case_id, reason: str) -> IndividualPlan:
    """Ends the case's plan in force today, with why (the youth no longer wants one, the
    services are done, a new plan replaces it): kept as history, and a new plan may be made."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the plan ends.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Write at most 500 characters.")})
    with transaction.atomic():
        case, grant = _open_case(actor, case_id)
        plan = _active(actor, case)
        plan.ended_on = timezone.localdate()
        plan.end_reason = reason
        plan.save(update_fields=["ended_on", "end_reason"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=plan,
                youth_id=case.youth_id,
                fields=("ended_on", "end_reason"),
            ),
        )
    return plan
