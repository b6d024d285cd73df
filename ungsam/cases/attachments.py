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

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ungsam.cases.models import AttachmentType
from ungsam.lib import sealed_files

PURPOSE = "cases.journal.attachment"
MAGIC = (
    (b"%PDF-", AttachmentType.PDF, ".pdf"),
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG, ".png"),
    (b"\xff\xd8\xff", AttachmentType.JPEG, ".jpg"),
)
EXTENSIONS = {content_type: ext for _magic, content_type, ext in MAGIC}


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
    """A name safe to show and to send back, with the extension of the type the bytes are."""
    return sealed_files.clean_upload_name(
        name, fallback=_("attachment"), extension=EXTENSIONS[content_type]
    )


def read_upload(upload) -> tuple[bytes, str]:
    """The bytes of an uploaded file and their content type, or a ValidationError in Norwegian:
    empty, too large, or not a PDF, PNG or JPEG."""
    too_large = ValidationError(
        _("The file is too large: at most %(mb)s MB.") % {"mb": settings.ATTACHMENT_MAX_MB}
    )
    data = sealed_files.read_limited(upload, limit=max_bytes(), too_large=too_large)
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(_("Only PDF, PNG and JPEG files can be attached."))
    return data, content_type


_files = sealed_files.SealedFiles(
    root=lambda: Path(settings.ATTACHMENT_DIR),
    purpose=PURPOSE,
    label="journal attachment",
    unreadable=AttachmentUnreadable,
    fan_out=True,
)
_path = _files.path
store = _files.store
load = _files.load
remove = _files.remove
digest = sealed_files.digest
