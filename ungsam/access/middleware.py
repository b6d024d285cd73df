import ipaddress
import time
import uuid

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import SESSION_KEY as SESSION_USER_KEY
from django.shortcuts import redirect
from django.urls import reverse

from ungsam.access import policy
from ungsam.access.context import RequestContext, current
from ungsam.org.own_password import must_choose_password


def client_ip(request) -> str | None:
    """The client address: REMOTE_ADDR, or the one the trusted proxies in front of us saw."""
    trusted = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR", "")
    if trusted:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= trusted:
            candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class RequestContextMiddleware:
    """Gives each request an id (also sent back as X-Request-ID) for the audit log and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = str(uuid.uuid4())
        token = current.set(RequestContext(request.request_id, client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class PermissionsPolicyMiddleware:
    """Turns off browser features the app never uses; caches nothing that holds personal data."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        if not request.path.startswith(settings.STATIC_URL):
            response.setdefault("Cache-Control", "no-store")
        return response


# Paths a user still holding a password someone else chose may reach: logout, language, static
# files (and the page where they choose their own).
OWN_PASSWORD_EXEMPT_PREFIXES = ("/konto/logout/", "/i18n/", "/static/", "/healthz")


class OwnPasswordRequiredMiddleware:
    """Sends a user whose password someone else chose to choose their own before anything else,
    MFA set-up included (that password works for this one login only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: an exempt request (static files, /healthz) loads no user.
        if not request.path.startswith(OWN_PASSWORD_EXEMPT_PREFIXES) and must_choose_password(
            request.user
        ):
            target = reverse("account:choose_password")
            if request.path != target:
                return redirect(target)
        return self.get_response(request)


# Paths a user without a second factor may still reach: login, MFA set-up, logout, language.
MFA_EXEMPT_PREFIXES = ("/konto/", "/i18n/", "/static/", "/healthz")


class MfaRequiredMiddleware:
    """Sends every user whose role can read personal data to set up MFA before anything else."""

    SESSION_KEY = "ungsam_mfa_enrolled"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not settings.DEMO_SKIP_MFA
            and not request.session.get(self.SESSION_KEY)
            and user.is_authenticated
            and policy.needs_mfa(user)
        ):
            if not Authenticator.objects.filter(user=user).exists():
                # A page that says why, and offers an authenticator app or a security key.
                return redirect("account:mfa_setup")
            request.session[self.SESSION_KEY] = True
        return self.get_response(request)


class SessionActivityMiddleware:
    """At most once a minute per session: move the sliding expiry (save the session) and record
    the session's last activity for the user's session list. Every other request writes neither,
    so a read-only page writes only its audit row. Replaces allauth's UserSessionsMiddleware,
    which updated the activity row on every request."""

    SESSION_KEY = "ungsam_active_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # The session says whether someone is logged in, without loading the user: most
        # requests then do nothing here at all.
        if session is not None and session.get(SESSION_USER_KEY):
            now = int(time.time())
            due = now - session.get(self.SESSION_KEY, 0) >= settings.SESSION_REFRESH_SECONDS
            if due and request.user.is_authenticated:
                session[self.SESSION_KEY] = now  # modified: the session is saved, expiry moves
                if session.session_key:
                    UserSession.objects.create_from_request(request)
        return self.get_response(request)
