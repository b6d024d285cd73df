"""The CSP's form-action, opened to the OpenID Connect providers' authorization endpoints.

The login page posts to /konto/oidc/<provider>/login/, which answers with a redirect to the
provider; browsers hold the target of that redirect to form-action too, so `'self'` alone blocks
every OIDC login. Each endpoint's origin comes from the app's settings
(`openid_configuration_overrides`) or from its discovery document, fetched the first time a page
needs it (never at start-up), with a short timeout, and kept for an hour. A provider whose document
cannot be had is left out, logged, and tried again a few minutes later: pages keep working."""

import logging
import re
import time
from urllib.parse import urlsplit

import requests
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

logger = logging.getLogger(__name__)

DISCOVERY_TIMEOUT_SECONDS = 2
KEEP_SECONDS = 3600
RETRY_SECONDS = 300
# A host and port only: the origin goes into a header, so nothing that could end a directive.
_NETLOC = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")

# discovery URL -> (monotonic time it expires, origin or None). Per process, so a page never
# waits on a shared cache; each worker fetches a provider's document once an hour at most.
_origins: dict[str, tuple[float, str | None]] = {}


def clear_cache() -> None:
    _origins.clear()


def discovery_url(server_url: str) -> str:
    if "/.well-known/" in server_url:
        return server_url
    return server_url.rstrip("/") + "/.well-known/openid-configuration"


def origin_of(url) -> str | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not _NETLOC.fullmatch(parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _fetch_origin(provider_id: str, url: str) -> str | None:
    try:
        response = requests.get(url, timeout=DISCOVERY_TIMEOUT_SECONDS)
        response.raise_for_status()
        origin = origin_of(response.json().get("authorization_endpoint"))
    except (requests.RequestException, ValueError, AttributeError) as exc:
        logger.warning(
            "OpenID Connect provider %s: discovery failed (%s); its login is left out of the "
            "CSP form-action, retry in %s s",
            provider_id,
            type(exc).__name__,
            RETRY_SECONDS,
        )
        return None
    if origin is None:
        logger.warning(
            "OpenID Connect provider %s: the discovery document has no usable "
            "authorization_endpoint; retry in %s s",
            provider_id,
            RETRY_SECONDS,
        )
    return origin


def _authorization_origin(app: dict) -> str | None:
    app_settings = app.get("settings") or {}
    overrides = app_settings.get("openid_configuration_overrides") or {}
    if "authorization_endpoint" in overrides:
        return origin_of(overrides["authorization_endpoint"])
    if not app_settings.get("server_url"):
        return None
    url = discovery_url(app_settings["server_url"])
    now = time.monotonic()
    cached = _origins.get(url)
    if cached and cached[0] > now:
        return cached[1]
    origin = _fetch_origin(app.get("provider_id", "?"), url)
    _origins[url] = (now + (KEEP_SECONDS if origin else RETRY_SECONDS), origin)
    return origin


def authorization_origins() -> list[str]:
    """The origins of the configured providers' authorization endpoints, each once."""
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get("openid_connect") or {}
    origins: list[str] = []
    for app in providers.get("APPS") or []:
        origin = _authorization_origin(app)
        if origin and origin not in origins:
            origins.append(origin)
    return origins


class OIDCFormActionCSPMiddleware(CSPMiddleware):
    """django-csp's middleware (its documented extension point), adding the providers'
    authorization origins to form-action on HTML pages, the only responses that have forms."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not response.get("Content-Type", "").startswith("text/html"):
            return parts
        origins = authorization_origins()
        if origins:
            update = dict(parts.update or {})
            update["form-action"] = [*(update.get("form-action") or []), *origins]
            parts.update = update
        return parts
