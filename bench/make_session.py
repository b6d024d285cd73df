"""Prints N authenticated session keys (one per line) for a demo user, for `make bench`.

The login form needs a second factor, so the bench skips it: it gives the user a TOTP
authenticator (so the MFA middleware lets them through) and writes sessions directly, with the
same keys django.contrib.auth.login() would set.

Usage: python bench/make_session.py [USERNAME] [COUNT]
"""

import os
import sys
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)

from ungsam.access.middleware import MfaRequiredMiddleware  # noqa: E402

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # bench-only, fictitious user


def main() -> None:
    username = sys.argv[1] if len(sys.argv) > 1 else "lise.los"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    user = get_user_model().objects.get(username=username)
    # The bench user has chosen her own password (the demo's one-time password would send every
    # request to "choose your own password" with DEBUG off).
    user.must_set_password = False
    user.save(update_fields=["must_set_password"])
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
        )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for _ in range(count):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[MfaRequiredMiddleware.SESSION_KEY] = True
        session.create()
        print(session.session_key)


if __name__ == "__main__":
    main()
