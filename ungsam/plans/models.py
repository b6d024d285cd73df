"""Assessments (kartlegging): a dated mapping of risk and protective factors across the domains
of a youth's life, each scored with a note, and the youth's own view (seed 000). Action plans
(tiltaksplan): measurable goals, measures from the municipality's catalog, and the reviews at
follow-up meetings that record each goal's progress and the decisions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.cases.models import Case
from ungsam.org.models import Municipality
from ungsam.people.models import Youth


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
    youth_view = models.CharField(_("the youth's own view"), max_length=500, blank=True)

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


# --- Action plans (tiltaksplan) ---------------------------------------------------------------


class MeasureType(models.Model):
    """One kind of measure in the municipality's catalog (seed 000: homework help, wake-up and
    escort to school, ICDP ...). Configured by the municipality's admin; retired (inactive),
    never deleted, so the plans that used it keep their history."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="measure_types"
    )
    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="measuretype_unique_name")
        ]
        verbose_name = _("measure type")
        verbose_name_plural = _("measure types")

    def __str__(self):
        return self.name


class ActionPlan(models.Model):
    """The case's action plan: made the first time a goal, measure or review date is written.
    `next_review_on` is the next follow-up meeting, when the plan is reviewed (the dashboard
    raises "plan review due" from it)."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="action_plan", verbose_name=_("case")
    )
    created_on = models.DateField(_("created"), default=timezone.localdate)
    next_review_on = models.DateField(_("next review"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return f"{self.case_id}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REACHED = "reached", _("Reached")
    NOT_REACHED = "not_reached", _("Not reached")
    DROPPED = "dropped", _("Dropped")


# Baselines, targets and measured values: a percentage, a grade, days, hours (two decimals).
_MEASURE = {"max_digits": 8, "decimal_places": 2}


class Goal(models.Model):
    """A measurable goal: what, measured how (the indicator), from where (baseline) to where
    (target) by when, e.g. "Absence below 10 %": absence in percent, 25 → 10 by 1 March."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    what = models.CharField(_("goal"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=200)
    baseline = models.DecimalField(_("baseline"), **_MEASURE)
    target = models.DecimalField(_("target"), **_MEASURE)
    due_on = models.DateField(_("reach by"))
    set_on = models.DateField(_("agreed on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(baseline=models.F("target")), name="goal_target_differs"
            ),
        ]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.what


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class PlanMeasure(models.Model):
    """A measure in the plan: a kind from the catalog, what exactly, who is responsible (a
    person or a service, e.g. "Lise Los", "the school", "NAV"), from when to when, and how it
    stands."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    type = models.ForeignKey(
        MeasureType, on_delete=models.PROTECT, related_name="+", verbose_name=_("measure")
    )
    description = models.CharField(_("description"), max_length=1000, blank=True)
    # How much (omfang): "two hours a week", "every school morning" – the individual plan
    # names the scope of each measure (forskrift om habilitering … § 22).
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    responsible = models.CharField(_("responsible"), max_length=120)
    # The team member the measure is given to, when it is one: it lands on her task list
    # (a partner sees it on her home while the consent shares the plan with her service).
    assignee = models.ForeignKey(
        "collab.TeamMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("given to"),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="planmeasure_ends_after_start",
            ),
        ]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self):
        return f"{self.type_id}: {self.description[:40]}"


class PlanReview(models.Model):
    """A follow-up meeting that reviewed the plan (seed 000): who took part, the progress of
    each goal, what was decided, and when the plan is reviewed next."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("date"))
    participants = models.CharField(_("who took part"), max_length=500)
    decisions = models.TextField(_("decisions"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")

    def __str__(self):
        return f"{self.plan_id}: {self.held_on}"


class GoalProgress(models.Model):
    """A goal's progress at a review: the indicator's value then (none: not measured), on
    track or not, a note."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="progress")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    value = models.DecimalField(_("value now"), null=True, blank=True, **_MEASURE)
    on_track = models.BooleanField(_("on track"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goalprogress_once_per_review")
        ]
        verbose_name = _("progress on a goal")
        verbose_name_plural = _("progress on the goals")

    def __str__(self):
        return f"{self.goal_id}: {self.value}"


# --- The individual plan (individuell plan) ---------------------------------------------------


class PlanConsentBy(models.TextChoices):
    YOUTH = "youth", _("The youth")
    GUARDIANS = "guardians", _("The guardians")
    BOTH = "both", _("The youth and the guardians")


class IndividualPlan(models.Model):
    """The youth's individual plan (forskrift om habilitering, rehabilitering, individuell plan
    og koordinator, 2022): one plan across the services, kept by the care team of the case whose
    team holds the coordinator. What the regulation asks that the action plan does not hold
    already lives here (her own words, resources and needs, how the plan is carried out, the
    period, the consent to having a plan); its goals, measures and reviews are the case's
    action plan's, its participants and coordinator the care team's. At most one plan in force
    per youth: the database holds it too."""

    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="individual_plans")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="individual_plans", verbose_name=_("case")
    )
    youth_words = models.TextField(_("in the youth's own words"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    youth_contribution = models.TextField(_("what the youth does"), blank=True)
    guardians_contribution = models.TextField(_("what the guardians do"), blank=True)
    carried_out = models.TextField(_("how the plan is carried out"), blank=True)
    valid_from = models.DateField(_("plan period from"))
    valid_to = models.DateField(_("plan period to"))
    consent_on = models.DateField(_("consent to the plan given on"))
    consent_by = models.CharField(
        _("consent to the plan given by"), max_length=10, choices=PlanConsentBy.choices
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("why the plan ended"), max_length=500, blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(ended_on__isnull=True),
                name="individualplan_one_active_per_youth",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="individualplan_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
                name="individualplan_end_has_reason",
            ),
        ]
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")

    def __str__(self):
        return f"{self.youth_id}: {self.valid_from}"


class PlanContribution(models.Model):
    """What one member of the care team (for her service) contributes to the individual plan."""

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="contributions")
    member = models.ForeignKey(
        "collab.TeamMember",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("team member"),
    )
    text = models.TextField(_("contribution"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="plancontribution_once"),
        ]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self):
        return f"{self.plan_id}: {self.member_id}"
