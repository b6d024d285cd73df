"""The files of import jobs: a leader's uploaded bundle while it waits for the task worker, and
the import's progress while it runs.

- A .zip only, told by its first bytes, at most settings.IMPORT_MAX_MB megabytes.
- Stored as journal attachments are (ungsam/cases/attachments.py): under settings.IMPORT_DIR,
  outside the web root, under a random name, encrypted with the field key and checked against
  the SHA-256 of the plain bytes when read. Deleted when the job ends.
- The upload is held in memory while it is checked and encrypted (`BundleUploadHandler`),
  never written to a temporary file in the clear.
- The import runs in one transaction (all or nothing), so the progress it reports on the job's
  row would stay invisible to the page until the end. It is written to a small file instead,
  which the progress page reads."""

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.utils.translation import gettext as _

from ungsam.lib import field_crypto
from ungsam.lib.forms import BIDI_CONTROLS

log = logging.getLogger(__name__)

PURPOSE = "transfer.import.bundle"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with files; an empty zip
NAME_LIMIT = 100


class BundleUnreadable(Exception):
    """The stored bundle is missing, or does not match its row."""


def max_bytes() -> int:
    return settings.IMPORT_MAX_MB * 1024 * 1024


def too_large() -> ValidationError:
    return ValidationError(
        _("The file is too large: at most %(mb)s MB.") % {"mb": settings.IMPORT_MAX_MB}
    )


class BundleUploadHandler(MemoryFileUploadHandler):
    """Django's in-memory upload handler up to the bundle limit (its own stops at
    FILE_UPLOAD_MAX_MEMORY_SIZE, after which the upload would go to a temporary file)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = content_length <= max_bytes() + 64 * 1024  # the form's other fields


def clean_file_name(name: str) -> str:
    """A name safe to show: no folders, no control or direction characters, short, ``.zip``."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ord(ch) >= 32 and ch not in BIDI_CONTROLS)
    stem = os.path.splitext(base)[0]
    stem = re.sub(r"[^\w.\- ]", "_", stem).strip(" ._")[:NAME_LIMIT] or _("bundle")
    return f"{stem}.zip"


def read_upload(upload) -> bytes:
    """The bytes of an uploaded bundle, or a ValidationError in Norwegian: none, empty, too
    large, or not a .zip file."""
    if upload is None:
        raise ValidationError(_("Choose a file."))
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise too_large()
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large()
    if not data:
        raise ValidationError(_("The file is empty."))
    if not data.startswith(ZIP_MAGIC):
        raise ValidationError(_("The bundle must be a .zip file of CSV files."))
    return data


def _root() -> Path:
    return Path(settings.IMPORT_DIR)


def _path(storage_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", storage_name):
        raise BundleUnreadable("not a storage name")
    return _root() / storage_name


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
    except BaseException:
        path.unlink(missing_ok=True)
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
        log.error("import bundle %s cannot be read: %s", storage_name, type(error).__name__)
        raise BundleUnreadable(storage_name) from error
    if digest(data) != sha256:
        log.error("import bundle %s does not match its checksum", storage_name)
        raise BundleUnreadable(storage_name)
    return data


def remove(storage_name: str) -> None:
    if not storage_name:
        return
    try:
        _path(storage_name).unlink(missing_ok=True)
    except (OSError, BundleUnreadable):
        log.warning("import bundle %s could not be removed", storage_name)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Progress of a running import -----------------------------------------------------------


def _progress_path(job_id: int) -> Path:
    return _root() / "progress" / f"{int(job_id)}"


def write_progress(job_id: int, done: int, total: int) -> None:
    """Replaces the job's progress file at once (a reader never sees half a line)."""
    path = _progress_path(job_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(f"{int(done)} {int(total)}\n", encoding="ascii")
    os.replace(partial, path)


def read_progress(job_id: int) -> tuple[int, int] | None:
    try:
        done, total = _progress_path(job_id).read_text(encoding="ascii").split()
        return int(done), int(total)
    except (OSError, ValueError):
        return None


def progress_written_at(job_id: int) -> datetime | None:
    try:
        return datetime.fromtimestamp(_progress_path(job_id).stat().st_mtime, tz=UTC)
    except OSError:
        return None


def remove_progress(job_id: int) -> None:
    _progress_path(job_id).unlink(missing_ok=True)
