"""Reads of assessments, through the case's gatekeeper (its "viewed" row names them)."""

from dataclasses import dataclass

from django.db.models import Prefetch

from ungsam.access import policy
from ungsam.plans.models import SUBJECTS, Assessment, Domain, DomainScore


@dataclass
class DomainSeries:
    label: str
    domain: str
    subject: str
    scores: list  # per assessment, oldest first: the score or None where not assessed

    @property
    def latest(self):
        return next((s for s in reversed(self.scores) if s is not None), None)


def case_assessments(*, actor, case_id):
    """The case, its assessments (oldest first, with their scores), and per domain (and
    academic subject) the scores over time, for the chart and the table behind it."""
    case, grant = policy.access_case(actor, case_id, also_shown=("assessments",))
    assessments = list(
        Assessment.objects.filter(case=case)
        .select_related("by")
        .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.order_by("id")))
        .order_by("assessed_on", "id")
    )
    rows = [(str(label), domain, "") for domain, label in Domain.choices]
    rows[2:2] = [(f"– {label}", Domain.ACADEMIC, code) for code, label in SUBJECTS]
    lookup = [{(s.domain, s.subject): s.score for s in a.scores.all()} for a in assessments]
    series = [
        DomainSeries(label, domain, subject, [scores.get((domain, subject)) for scores in lookup])
        for label, domain, subject in rows
    ]
    return case, grant, assessments, series
