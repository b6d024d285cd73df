"""allauth hooks: no self sign-up (accounts are made by admins and leaders), and OpenID Connect
logins are refused unless the identity provider vouches for the required assurance level (acr)."""

import logging
import smtplib
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render

from ungsam.access import audit
from ungsam.access.models import AuditAction, Purpose
from ungsam.org import oidc, own_password

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None and not own_password.spend_initial_password(user):
            # A password someone else chose, used once already: refused exactly like a wrong
            # password. allauth gave back the failed-login count it took for a right password,
            # so take it again (the lockout), and send Django's signal (the login_failed row).
            safe = {key: value for key, value in credentials.items() if key != "password"}
            user_login_failed.send(sender=__name__, credentials=safe, request=request)
            self.authentication_failed(request, **credentials)
            self.pre_authenticate(request, **credentials)
            return None
        return user

    def is_reauthentication_required(self, *, app, **kwargs):
        # allauth 65 counts only an explicit re-authentication as recent, so a person who had
        # just typed the password at login was asked for it again on the way to MFA set-up.
        # A password or second factor given in this session within allauth's re-authentication
        # timeout is as fresh as a re-authentication; after that allauth asks as before.
        if self.request is not None and self._authenticated_recently(self.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    @staticmethod
    def _authenticated_recently(request) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        times = [
            record.get("at", 0)
            for record in get_authentication_records(request, user)
            if record.get("method") in ("password", "mfa")
        ]
        times.append(request.session.get(own_password.PASSWORD_CHOSEN_AT, 0))
        return time.time() - max(times) < account_settings.REAUTHENTICATION_TIMEOUT

    def send_mail(self, template_prefix, email, context):
        # A mail server that is down must not turn "forgot password" into an error page; the
        # page says the same whether or not a mail went out (no account enumeration).
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            logger.error("Could not send %s mail (mail server unreachable)", template_prefix)


def acr_is_sufficient(provider_id: str, claims: dict) -> bool:
    required = oidc.required_acr(provider_id)
    return not required or claims.get("acr") in required


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        # Every social login here is OpenID Connect, the only provider installed.
        provider_id = sociallogin.account.provider
        if not oidc.nonce_matches(sociallogin):
            self._refuse(request, sociallogin, "org/oidc_unverified.html")
        if not acr_is_sufficient(provider_id, oidc.id_token_claims(sociallogin)):
            self._refuse(request, sociallogin, "org/acr_refused.html")
        # Nobody signs up through a provider; linking an account while logged in (connect) is
        # allauth's own flow.
        process = (sociallogin.state or {}).get("process")
        if not sociallogin.is_existing and process != AuthProcess.CONNECT:
            self._refuse(request, sociallogin, "org/oidc_unlinked.html")

    def _refuse(self, request, sociallogin, template):
        # The subject, the tokens and the claims stay out of the log: the row names the linked
        # account, if there is one, and nothing else.
        user = sociallogin.user if sociallogin.is_existing else None
        audit.record(
            request.user,
            audit.Entry(AuditAction.LOGIN_FAILED, Purpose.AUTHENTICATION, obj=user),
        )
        raise ImmediateHttpResponse(render(request, template, status=403))
