"""OpenID Connect sign-in against a local stand-in provider (ID-porten-like): discovery, JWKS,
token endpoint and a signed id_token, all on 127.0.0.1. The authorize request carries PKCE, a
nonce and the required acr_values; a login is refused (403, and a `login_failed` audit row) when
the id_token's nonce is missing or differs, when its `acr` is below the required level, or when
nobody is linked to its subject; a good one logs in the linked account."""

from urllib.parse import parse_qs, urlparse

import pytest
from allauth.socialaccount.models import SocialAccount

from ungsam.access.models import AuditAction, AuditEvent

ECHO = object()  # the stand-in returns the nonce the authorize request sent


def start(client, provider):
    """The login form's POST: a redirect to the provider. Returns the authorize parameters."""
    response = client.post("/konto/oidc/idporten/login/")
    assert response.status_code == 302
    authorize = urlparse(response["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == provider.url
    return {key: values[0] for key, values in parse_qs(authorize.query).items()}


def sign_in(client, provider, nonce=ECHO):
    params = start(client, provider)
    provider.nonce = params.get("nonce") if nonce is ECHO else nonce
    return client.get(
        "/konto/oidc/idporten/login/callback/", {"code": "abc", "state": params["state"]}
    )


def failed_logins():
    return list(
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).values_list(
            "object_type", "object_id"
        )
    )


@pytest.fixture
def linked(oidc_standin, personas):
    SocialAccount.objects.create(user=personas.los_a, provider="idporten", uid=oidc_standin.sub)
    return personas.los_a


def test_it_asks_for_the_required_acr_with_a_nonce_and_pkce(oidc_standin, settings, client):
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-substantial", "idporten-loa-high"]}
    params = start(client, oidc_standin)
    # OpenID Connect Core 3.1.2.1: acr_values is one space-separated string.
    assert params["acr_values"] == "idporten-loa-substantial idporten-loa-high"
    assert len(params["nonce"]) >= 32
    assert params["nonce"] != start(client, oidc_standin)["nonce"]  # fresh for every request
    assert params["code_challenge_method"] == "S256" and params["code_challenge"]
    assert params["scope"] == "openid"


def test_it_asks_for_idporten_loa_high_when_nothing_is_configured(oidc_standin, client):
    # The fixture keeps the default of ungsam/settings.py with UNGSAM_OIDC_IDPORTEN_ACR unset.
    assert start(client, oidc_standin)["acr_values"] == "idporten-loa-high"


def test_it_asks_for_no_acr_when_none_is_required(oidc_standin, settings, client):
    settings.OIDC_REQUIRED_ACR = {"idporten": []}
    assert "acr_values" not in start(client, oidc_standin)


def test_it_logs_in_the_linked_account_at_the_required_acr(oidc_standin, linked, client):
    response = sign_in(client, oidc_standin)
    assert response.status_code == 302
    # The account has a second factor enrolled; allauth asks for it after the provider, too.
    assert response["Location"] == "/konto/2fa/authenticate/", response["Location"]
    assert failed_logins() == []


def test_it_stores_no_national_identity_number_from_the_provider(oidc_standin, linked, client):
    from allauth.socialaccount.models import SocialAccount

    oidc_standin.acr = "idporten-loa-substantial"  # refused logins store nothing either
    sign_in(client, oidc_standin)
    oidc_standin.acr = "idporten-loa-high"
    sign_in(client, oidc_standin)
    stored = SocialAccount.objects.get(user=linked).extra_data
    assert "01010112345" not in str(stored)
    assert stored["id_token"]["sub"] == oidc_standin.sub


def test_it_refuses_a_login_below_the_required_acr(oidc_standin, linked, client):
    oidc_standin.acr = "idporten-loa-substantial"
    response = sign_in(client, oidc_standin)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert failed_logins() == [("org.user", str(linked.pk))]


@pytest.mark.parametrize("nonce", [None, "another-nonce"], ids=["missing", "different"])
def test_it_refuses_an_id_token_without_the_nonce_it_asked_for(oidc_standin, linked, client, nonce):
    response = sign_in(client, oidc_standin, nonce=nonce)
    assert response.status_code == 403
    assert "Start innloggingen på nytt" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert failed_logins() == [("org.user", str(linked.pk))]


def test_it_refuses_an_unlinked_subject_and_creates_no_account(oidc_standin, personas, client):
    response = sign_in(client, oidc_standin)
    assert response.status_code == 403
    body = response.content.decode()
    assert "ingen Ungsam-konto er knyttet til denne innloggingen" in body
    assert oidc_standin.sub not in body
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert failed_logins() == [("", "")]


def test_it_refuses_a_replayed_callback(oidc_standin, linked, client):
    params = start(client, oidc_standin)
    oidc_standin.nonce = params["nonce"]
    callback = {"code": "abc", "state": params["state"]}
    first = client.get("/konto/oidc/idporten/login/callback/", callback)
    assert first["Location"] == "/konto/2fa/authenticate/"
    replay = client.get("/konto/oidc/idporten/login/callback/", callback)
    assert replay.status_code >= 400
    assert replay.get("Location") != "/konto/2fa/authenticate/"
