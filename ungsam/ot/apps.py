from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OtConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ungsam.ot"
    verbose_name = _("Early warning and the follow-up service")
