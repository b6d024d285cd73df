"""OpenID Connect sign-in against a local stand-in provider (ID-porten-like): discovery, JWKS,
token endpoint and a signed id_token, all on 127.0.0.1. A login whose `acr` is below the
required level is refused; a strong one logs in the linked account."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "ungsam-test-client"


class StandInProvider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.acr = "idporten-loa-high"
        self.sub = "standin-user-1"
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, payload):
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                path = urlparse(self.path).path
                if path == "/.well-known/openid-configuration":
                    self._json(provider.discovery())
                elif path == "/jwks":
                    jwk = json.loads(RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._json({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
                elif path == "/userinfo":
                    self._json({"sub": provider.sub})
                else:
                    self.send_error(404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                if urlparse(self.path).path != "/token":
                    self.send_error(404)
                    return
                self._json(
                    {
                        "access_token": "standin-access-token",
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.id_token(),
                    }
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def discovery(self):
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def id_token(self):
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": self.sub,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "acr": self.acr,
        }
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "k1"})

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings):
    stand_in = StandInProvider()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "idporten",
                    "name": "ID-porten",
                    "client_id": CLIENT_ID,
                    "secret": "standin-secret",
                    "settings": {"server_url": stand_in.url},
                }
            ],
        }
    }
    settings.OIDC_REQUIRED_ACR = {"idporten": ["idporten-loa-high"]}
    yield stand_in
    stand_in.stop()


def sign_in(client, provider):
    response = client.post("/konto/oidc/idporten/login/")
    assert response.status_code == 302
    authorize = urlparse(response["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == provider.url
    state = parse_qs(authorize.query)["state"][0]
    return client.get("/konto/oidc/idporten/login/callback/", {"code": "abc", "state": state})


def test_it_refuses_a_login_below_the_required_acr(provider, personas, client):
    SocialAccount.objects.create(user=personas.los_a, provider="idporten", uid=provider.sub)
    provider.acr = "idporten-loa-substantial"
    response = sign_in(client, provider)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_it_logs_in_the_linked_account_at_the_required_acr(provider, personas, client):
    SocialAccount.objects.create(user=personas.los_a, provider="idporten", uid=provider.sub)
    response = sign_in(client, provider)
    assert response.status_code == 302
    # The account has a second factor enrolled; allauth asks for it after the provider, too.
    assert response["Location"] == "/konto/2fa/authenticate/", response["Location"]


def test_it_does_not_create_accounts_for_unknown_people(provider, personas, client):
    response = sign_in(client, provider)
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
