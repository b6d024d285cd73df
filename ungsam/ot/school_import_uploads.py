"""The files of school data uploads: the uploaded CSV while it waits for the task worker, and
the import's progress while it runs. Stored as import bundles are (ungsam/transfer/uploads.py):
under settings.IMPORT_DIR, outside the web root, under a random name, encrypted with the field
key and checked against the SHA-256 of the plain bytes when read; deleted when the job ends.
The import runs in one transaction, so its progress goes to a small file the page reads."""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ungsam.lib import sealed_files
from ungsam.transfer.uploads import max_bytes, too_large

PURPOSE = "ot.school_import.csv"


class SchoolFileUnreadable(Exception):
    """The stored file is missing, or does not match its row."""


def _root() -> Path:
    return Path(settings.IMPORT_DIR) / "skoledata"


def clean_file_name(name: str) -> str:
    return sealed_files.clean_upload_name(name, fallback=_("school data"), extension=".csv")


def read_upload(upload) -> bytes:
    """The bytes of an uploaded school data file, or a ValidationError in Norwegian."""
    data = sealed_files.read_limited(upload, limit=max_bytes(), too_large=too_large())
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValidationError(
            _("Save the spreadsheet as CSV (semicolon or comma separated) and upload that file.")
        )
    return data


_files = sealed_files.SealedFiles(
    root=_root, purpose=PURPOSE, label="school data file", unreadable=SchoolFileUnreadable
)
store = _files.store
load = _files.load
remove = _files.remove
digest = sealed_files.digest


def _progress_path(job_id: int) -> Path:
    return _root() / "progress" / f"{int(job_id)}"


def write_progress(job_id: int, done: int, total: int) -> None:
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


def remove_progress(job_id: int) -> None:
    _progress_path(job_id).unlink(missing_ok=True)
