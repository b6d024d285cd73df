from django.conf import settings
from django.core.checks import Error, register

NO_KEY_MESSAGE = (
    "DJANGO_SECRET_KEY is not set. `make run` makes a development key; production must set one."
)


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY_FROM_ENVIRONMENT:
        return []
    return [Error(NO_KEY_MESSAGE, id="ungsam.E001")]
