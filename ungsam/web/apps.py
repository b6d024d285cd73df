from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ungsam.web"
    label = "web"
