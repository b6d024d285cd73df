"""Logins, logouts and failed logins go into the audit log."""

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


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted username is not recorded: it may be a mistyped password.
    audit.record(None, audit.Entry(AuditAction.LOGIN_FAILED, Purpose.AUTHENTICATION))
