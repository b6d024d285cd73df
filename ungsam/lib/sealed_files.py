"""Files sealed at rest, for journal attachments and uploaded import bundles alike: stored
outside the web root under a random name that says nothing about anyone, encrypted with the
field key (AES-GCM, bound to that name), readable by the app's user only, and checked against
the SHA-256 of the plain bytes on the row when read, so a file changed, swapped or damaged on
disk is refused, never served or imported. Uploads are read with a size limit and given a name
safe to show."""

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ungsam.lib import field_crypto
from ungsam.lib.forms import BIDI_CONTROLS

log = logging.getLogger(__name__)

NAME_LIMIT = 100


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def clean_upload_name(name: str, *, fallback: str, extension: str) -> str:
    """A name safe to show and to send back: no folders, no control or direction characters,
    letters, digits and ``. _ -`` only (others become _), short, with the given extension."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ord(ch) >= 32 and ch not in BIDI_CONTROLS)
    stem = os.path.splitext(base)[0]
    stem = re.sub(r"[^\w.\- ]", "_", stem).strip(" ._")[:NAME_LIMIT] or fallback
    return f"{stem}{extension}"


def read_limited(upload, *, limit: int, too_large: ValidationError) -> bytes:
    """The bytes of an uploaded file, or a ValidationError in Norwegian: none, too large (by
    its stated size or by what it holds) or empty."""
    if upload is None:
        raise ValidationError(_("Choose a file."))
    if upload.size is not None and upload.size > limit:
        raise too_large
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large
    if not data:
        raise ValidationError(_("The file is empty."))
    return data


class SealedFiles:
    """One folder of sealed files. `root` is read when used (tests and settings may move it);
    `fan_out` spreads the files over 256 subfolders by the name's first two letters."""

    def __init__(
        self,
        *,
        root: Callable[[], Path],
        purpose: str,
        label: str,
        unreadable: type[Exception],
        fan_out: bool = False,
    ):
        self.root, self.purpose, self.label = root, purpose, label
        self.unreadable, self.fan_out = unreadable, fan_out

    def path(self, storage_name: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{32}", storage_name):
            raise self.unreadable("not a storage name")
        if self.fan_out:
            return self.root() / storage_name[:2] / storage_name
        return self.root() / storage_name

    def store(self, data: bytes) -> str:
        """Writes the bytes encrypted under a new random name, readable by the app's user
        only, and returns the name."""
        storage_name = secrets.token_hex(16)
        path = self.path(storage_name)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        sealed = field_crypto.encrypt_bytes(
            data, purpose=self.purpose, context=storage_name.encode("ascii")
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(sealed)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            path.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
            raise
        return storage_name

    def load(self, storage_name: str, sha256: str) -> bytes:
        """The plain bytes, checked against their encryption tag and the row's SHA-256."""
        try:
            sealed = self.path(storage_name).read_bytes()
            data = field_crypto.decrypt_bytes(
                sealed, purpose=self.purpose, context=storage_name.encode("ascii")
            )
        except (OSError, field_crypto.FieldDecryptionError) as error:
            log.error("%s %s cannot be read: %s", self.label, storage_name, type(error).__name__)
            raise self.unreadable(storage_name) from error
        if digest(data) != sha256:
            log.error("%s %s does not match its checksum", self.label, storage_name)
            raise self.unreadable(storage_name)
        return data

    def remove(self, storage_name: str) -> None:
        if not storage_name:
            return
        try:
            self.path(storage_name).unlink(missing_ok=True)
        except (OSError, self.unreadable):
            log.warning("%s %s could not be removed", self.label, storage_name)
