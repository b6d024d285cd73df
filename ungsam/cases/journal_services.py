"""Writes of the journal: a draft is written, changed, given attachments, deleted or signed by
its author; a signed entry is corrected by a new version. Each service asks the policy itself
(the case's write grant, and a draft is its author's), refuses while the case is closed, and
records the change in the audit log by field name — never the text."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases import attachments
from ungsam.cases.models import (
    CaseStatus,
    EntryKind,
    EntryStatus,
    JournalAttachment,
    JournalEntry,
)
from ungsam.lib.forms import EARLIEST_DATE

log = logging.getLogger(__name__)

TEXT_LIMIT = 20000


def _record(actor, grant, action, purpose, obj, case, fields) -> None:
    audit.record(
        actor, grant.entry(action, purpose, obj=obj, youth_id=case.youth_id, fields=fields)
    )


def _check_open(case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed: its journal can be read, not written."))


def _clean(kind: str, occurred_on, text: str) -> str:
    errors = {}
    text = (text or "").strip()
    if kind not in EntryKind.values:
        errors["kind"] = _("Choose the type of entry.")
    if occurred_on is None or not EARLIEST_DATE <= occurred_on <= timezone.localdate():
        errors["occurred_on"] = _("Choose a date from 2000 up to today.")
    if not text:
        errors["text"] = _("Write the entry.")
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("The entry is too long: at most %(n)s characters.") % {"n": TEXT_LIMIT}
    if errors:
        raise ValidationError(errors)
    return text


def _own_draft(actor, entry_id):
    """The actor's own draft, locked, with its case and grant (404 for anything she may not
    change); refused once signed or while the case is closed."""
    entry, grant = policy.access_journal_entry(actor, entry_id, write=True)
    case = entry.case
    if entry.status != EntryStatus.DRAFT:
        raise ValidationError(
            _("A signed journal entry is never changed or deleted: write a correction.")
        )
    _check_open(case)
    locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status != EntryStatus.DRAFT:  # signed meanwhile
        raise ValidationError(
            _("A signed journal entry is never changed or deleted: write a correction.")
        )
    locked.case = case
    return locked, grant


def journal_entry_create(
    *, actor, purpose: str, case_id, kind: str, occurred_on, text: str
) -> JournalEntry:
    """A new draft in the case's journal, by the actor (its contact person or the leader)."""
    text = _clean(kind, occurred_on, text)
    with transaction.atomic():
        case, grant = policy.access_case(actor, case_id, write=True)
        _check_open(case)
        entry = JournalEntry(case=case, kind=kind, occurred_on=occurred_on, text=text, author=actor)
        entry.full_clean()
        entry.save()
        _record(actor, grant, AuditAction.CREATE, purpose, entry, case, JournalEntry.FIELDS)
    return entry


def journal_entry_update(
    *, actor, purpose: str, entry_id, kind: str, occurred_on, text: str, correction_note=None
) -> JournalEntry:
    """Changes the actor's own draft."""
    text = _clean(kind, occurred_on, text)
    with transaction.atomic():
        entry, grant = _own_draft(actor, entry_id)
        entry.kind, entry.occurred_on, entry.text = kind, occurred_on, text
        fields = list(JournalEntry.FIELDS)
        if entry.corrects_id and correction_note is not None:
            entry.correction_note = _clean_note(correction_note)
            fields.append("correction_note")
        entry.full_clean()
        entry.save(update_fields=fields)
        _record(actor, grant, AuditAction.UPDATE, purpose, entry, entry.case, fields)
    return entry


def journal_entry_delete(*, actor, purpose: str, entry_id) -> int:
    """Deletes the actor's own draft with its attachments (their files go once the deletion
    is committed); returns the case id."""
    with transaction.atomic():
        entry, grant = _own_draft(actor, entry_id)
        case = entry.case
        names = list(entry.attachments.values_list("storage_name", flat=True))
        entry.attachments.all().delete()
        _record(
            actor,
            grant,
            AuditAction.DELETE,
            purpose,
            entry,
            case,
            (*JournalEntry.FIELDS, "attachments"),
        )
        entry.delete()
        transaction.on_commit(lambda: [attachments.remove(name) for name in names])
    return case.pk


