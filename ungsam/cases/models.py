"""A unit's follow-up of one youth. The foundation holds what the access policy needs
(unit, youth, contact persons); intake, journal and plans come with the casework issue."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.org.models import Unit
from ungsam.people.models import Youth


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    contact_persons = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CaseContact", related_name="contact_cases"
    )

    class Meta:
        ordering = ["-opened_on", "id"]
        indexes = [models.Index(fields=["unit", "status"])]
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
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return f"{self.unit} #{self.pk}"


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
