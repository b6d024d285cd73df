"""Reports of concern to child welfare (bekymringsmelding) and child welfare's requests for
information.

A public employee must report to child welfare, without undue delay and whatever her duty of
confidentiality, when there is reason to believe a child is neglected or abused or shows
serious behavioural problems (barnevernsloven § 13-2). The duty is personal and never waits for
consent (DESIGN.md, access rule 6). Child welfare in turn must confirm receipt within three
weeks and tell a public reporter whether it opened an investigation, and, when it did, give
new feedback within three weeks after the investigation ends. The report records those dates,
so the reporter sees what is overdue (`feedback_due_on`, `is_overdue`, and the queryset's
`overdue`, which say the same thing for a row and for a query)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Child welfare's feedback deadlines to a public reporter, after sending and after the
# investigation ends.
FEEDBACK_DAYS = 21


class Ground(models.TextChoices):
    """The situations the duty to report names, in the words a worker uses."""

    NEGLECT = "neglect", _("Serious deficiencies in the daily care")
    HEALTH = "health", _("The child does not get the examination or treatment it needs")
    SPECIAL_NEEDS = (
        "special_needs",
        _("A disabled child or a child in special need of help does not get its needs met"),
    )
    ABUSE = "abuse", _("Mistreatment, violence or sexual abuse in the home")
    BEHAVIOUR = "behaviour", _("Serious behavioural problems")


# What each ground means, said plainly on the form.
GROUND_HELP = {
    Ground.NEGLECT: _(
        "The child does not get the food, clothes, sleep, supervision, safety or contact with "
        "an adult that it needs, day after day."
    ),
    Ground.HEALTH: _(
        "The child has a life-threatening or other serious illness or injury, and the "
        "guardians do not see to it that the child is examined or treated."
    ),
    Ground.SPECIAL_NEEDS: _(
        "The child has a disability or a special need of help, and does not get the treatment, "
        "training or schooling it needs."
    ),
    Ground.ABUSE: _(
        "The child is beaten, threatened, sexually abused or otherwise mistreated at home, or "
        "lives with violence between the adults."
    ),
    Ground.BEHAVIOUR: _(
        "The child has shown serious behavioural problems over time: serious or repeated "
        "crime, misuse of alcohol or drugs, or other seriously destructive behaviour."
    ),
}


class Channel(models.TextChoices):
    """How the report was sent: Ungsam has no Fiks integration, so the worker sends it by the
    municipality's usual channel and records which."""

    FIKS = "fiks", _("Fiks (the municipality's digital form)")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Secure e-mail")
    PHONE = "phone", _("Phone, followed by the form")
    BY_HAND = "by_hand", _("Delivered by hand")
    OTHER = "other", _("Other")


# The national form's "leveringskanal" for each channel.
DELIVERY_CHANNEL = {
    Channel.FIKS: "Fagsystem",
    Channel.LETTER: "Brev",
    Channel.EMAIL: "E-post",
    Channel.PHONE: "Telefon",
    Channel.BY_HAND: "Levert personlig",
    Channel.OTHER: "Annet",
}


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_RECEIPT = "awaiting_receipt", _("Sent, awaiting confirmation of receipt")
    INVESTIGATING = "investigating", _("Investigation opened")
    AWAITING_FINAL = "awaiting_final", _("Investigation ended, awaiting feedback")
    CLOSED = "closed", _("Closed")


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def overdue_condition(today: date) -> Q:
    """Reports whose feedback from child welfare is past its deadline on `today`: sent more
    than three weeks ago without receipt and answer on investigation, or an investigation
    ended more than three weeks ago without final feedback. The same as
    `ConcernReport.is_overdue` for one row (tests/concerns hold the two to it)."""
    cut = today - timedelta(days=FEEDBACK_DAYS)
    first = Q(sent_at__lt=start_of_day(cut)) & (
        Q(receipt_confirmed_on__isnull=True) | Q(investigation_opened__isnull=True)
    )
    final = Q(
        investigation_opened=True,
        investigation_ended_on__lt=cut,
        final_feedback_on__isnull=True,
    )
    return Q(sent_at__isnull=False) & (first | final)


class ConcernReportQuerySet(models.QuerySet):
    def overdue(self, today: date):
        return self.filter(overdue_condition(today))


