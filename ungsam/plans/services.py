"""Writes of assessments. The policy is asked here (the case's gatekeeper, with write), and
every assessment lands in the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction
from ungsam.plans.models import SUBJECTS, Assessment, Domain, DomainScore

_SUBJECT_CODES = {code for code, _label in SUBJECTS}


def assessment_create(
    *, actor, purpose: str, case_id, assessed_on, scores, youth_view: str = "", note: str = ""
) -> Assessment:
    """A dated assessment of the case's youth: `scores` are (domain, subject, score, note), at
    least one; a subject only for academic mastery. Her contact person or the leader."""
    scores = list(scores)
    if not scores:
        raise ValidationError(_("Score at least one domain."))
    for domain, subject, score, _note in scores:
        if domain not in Domain.values or (
            subject and (domain != Domain.ACADEMIC or subject not in _SUBJECT_CODES)
        ):
            raise ValidationError(_("Unknown domain or subject."))
        if score not in range(1, 6):
            raise ValidationError(_("A score is from 1 to 5."))
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        assessment = Assessment(
            case=case,
            assessed_on=assessed_on,
            by=actor if getattr(actor, "is_authenticated", False) else None,
            youth_view=youth_view.strip(),
            note=note.strip(),
        )
        assessment.full_clean()
        assessment.save()
        DomainScore.objects.bulk_create(
            DomainScore(
                assessment=assessment, domain=domain, subject=subject, score=score, note=text
            )
            for domain, subject, score, text in scores
        )
        audit.record(
            actor,
            grant.entry(
                AuditAction.CREATE,
                purpose,
                obj=assessment,
                youth_id=case.youth_id,
                fields=("assessed_on", "scores", "youth_view", "note"),
            ),
        )
    return assessment
