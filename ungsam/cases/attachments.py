"""The files of journal attachments: what is accepted, and where and how the bytes lie.

- Only PDF, PNG and JPEG, told by the file's first bytes ("magic numbers"), never by its name
  or the type the browser sends: a program renamed to .pdf is refused.
- At most settings.ATTACHMENT_MAX_MB megabytes.
- Stored under settings.ATTACHMENT_DIR (outside the web root), under a random name that says
  nothing about the youth, encrypted with the field key (AES-GCM, bound to that name), with the
  SHA-256 of the plain bytes on the row: a file changed, swapped or damaged on disk is refused
  when read, never served.
- The name shown is the uploaded one, cleaned of paths and odd characters, with the extension
  of the type found."""

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ungsam.cases.models import AttachmentType
from ungsam.lib import field_crypto
from ungsam.lib.forms import BIDI_CONTROLS

log = logging.getLogger(__name__)

PURPOSE = "cases.journal.attachment"
MAGIC = (
    (b"%PDF-", AttachmentType.PDF, ".pdf"),
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG, ".png"),
    (b"\xff\xd8\xff", AttachmentType.JPEG, ".jpg"),
)
EXTENSIONS = {content_type: ext for _magic, content_type, ext in MAGIC}
NAME_LIMIT = 100


class AttachmentUnreadable(Exception):
    """The stored file is missing, or does not match its row (changed, swapped, damaged)."""


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def sniff(head: bytes) -> str | None:
    """The content type the bytes begin with, or None."""
    for magic, content_type, _ext in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def clean_file_name(name: str, content_type: str) -> str:
    """A name safe to show and to send back: no folders, no control or direction characters,
    letters, digits and ``. _ -`` only (others become _), short, and with the extension of the
    type the bytes are."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ord(ch) >= 32 and ch not in BIDI_CONTROLS)
    stem = os.path.splitext(base)[0]
    stem = re.sub(r"[^\w.\- ]", "_", stem).strip(" ._")[:NAME_LIMIT] or _("attachment")
    return f"{stem}{EXTENSIONS[content_type]}"


def read_upload(upload) -> tuple[bytes, str]:
    """The bytes of an uploaded file and their content type, or a ValidationError in Norwegian:
    empty, too large, or not a PDF, PNG or JPEG."""
    limit = max_bytes()
    too_large = ValidationError(
        _("The file is too large: at most %(mb)s MB.") % {"mb": settings.ATTACHMENT_MAX_MB}
    )
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
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(_("Only PDF, PNG and JPEG files can be attached."))
    return data, content_type


def _root() -> Path:
    return Path(settings.ATTACHMENT_DIR)


def _path(storage_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", storage_name):
        raise AttachmentUnreadable("not a storage name")
    return _root() / storage_name[:2] / storage_name


def store(data: bytes) -> str:
    """Writes the bytes encrypted under a new random name, readable by the app's user only,
    and returns the name."""
    storage_name = secrets.token_hex(16)
    path = _path(storage_name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    sealed = field_crypto.encrypt_bytes(data, purpose=PURPOSE, context=storage_name.encode("ascii"))
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


def load(storage_name: str, sha256: str) -> bytes:
    """The plain bytes, checked against their encryption tag and the row's SHA-256."""
    try:
        sealed = _path(storage_name).read_bytes()
        data = field_crypto.decrypt_bytes(
            sealed, purpose=PURPOSE, context=storage_name.encode("ascii")
        )
    except (OSError, field_crypto.FieldDecryptionError) as error:
        log.error("journal attachment %s cannot be read: %s", storage_name, type(error).__name__)
        raise AttachmentUnreadable(storage_name) from error
    if hashlib.sha256(data).hexdigest() != sha256:
        log.error("journal attachment %s does not match its checksum", storage_name)
        raise AttachmentUnreadable(storage_name)
    return data


def remove(storage_name: str) -> None:
    try:
        _path(storage_name).unlink(missing_ok=True)
    except (OSError, AttachmentUnreadable):
        log.warning("journal attachment %s could not be removed", storage_name)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
