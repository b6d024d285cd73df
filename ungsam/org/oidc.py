"""OpenID Connect on allauth's generic provider, with what allauth's leaves out: every
authorization request carries a fresh nonce and the acr values Ungsam requires, and a callback is
accepted only when the id_token returns that nonce and one of those acr values.

Registered in settings through allauth's own hook,
SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]; the checks run in
`SocialAccountAdapter.pre_social_login` (ungsam/org/adapters.py)."""

import hmac
import secrets

from allauth.socialaccount.providers.openid_connect import provider as allauth_oidc
from django.conf import settings

from ungsam.env import split_words

NONCE_BYTES = 32
# What Ungsam needs of a provider's answer: who (sub), from whom (iss, aud), how strongly (acr,
# amr) and for which request (nonce, times). allauth stores the rest in SocialAccount.extra_data,
# and ID-porten's id_token carries the national identity number (pid): keep none of it.
KEPT_CLAIMS = frozenset({"sub", "iss", "aud", "acr", "amr", "nonce", "iat", "exp", "auth_time"})


def required_acr(provider_id: str) -> list[str]:
    """The acr values a login through this provider must carry; empty when nothing is required.
    Settings may hold a list or one string, space-separated as OpenID Connect's acr_values (and
    comma-separated, as the environment variable used to be)."""
    value = settings.OIDC_REQUIRED_ACR.get(provider_id) or []
    if isinstance(value, str):
        value = [value]
    return [word for item in value for word in split_words(item)]


def id_token_claims(sociallogin) -> dict:
    return (sociallogin.account.extra_data or {}).get("id_token") or {}


def nonce_matches(sociallogin) -> bool:
    """The id_token answers the authorization request this browser's session started: its nonce
    is the one stashed with the (single-use) state."""
    sent = (sociallogin.state or {}).get("nonce")
    received = id_token_claims(sociallogin).get("nonce")
    if not isinstance(sent, str) or not isinstance(received, str):
        return False
    return hmac.compare_digest(sent.encode(), received.encode())


def trimmed(response: dict) -> dict:
    return {
        part: {k: v for k, v in (response.get(part) or {}).items() if k in KEPT_CLAIMS}
        for part in ("id_token", "userinfo")
        if response.get(part)
    }


class OpenIDConnectProvider(allauth_oidc.OpenIDConnectProvider):
    # allauth builds the provider's URLs from `<package>.urls`: keep its own login and callback.
    package = "allauth.socialaccount.providers.openid_connect"

    def sociallogin_from_response(self, request, response):
        return super().sociallogin_from_response(request, trimmed(response))

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        nonce = secrets.token_urlsafe(NONCE_BYTES)
        auth_params["nonce"] = nonce
        # Ask for exactly the level that will be checked: without acr_values ID-porten and
        # other providers may answer with no acr at all, and every login would be refused.
        acr = required_acr(self.app.provider_id)
        if acr:
            auth_params["acr_values"] = " ".join(acr)
        else:
            auth_params.pop("acr_values", None)
        # Extra keyword arguments are stashed with the state, which the callback consumes once.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
