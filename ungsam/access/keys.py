"""The audit key: the secret that makes the audit log's hashes and checkpoints unforgeable by
someone who can write the database but does not hold the key.

Read from UNGSAM_AUDIT_KEY, else the file named by UNGSAM_AUDIT_KEY_FILE, else the file
`.dev-audit-key` in the project folder, which the app makes itself on a developer's machine
(DEBUG on) so `make run`, tests and commands need no set-up. With DEBUG off and no key, writing
or verifying the log refuses with `ImproperlyConfigured`."""

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 32
NO_KEY_MESSAGE = (
    "No audit key. Set UNGSAM_AUDIT_KEY (at least 32 random characters) or UNGSAM_AUDIT_KEY_FILE "
    "to a file that holds it, kept outside the database and its backups (docs/operations.md). "
    "Refusing to write or verify the audit log without it."
)


def dev_key_path() -> Path:
    return Path(settings.AUDIT_DEV_KEY_FILE)


def _read_dev_key() -> str | None:
    path = dev_key_path()
    if path.exists():
        return path.read_text(encoding="utf-8").strip() or None
    if not settings.DEBUG:
        return None
    key = secrets.token_urlsafe(48)
    # Created with mode 600 before anything is written, so no other user reads it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


@functools.cache
def _key_material(configured: str | None) -> bytes:
    key = configured or _read_dev_key()
    if not key:
        raise ImproperlyConfigured(NO_KEY_MESSAGE)
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"The audit key is {len(key)} characters; it must be at least {MIN_KEY_LENGTH}."
        )
    return key.encode("utf-8")


def audit_key() -> bytes:
    """The key, or ImproperlyConfigured. Cached per configured value (tests may change it)."""
    return _key_material(settings.AUDIT_KEY)


def require_audit_key() -> None:
    audit_key()


@functools.cache
def _subkey(master: bytes, purpose: bytes) -> bytes:
    # One key per use (row hashes, checkpoints), so a value signed for one is never valid for
    # the other.
    return hmac.new(master, b"ungsam-audit:" + purpose, hashlib.sha256).digest()


def mac(purpose: bytes, message: bytes) -> str:
    return hmac.new(_subkey(audit_key(), purpose), message, hashlib.sha256).hexdigest()


def key_source() -> str:
    """Where the key comes from, for `check --deploy` and the operations guide."""
    if settings.AUDIT_KEY:
        return "environment"
    if dev_key_path().exists():
        return "development file"
    return "missing"
