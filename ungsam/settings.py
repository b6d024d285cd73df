"""Ungsam settings. Every value that differs between machines comes from the environment
(see README, "Settings"). The defaults are the safe ones: DEBUG off, no default secret."""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ungsam.env import (
    env_bool,
    env_day_months,
    env_int,
    env_int_set,
    env_list,
    env_secret,
    env_words,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

# Required to serve: wsgi.py (so gunicorn and runserver) and `check --deploy` refuse to start
# without it. Commands that sign nothing, such as makemigrations, run with a throwaway key.
_secret_key = env_secret("DJANGO_SECRET_KEY")
SECRET_KEY_FROM_ENVIRONMENT = bool(_secret_key)
SECRET_KEY = _secret_key or secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Demo users may skip MFA only on a developer's machine; never in production.
DEMO_SKIP_MFA = env_bool("UNGSAM_DEMO_SKIP_MFA", False)
if DEMO_SKIP_MFA and not DEBUG:
    raise ImproperlyConfigured(
        "UNGSAM_DEMO_SKIP_MFA is on while DJANGO_DEBUG is off. Refusing to start: "
        "MFA may only be skipped on a development machine."
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ungsam.org",
    "ungsam.access",
    "ungsam.people",
    "ungsam.cases",
    "ungsam.plans",
    "ungsam.collab",
    "ungsam.concerns",
    "ungsam.outreach",
    "ungsam.stats",
    "ungsam.transfer",
    "ungsam.ot",
    "ungsam.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ungsam.access.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ungsam.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ungsam.access.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ungsam.org.oidc_csp.OIDCFormActionCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ungsam.access.middleware.PermissionsPolicyMiddleware",
    "ungsam.access.middleware.OwnPasswordRequiredMiddleware",
    "ungsam.access.middleware.MfaRequiredMiddleware",
    # With DEBUG only: the app's own 404 and 403 pages instead of Django's technical ones.
    "ungsam.web.debug_errors.DebugErrorPagesMiddleware",
]

ROOT_URLCONF = "ungsam.urls"
WSGI_APPLICATION = "ungsam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ungsam" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ungsam.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at the start of each transaction, so audit rows are
    # chained one after another; WAL lets readers run beside the writer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
elif env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # PostgreSQL: parameters bound on the server, and a statement run five times on a
    # connection is prepared, so its plan is reused. Planning the policy's queries costs the
    # database more than running them (EXPLAIN ANALYZE of the dashboard's youth card: 1.0 ms
    # planning, 0.7 ms execution). Off for a transaction-mode connection pooler that cannot
    # hold prepared statements (DATABASE_PREPARED_STATEMENTS=false).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

CACHES = {
    "default": {
        # Login rate limits must be shared by every worker process: the database is always there.
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ungsam_cache",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
REDIS_URL = env_secret("REDIS_URL")
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    # Sessions from Redis: reading one costs no database round trip. (Without Redis they live
    # in the database, which every worker shares.) A Redis restart logs everyone out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

AUTHENTICATION_BACKENDS = [
    # allauth's backend, loading the user and her roles in force in one query per request.
    "ungsam.org.backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login (django-allauth) -------------------------------------------------------------
ACCOUNT_ADAPTER = "ungsam.org.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "ungsam.org.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # Lockout: after 5 failed attempts on one account, 15 minutes before the next try.
    "login_failed": ",".join(env_list("UNGSAM_LOGIN_FAILED_LIMITS", ["5/15m/key", "30/15m/ip"])),
    "login": "30/m/ip",
    "reauthenticate": "10/m/user",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("UNGSAM_TRUSTED_PROXY_COUNT", 0)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Ungsam"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# allauth refuses a second factor while the account has an unverified email address, so that
# someone who signs up with another person's address cannot lock its owner out. Here nobody
# signs up: admins make every account and type its address. Yet asking for a password reset
# copies that address into an unverified one, and the user could then never enrol MFA.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# allauth's security-key form has an unlabelled name field (shown as "Name").
MFA_FORMS = {"add_webauthn": "ungsam.org.account_forms.AddSecurityKeyForm"}
# Roles that must have a second factor before they reach any page. Blank means the default,
# never "nobody"; a name that is no role stops `check` (ungsam/web/checks.py).
MFA_REQUIRED_ROLES = env_words(
    "UNGSAM_MFA_REQUIRED_ROLES",
    ["field_worker", "caseworker", "leader", "partner", "analyst", "admin"],
)

# allauth would write each session's "last seen" on every request; SessionActivityMiddleware
# writes it (and the sliding expiry) at most once a minute instead.
USERSESSIONS_TRACK_ACTIVITY = False

# OpenID Connect: Entra ID for staff, ID-porten for citizens. Off unless configured.
OIDC_PROVIDERS = []
for _key, _name in (("ENTRA", "Entra ID"), ("IDPORTEN", "ID-porten")):
    _client_id = env_secret(f"UNGSAM_OIDC_{_key}_CLIENT_ID")
    if _client_id:
        OIDC_PROVIDERS.append(
            {
                "provider_id": _key.lower(),
                "name": _name,
                "client_id": _client_id,
                "secret": env_secret(f"UNGSAM_OIDC_{_key}_SECRET") or "",
                "settings": {"server_url": env_secret(f"UNGSAM_OIDC_{_key}_SERVER_URL") or ""},
            }
        )
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's provider plus a nonce and the required acr_values (ungsam/org/oidc.py).
        "provider_class": "ungsam.org.oidc.OpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        # Accounts are linked by the subject alone: ask for no profile or e-mail.
        "SCOPE": ["openid"],
        "APPS": OIDC_PROVIDERS,
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = False
# The acr values a provider must return, space-separated as OpenID Connect's acr_values (commas
# are read too); they are also what the login asks for. A login with another level is refused.
# Blank or unset gives the default, so ID-porten never goes without a level.
OIDC_REQUIRED_ACR = {
    "entra": env_words("UNGSAM_OIDC_ENTRA_ACR", []),
    "idporten": env_words("UNGSAM_OIDC_IDPORTEN_ACR", ["idporten-loa-high"]),
}

# --- Sessions: idle timeout -------------------------------------------------------------
IDLE_TIMEOUT_MINUTES = env_int("UNGSAM_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = IDLE_TIMEOUT_MINUTES * 60
# The idle timeout slides: SessionActivityMiddleware saves the session (moving its expiry) at
# most once a minute, so a read-only page writes nothing but its audit row.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers ------------------------------------------------------------------
_SECURE = not DEBUG
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", _SECURE)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", _SECURE)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", _SECURE)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if _SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", _SECURE)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", _SECURE)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Email (password reset). Console on a developer's machine; SMTP from the environment.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("DJANGO_EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "ungsam@localhost")

# --- Language and time -----------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files (Designsystemet, Inter, htmx from npm; never a CDN) --------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "ungsam" / "static",
    ("vendor/designsystemet", _NODE / "@digdir" / "designsystemet-css" / "dist"),
    ("vendor/designsystemet-web", _NODE / "@digdir" / "designsystemet-web" / "dist" / "umd"),
    ("vendor/inter", _NODE / "@fontsource" / "inter"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "ungsam.lib.static_storage.StaticFilesStorage"
    },
}

# --- Access policy knobs -----------------------------------------------------------------
# Roles that may see a protected address (DESIGN.md, access rule 8).
PROTECTED_ADDRESS_ROLES = env_list("UNGSAM_PROTECTED_ADDRESS_ROLES", ["leader"])
# Synthetic national identity numbers (Skatteetaten's test numbers, month + 80) are accepted only
# where this is on: `make run`, the bench and the tests. A real register never holds one.
ALLOW_SYNTHETIC_NATIONAL_IDS = env_bool("UNGSAM_ALLOW_SYNTHETIC_IDS", False)
# After this many days without a worker confirming how the youth is doing, her situation reads
# "not known" and the case lands on the work list (seed 002: cases "no party followed up").
SITUATION_STALE_DAYS = env_int("UNGSAM_SITUATION_STALE_DAYS", 60)
# Consents (issue 14): how long a consent lasts unless the worker says otherwise, in months.
CONSENT_DEFAULT_MONTHS = env_int("UNGSAM_CONSENT_DEFAULT_MONTHS", 12)
# Age guidance shown to the worker when she records a consent, never deciding anything: from
# this age the youth consents alone to health information (pasient- og brukerrettighetsloven
# § 4-3); guardians keep a right to what their parental responsibility needs until the age of
# majority; and from this age the municipality lets a youth consent alone to a relay log
# (stafettlogg) — some say 15, others 16.
CONSENT_HEALTH_AGE = env_int("UNGSAM_CONSENT_HEALTH_AGE", 16)
CONSENT_MAJORITY_AGE = env_int("UNGSAM_CONSENT_MAJORITY_AGE", 18)
CONSENT_RELAY_LOG_AGE = env_int("UNGSAM_CONSENT_RELAY_LOG_AGE", 16)
# The work list warns of a consent that lapses within this many days.
CONSENT_EXPIRY_NOTICE_DAYS = env_int("UNGSAM_CONSENT_EXPIRY_NOTICE_DAYS", 14)
# The grounds other than consent a worker may name when she records a disclosure (issue 14
# item 2), by code (ungsam/collab/exceptions.py gives each its words and its law). Blank or
# unset means every one; a code that is none stops `check` (ungsam/web/checks.py).
DISCLOSURE_EXCEPTIONS = env_list("UNGSAM_DISCLOSURE_EXCEPTIONS", []) or [
    "danger_to_life",
    "report_to_child_welfare",
    "prevent_crime",
    "anonymised",
    "legal_duty",
]
# The child-welfare emergency service's phone number (barnevernvakten), shown on a report of
# concern about an acute case: the national form has no urgency field, so an acute case is
# phoned in. Blank: the page says to call the police (112) where no number is set.
CHILD_WELFARE_EMERGENCY_PHONE = os.environ.get("UNGSAM_CHILD_WELFARE_EMERGENCY_PHONE", "").strip()
# Counts under this are suppressed where statistics leave the unit (access rule 5).
SMALL_CELL_LIMIT = env_int("UNGSAM_SMALL_CELL_LIMIT", 5)
# Rule 7: how long an emergency access ("break the glass") lasts before it lapses by itself.
BREAK_GLASS_HOURS = env_int("UNGSAM_BREAK_GLASS_HOURS", 4)
if not 1 <= BREAK_GLASS_HOURS <= 24:
    raise ImproperlyConfigured("UNGSAM_BREAK_GLASS_HOURS must be from 1 to 24 (hours).")

# --- The follow-up service's register (OT, issue 18) --------------------------------------
# The days the register is counted for Udir, "dd.mm" by commas. Default: Udir's collection
# dates for OT data, three times a year — 15 November, 1 February and 15 June (Udir's
# "Rapportering fra oppfølgingstjenesten"). Udir may move them: a municipality must check
# Udir's current dates and set this accordingly.
OT_REPORTING_DATES = env_day_months("UNGSAM_OT_REPORTING_DATES", [(15, 11), (1, 2), (15, 6)])
# The Udir status groups whose youth need no follow-up and are left out of the fixed-date
# lists: 4 (clarified) and 5 (not in the target group). Group 3 holds measures OT itself
# arranges and follows, so it stays.
OT_NO_FOLLOW_UP_GROUPS = env_int_set("UNGSAM_OT_NO_FOLLOW_UP_GROUPS", {4, 5}, range(1, 6))

# --- Audit log (docs/operations.md) ------------------------------------------------------
# The key of the audit log's HMACs and checkpoints, kept outside the database. Unset on a
# developer's machine: ungsam.access.keys then uses (and with DEBUG makes) `.dev-audit-key`.
AUDIT_KEY = env_secret("UNGSAM_AUDIT_KEY")
AUDIT_DEV_KEY_FILE = BASE_DIR / ".dev-audit-key"
# Signed checkpoints of each chain's head, appended by audit_checkpoint and verify_audit. Keep
# it (and the log output's copy) where whoever holds the database cannot rewrite it.
AUDIT_CHECKPOINTS = os.environ.get(
    "UNGSAM_AUDIT_CHECKPOINTS", str(BASE_DIR / "audit-checkpoints.jsonl")
)
# The key that encrypts personal-data fields (the national identity number), kept outside the
# database and backed up apart from it. Unset on a developer's machine: ungsam.lib.field_crypto
# then uses (and with DEBUG makes) `.dev-field-key`.
FIELD_KEY = env_secret("UNGSAM_FIELD_KEY")
FIELD_DEV_KEY_FILE = BASE_DIR / ".dev-field-key"

# --- Journal attachments (docs/operations.md) --------------------------------------------
# Where the journal's attachments lie, encrypted with the field key under random names: outside
# the web root and STATIC_ROOT, served only by the app through the access policy. Back it up
# with the database (a row without its file, or a file without its row, is a lost record).
ATTACHMENT_DIR = os.environ.get("UNGSAM_ATTACHMENT_DIR") or str(BASE_DIR / "var" / "attachments")
# The largest attachment accepted, in megabytes (the proxy in front must let it through).
ATTACHMENT_MAX_MB = env_int("UNGSAM_ATTACHMENT_MAX_MB", 10)
# An upload up to that size stays in memory until it is checked and stored encrypted: Django
# would otherwise write anything over 2.5 MB to a temporary file, in the clear, for the length
# of the request. (A larger upload is refused, but still parsed to a temporary file first: set
# the proxy's body limit, docs/operations.md.)
FILE_UPLOAD_MAX_MEMORY_SIZE = (ATTACHMENT_MAX_MB + 1) * 1024 * 1024

# --- Background tasks (django-tasks, DESIGN.md) -------------------------------------------
# Queued in the database and run by `manage.py db_worker` beside the web server (`make run`
# starts one; docs/operations.md has the systemd unit). UNGSAM_TASKS_IMMEDIATE=true runs each
# task inside the request that queues it, as the test suite does.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("UNGSAM_TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
    }
}

# --- Import bundles (docs/importpakke.md) ----------------------------------------------------
# A leader's uploaded bundle waits here, encrypted with the field key under a random name, until
# its import ends: outside the web root, read only by the task worker. It must be the same
# folder for the web server and the worker.
IMPORT_DIR = os.environ.get("UNGSAM_IMPORT_DIR") or str(BASE_DIR / "var" / "imports")
# The largest bundle (.zip) accepted, in megabytes. It is held in memory while it is encrypted,
# never written to a temporary file in the clear (the proxy in front must let it through).
IMPORT_MAX_MB = env_int("UNGSAM_IMPORT_MAX_MB", 100)
# What the CSV files of one bundle may hold when unpacked: a .zip within the upload limit may
# still claim gigabytes (a zip bomb). A million contact rows are about 50 MB.
IMPORT_MAX_UNPACKED_MB = env_int("UNGSAM_IMPORT_MAX_UNPACKED_MB", 2000)

# Logs carry request ids and user ids, never a youth's data. Audit checkpoints go to the log
# output too (INFO on "ungsam.audit"), for syslog or a SIEM to keep.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "ungsam.audit": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "ungsam.web.views.csrf_failure"
