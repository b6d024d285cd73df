"""The common service pathway (felles tjenesteløp): who configures the municipality's pathway
templates, and whose cases a leader's overview counts.

- A template is configuration (rule 4): the admins of its municipality make and change it,
  and it holds no case content.
- A case's place on the pathway is the case's: read and moved by those `access_case` lets in
  (with write for a move: its contact persons and the unit's leader).
- The overview by step is a leader's, for a unit she leads, and counts only the cases she may
  see (rule 1, `cases_visible_to`)."""

from django.db.models import QuerySet

from ungsam.access.models import Purpose
from ungsam.access.policy.cases import cases_visible_to
from ungsam.access.policy.gate import get_or_404
from ungsam.access.policy.identity import administered_municipality_ids, led_unit_ids
from ungsam.cases.models import Case
from ungsam.collab.models import PathwayStep, ServicePathway


def pathways_configurable_by(user) -> QuerySet[ServicePathway]:
    """The pathway templates of the municipalities the user administers."""
    if not getattr(user, "is_authenticated", False):
        return ServicePathway.objects.none()
    return ServicePathway.objects.filter(municipality_id__in=administered_municipality_ids(user))


def access_pathway(user, pathway_id) -> ServicePathway:
    """One template the user may configure; else 404 (configuration: no "viewed" row)."""
    found = pathways_configurable_by(user).select_related("municipality")
    return get_or_404(user, found, pathway_id, purpose=Purpose.ADMINISTRATION)


def access_pathway_step(user, step_id) -> PathwayStep:
    """One step of a template the user may configure; else 404."""
    found = PathwayStep.objects.filter(pathway__in=pathways_configurable_by(user)).select_related(
        "pathway__municipality"
    )
    return get_or_404(user, found, step_id, purpose=Purpose.ADMINISTRATION)


def pathway_overview_cases(user, unit_id) -> QuerySet[Case]:
    """The cases of a unit the user leads that she may see; none for a unit she does not lead
    (the overview answers 404 for it before asking)."""
    if unit_id not in led_unit_ids(user):
        return Case.objects.none()
    return cases_visible_to(user).filter(unit_id=unit_id)
