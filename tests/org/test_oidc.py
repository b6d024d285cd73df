"""OpenID Connect sign-in refuses logins below the required assurance level (acr)."""

from types import SimpleNamespace

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from django.test import RequestFactory

from ungsam.org.adapters import SocialAccountAdapter, acr_is_sufficient


def test_it_requires_the_configured_acr(settings):
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    assert acr_is_sufficient("idporten", {"acr": "idporten-loa-high"})
    assert not acr_is_sufficient("idporten", {"acr": "idporten-loa-substantial"})
    assert not acr_is_sufficient("idporten", {})
    assert acr_is_sufficient("entra", {})  # nothing required


def test_it_refuses_a_weak_login_with_403(settings, db):
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    account = SimpleNamespace(
        provider="idporten", extra_data={"id_token": {"acr": "idporten-loa-low"}}
    )
    request = RequestFactory().get("/konto/oidc/idporten/login/callback/")
    with pytest.raises(ImmediateHttpResponse) as exc:
        SocialAccountAdapter().pre_social_login(request, SimpleNamespace(account=account))
    assert exc.value.response.status_code == 403


def test_it_configures_providers_from_the_environment(monkeypatch):
    import importlib

    import ungsam.settings as base

    monkeypatch.setenv("UNGSAM_OIDC_ENTRA_CLIENT_ID", "ungsam-test")
    monkeypatch.setenv("UNGSAM_OIDC_ENTRA_SERVER_URL", "https://login.example.test/v2.0")
    reloaded = importlib.reload(base)
    try:
        apps = reloaded.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
        assert apps[0]["provider_id"] == "entra"
        assert apps[0]["settings"]["server_url"] == "https://login.example.test/v2.0"
    finally:
        monkeypatch.delenv("UNGSAM_OIDC_ENTRA_CLIENT_ID")
        importlib.reload(base)
