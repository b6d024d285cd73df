"""What a server process checks before it takes a request: `wsgi.py` (gunicorn, runserver) and
`asgi.py` both call `refuse_to_serve_without_keys`, so neither way of serving starts without
the keys. Commands that sign and record nothing (makemigrations) never come here."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ungsam.access.keys import require_audit_key
from ungsam.lib.field_crypto import require_field_key
from ungsam.web.checks import NO_KEY_MESSAGE


def refuse_to_serve_without_keys() -> None:
    # Without DJANGO_SECRET_KEY settings makes a throwaway key: every restart would log everyone
    # out and each worker would refuse the others' sessions and CSRF tokens.
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured(NO_KEY_MESSAGE)
    # Without the audit key no read of personal data could be recorded (ungsam.access.keys says
    # where the key comes from).
    require_audit_key()
    # Without the field key no national identity number could be stored or shown: every page
    # that reads one would fail, so refuse at start instead (ungsam.lib.field_crypto).
    require_field_key()
