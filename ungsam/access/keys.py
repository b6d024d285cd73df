"""The audit key: the secret that makes the audit log's hashes and checkpoints unforgeable by
someone who can write the database but does not hold the key.

Read from UNGSAM_AUDIT_KEY, else the file named by UNGSAM_AUDIT_KEY_FILE, else the file
`.dev-audit-key` in the project folder, which the app makes itself on a developer's machine
(DEBUG on) so `make run`, tests and commands need no set-up. With DEBUG off and no key, writing
or verifying the log refuses with `ImproperlyConfigured`. The mechanism is `ungsam.lib.keyfile`,
shared with the field key."""

import functools
import hashlib
import hmac
from pathlib import Path

from django.conf import settings

from ungsam.lib import keyfile

MIN_KEY_LENGTH = keyfile.MIN_KEY_LENGTH
NO_KEY_MESSAGE = (
    "No audit key. Set UNGSAM_AUDIT_KEY (at least 32 random characters) or UNGSAM_AUDIT_KEY_FILE "
    "to a file that holds it, kept outside the database and its backups (docs/operations.md). "
    "Refusing to write or verify the audit log without it."
)


def dev_key_path() -> Path:
    return Path(settings.AUDIT_DEV_KEY_FILE)


def audit_key() -> bytes:
    """The key, or ImproperlyConfigured. Cached per configured value (tests may change it)."""
    return keyfile.load_key(
        settings.AUDIT_KEY, dev_key_path(), name="audit key", missing_message=NO_KEY_MESSAGE
    )


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
    return keyfile.key_source(settings.AUDIT_KEY, dev_key_path())