class ConcernReport(models.Model):
    """One report of concern about one youth, written on her case. The national public
    reporter's form (KS Fiks bekymringsmelding v2, `offentlig`) is built from it and the
    records (`document.py`); when it is sent, that document is kept as it went (`document`)."""

    # What the report holds, for the audit rows that read or write it.
    FIELDS = (
        "grounds",
        "assessment",
        "acute",
        "recipient",
        "reporter_role",
        "reporter_phone",
        "reporter_email",
        "child_told",
        "child_not_told_reason",
        "guardians_told",
        "report",
        "history",
        "other_views",
        "interpreter",
        "other_services",
    )
    FOLLOW_UP_FIELDS = (
        "sent_at",
        "channel",
        "sent_note",
        "receipt_confirmed_on",
        "investigation_opened",
        "investigation_opened_on",
        "investigation_ended_on",
        "final_feedback_on",
    )

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("people.Youth", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    # The role she wrote it in: the organisation the national form names as reporter.
    author_membership = models.ForeignKey(
        "org.Membership", on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        "org.PartnerOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("child welfare service"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    grounds = models.JSONField(_("grounds for concern"), default=list)
    assessment = models.TextField(_("your assessment"))
    acute = models.BooleanField(_("acute"), default=False)
    reporter_role = models.CharField(_("your role"), max_length=100)
    reporter_phone = models.CharField(_("your phone"), max_length=20)
    reporter_email = models.CharField(_("your e-mail"), max_length=254)
    child_told = models.BooleanField(_("the child has been told"), default=False)
    child_not_told_reason = models.TextField(_("why not"), blank=True)
    # One entry per guardian the form names, in order: {"told": bool, "reason": str}.
    guardians_told = models.JSONField(_("guardians told"), default=list, blank=True)
    report = models.TextField(_("the concern"))
    history = models.TextField(_("background"))
    other_views = models.TextField(_("other views"), blank=True)
    interpreter = models.CharField(_("interpreter need"), max_length=200, blank=True)
    other_services = models.TextField(_("other services involved"), blank=True)

    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    channel = models.CharField(_("sent by"), max_length=20, choices=Channel.choices, blank=True)
    sent_note = models.CharField(_("note on sending"), max_length=200, blank=True)
    # The national form as it was sent: what was given, whatever the records say later.
    document = models.JSONField(null=True, blank=True, editable=False)
    receipt_confirmed_on = models.DateField(_("receipt confirmed"), null=True, blank=True)
    investigation_opened = models.BooleanField(_("investigation opened"), null=True, blank=True)
    investigation_opened_on = models.DateField(_("investigation opened on"), null=True, blank=True)
    investigation_ended_on = models.DateField(_("investigation ended"), null=True, blank=True)
    final_feedback_on = models.DateField(_("final feedback"), null=True, blank=True)

    objects = ConcernReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["author", "sent_at"]),
            models.Index(fields=["case", "created_at"]),
            models.Index(fields=["sent_at"]),
        ]
        constraints = [
            # A sent report keeps the document it was sent as, and names its channel.
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | (Q(document__isnull=False) & ~Q(channel="")),
                name="concernreport_sent_has_document",
            ),
        ]
        verbose_name = _("report of concern")
        verbose_name_plural = _("reports of concern")

    def __str__(self):
        return f"{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.sent_at is None

    @property
    def is_violence(self) -> bool:
        return Ground.ABUSE in self.grounds

    def ground_labels(self) -> list[str]:
        names = dict(Ground.choices)
        return [str(names[code]) for code in self.grounds if code in names]

    def stage(self) -> str:
        if self.sent_at is None:
            return Stage.DRAFT
        if self.receipt_confirmed_on is None or self.investigation_opened is None:
            return Stage.AWAITING_RECEIPT
        if self.investigation_opened is False or self.final_feedback_on is not None:
            return Stage.CLOSED
        if self.investigation_ended_on is None:
            return Stage.INVESTIGATING
        return Stage.AWAITING_FINAL

    def get_stage_display(self) -> str:
        return str(Stage(self.stage()).label)

    def feedback_due_on(self) -> date | None:
        """The day by which child welfare owes the next feedback, or None when none is owed."""
        stage = self.stage()
        if stage == Stage.AWAITING_RECEIPT:
            return timezone.localtime(self.sent_at).date() + timedelta(days=FEEDBACK_DAYS)
        if stage == Stage.AWAITING_FINAL:
            return self.investigation_ended_on + timedelta(days=FEEDBACK_DAYS)
        return None

    def is_overdue(self, today: date) -> bool:
        due = self.feedback_due_on()
        return due is not None and today > due


class InformationRequest(models.Model):
    """A request for information from child welfare about a youth, and the answer given: what
    was asked, on which legal basis, and what was given when. Counted in statistics."""

    FIELDS = ("received_on", "partner", "asked", "legal_basis", "answered_on", "given")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("people.Youth", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        "org.PartnerOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("child welfare service"),
    )
    received_on = models.DateField(_("received"))
    asked = models.TextField(_("what was asked"))
    legal_basis = models.CharField(_("legal basis cited"), max_length=200)
    answered_on = models.DateField(_("answered"), null=True, blank=True)
    given = models.TextField(_("what was given"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["case", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | ~Q(given=""),
                name="informationrequest_answer_says_what",
            ),
        ]
        verbose_name = _("information request from child welfare")
        verbose_name_plural = _("information requests from child welfare")

    def __str__(self):
        return f"{self.pk}"
