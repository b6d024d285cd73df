"""A unit's follow-up of one youth, from the referral that brings her in to the closure: its
stage and the history of its stages, the intake (referral) with what the referrer knows, the
leader's triage, and its contact persons."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.org.models import PartnerOrganization, Unit
from ungsam.people.models import Youth


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CaseStage(models.TextChoices):
    """Where a case is. Every stage but the last is an open case (one per youth and unit)."""

    REFERRAL = "referral", _("Referral received")
    WAITING = "waiting", _("Waiting list")
    ASSESSMENT = "assessment", _("Assessment")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


# The waiting list (seed 003): referred and triaged, no contact person at work yet.
WAITING_STAGES = (CaseStage.REFERRAL, CaseStage.WAITING)
# Followed up: the unit's active cases, which its capacity is measured against.
FOLLOWED_STAGES = (CaseStage.ASSESSMENT, CaseStage.ACTIVE)


class ClosureOutcome(models.TextChoices):
    # DESIGN.md's code list: what became of the youth when the case closed.
    IN_SCHOOL = "in_school", _("In school")
    IN_WORK = "in_work", _("In work")
    OTHER_EDUCATION = "other_education", _("Other education or training")
    NAV_MEASURE = "nav_measure", _("NAV measure")
    MOVED = "moved", _("Moved")
    NOT_REACHED = "not_reached", _("Not reached")
    OTHER = "other", _("Other")


class Level(models.IntegerChoices):
    """Complexity and severity at triage (seed 003), 1–3."""

    LOW = 1, _("1 – low")
    MEDIUM = 2, _("2 – medium")
    HIGH = 3, _("3 – high")


class Case(models.Model):
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=CaseStage.choices, default=CaseStage.ACTIVE
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    complexity = models.PositiveSmallIntegerField(
        _("complexity"), choices=Level.choices, null=True, blank=True
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Level.choices, null=True, blank=True
    )
    closure_outcome = models.CharField(
        _("outcome"), max_length=20, choices=ClosureOutcome.choices, blank=True
    )
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    moved_to = models.CharField(_("moved to"), max_length=200, blank=True)
    # The last day a worker confirmed how the youth is doing; older than
    # settings.SITUATION_STALE_DAYS it reads "not known" and the case is on the work list.
    situation_confirmed_on = models.DateField(_("situation last confirmed"), null=True, blank=True)
    # Brought in by the import bundle from an older system: a closed case that links an imported
    # youth to the unit (its leader sees them, nobody else), and that holds their history.
    imported = models.BooleanField(_("imported"), default=False, editable=False)
    contact_persons = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CaseContact", related_name="contact_cases"
    )

    class Meta:
        ordering = ["-opened_on", "id"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["unit", "stage"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["youth", "unit"],
                condition=Q(status="open"),
                name="case_one_open_per_youth_and_unit",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="case_closed_has_date",
            ),
            # The stage and the status never disagree: closed is the one closed stage.
            models.CheckConstraint(
                condition=Q(status="closed", stage="closed")
                | (Q(status="open") & ~Q(stage="closed")),
                name="case_stage_matches_status",
            ),
            models.CheckConstraint(
                condition=~Q(stage="closed") | ~Q(closure_outcome=""),
                name="case_closed_has_outcome",
            ),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return f"{self.unit} #{self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.stage in WAITING_STAGES

    @property
    def situation_known(self) -> bool:
        """Whether someone confirmed the youth's situation within the set number of days (a
        case younger than that counts from the day it opened)."""
        since = self.situation_confirmed_on or self.opened_on
        return (timezone.localdate() - since).days <= settings.SITUATION_STALE_DAYS


class CaseContact(models.Model):
    """A worker responsible for a case; outreach cases have two."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="casecontact_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(primary=True), name="casecontact_one_primary"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.case}"


