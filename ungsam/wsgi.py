import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")
application = get_wsgi_application()

if not settings.SECRET_KEY_FROM_ENVIRONMENT:
    from ungsam.web.checks import NO_KEY_MESSAGE

    raise ImproperlyConfigured(NO_KEY_MESSAGE)

# The audit log's key: without it no request that reads personal data could be recorded, so
# the server does not start (ungsam.access.keys says where the key comes from).
from ungsam.access.keys import require_audit_key  # noqa: E402

require_audit_key()
