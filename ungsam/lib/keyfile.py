"""A secret key kept outside the database: the configured value (from NAME or the file named by
NAME_FILE, read by `ungsam.env.env_secret` into a setting), else a development file in the
project folder that the app makes itself when DEBUG is on, so `make run`, tests and commands need
no set-up on a developer's machine. With DEBUG off and neither, `load_key` refuses with
`ImproperlyConfigured` and the caller's message.

The audit key (`ungsam.access.keys`) and the field key (`ungsam.lib.field_crypto`) both come from
here."""

import functools
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 32

# Where a key comes from, as `check --deploy` and the operations guide name it.
FROM_ENVIRONMENT = "environment"
FROM_DEVELOPMENT_FILE = "development file"
MISSING = "missing"


def read_dev_key(path: Path) -> str | None:
    """The key in the development file; with DEBUG on and no file, a new random key written
    there first. None with DEBUG off and no file."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip() or None
    if not settings.DEBUG:
        return None
    key = secrets.token_urlsafe(48)
    try:
        # Created with mode 600 before anything is written, so no other user reads it; O_EXCL
        # so two processes starting at once never both write one.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_made_by_another_process(path)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def _read_made_by_another_process(path: Path) -> str | None:
    # The other process has opened the file and writes one short line; give it a moment.
    for _ in range(20):
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
        time.sleep(0.05)
    return None


@functools.cache
def load_key(configured: str | None, dev_path: Path, *, name: str, missing_message: str) -> bytes:
    """The key as bytes, or ImproperlyConfigured: `missing_message` when there is none, a
    message naming `name` ("audit key") when it is shorter than MIN_KEY_LENGTH characters.

    Cached per configured value and development file (tests change both); a refusal is not
    cached, so setting the key later takes effect."""
    key = configured or read_dev_key(Path(dev_path))
    if not key:
        raise ImproperlyConfigured(missing_message)
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"The {name} is {len(key)} characters; it must be at least {MIN_KEY_LENGTH}."
        )
    return key.encode("utf-8")


def key_source(configured: str | None, dev_path: Path) -> str:
    """FROM_ENVIRONMENT, FROM_DEVELOPMENT_FILE or MISSING."""
    if configured:
        return FROM_ENVIRONMENT
    if Path(dev_path).exists():
        return FROM_DEVELOPMENT_FILE
    return MISSING
