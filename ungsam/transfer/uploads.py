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

import os
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.utils.translation import gettext as _

from ungsam.lib import sealed_files

PURPOSE = "transfer.import.bundle"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with files; an empty zip


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
    return sealed_files.clean_upload_name(name, fallback=_("bundle"), extension=".zip")


def read_upload(upload) -> bytes:
    """The bytes of an uploaded bundle, or a ValidationError in Norwegian: none, empty, too
    large, or not a .zip file."""
    data = sealed_files.read_limited(upload, limit=max_bytes(), too_large=too_large())
    if not data.startswith(ZIP_MAGIC):
        raise ValidationError(_("The bundle must be a .zip file of CSV files."))
    return data


def _root() -> Path:
    return Path(settings.IMPORT_DIR)


_files = sealed_files.SealedFiles(
    root=_root, purpose=PURPOSE, label="import bundle", unreadable=BundleUnreadable
)
_path = _files.path
store = _files.store
load = _files.load
remove = _files.remove
digest = sealed_files.digest


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
