"""allauth hooks: no self sign-up (accounts are made by admins and leaders), and OpenID Connect
logins are refused unless the identity provider vouches for the required assurance level (acr)."""

import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # A mail server that is down must not turn "forgot password" into an error page; the
        # page says the same whether or not a mail went out (no account enumeration).
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            logger.error("Could not send %s mail (mail server unreachable)", template_prefix)


def acr_is_sufficient(provider_id: str, claims: dict) -> bool:
    required = settings.OIDC_REQUIRED_ACR.get(provider_id) or []
    return not required or claims.get("acr") in required


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
        if not acr_is_sufficient(sociallogin.account.provider, claims):
            raise ImmediateHttpResponse(render(request, "org/acr_refused.html", status=403))
