from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Assessments (kartlegging) across life domains, and later action plans with goals,
    measures and reviews (DESIGN.md): the follow-up of one case, read and written through the
    case's gatekeeper."""

    name = "ungsam.plans"
    label = "plans"
