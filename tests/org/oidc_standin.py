"""A stand-in OpenID Provider (ID-porten-like) on 127.0.0.1: discovery, JWKS, token endpoint and
a signed id_token, for fast tests through Django's test client. `tests/e2e/test_oidc_provider.py`
runs the same flow against a real provider implementation in a real browser."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "ungsam-test-client"


class StandInProvider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.acr = "idporten-loa-high"
        self.sub = "standin-user-1"
        self.nonce = None  # the id_token's nonce; None leaves it out
        self.discovery_requests = 0
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
                    provider.discovery_requests += 1
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
            # ID-porten puts the national identity number in every id_token.
            "pid": "01010112345",
        }
        if self.nonce is not None:
            claims["nonce"] = self.nonce
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "k1"})

    def app(self):
        """The provider as one entry of SOCIALACCOUNT_PROVIDERS' APPS."""
        return {
            "provider_id": "idporten",
            "name": "ID-porten",
            "client_id": CLIENT_ID,
            "secret": "standin-secret",
            "settings": {"server_url": self.url},
        }

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
