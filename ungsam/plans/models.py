"""Assessments (kartlegging): a dated mapping of risk and protective factors across the domains
of a youth's life, each scored with a note, and the youth's own view (seed 000)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.cases.models import Case


class Domain(models.TextChoices):
    ATTENDANCE = "attendance", _("School attendance")
    ACADEMIC = "academic", _("Academic mastery")
    MOTIVATION = "motivation", _("Motivation")
    WELLBEING = "wellbeing", _("Wellbeing and mental health")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    HOME = "home", _("Home and care")
    SUBSTANCES = "substances", _("Substance use")
    CRIME = "crime", _("Police and crime")
    LEISURE = "leisure", _("Leisure")
    WORK = "work", _("Work")


# Academic mastery is scored per subject as well (maths is where seed 000's youth struggle).
SUBJECTS = (
    ("matematikk", _("Mathematics")),
    ("norsk", _("Norwegian")),
    ("engelsk", _("English")),
)


class Score(models.IntegerChoices):
    """From a great concern to a strength: higher is better, so a chart rises as she does."""

    GREAT_CONCERN = 1, _("1 – great concern")
    CONCERN = 2, _("2 – some concern")
    NEUTRAL = 3, _("3 – neither")
    GOOD = 4, _("4 – going well")
    STRENGTH = 5, _("5 – a strength")


class Assessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    youth_view = models.TextField(_("the youth's own view"), blank=True)
    note = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        indexes = [models.Index(fields=["case", "assessed_on"])]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.case_id}: {self.assessed_on}"


class DomainScore(models.Model):
    """One domain's score in an assessment; academic mastery also per subject."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    subject = models.CharField(_("subject"), max_length=40, blank=True, choices=SUBJECTS)
    score = models.PositiveSmallIntegerField(
        _("score"), choices=Score.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain", "subject"], name="domainscore_once_per_assessment"
            ),
            models.CheckConstraint(
                condition=Q(subject="") | Q(domain="academic"), name="domainscore_subject_academic"
            ),
        ]

    def __str__(self):
        return f"{self.domain} {self.subject} {self.score}".strip()
