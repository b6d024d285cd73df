"""Consents (samtykke): what the youth and/or her guardians agreed to share, with which
partner organisations and units (never a named employee: people come and go, the service
stays), which information categories, for what purpose, and for how long. Refusals are recorded
too. A withdrawal is final and takes effect at once; a consent is never deleted, so the record
of what was shared on which basis outlives it.

A consent belongs to the youth (partner access, issue 14 item 4, asks "does a valid consent of
this youth cover this recipient and category") and is recorded on a case by its unit (who may
read and change it follows the case's gatekeeper)."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.access.models import AppendOnlyError
from ungsam.cases.models import AttachmentType, Case
from ungsam.org.models import PartnerOrganization, ServiceCode, Unit
from ungsam.people.models import Gender, Guardian, GuardianRelation, Youth


class Category(models.TextChoices):
    """The information categories a consent names (issue 14): a partner sees only these."""

    CONTACT_DETAILS = "contact_details", _("Contact details")
    PLAN = "plan", _("Action plan")
    ASSESSMENTS = "assessments", _("Assessments")
    JOURNAL_SUMMARIES = "journal_summaries", _("Journal summaries")
    ATTACHMENTS = "attachments", _("Attachments")
    SCHOOL_DATA = "school_data", _("School data")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral")


class GiverKind(models.TextChoices):
    YOUTH = "youth", _("The youth")
    GUARDIAN = "guardian", _("Guardian")


def valid_condition(at, prefix: str = "") -> Q:
    """A consent in force at the moment `at` (a datetime, or the database's `Now()`), to the
    minute: given, started (valid_from <= at), not yet lapsed (at < valid_until), not withdrawn
    at or before `at`. `prefix` reaches the consent through a relation ("consent__"). Said
    twice, once for queries and once for a row (`Consent.is_valid_at`); tests/collab hold the
    two to the same answer at every edge."""

    def q(**lookups):
        return Q(**{prefix + name: value for name, value in lookups.items()})

    return (
        q(status=ConsentStatus.GIVEN, valid_from__lte=at, valid_until__gt=at)
        & q(valid_until__isnull=False)
        & (q(withdrawn_at__isnull=True) | q(withdrawn_at__gt=at))
    )


class ConsentQuerySet(models.QuerySet):
    def valid_at(self, at: datetime | None = None):
        """The consents in force at `at` (now unless told)."""
        return self.filter(valid_condition(at or timezone.now()))

    def expiring(self, at: datetime, within):
        """Those in force at `at` that lapse within the timedelta `within` (the reminder)."""
        return self.valid_at(at).filter(valid_until__lte=at + within)

    def covering(self, *, category: str, partner_id=None, unit_id=None):
        """Those naming the category and the recipient (a partner organisation or a unit), for
        which no later refusal of that pair stands (`refused_later`)."""
        if (partner_id is None) == (unit_id is None):
            raise ValueError("name exactly one recipient: a partner organisation or a unit")
        if partner_id is not None:
            recipient = Q(consent__partners=partner_id)
        else:
            recipient = Q(consent__units=unit_id)
        named = ConsentCategory.objects.filter(
            recipient, consent=OuterRef("pk"), category=category
        ).filter(~Exists(refused_later(recipient)))
        return self.filter(Exists(named))


def refused_later(recipient: Q) -> models.QuerySet:
    """Correlated to a consent category: a refusal recorded later for the same youth, category
    and `recipient` (a Q on consent__partners or consent__units). It is the youth's latest word
    on that pair: the earlier consent no longer covers it (its other pairs stand). The one
    statement of the rule: the consent checks and partner access (rule 3) both ask it."""
    return ConsentCategory.objects.filter(
        recipient,
        consent__youth=OuterRef("consent__youth"),
        consent__status=ConsentStatus.REFUSED,
        consent__recorded_at__gt=OuterRef("consent__recorded_at"),
        category=OuterRef("category"),
    )


class Consent(models.Model):
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="consents")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="consents", verbose_name=_("case")
    )
    status = models.CharField(_("given or refused"), max_length=10, choices=ConsentStatus.choices)
    partners = models.ManyToManyField(
        PartnerOrganization, blank=True, related_name="+", verbose_name=_("partner organizations")
    )
    units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("units"))
    purpose = models.TextField(_("purpose"))
    given_by_youth = models.BooleanField(_("given by the youth"), default=False)
    given_as = models.CharField(_("written or oral"), max_length=10, choices=ConsentForm.choices)
    # The worker who recorded it; for an oral consent, the one who documents what was said.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    valid_from = models.DateTimeField(_("valid from"))
    # None for a refusal: nothing to lapse.
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.CharField(
        _("withdrawn by"), max_length=10, choices=GiverKind.choices, blank=True
    )
    withdrawn_by_name = models.CharField(_("who withdrew it"), max_length=200, blank=True)
    withdrawal_reason = models.TextField(_("about the withdrawal"), blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["youth", "valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="refused")
                | (Q(valid_until__isnull=False) & Q(valid_until__gt=models.F("valid_from"))),
                name="consent_given_has_period",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(status="given"),
                name="consent_only_given_is_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by="")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_by="")),
                name="consent_withdrawal_complete",
            ),
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.youth_id}: {self.status} {self.valid_from:%Y-%m-%d}"

    def withdrawer(self) -> str:
        """Who withdrew it, in a sentence: the guardian's name, or "the youth"."""
        return self.withdrawn_by_name or str(self.get_withdrawn_by_display()).lower()

    def is_valid_at(self, at: datetime) -> bool:
        """The row's answer to `valid_condition` (which see)."""
        return (
            self.status == ConsentStatus.GIVEN
            and self.valid_until is not None
            and self.valid_from <= at < self.valid_until
            and (self.withdrawn_at is None or self.withdrawn_at > at)
        )


class ConsentCategory(models.Model):
    """One information category a consent names."""

    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="categories")
    category = models.CharField(_("information category"), max_length=20, choices=Category.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["consent", "category"], name="consentcategory_once")
        ]
        verbose_name = _("information category")
        verbose_name_plural = _("information categories")

    def __str__(self):
        return self.category


