"""Writes of emergency access ("break the glass", DESIGN.md access rule 7): opening one, ending it
early, and the leader's review. The policy is asked here, and every write lands in the audit log
(the reads made under the access are recorded by the gatekeepers, with basis break_glass)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import REASON_MIN_LENGTH, AuditAction, EmergencyAccess, Review


def emergency_access_open(
    *,
    actor,
    purpose: str,
    first_name: str = "",
    last_name: str = "",
    birth_date=None,
    national_id_hash: str = "",
    reason: str,
) -> EmergencyAccess:
    """Open the one open case of her unit whose youth is exactly the one named, read-only, for
    UNGSAM_BREAK_GLASS_HOURS, for the reason she gives. She names the youth, never a case id
    (she cannot know one): the match is made again here, not trusted from an earlier page."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _(
                    "Write why this is an emergency, in at least %(count)d characters: your "
                    "leader will review it."
                )
                % {"count": REASON_MIN_LENGTH}
            }
        )
    if not policy.may_break_glass(actor):
        raise PermissionDenied
    with transaction.atomic():
        cases = list(
            policy.emergency_cases_matching(
                actor,
                first_name=first_name,
                last_name=last_name,
                birth_date=birth_date,
                national_id_hash=national_id_hash,
            ).order_by("id")[:2]
        )
        if not cases:
            raise ValidationError(_("There is no open case in your unit for this person."))
        if len(cases) > 1:
            raise ValidationError(
                _("More than one open case matches. Search by national identity number instead.")
            )
        case = cases[0]
        grant = policy.emergency_opening_grant(actor, case)
        if grant is None:
            raise PermissionDenied(_("You can already see this case; no emergency access needed."))
        now = timezone.now()
        access = EmergencyAccess.objects.create(
            user=actor,
            membership=grant.membership,
            case=case,
            unit_id=case.unit_id,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(hours=settings.BREAK_GLASS_HOURS),
        )
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=access,
                youth_id=case.youth_id,
                fields=("reason", "expires_at"),
            ),
        )
    return access


def emergency_access_end(*, actor, purpose: str, access_id) -> EmergencyAccess:
    """She ends her own emergency access before it lapses (done: nothing more to read)."""
    with transaction.atomic():
        access, grant = policy.access_emergency_access(actor, access_id)
        access = (
            EmergencyAccess.objects.select_for_update().select_related("case").get(pk=access.pk)
        )
        now = timezone.now()
        if access.ended_at is not None or access.expires_at <= now:
            raise ValidationError(_("This emergency access has already ended."))
        access.ended_at = now
        access.save(update_fields=["ended_at"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=access,
                youth_id=access.case.youth_id,
                fields=("ended_at",),
            ),
        )
    return access


def emergency_access_review(
    *, actor, purpose: str, access_id, review: str, note: str = ""
) -> EmergencyAccess:
    """The leader of the unit judges an emergency access: justified or not, with a note (a
    note is required when it was not). Reviewed once; the review is never changed."""
    if review not in Review.values:
        raise ValidationError({"review": _("Choose whether the access was justified.")})
    note = (note or "").strip()
    if review == Review.NOT_JUSTIFIED and not note:
        raise ValidationError({"note": _("Write what was wrong and what you will do about it.")})
    with transaction.atomic():
        access, grant = policy.access_emergency_access(actor, access_id, review=True)
        access = (
            EmergencyAccess.objects.select_for_update().select_related("case").get(pk=access.pk)
        )
        if access.reviewed_at is not None:
            raise ValidationError(_("This emergency access has already been reviewed."))
        if access.user_id == actor.pk:
            raise PermissionDenied(_("Someone else must review your own emergency access."))
        access.review = review
        access.review_note = note
        access.reviewed_by = actor
        access.reviewed_at = timezone.now()
        access.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
        audit.record(
            actor,
            grant.entry(
                AuditAction.UPDATE,
                purpose,
                obj=access,
                youth_id=access.case.youth_id,
                fields=("review", "review_note"),
            ),
        )
    return access
