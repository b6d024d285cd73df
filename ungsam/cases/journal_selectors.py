"""Reads of the journal, through the policy's gatekeepers (each writes its audit row: the case
page's names the journal, an entry's names the entry, a download names the file)."""

from django.db.models import Count, Exists, OuterRef, Q

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases import attachments
from ungsam.cases.models import EntryKind, EntryStatus, JournalAttachment, JournalEntry
from ungsam.lib.pagination import page_of


def case_journal(*, actor, case_id, kind: str = "", page_number=None):
    """The case, its grant, and one page of its journal, newest first: of each chain of
    versions only the newest signed one (it says when it is a correction), and the actor's own
    drafts; with the number of attachments and of versions. Three queries for the page
    whatever its length (the count, the rows, the case)."""
    case, grant = policy.access_case(actor, case_id, also_shown=("journal",))
    corrected = JournalEntry.objects.filter(corrects=OuterRef("pk"), status=EntryStatus.SIGNED)
    entries = (
        policy.journal_entries_visible_to(actor, case)
        .exclude(Q(status=EntryStatus.SIGNED) & Exists(corrected))
        .select_related("author", "corrects")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-occurred_on", "-id")
    )
    if kind in EntryKind.values:
        entries = entries.filter(kind=kind)
    return case, grant, page_of(entries, page_number)


def journal_entry_detail(*, actor, entry_id):
    """The entry, its grant, its attachments, and every version of its chain, oldest first,
    with the actor's own draft corrections; each version knows which signed one corrected it."""
    entry, grant = policy.access_journal_entry(
        actor, entry_id, also_shown=("versions", "attachments")
    )
    root = entry.original_id or entry.pk
    versions = list(
        policy.journal_entries_visible_to(actor, entry.case)
        .filter(Q(pk=root) | Q(original_id=root))
        .select_related("author", "signed_by")
        .order_by("version", "id")
    )
    signed_by_target = {
        v.corrects_id: v for v in versions if v.corrects_id and v.status == EntryStatus.SIGNED
    }
    for version in versions:
        version.corrected_by = signed_by_target.get(version.pk)
    current = next(v for v in versions if v.pk == entry.pk)
    entry.corrected_by = current.corrected_by
    files = list(
        JournalAttachment.objects.filter(entry=entry)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "id")
    )
    return entry, grant, versions, files


def journal_entry_for_change(*, actor, entry_id):
    """The entry a form is about to change or correct (404 if the actor may not write it);
    the service checks and records the change."""
    return policy.access_journal_entry(actor, entry_id, write=True)


def record_entry_in_form(*, actor, entry, grant) -> None:
    """A form page that shows an entry's text (the draft's own form, or the signed entry a
    correction starts from) records that read, as the entry's page does."""
    audit.record(
        actor,
        grant.entry(
            AuditAction.VIEW,
            Purpose.CASEWORK,
            obj=entry,
            youth_id=entry.case.youth_id,
            fields=("kind", "occurred_on", "text", "correction_note"),
        ),
    )


def attachment_download(*, actor, attachment_id) -> tuple[JournalAttachment, bytes]:
    """The attachment and its checked bytes, for a reader of its entry (the read recorded).
    `attachments.AttachmentUnreadable` when the stored file is gone or does not match."""
    attachment, _grant = policy.access_journal_attachment(actor, attachment_id)
    return attachment, attachments.load(attachment.storage_name, attachment.sha256)
