from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ungsam.people"
    label = "people"
