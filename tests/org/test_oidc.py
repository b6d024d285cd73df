"""OpenID Connect sign-in refuses logins below the required assurance level (acr), logins whose
id_token does not return the nonce the request sent, and subjects nobody is linked to."""

import importlib
from types import SimpleNamespace

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from ungsam.access.models import AuditAction, AuditEvent
from ungsam.org.adapters import SocialAccountAdapter, acr_is_sufficient


def test_it_requires_the_configured_acr(settings):
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    assert acr_is_sufficient("idporten", {"acr": "idporten-loa-high"})
    assert not acr_is_sufficient("idporten", {"acr": "idporten-loa-substantial"})
    assert not acr_is_sufficient("idporten", {})
    assert acr_is_sufficient("entra", {})  # nothing required


@pytest.mark.parametrize(
    "configured",
    [
        "idporten-loa-substantial idporten-loa-high",
        "idporten-loa-substantial,idporten-loa-high",
        ["idporten-loa-substantial idporten-loa-high"],
        ["idporten-loa-substantial", "idporten-loa-high"],
    ],
)
def test_it_reads_acr_values_space_separated_and_commas_too(settings, configured):
    settings.OIDC_REQUIRED_ACR = {"idporten": configured}
    assert acr_is_sufficient("idporten", {"acr": "idporten-loa-high"})
    assert acr_is_sufficient("idporten", {"acr": "idporten-loa-substantial"})
    # Whole values only: a part of the setting's text is no level.
    assert not acr_is_sufficient("idporten", {"acr": "idporten-loa"})
    assert not acr_is_sufficient("idporten", {"acr": "idporten-loa-substantial idporten-loa-high"})


def fake_login(*, acr="idporten-loa-high", sent="n-1", received="n-1", user=None):
    claims = {"sub": "subject-1", "acr": acr}
    if received is not None:
        claims["nonce"] = received
    account = SimpleNamespace(provider="idporten", extra_data={"id_token": claims})
    state = {"process": "login", **({"nonce": sent} if sent is not None else {})}
    return SimpleNamespace(account=account, state=state, is_existing=user is not None, user=user)


def refuse(login) -> int:
    request = RequestFactory().get("/konto/oidc/idporten/login/callback/")
    request.user = AnonymousUser()
    with pytest.raises(ImmediateHttpResponse) as exc:
        SocialAccountAdapter().pre_social_login(request, login)
    return exc.value.response.status_code


def failed_logins():
    return list(
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).values_list(
            "actor_id", "object_type", "object_id"
        )
    )


def test_it_refuses_a_weak_login_with_403_and_a_login_failed_row(settings, personas):
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    assert refuse(fake_login(acr="idporten-loa-low", user=personas.los_a)) == 403
    assert failed_logins() == [(None, "org.user", str(personas.los_a.pk))]


@pytest.mark.parametrize(
    ("sent", "received"),
    [("n-1", None), ("n-1", "n-2"), (None, "n-1"), (None, None)],
    ids=["missing-in-token", "different", "not-sent", "neither"],
)
def test_it_refuses_a_login_whose_nonce_does_not_match(settings, personas, sent, received):
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    assert refuse(fake_login(sent=sent, received=received, user=personas.los_a)) == 403
    assert failed_logins() == [(None, "org.user", str(personas.los_a.pk))]


def test_it_refuses_an_unlinked_subject_with_403(settings, db):
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    assert refuse(fake_login(user=None)) == 403
    assert failed_logins() == [(None, "", "")]


def test_it_lets_a_linked_login_with_the_right_nonce_and_acr_through(settings, personas):
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    request = RequestFactory().get("/konto/oidc/idporten/login/callback/")
    request.user = AnonymousUser()
    SocialAccountAdapter().pre_social_login(request, fake_login(user=personas.los_a))
    assert failed_logins() == []


@pytest.fixture
def reload_settings(monkeypatch):
    import ungsam.settings as base

    def _reload(**environ):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(base)

    yield _reload
    monkeypatch.undo()
    importlib.reload(base)


def test_it_configures_providers_from_the_environment(reload_settings):
    reloaded = reload_settings(
        UNGSAM_OIDC_ENTRA_CLIENT_ID="ungsam-test",
        UNGSAM_OIDC_ENTRA_SERVER_URL="https://login.example.test/v2.0",
    )
    config = reloaded.SOCIALACCOUNT_PROVIDERS["openid_connect"]
    apps = config["APPS"]
    assert apps[0]["provider_id"] == "entra"
    assert apps[0]["settings"]["server_url"] == "https://login.example.test/v2.0"
    # No empty acr_values: what is asked for comes from OIDC_REQUIRED_ACR (ungsam/org/oidc.py).
    assert "auth_params" not in apps[0]["settings"]
    assert config["provider_class"] == "ungsam.org.oidc.OpenIDConnectProvider"
    assert config["OAUTH_PKCE_ENABLED"] is True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ["idporten-loa-high"]),
        ("", ["idporten-loa-high"]),
        (
            "idporten-loa-substantial idporten-loa-high",
            ["idporten-loa-substantial", "idporten-loa-high"],
        ),
        (
            "idporten-loa-substantial, idporten-loa-high",
            ["idporten-loa-substantial", "idporten-loa-high"],
        ),
    ],
)
def test_it_reads_the_required_acr_from_the_environment(
    reload_settings, monkeypatch, raw, expected
):
    monkeypatch.delenv("UNGSAM_OIDC_IDPORTEN_ACR", raising=False)
    reloaded = reload_settings(**({"UNGSAM_OIDC_IDPORTEN_ACR": raw} if raw is not None else {}))
    assert reloaded.OIDC_REQUIRED_ACR["idporten"] == expected
    assert reloaded.OIDC_REQUIRED_ACR["entra"] == []  # Entra ID: nothing unless configured


def test_it_registers_the_nonce_provider_with_allauth():
    from allauth.socialaccount.providers import registry

    from ungsam.org.oidc import OpenIDConnectProvider

    assert registry.get_class("openid_connect") is OpenIDConnectProvider
