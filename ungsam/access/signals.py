"""Logins, logouts and failed logins go into the audit log."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ungsam.access import audit
from ungsam.access.models import AuditAction, Purpose


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(user, audit.Entry(AuditAction.LOGIN, Purpose.AUTHENTICATION, obj=user))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(user, audit.Entry(AuditAction.LOGOUT, Purpose.AUTHENTICATION, obj=user))


def account_tried(credentials: dict):
    """The account whose username was typed, if one exists. The typed text itself is never
    recorded: people type passwords into the username box."""
    username = credentials.get("username") or credentials.get("login")
    if not isinstance(username, str) or not username or len(username) > 150 or "\x00" in username:
        return None
    return (
        get_user_model()
        .objects.filter(username__iexact=username)
        .order_by("id")
        .only("id", "home_municipality_id")
        .first()
    )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit.record(
        AnonymousUser(),
        audit.Entry(
            AuditAction.LOGIN_FAILED, Purpose.AUTHENTICATION, obj=account_tried(credentials)
        ),
    )