class ContactPersonPeriod(models.Model):
    """A spell as one of a case's contact persons, primary or not, from `started_at` until
    `ended_at` (open: still is). CaseContact holds who they are now; this holds who they were,
    written by the services that set them (open, assign, move), so a leader can see whether a
    youth kept the same contact person through her case (continuity, issue 17)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_periods")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    primary = models.BooleanField(_("primary contact"), default=False)
    started_at = models.DateTimeField(_("contact person from"), default=timezone.now)
    ended_at = models.DateTimeField(_("contact person until"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["case", "primary"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="contactpersonperiod_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.case_id}: {self.user_id} {self.started_at:%Y-%m-%d}"


class StageChange(models.Model):
    """The case entered `stage` at `at`: the unit's status on any past date is read from these
    (seed 003's status slide), and the case page shows its history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=12, choices=CaseStage.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"]), models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.case_id}: {self.stage} {self.at:%Y-%m-%d}"


class Consent(models.TextChoices):
    GIVEN_WRITTEN = "written", _("Given in writing")
    GIVEN_ORAL = "oral", _("Given orally")
    NOT_GIVEN = "refused", _("Not given")
    NOT_ASKED = "not_asked", _("Not asked yet")


class Referral(models.Model):
    """The intake (henvisning): what the referrer knows, in the structure seed 000 found missing
    in practice — absence, subjects at risk, what has been tried, the concerns, the youth's and
    the guardians' own view, and consent."""

    # Usually one per case; a second referral of a youth the unit already follows joins her
    # open case (the referrer learns nothing of whether the unit knew her).
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    # Who referred: a partner organisation or unit in Ungsam, or someone outside it.
    from_partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_other = models.CharField(_("referred by (other)"), max_length=200, blank=True)
    referrer_name = models.CharField(_("referrer's name"), max_length=200)
    referrer_contact = models.CharField(_("referrer's phone or e-mail"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("what the concern is"))
    absence_percent = models.DecimalField(
        _("absence (percent)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    absence_period = models.CharField(_("absence period"), max_length=100, blank=True)
    subjects_at_risk = models.CharField(_("subjects at risk"), max_length=300, blank=True)
    tried = models.TextField(_("what has been tried"))
    concern_health = models.BooleanField(_("health"), default=False)
    concern_care = models.BooleanField(_("care at home"), default=False)
    concern_substance = models.BooleanField(_("substance use"), default=False)
    concern_crime = models.BooleanField(_("crime"), default=False)
    concern_notes = models.TextField(_("about the concerns"), blank=True)
    youth_view = models.TextField(_("the youth's own view"))
    guardians_view = models.TextField(_("the guardians' view"), blank=True)
    consent = models.CharField(_("consent"), max_length=10, choices=Consent.choices)

    # What the referrer writes, and with who referred and when, what the leader reads at
    # triage besides the youth.
    WRITTEN_FIELDS = (
        "referrer_name",
        "referrer_contact",
        "reason",
        "absence_percent",
        "absence_period",
        "subjects_at_risk",
        "tried",
        "concern_health",
        "concern_care",
        "concern_substance",
        "concern_crime",
        "concern_notes",
        "youth_view",
        "guardians_view",
        "consent",
    )
    FIELDS = ("received_on", "from_partner", "from_unit", "from_other", *WRITTEN_FIELDS)

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_partner__isnull=False)
                | Q(from_unit__isnull=False)
                | ~Q(from_other=""),
                name="referral_names_its_referrer",
            )
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.case} – {self.received_on}"

    @property
    def referred_by(self) -> str:
        return str(self.from_partner or self.from_unit or self.from_other)


class AppointmentOutcome(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(models.Model):
    """A planned meeting with the youth, and what came of it."""

    FIELDS = ("starts_at", "place", "with_whom", "outcome", "outcome_note")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    with_whom = models.CharField(_("with whom"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=AppointmentOutcome.choices,
        default=AppointmentOutcome.PLANNED,
    )
    outcome_note = models.CharField(_("about the outcome"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["case", "starts_at"])]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self):
        return f"{self.case_id}: {self.starts_at:%Y-%m-%d %H:%M}"


class Discussion(models.Model):
    """A case brought to the unit's weekly team meeting (seed 003): who raised it and what she
    asks, and what the meeting decided — the decision stays on the case."""

    FIELDS = ("question", "decision", "decided_on")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions")
    question = models.TextField(_("what the team should discuss"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    decision = models.TextField(_("decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["case", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True, decision="")
                | (Q(decided_on__isnull=False) & ~Q(decision="")),
                name="discussion_decided_has_decision",
            )
        ]
        verbose_name = _("team meeting item")
        verbose_name_plural = _("team meeting items")

    def __str__(self):
        return f"{self.case_id}: {self.raised_at:%Y-%m-%d}"


class Transition(models.Model):
    """The move from lower- to upper-secondary school (seed 000): the spring review with the
    school's counselor, a plan for the summer and for the first school day, and who to call at
    the new school."""

    FIELDS = (
        "reviewed_on",
        "counselor",
        "summer_plan",
        "first_day_plan",
        "new_school",
        "programme",
        "new_school_contact",
        "new_school_contact_details",
    )

    # Where she will go to school, and who to call there: rule 8 hides them with her school.
    LOCATION_FIELDS = ("new_school", "new_school_contact", "new_school_contact_details")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="transition")
    reviewed_on = models.DateField(_("reviewed with the counselor on"), null=True, blank=True)
    counselor = models.CharField(_("the counselor"), max_length=200, blank=True)
    summer_plan = models.TextField(_("plan for the summer"), blank=True)
    first_day_plan = models.TextField(_("plan for the first school day"), blank=True)
    new_school = models.CharField(_("upper-secondary school"), max_length=200, blank=True)
    programme = models.CharField(_("education programme"), max_length=200, blank=True)
    new_school_contact = models.CharField(
        _("contact at the upper-secondary school"), max_length=200, blank=True
    )
    new_school_contact_details = models.CharField(
        _("the contact's phone or e-mail"), max_length=200, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("transition to upper-secondary school")
        verbose_name_plural = _("transitions to upper-secondary school")

    def __str__(self):
        return f"{self.case_id}: {self.new_school}"

    @property
    def missing(self) -> list[str]:
        """What the plan still lacks before the first school day."""
        wanted = (
            ("reviewed_on", _("the review with the counselor")),
            ("summer_plan", _("a plan for the summer")),
            ("first_day_plan", _("a plan for the first school day")),
            ("new_school_contact", _("a contact at the new school")),
        )
        return [str(label) for name, label in wanted if not getattr(self, name)]


# --- The journal ----------------------------------------------------------------------------


class EntryKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    MEETING = "meeting", _("Meeting")
    SCHOOL_CONTACT = "school_contact", _("School contact")
    # Written to be shared: what a partner whose consent names journal summaries reads.
    SUMMARY = "summary", _("Summary for the team")
    OTHER = "other", _("Other")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class SignedEntryError(PermissionDenied):
    """A signed journal entry, or an attachment of one, was about to be changed or deleted. The
    model refuses before the database's trigger has to (cases/0006)."""

    def __init__(self):
        super().__init__(
            _("A signed journal entry is never changed or deleted: write a correction.")
        )


class JournalQuerySet(models.QuerySet):
    """`update()` and `delete()` bypass the model's guard: refuse them where a signed entry is
    among the rows (drafts are their author's to change)."""

    def update(self, **kwargs):
        if self.filter(status=EntryStatus.SIGNED).exists():
            raise SignedEntryError
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=EntryStatus.SIGNED).exists():
            raise SignedEntryError
        return super().delete()


class JournalEntry(models.Model):
    """One entry in a case's journal: a draft its author may change, until she signs it; from
    then it is fixed (the model, the services and a database trigger hold to that). A mistake
    in a signed entry is put right by a correction: a new entry that names the one it corrects
    (`corrects`) and the first version of the chain (`original`); the one it corrects then shows
    as corrected, and the history shows every version."""

    FIELDS = ("kind", "occurred_on", "text")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="journal_entries")
    kind = models.CharField(_("type"), max_length=20, choices=EntryKind.choices)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first version"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    correction_note = models.CharField(_("what was corrected, and why"), max_length=500, blank=True)

    objects = JournalQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["case", "status", "occurred_on"]),
            models.Index(fields=["original"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", signed_at__isnull=True, signed_by__isnull=True)
                | Q(status="signed", signed_at__isnull=False, signed_by=models.F("author")),
                name="journalentry_signed_by_its_author",
            ),
            # A chain of versions, never a tree: each entry is corrected by one signed entry.
            models.UniqueConstraint(
                fields=["corrects"],
                condition=Q(status="signed"),
                name="journalentry_one_signed_correction",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, original__isnull=True, version=1)
                | Q(corrects__isnull=False, original__isnull=False, version__gt=1),
                name="journalentry_version_chain",
            ),
        ]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    def __str__(self):
        return f"{self.case_id}: {self.kind} {self.occurred_on}"

    def save(self, *args, **kwargs):
        if self._stored_signed():  # also for a new instance given the id of a signed row
            raise SignedEntryError
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:journal_entry", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self._stored_signed():
            raise SignedEntryError
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.status == EntryStatus.SIGNED

    def _stored_signed(self) -> bool:
        # Asked of the database, not of this instance: a changed `status` in memory, or an
        # instance built with the id of a signed row, must not slip past.
        return (
            self.pk is not None
            and type(self).objects.filter(pk=self.pk, status=EntryStatus.SIGNED).exists()
        )


class AttachmentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"


class JournalAttachment(models.Model):
    """A file (PDF or image) on a journal entry, added while it is a draft and fixed with it
    when it is signed. The bytes lie encrypted outside the web root under a random name
    (`cases/attachments.py`); this row holds what was checked: the type read from the file's
    first bytes, its size and its SHA-256."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="attachments")
    file_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.entry_id}: {self.file_name}"

    def save(self, *args, **kwargs):
        if self._entry_signed():
            raise SignedEntryError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._entry_signed():
            raise SignedEntryError
        return super().delete(*args, **kwargs)

    def _entry_signed(self) -> bool:
        return JournalEntry.objects.filter(pk=self.entry_id, status=EntryStatus.SIGNED).exists()
