import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")
application = get_wsgi_application()

if not settings.SECRET_KEY_FROM_ENVIRONMENT:
    from ungsam.web.checks import NO_KEY_MESSAGE

    raise ImproperlyConfigured(NO_KEY_MESSAGE)
