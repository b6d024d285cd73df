from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "ungsam.cases"
    label = "cases"
