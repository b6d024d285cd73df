from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Statistics without personal data: counts aggregated in the database, small cells withheld
    through the access policy (`policy.suppress_small`)."""

    name = "ungsam.stats"
    label = "stats"
