"""Early warning and the follow-up service (OT).

School data: what school systems export, one row per student and school period
(`StudentPeriod`), imported in batches (`SchoolDataImport`); each student is a youth in the
municipality's register (found by national id, or by the school's own student id), so every
read of her figures is audited like any other read of a youth. Risk flags are raised on a
period by the municipality's configurable rules (`RiskRule`), with the figures that raised them.

The OT register: a registration (`OTRegistration`) is a case of the OT unit serving the youth's
home municipality (`OTCoverage`), with Udir's status code and its dated history
(`OTStatusChange`). A registration is routed to that unit, and the unit is told at once
(`RoutingNotice`). OT asks outreach to find a youth it cannot reach (`FindRequest`); a youth is
handed between OT and los with the summary she consented to share (`UnitHandover`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.cases.models import Case, JournalEntry
from ungsam.org.models import County, Municipality, PartnerOrganization, Unit
from ungsam.ot.status_codes import FIRST_CODE, StatusCode
from ungsam.people.models import Youth
from ungsam.transfer.models import ENDED_STATUSES, ImportStatus

# ---------------------------------------------------------------------------------------------
# School data


class StudentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    QUIT = "quit", _("Quit")
    NO_PLACE = "no_place", _("Without a school place")
    COMPLETED = "completed", _("Completed")


# The statuses that mean the youth has left school without completing: the OT register takes
# her (opplæringslova § 9-4), and the rule back-test counts her as "left school".
LEFT_SCHOOL = (StudentStatus.QUIT, StudentStatus.NO_PLACE)


class SchoolDataImport(models.Model):
    """One imported file: who brought it, when, and what it changed. Re-importing the same
    file changes no period (and is recorded with nothing created or changed)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # Set when a school imported its own file: rows for other schools are refused.
    school = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new periods"), default=0)
    changed = models.PositiveIntegerField(_("changed periods"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged periods"), default=0)
    flags_raised = models.PositiveIntegerField(_("flags raised"), default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("school data import")
        verbose_name_plural = _("school data imports")

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class StudentPeriod(models.Model):
    """One student's figures in one school period (a term, or a shorter reporting period), as
    her school reported them. The period is named by its first and last day."""

    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="school_periods")
    school = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, related_name="student_periods"
    )
    # The school's own student number, where the file gave one (a student without a national
    # id is found by it on the next import).
    school_student_id = models.CharField(_("school's student id"), max_length=40, blank=True)
    grade = models.CharField(_("grade"), max_length=10)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    absence_days = models.DecimalField(
        _("absence, days"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    absence_hours = models.DecimalField(
        _("absence, hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    # Absence as a share of the period's teaching (what the school system computes).
    absence_percent = models.DecimalField(
        _("absence, percent of the period"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Subject codes, comma-separated ("MAT,NOR"): subjects failed, and subjects at risk.
    failing_subjects = models.CharField(_("failing subjects"), max_length=200, blank=True)
    at_risk_subjects = models.CharField(_("subjects at risk"), max_length=200, blank=True)
    grade_average = models.DecimalField(
        _("grade average"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    status = models.CharField(_("status"), max_length=10, choices=StudentStatus.choices)
    # Where the student lives (municipality number): the OT that serves it takes her if she
    # leaves school, also when the school is in another municipality or county.
    home_municipality_number = models.CharField(
        _("home municipality number"), max_length=4, blank=True
    )
    source = models.ForeignKey(SchoolDataImport, on_delete=models.PROTECT, related_name="periods")
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["school", "grade", "youth", "period_start"]
        indexes = [
            models.Index(fields=["school", "grade", "period_start"]),
            models.Index(fields=["school", "school_student_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["youth", "school", "period_start"], name="studentperiod_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="studentperiod_ends_after_start",
            ),
        ]
        verbose_name = _("student period")
        verbose_name_plural = _("student periods")

    def __str__(self):
        return f"{self.school_id}/{self.grade} {self.period_start}–{self.period_end}"

    def subject_list(self, field: str = "failing_subjects") -> list[str]:
        return [s for s in getattr(self, field).split(",") if s]


class RiskRuleKind(models.TextChoices):
    # Each kind reads its own figures; `threshold` and `subjects` configure it.
    ABSENCE = "absence", _("High absence")
    FAILING_SUBJECT = "failing_subject", _("Failing a core subject")
    RISING_ABSENCE = "rising_absence", _("Absence rising over two periods")
    KNOWN_CONCERN = "known_concern", _("A known concern on a case")
    LOW_GRADE_AVERAGE = "low_grade_average", _("Low grade average")


class RiskRule(models.Model):
    """One rule of a municipality's early warning, set by its admins (configuration: reading
    no student). The defaults come from research on early-warning indicators (absence of 10 %
    or more in a period; failing mathematics or Norwegian; a rising trend; a known concern)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="risk_rules"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RiskRuleKind.choices)
    # Absence: percent of the period; rising absence: percentage points per period; low grade
    # average: the average below which a student is flagged. Unused by the other kinds.
    threshold = models.DecimalField(
        _("threshold"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    # Failing subject: the subject codes that count (comma-separated, "MAT,NOR").
    subjects = models.CharField(_("subjects"), max_length=200, blank=True)
    # How much the rule weighs when a counselor's list is sorted by risk.
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    active = models.BooleanField(_("active"), default=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["municipality", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="riskrule_one_per_kind")
        ]
        verbose_name = _("risk rule")
        verbose_name_plural = _("risk rules")

    def __str__(self):
        return self.get_kind_display()


class RiskFlag(models.Model):
    """A rule raised on a student's period, with the figures that raised it ("absence 12.5 %,
    rule: 10 %"), kept as they were when it was raised."""

    period = models.ForeignKey(StudentPeriod, on_delete=models.CASCADE, related_name="flags")
    rule = models.ForeignKey(RiskRule, on_delete=models.PROTECT, related_name="flags")
    figures = models.JSONField(_("figures"), default=dict)
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)

    class Meta:
        ordering = ["period", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["period", "rule"], name="riskflag_one_per_rule")
        ]
        verbose_name = _("risk flag")
        verbose_name_plural = _("risk flags")

    def __str__(self):
        return f"{self.rule} ({self.period_id})"


# ---------------------------------------------------------------------------------------------
# The OT register


class OTCoverage(models.Model):
    """Which OT unit serves the youth living in a municipality: one unit per home
    municipality, possibly in another municipality of the county (seed 002: OT carried out
    by municipal teams)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="ot_coverage")
    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="ot_coverage"
    )

    class Meta:
        ordering = ["unit", "municipality"]
        verbose_name = _("OT coverage")
        verbose_name_plural = _("OT coverage")

    def __str__(self):
        return f"{self.unit} – {self.municipality}"


class RegistrationSource(models.TextChoices):
    SCHOOL_DATA = "school_data", _("School data import")
    SCHOOL_REPORT = "school_report", _("Reported by the school")
    MANUAL = "manual", _("Registered by hand")
    ROUTED = "routed", _("Routed from another OT")
    HANDOVER = "handover", _("Handed over from another unit")


class OTRegistration(models.Model):
    """A youth on the OT register: a case of the OT unit serving her home municipality, with
    Udir's status code. Every new registration starts as OTUK."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="ot_registration")
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home municipality"),
    )
    source = models.CharField(
        _("registered from"), max_length=20, choices=RegistrationSource.choices
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The school she left (or attends), as the report or the file named it.
    school = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    status = models.CharField(
        _("OT status"), max_length=10, choices=StatusCode.choices, default=FIRST_CODE
    )
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    # The first real contact (not a letter or a text without an answer): ends OTUK.
    first_contact_on = models.DateField(_("first contact"), null=True, blank=True)
    # Written information about her rights, sent to her and (a minor's) to her guardians.
    rights_info_sent_on = models.DateField(_("information on rights sent"), null=True, blank=True)
    guardians_info_sent_on = models.DateField(
        _("information sent to guardians"), null=True, blank=True
    )

    class Meta:
        ordering = ["-registered_at", "-id"]
        # The register's list sorts on these (newest first by default) and filters on status.
        indexes = [models.Index(fields=["status"]), models.Index(fields=["registered_at"])]
        verbose_name = _("OT registration")
        verbose_name_plural = _("OT registrations")

    def __str__(self):
        return f"{self.status} ({self.case_id})"


class OTStatusChange(models.Model):
    """A dated change of a registration's status code, with who made it; OTUK → OTOV names
    the recorded contact that ended "unknown"."""

    registration = models.ForeignKey(
        OTRegistration, on_delete=models.PROTECT, related_name="status_changes"
    )
    code = models.CharField(_("OT status"), max_length=10, choices=StatusCode.choices)
    previous = models.CharField(
        _("previous status"), max_length=10, choices=StatusCode.choices, blank=True
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        JournalEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded contact"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["registration", "at", "id"]
        verbose_name = _("OT status change")
        verbose_name_plural = _("OT status changes")

    def __str__(self):
        return f"{self.previous or '–'} → {self.code}"


class RoutingReason(models.TextChoices):
    NEW_REGISTRATION = "new_registration", _("New registration")
    SCHOOL_REPORT = "school_report", _("A school reported that the student quit")
    MOVED_COUNTY = "moved_county", _("Moved to another county")
    MOVED_MUNICIPALITY = "moved_municipality", _("Moved to another municipality")
    HANDOVER = "handover", _("Handed over")


class RoutingNotice(models.Model):
    """A registration routed to the OT unit serving the youth's home municipality: the unit
    is told at once, and the notice stays on its leader's list until someone there has seen
    it. Routed to a county with no unit in Ungsam, it names the county and is sent outside."""

    registration = models.ForeignKey(
        OTRegistration, on_delete=models.PROTECT, related_name="notices", null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RoutingReason.choices)
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Where it came from: the OT it was routed from, or the reporting school.
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The registration it ended (moved county: the sending unit's registration, now OTFA_IM).
    from_registration = models.ForeignKey(
        OTRegistration, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("routed"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seen_at = models.DateTimeField(_("seen"), null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["to_unit", "seen_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_unit__isnull=False) | Q(to_county__isnull=False),
                name="routingnotice_has_recipient",
            )
        ]
        verbose_name = _("routing notice")
        verbose_name_plural = _("routing notices")

    def __str__(self):
        return f"{self.get_reason_display()} ({self.at:%Y-%m-%d})"


class OTUnitSettings(models.Model):
    """An OT unit's deadlines, set by its leader: first contact within N days of
    registration, then contact at least every N days by status group."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="ot_settings")
    first_contact_days = models.PositiveSmallIntegerField(
        _("first contact within days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    follow_up_days_unknown = models.PositiveSmallIntegerField(
        _("contact attempt every days, unknown activity"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    follow_up_days_guidance = models.PositiveSmallIntegerField(
        _("contact every days, under follow-up"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    follow_up_days_activity = models.PositiveSmallIntegerField(
        _("contact every days, in activity"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("OT deadlines")
        verbose_name_plural = _("OT deadlines")

    def __str__(self):
        return str(self.unit)


# ---------------------------------------------------------------------------------------------
# Handover between OT, outreach and los


class FindAnswer(models.TextChoices):
    FOUND = "found", _("Found")
    NOT_FOUND = "not_found", _("Not found")
    NEW_CONTACT = "new_contact", _("New contact established")


class FindRequest(models.Model):
    """OT asks an outreach team to find a youth it cannot reach (seed 002: outreach is rarely
    asked); outreach answers found, not found or new contact, and the answer returns to OT."""

    registration = models.ForeignKey(
        OTRegistration, on_delete=models.PROTECT, related_name="find_requests"
    )
    outreach_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    # What outreach needs to find her: where she has been seen, what OT has tried.
    asked = models.TextField(_("what is known and asked"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=20, choices=FindAnswer.choices, blank=True)
    answer_note = models.TextField(_("about the answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The answer read by OT (the status returns to OT).
    seen_at = models.DateTimeField(_("answer seen"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["outreach_unit", "answered_at"])]
        constraints = [
            # One open request per registration and team: a second waits for the answer.
            models.UniqueConstraint(
                fields=["registration", "outreach_unit"],
                condition=Q(answered_at__isnull=True),
                name="findrequest_one_open_per_team",
            ),
        ]
        verbose_name = _("request to find a youth")
        verbose_name_plural = _("requests to find a youth")

    def __str__(self):
        return f"{self.outreach_unit} ({self.sent_at:%Y-%m-%d})"


class UnitHandover(models.Model):
    """A youth handed from one unit to another (a los case to OT when she quits school, or
    back), with the summary she consented to share; the receiving unit acknowledges it, and
    its case (or OT registration) is where the work goes on."""

    from_case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="handovers_out")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="handovers_in"
    )
    summary = models.TextField(_("summary"))
    consent = models.ForeignKey(
        "collab.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["to_unit", "acknowledged_at"])]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self):
        return f"{self.to_unit} ({self.sent_at:%Y-%m-%d})"


class SchoolImportJob(models.Model):
    """An upload of a school data file from the import page, and what became of it: a
    background task checks it (the preview and the error list), and after the importer
    confirms, another imports it, reporting its progress. The file itself lies encrypted on
    disk (ungsam/ot/school_import_uploads.py) until the job ends, never in the database. Its
    error list and preview name no youth (line numbers and counts only)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # Set when a school's counselor uploaded: the job is hers and her school's.
    school = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=120)
    file_size = models.PositiveBigIntegerField(default=0)
    storage_name = models.CharField(max_length=32, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(default=0)
    # Every error as "file:line: column: message".
    errors = models.JSONField(default=list, blank=True)
    # The preview, then what the import did: counts, and the lines to report outside Ungsam.
    summary = models.JSONField(default=dict, blank=True)
    result = models.ForeignKey(
        SchoolDataImport, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    import_started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["municipality", "-created_at"])]
        verbose_name = _("school data upload")
        verbose_name_plural = _("school data uploads")

    def __str__(self):
        return f"{self.file_name} ({self.status})"

    @property
    def ended(self) -> bool:
        return self.status in ENDED_STATUSES

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.UPLOADED, ImportStatus.IMPORTING)
