from django.apps import AppConfig


class CollabConfig(AppConfig):
    """Sharing by consent (issue 14): consent records by information category and recipient
    service; later the care team around the youth, its coordinator, and partner access that
    follows consent."""

    name = "ungsam.collab"
    label = "collab"
