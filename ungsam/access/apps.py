from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "ungsam.access"
    label = "access"

    def ready(self):
        from ungsam.access import signals  # noqa: F401  (login events into the audit log)
