"""What the import bundle brought in from an older system (docs/importpakke.md).

`ImportedRow` is the ledger that makes an import idempotent: each row of a bundle, keyed by
(unit, file, id), names the object it became, so importing the same bundle again changes
nothing. Most rows become the app's own records (contacts, conversations, groups, inquiries,
youth with a closed imported case) and count in the statistics like anything entered in the app.
Two kinds of history cannot: a collaboration with consent and a report of concern in the app
are legal documents (the consent given, the reporter's details, the text sent), which an older
system's export does not carry. They are kept as the dated, coded facts the old system had
(`ImportedCollaboration`, `ImportedConcernReport`), on the youth's imported case, and the
annual report counts them beside the app's own."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.collab.models import RequestDirection
from ungsam.org.models import ServiceCode, Unit

# The account imported rows are recorded by when no person imports them (`manage.py
# import_bundle`): a row's recorded_by must be a user. It is inactive with no usable password,
# so it cannot log in, and the policy refuses it any role or change (assign_refusal,
# account_change_refusal). The colon is not allowed in usernames made in the app, so no
# person's account can be taken for it.
IMPORT_ACCOUNT_USERNAME = "system:import"


class BundleFile(models.TextChoices):
    PLACES = "places", "places.csv"
    CONTACTS = "contacts", "contacts.csv"
    YOUTHS = "youths", "youths.csv"
    CONVERSATIONS = "conversations", "conversations.csv"
    GROUPS = "groups", "groups.csv"
    ATTENDANCE = "attendance", "attendance.csv"
    COLLABORATIONS = "collaborations", "collaborations.csv"
    CONCERN_REPORTS = "concern_reports", "concern_reports.csv"


class ImportedRow(models.Model):
    """One bundle row and the primary key of the object it became (for an attendance row, the
    group session it was counted in)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    file = models.CharField(max_length=20, choices=BundleFile.choices)
    external_id = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "file", "external_id"], name="imported_row_once"
            )
        ]

    def __str__(self):
        return f"{self.unit_id}/{self.file}/{self.external_id}"


class ImportedHistory(models.Model):
    """A dated fact about a youth's imported case, kept as the older system coded it; the
    annual report counts these per unit and year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["unit", "date"])]


class ImportedCollaboration(ImportedHistory):
    """A collaboration with consent about a named youth, as the older system recorded it."""

    direction = models.CharField(_("direction"), max_length=10, choices=RequestDirection.choices)
    service = models.CharField(_("service"), max_length=40, choices=ServiceCode.choices)

    class Meta(ImportedHistory.Meta):
        verbose_name = _("imported collaboration")
        verbose_name_plural = _("imported collaborations")

    def __str__(self):
        return f"{self.date} {self.direction} {self.service}"


class ImportedConcernKind(models.TextChoices):
    REPORT = "report", _("Report of concern")
    INFORMATION_REQUEST_ANSWERED = (
        "information_request_answered",
        _("Answered request for information"),
    )


class ImportedConcernReport(ImportedHistory):
    """A report of concern to child welfare, or an answered request for information from it,
    as the older system recorded it."""

    kind = models.CharField(_("kind"), max_length=30, choices=ImportedConcernKind.choices)

    class Meta(ImportedHistory.Meta):
        verbose_name = _("imported report of concern")
        verbose_name_plural = _("imported reports of concern")

    def __str__(self):
        return f"{self.date} {self.kind}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Checking")
    CHECKED = "checked", _("Ready to import")
    INVALID = "invalid", _("Has errors")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")


# A job in one of these has ended: its uploaded file is gone.
ENDED_STATUSES = (
    ImportStatus.INVALID,
    ImportStatus.DONE,
    ImportStatus.FAILED,
    ImportStatus.DISCARDED,
)


class ImportJob(models.Model):
    """A leader's upload of an import bundle, and what became of it: a background task checks
    it (the preview and the error list), and after she confirms, another imports it, reporting
    its progress here. The bundle itself lies encrypted on disk (ungsam/transfer/uploads.py)
    until the job ends, never in the database."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    imported_by = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    file_name = models.CharField(_("file"), max_length=120)
    file_size = models.PositiveBigIntegerField(default=0)
    # The encrypted upload's random name and the SHA-256 of its plain bytes; empty once the
    # file is deleted (the job has ended).
    storage_name = models.CharField(max_length=32, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(default=0)
    # Every error as "file:line: column: message" (the check stops listing after a thousand).
    errors = models.JSONField(default=list, blank=True)
    # Per file of the bundle: {"file": "contacts.csv", "rows": n, "new": n, "already": n}.
    summary = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    import_started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["unit", "-created_at"])]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"{self.file_name} ({self.status})"

    @property
    def ended(self) -> bool:
        return self.status in ENDED_STATUSES

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.UPLOADED, ImportStatus.IMPORTING)

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def new_rows(self) -> int:
        return sum(f.get("new", 0) for f in self.summary)

    @property
    def total_rows(self) -> int:
        return sum(f.get("rows", 0) for f in self.summary)
