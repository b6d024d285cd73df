"""The common service pathway (felles tjenesteløp, seed 001): a municipality's shared,
stepwise route across services for the youth it follows, and where each case is on it.

A pathway is configuration (rule 4: its admins make and change it, reading no case); a case's
place on it is case content (rule 1: its contact persons and the unit's leader read and move
it). A step is retired, never deleted, so a case's history keeps the step it stood on; a
case's stays on the steps are never rewritten, only ended by the next one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.cases.models import Case
from ungsam.collab.models import BtiLevel
from ungsam.org.models import Municipality, ServiceCode


class ServicePathway(models.Model):
    """A municipality's pathway template. At most one is active at a time: the one new cases
    are placed on and the leader's overview counts by (activating another retires it; cases on
    it keep their place and history until they are moved)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="service_pathways"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-active", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(active=True),
                name="servicepathway_one_active",
            ),
        ]
        verbose_name = _("service pathway")
        verbose_name_plural = _("service pathways")

    def __str__(self):
        return self.name


class PathwayStep(models.Model):
    """One step: what happens, which service answers for it, how long it is expected to take,
    and the BTI level it belongs to. Retired (inactive), it is offered for no new move."""

    pathway = models.ForeignKey(ServicePathway, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    service = models.CharField(_("responsible service"), max_length=40, choices=ServiceCode.choices)
    expected_days = models.PositiveSmallIntegerField(_("expected duration in days"))
    bti_level = models.PositiveSmallIntegerField(_("BTI level"), choices=BtiLevel.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(expected_days__gte=1), name="pathwaystep_days"),
            models.CheckConstraint(condition=Q(bti_level__lte=3), name="pathwaystep_bti"),
        ]
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")

    def __str__(self):
        return self.name


class PathwayStay(models.Model):
    """A case's time on one step: from `since` until the next move ends it. The current stay
    has no end; at most one per case (the database holds it)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="pathway_stays")
    step = models.ForeignKey(
        PathwayStep, on_delete=models.PROTECT, related_name="stays", verbose_name=_("step")
    )
    since = models.DateField(_("on the step since"))
    note = models.TextField(_("note"), blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    moved_at = models.DateTimeField(_("recorded"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-since", "-id"]
        indexes = [models.Index(fields=["step", "ended_at", "since"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(ended_at__isnull=True),
                name="pathwaystay_one_current",
            ),
        ]
        verbose_name = _("time on a pathway step")
        verbose_name_plural = _("times on pathway steps")

    def __str__(self):
        return f"{self.case_id}: {self.step_id} {self.since:%Y-%m-%d}"

    def days_on_step(self, today) -> int:
        return max((today - self.since).days, 0)

    def days_overdue(self, today) -> int:
        """Days beyond the step's expected duration (0 while within it)."""
        return max(self.days_on_step(today) - self.step.expected_days, 0)
