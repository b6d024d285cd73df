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


class ImportedCollaboration(models.Model):
    """A collaboration with consent about a named youth, as the older system recorded it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    direction = models.CharField(_("direction"), max_length=10, choices=RequestDirection.choices)
    service = models.CharField(_("service"), max_length=40, choices=ServiceCode.choices)

    class Meta:
        indexes = [models.Index(fields=["unit", "date"])]
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


class ImportedConcernReport(models.Model):
    """A report of concern to child welfare, or an answered request for information from it,
    as the older system recorded it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=ImportedConcernKind.choices)

    class Meta:
        indexes = [models.Index(fields=["unit", "date"])]
        verbose_name = _("imported report of concern")
        verbose_name_plural = _("imported reports of concern")

    def __str__(self):
        return f"{self.date} {self.kind}"