class ConsentGiver(models.Model):
    """A guardian who gave (or refused) the consent, with their name and relation as they were
    then (the register's guardian may be changed or removed later; the record of who agreed
    stays)."""

    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="givers")
    guardian = models.ForeignKey(
        Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=20, choices=GuardianRelation.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("guardian who gave the consent")
        verbose_name_plural = _("guardians who gave the consent")

    def __str__(self):
        return self.name


class ConsentScan(models.Model):
    """The scanned, signed form of a written consent: a PDF, PNG or JPEG stored as the journal's
    attachments are (ungsam/cases/attachments.py: type told by its first bytes, encrypted under
    a random name outside the web root, its SHA-256 checked when read)."""

    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="scan")
    file_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("scanned consent form")
        verbose_name_plural = _("scanned consent forms")

    def __str__(self):
        return self.file_name


class BtiLevel(models.IntegerChoices):
    """The BTI model's levels (Bedre tverrfaglig innsats): how many services the youth's
    situation needs, and so how the team works."""

    CONCERN = 0, _("0 – is there cause for concern")
    ONE_SERVICE = 1, _("1 – within one service")
    SIMPLE = 2, _("2 – simple cooperation, two services")
    EXTENSIVE = 3, _("3 – extensive cooperation")


class CareTeam(models.Model):
    """The team around the youth (ansvarsgruppe / stafett) on one case: its members, exactly one
    coordinator at a time, the coordinating service (the municipality must name one where it
    is unclear), and the case's BTI level with when and by whom it was set."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="care_team")
    coordinating_service = models.CharField(
        _("coordinating service"), max_length=40, choices=ServiceCode.choices, blank=True
    )
    # The family has the right to a barnekoordinator (pasient- og brukerrettighetsloven § 2-5 c,
    # helse- og omsorgstjenesteloven § 7-2 a): the coordinator is one.
    child_coordinator = models.BooleanField(
        _("the coordinator is a barnekoordinator"), default=False
    )
    bti_level = models.PositiveSmallIntegerField(
        _("BTI level"), choices=BtiLevel.choices, null=True, blank=True
    )
    bti_set_on = models.DateField(_("BTI level set on"), null=True, blank=True)
    bti_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("BTI level set by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(bti_level__isnull=True) | Q(bti_set_on__isnull=False),
                name="careteam_bti_has_date",
            ),
        ]
        verbose_name = _("care team")
        verbose_name_plural = _("care teams")

    def __str__(self):
        return f"{self.case_id}"


class TeamMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)


class TeamMember(models.Model):
    """A person on the team, for the service she sits there for: a partner organisation, or a
    unit (her own unit's workers, or another unit's). Her role and her stated responsibility
    say who does what. Leaving keeps the row (who was on the team, when)."""

    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    partner = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organization"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role in the team"), max_length=120)
    responsibility = models.TextField(_("responsibility"), blank=True)
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-is_coordinator", "joined_at", "id"]
        indexes = [models.Index(fields=["user", "left_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=True, unit__isnull=False)
                | Q(partner__isnull=False, unit__isnull=True),
                name="teammember_one_service",
            ),
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(left_at__isnull=True),
                name="teammember_once_at_a_time",
            ),
            # Exactly one coordinator at a time: never two (the handover swaps them in one
            # transaction), and a coordinator cannot leave (the service refuses it).
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(is_coordinator=True, left_at__isnull=True),
                name="teammember_one_coordinator",
            ),
            models.CheckConstraint(
                condition=Q(is_coordinator=False) | Q(left_at__isnull=True),
                name="teammember_coordinator_stays",
            ),
        ]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return f"{self.team_id}: {self.user_id}"

    @property
    def service_name(self) -> str:
        return (self.partner or self.unit).name


class HandoverQuerySet(models.QuerySet):
    def open(self):
        """Offers not yet accepted, declined or cancelled."""
        return self.filter(
            accepted_at__isnull=True, declined_at__isnull=True, cancelled_at__isnull=True
        )


class Handover(models.Model):
    """The coordinator role offered to another member. It moves only when she accepts; until
    then the old coordinator keeps it. At most one open offer per team."""

    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="handovers")
    from_member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+")
    to_member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True)
                & Q(cancelled_at__isnull=True),
                name="handover_one_open",
            ),
        ]
        verbose_name = _("coordinator handover")
        verbose_name_plural = _("coordinator handovers")

    def __str__(self):
        return f"{self.team_id}: {self.from_member_id} -> {self.to_member_id}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.cancelled_at is None


class DisclosureChannel(models.TextChoices):
    READ = "read", _("Read in Ungsam")
    RECORDED = "recorded", _("Given outside Ungsam")


class DisclosureQuerySet(models.QuerySet):
    """`QuerySet.update()` and `.delete()` bypass `Model.save()`: refused too, so a record of
    what was shared, with whom and on what basis, is never rewritten after the fact."""

    def update(self, **kwargs):
        raise AppendOnlyError("A disclosure is never changed.")

    def delete(self):
        raise AppendOnlyError("A disclosure is never deleted.")


class Disclosure(models.Model):
    """Something about the youth shared outside the unit: to whom (a partner organisation or
    another unit, and the person where one read it), what (information categories), and on
    what basis: a consent (by id) or an exception from settings (DISCLOSURE_EXCEPTIONS: danger
    to life or health, the duty to report to child welfare, anonymised form …). Written by
    every page a partner opens, and by a worker who records what she told someone outside
    Ungsam. Never changed or deleted."""

    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="disclosures")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("how"), max_length=10, choices=DisclosureChannel.choices)
    partner = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organization"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    # Who read it (channel read), or the worker who recorded it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    categories = models.JSONField(_("information categories"), default=list)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures"
    )
    exception = models.CharField(_("exception"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["youth", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=True, unit__isnull=False)
                | Q(partner__isnull=False, unit__isnull=True),
                name="disclosure_one_recipient",
            ),
            models.CheckConstraint(
                condition=(Q(consent__isnull=False) & Q(exception=""))
                | (Q(consent__isnull=True) & ~Q(exception="")),
                name="disclosure_one_basis",
            ),
        ]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self):
        return f"{self.youth_id}: {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("A disclosure is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A disclosure is never deleted.")

    @property
    def recipient_name(self) -> str:
        return (self.partner or self.unit).name


# --- Inquiries without consent, and anonymous guidance (issue 15, item 2) -------------------


class InquiryKind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry without consent")
    ANONYMOUS_GUIDANCE = "anonymous_guidance", _("Anonymous guidance")


class InquiryDirection(models.TextChoices):
    INCOMING = "incoming", _("From the service to us")
    OUTGOING = "outgoing", _("From us to the service")


class InquiryTopic(models.TextChoices):
    """What the general advice was about: a short list, from the topics seed 004 counts, so
    the topic never needs words that could name someone."""

    SCHOOL = "school", _("School and absence")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    VIOLENCE = "violence", _("Violence and abuse")
    CRIME = "crime", _("Crime")
    HOME = "home", _("Home and family")
    WORK = "work", _("Work and activity")
    OTHER = "other", _("Other")


class AgeGroup(models.TextChoices):
    # DESIGN.md's age groups of outreach statistics, by school level.
    PRIMARY = "barneskole", _("Primary-school age (12 or younger)")
    LOWER_SECONDARY = "ungdomsskole", _("Lower-secondary age (13–15)")
    UPPER_SECONDARY = "vgs", _("Upper-secondary age (16–18)")
    OVER_18 = "over18", _("Over 18 (19–24)")


class DiscussionMeeting(models.TextChoices):
    SLT = "slt", _("SLT meeting")
    BTI = "bti", _("BTI meeting")
    OTHER = "other", _("Other meeting")


class Inquiry(models.Model):
    """One contact with another service that names nobody: general advice asked for or given
    without consent (kind inquiry), or a case discussed with no identity attached (kind
    anonymous guidance). There is no field for a youth, a case or a name: the record cannot
    link to a person. An anonymous guidance from an SLT or BTI case discussion keeps only the
    coarse attributes the worker kept after the anonymity check (age group, gender), never the
    school or a diagnosis."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InquiryKind.choices)
    service = models.CharField(_("service"), max_length=40, choices=ServiceCode.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=InquiryDirection.choices)
    on_date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=20, choices=InquiryTopic.choices)
    # Optional, short, and checked by the service: no national id, no name from the register.
    note = models.CharField(_("note"), max_length=200, blank=True)
    meeting = models.CharField(
        _("meeting"), max_length=10, choices=DiscussionMeeting.choices, blank=True
    )
    age_group = models.CharField(
        _("age group"), max_length=20, choices=AgeGroup.choices, blank=True
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-on_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "on_date"]),
            # The statistics: a period, grouped by service, direction and kind.
            models.Index(fields=["on_date", "service"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="anonymous_guidance") | Q(meeting="", age_group="", gender=""),
                name="inquiry_attributes_only_on_guidance",
            ),
        ]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self):
        return f"{self.kind} {self.service} {self.on_date:%Y-%m-%d}"