def journal_entry_sign(*, actor, purpose: str, entry_id, at=None) -> JournalEntry:
    """The author signs her draft: from now on it is fixed, attachments and all. A correction
    is signed only while the version it corrects is still the newest. (`at` dates the signature
    back: for the demo's fiction only, so refused for any other purpose.)"""
    if at is not None and purpose != Purpose.DEMO_DATA:
        raise ValueError("only the demo data dates a signature back")
    with transaction.atomic():
        entry, grant = _own_draft(actor, entry_id)
        if entry.corrects_id is not None:
            _check_not_corrected(entry.corrects_id)
        entry.status = EntryStatus.SIGNED
        entry.signed_at = at or timezone.now()
        entry.signed_by = actor
        entry.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                entry.save(update_fields=["status", "signed_at", "signed_by"])
        except IntegrityError as error:  # another correction was signed at the same moment
            raise ValidationError(_corrected_message()) from error
        _record(
            actor,
            grant,
            AuditAction.UPDATE,
            purpose,
            entry,
            entry.case,
            ("status", "signed_at", "signed_by"),
        )
    return entry


def _corrected_message():
    return _("This entry has been corrected already: correct its newest version.")


def _check_not_corrected(entry_id) -> None:
    if JournalEntry.objects.filter(corrects_id=entry_id, status=EntryStatus.SIGNED).exists():
        raise ValidationError(_corrected_message())


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"correction_note": _("Say what was corrected, and why.")})
    if len(note) > 500:
        raise ValidationError({"correction_note": _("At most 500 characters.")})
    return note


def journal_entry_correct(
    *, actor, purpose: str, entry_id, kind: str, occurred_on, text: str, correction_note: str
) -> JournalEntry:
    """A correction of a signed entry: a new draft version that names the entry it corrects
    and says what was corrected and why; signed, it becomes the newest version and the old one
    reads "corrected". Anyone who may write in the case's journal corrects, only its newest
    version, and only while the case is open."""
    text = _clean(kind, occurred_on, text)
    note = _clean_note(correction_note)
    with transaction.atomic():
        target, grant = policy.access_journal_entry(actor, entry_id, write=True)
        case = target.case
        if target.status != EntryStatus.SIGNED:
            raise ValidationError(_("Only a signed entry is corrected; change the draft instead."))
        _check_open(case)
        _check_not_corrected(target.pk)
        entry = JournalEntry(
            case=case,
            kind=kind,
            occurred_on=occurred_on,
            text=text,
            author=actor,
            corrects=target,
            original_id=target.original_id or target.pk,
            version=target.version + 1,
            correction_note=note,
        )
        entry.full_clean(validate_constraints=False)
        entry.save()
        _record(
            actor,
            grant,
            AuditAction.CREATE,
            purpose,
            entry,
            case,
            (*JournalEntry.FIELDS, "corrects", "correction_note"),
        )
    return entry


def journal_attachment_add(*, actor, purpose: str, entry_id, upload) -> JournalAttachment:
    """Attaches a PDF, PNG or JPEG to the actor's own draft: checked (type by its first bytes,
    size), stored encrypted outside the web root, and fixed with the entry when it is signed."""
    with transaction.atomic():
        _own_draft(actor, entry_id)  # refused (404, signed, closed) before the file is read
    data, content_type = attachments.read_upload(upload)
    name = attachments.clean_file_name(getattr(upload, "name", ""), content_type)
    try:
        storage_name = attachments.store(data)
    except OSError as error:  # a full or read-only disk: the user is told, IT finds the log
        log.error("journal attachment could not be stored: %s", type(error).__name__)
        raise ValidationError(
            _("The attachment could not be stored. Try again, or tell IT support.")
        ) from error
    try:
        with transaction.atomic():
            entry, grant = _own_draft(actor, entry_id)
            attachment = JournalAttachment(
                entry=entry,
                file_name=name,
                content_type=content_type,
                size=len(data),
                sha256=attachments.digest(data),
                storage_name=storage_name,
                uploaded_by=actor,
            )
            attachment.full_clean()
            attachment.save()
            _record(
                actor,
                grant,
                AuditAction.CREATE,
                purpose,
                attachment,
                entry.case,
                ("file_name", "content_type", "size", "file"),
            )
    except BaseException:
        attachments.remove(storage_name)  # nothing half-written: no file without its row
        raise
    return attachment
