from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ungsam.web"
    label = "web"

    def ready(self):
        from ungsam.web import checks  # noqa: F401  (registers the start-up checks)