# --- Collaboration requests between services (videreformidling; issue 15, item 1) -------


class RequestDirection(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing")
    INCOMING = "incoming", _("Incoming")


class RequestStatus(models.TextChoices):
    """In this order only; declined and done end it."""

    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")


class CollaborationRequest(models.Model):
    """A collaboration request (videreformidling): one service asks another to act for a youth
    already followed on a case. Outgoing from the case's unit to a partner organisation, or
    incoming from one to the unit (recorded by the worker when it came by phone, letter or a
    meeting). Not the intake referral, which brings a youth onto a unit's waiting list.

    It carries the partner's service code as it was when sent (statistics count by service and
    direction, and a partner that later changes kind keeps its past), what is asked, what was
    shared (information categories) and on what basis (a consent in force naming the partner
    and every category, or an exception with a note), and its way through sent → received →
    accepted or declined → done, each step with when and by whom. Never deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="collaboration_requests")
    direction = models.CharField(_("direction"), max_length=10, choices=RequestDirection.choices)
    partner = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner organization"),
    )
    service = models.CharField(_("service"), max_length=40, choices=ServiceCode.choices)
    asked = models.TextField(_("what is asked"))
    categories = models.JSONField(_("information categories"), default=list)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exception = models.CharField(_("exception"), max_length=40, blank=True)
    basis_note = models.TextField(_("note on the basis"), blank=True)
    # The record of what an outgoing request gave the partner, in the disclosure log.
    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decline_reason = models.TextField(_("why it was declined"), blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    outcome = models.TextField(_("what came of it"), blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["sent_at", "service", "direction"]),
        ]
        constraints = [
            # An outgoing request gives the partner something: it needs one basis.
            models.CheckConstraint(
                condition=Q(direction="incoming")
                | (Q(consent__isnull=False) & Q(exception=""))
                | (Q(consent__isnull=True) & ~Q(exception="")),
                name="collabrequest_outgoing_has_basis",
            ),
            models.CheckConstraint(
                condition=Q(status="sent") | Q(received_at__isnull=False),
                name="collabrequest_received_recorded",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["sent", "received"]) | Q(answered_at__isnull=False),
                name="collabrequest_answer_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="collabrequest_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_at__isnull=False),
                name="collabrequest_done_recorded",
            ),
        ]
        verbose_name = _("collaboration request")
        verbose_name_plural = _("collaboration requests")

    def __str__(self):
        return f"{self.case_id}: {self.direction} {self.service} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.SENT, RequestStatus.RECEIVED, RequestStatus.ACCEPTED)


# The models of the team's meetings (issue 15 item 4) and of the common service pathway
# (item 5) live in their own modules; imported here so Django loads them with the app.
from ungsam.collab.meeting_models import (  # noqa: E402, F401
    Meeting,
    MeetingAction,
    MeetingAmendment,
    MeetingKind,
    MeetingParticipant,
    MeetingRule,
)
from ungsam.collab.pathway_models import (  # noqa: E402, F401
    PathwayStay,
    PathwayStep,
    ServicePathway,
)
