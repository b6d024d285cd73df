"""The CSP's form-action lets the login form's redirect reach the providers' authorization
endpoints (browsers apply form-action to a form's redirect target), and nothing else; a provider
whose discovery document cannot be fetched leaves the pages working."""

import importlib
import logging

import pytest
import requests

from ungsam.org import oidc_csp


def form_action(response) -> str:
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return directives["form-action"]


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no request may leave here")

    monkeypatch.setattr(oidc_csp.requests, "get", refuse)


def test_it_lets_the_login_form_redirect_to_the_provider(oidc_standin, client):
    response = client.get("/konto/login/")
    assert response.status_code == 200
    assert form_action(response) == f"'self' {oidc_standin.url}"
    # The page the provider's login button leads to, whose form answers with the redirect.
    response = client.get("/konto/oidc/idporten/login/")
    assert form_action(response) == f"'self' {oidc_standin.url}"


def test_it_fetches_the_discovery_document_once(oidc_standin, client):
    for _ in range(3):
        client.get("/konto/login/")
    assert oidc_standin.discovery_requests == 1


def test_it_adds_nothing_without_providers(settings, db, client, no_network):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert form_action(client.get("/konto/login/")) == "'self'"


def test_it_takes_the_endpoint_from_settings_without_fetching(settings, db, client, no_network):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "entra",
                    "settings": {
                        "server_url": "https://login.example.test/tenant/v2.0",
                        "openid_configuration_overrides": {
                            "authorization_endpoint": "https://login.example.test/tenant/authorize"
                        },
                    },
                }
            ]
        }
    }
    assert form_action(client.get("/konto/login/")) == "'self' https://login.example.test"


def unreachable_app():
    # Nothing listens on the discard port on loopback: the connection is refused at once.
    return {"provider_id": "idporten", "settings": {"server_url": "http://127.0.0.1:9"}}


def test_it_leaves_out_a_provider_whose_discovery_fails_and_retries_later(
    settings, db, client, caplog, monkeypatch
):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [unreachable_app()]}}
    oidc_csp.clear_cache()
    calls = []
    real_get = requests.get

    def counting_get(*args, **kwargs):
        calls.append(args)
        return real_get(*args, **kwargs)

    monkeypatch.setattr(oidc_csp.requests, "get", counting_get)
    clock = [1000.0]
    monkeypatch.setattr(oidc_csp.time, "monotonic", lambda: clock[0])

    with caplog.at_level(logging.WARNING, logger="ungsam.org.oidc_csp"):
        response = client.get("/konto/login/")
    assert response.status_code == 200
    assert form_action(response) == "'self'"
    assert [r.getMessage() for r in caplog.records] == [
        "OpenID Connect provider idporten: discovery failed (ConnectionError); its login is "
        f"left out of the CSP form-action, retry in {oidc_csp.RETRY_SECONDS} s"
    ]

    client.get("/konto/login/")
    assert len(calls) == 1, "a failed provider is not asked again on every page"
    clock[0] += oidc_csp.RETRY_SECONDS + 1
    client.get("/konto/login/")
    assert len(calls) == 2, "and is asked again after a while"
    oidc_csp.clear_cache()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example.test;script-src 'unsafe-inline'",
        "https://evil.example.test 'unsafe-inline'",
        "javascript:alert(1)",
        "/authorize",
        None,
        42,
    ],
)
def test_it_refuses_an_endpoint_that_is_not_a_plain_origin(endpoint):
    assert oidc_csp.origin_of(endpoint) is None


def test_it_keeps_the_port_of_an_origin():
    assert oidc_csp.origin_of("http://127.0.0.1:5123/auth?x=1") == "http://127.0.0.1:5123"
    assert oidc_csp.origin_of("https://login.idporten.no/authorize") == "https://login.idporten.no"


def test_it_fetches_nothing_at_start_up(settings, no_network):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [unreachable_app()]}}
    module = importlib.reload(oidc_csp)
    module.OIDCFormActionCSPMiddleware(lambda request: None)
