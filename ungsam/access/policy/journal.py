"""The journal of a case (the casework issue, item 7; DESIGN.md access rule 1): a case's
journal is read by whoever may read the case and written under the case's write grant; a draft
is its author's alone until she signs it — nobody else sees it, not even the leader. Every
gatekeeper answers 404 for what the user may not see and records what it opens."""

from django.db.models import Q, QuerySet

from ungsam.access import audit
from ungsam.access.models import AuditAction, Purpose
from ungsam.access.policy.cases import cases_visible_to, cases_with_basis, grant_of
from ungsam.access.policy.gate import deny, get_or_404
from ungsam.access.policy.grants import Grant
from ungsam.cases.models import EntryStatus, JournalAttachment, JournalEntry


def _seen(user) -> Q:
    # Signed entries, and the user's own drafts.
    return Q(status=EntryStatus.SIGNED) | Q(author_id=getattr(user, "pk", None))


def journal_entries_visible_to(user, case) -> QuerySet[JournalEntry]:
    """The entries of a case (opened already through `access_case`) that the user may see."""
    return JournalEntry.objects.filter(case=case).filter(_seen(user))


def _entries(user) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(case__in=cases_visible_to(user)).filter(_seen(user))


def _case_and_grant(user, entry: JournalEntry):
    case = cases_with_basis(user).select_related("unit", "youth").get(pk=entry.case_id)
    entry.case = case
    return case, grant_of(user, case)


def access_journal_entry(
    user, entry_id, *, write: bool = False, also_shown=()
) -> tuple[JournalEntry, Grant]:
    """The entry (with its case) and the grant it is seen under, or 404: an entry of a case
    the user may not read, or another's draft, answers like one that does not exist. Reading
    writes the audit "viewed" row naming the entry (and `also_shown`: its versions, its
    attachments); with write=True the grant must allow changes, a draft must be the user's own,
    and the service records its change."""
    entry = get_or_404(user, _entries(user).select_related("author", "signed_by"), entry_id)
    case, grant = _case_and_grant(user, entry)
    if write and not grant.may_write:
        deny(user, JournalEntry, entry_id)
    if write and entry.status == EntryStatus.DRAFT and entry.author_id != user.pk:
        deny(user, JournalEntry, entry_id)
    if not write:
        audit.record(
            user,
            grant.entry(
                AuditAction.VIEW,
                Purpose.CASEWORK,
                obj=entry,
                youth_id=case.youth_id,
                fields=(*JournalEntry.FIELDS, "author", "signed_at", *also_shown),
            ),
        )
    return entry, grant


def access_journal_attachment(user, attachment_id) -> tuple[JournalAttachment, Grant]:
    """An attachment of an entry the user may see, or 404; records the read of its file."""
    attachment = get_or_404(
        user,
        JournalAttachment.objects.filter(entry__in=_entries(user)).select_related("entry"),
        attachment_id,
    )
    case, grant = _case_and_grant(user, attachment.entry)
    audit.record(
        user,
        grant.entry(
            AuditAction.VIEW,
            Purpose.CASEWORK,
            obj=attachment,
            youth_id=case.youth_id,
            fields=("file",),
        ),
    )
    return attachment, grant
