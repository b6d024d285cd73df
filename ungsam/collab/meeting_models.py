"""Meetings of the team around the youth (ansvarsgruppemøter, samarbeidsmøter): when and where,
the agenda, who took part for which service, the minutes and decisions, and the actions with an
owner on the team and a deadline. The team's meetings in order are its relay log (stafettlogg).

Minutes are written in the meeting and then approved (signed): from then on the minutes and
decisions are fixed, and a later word is an amendment with a note (like the journal, ADR 0011),
so the record holds. A meeting rule ("every N weeks", the team's own or her unit's default)
plans the next meeting when one is approved.

Imported at the end of collab/models.py, so Django finds these models with the app's."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.access.models import AppendOnlyError
from ungsam.collab.models import CareTeam, TeamMember
from ungsam.org.models import ServiceCode, Unit


class MeetingKind(models.TextChoices):
    CARE_TEAM = "care_team", _("Care team meeting")
    COLLABORATION = "collaboration", _("Collaboration meeting")
    FOLLOW_UP = "follow_up", _("Follow-up meeting")


class MeetingRule(models.Model):
    """ "Every N weeks": a team's own rule, or a unit's default for the teams of its cases
    (set by the unit's leader). The team's rule wins where both exist."""

    team = models.OneToOneField(
        CareTeam, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_rule"
    )
    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_rule"
    )
    every_weeks = models.PositiveSmallIntegerField(_("every how many weeks"))
    kind = models.CharField(
        _("kind of meeting"),
        max_length=20,
        choices=MeetingKind.choices,
        default=MeetingKind.CARE_TEAM,
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("set"), default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True, unit__isnull=False)
                | Q(team__isnull=False, unit__isnull=True),
                name="meetingrule_team_or_unit",
            ),
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=52),
                name="meetingrule_weeks_in_range",
            ),
        ]
        verbose_name = _("meeting rule")
        verbose_name_plural = _("meeting rules")

    def __str__(self):
        return f"{self.team_id or self.unit_id}: {self.every_weeks}"


class MeetingQuerySet(models.QuerySet):
    def planned(self):
        """Not yet held: its minutes not approved."""
        return self.filter(signed_at__isnull=True)


class Meeting(models.Model):
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # Planned by the team's rule when the one before was approved (not by a person).
    from_rule = models.BooleanField(_("planned by the rule"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    signed_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes approved by"),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["team", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_by__isnull=True)
                | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="meeting_signed_complete",
            ),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.team_id}: {self.starts_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # The approved record is fixed: only the service's own approval writes it once.
        if self.pk is not None and not kwargs.pop("signing", False):
            stored = Meeting.objects.filter(pk=self.pk).values_list("signed_at", flat=True)
            if stored and stored[0] is not None:
                raise AppendOnlyError("Approved minutes are never changed: add an amendment.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A meeting is never deleted.")

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class MeetingParticipant(models.Model):
    """Who took part, for which service: a member of the team, or someone else (the youth, a
    guardian, a teacher) named with her service."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="participants")
    member = models.ForeignKey(
        TeamMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    service = models.CharField(_("service"), max_length=40, choices=ServiceCode.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name


class MeetingAction(models.Model):
    """Something the meeting decided someone does: its owner is a seat on the team (a partner's
    or a unit's), so it lands on her task list; she marks it done with a note."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        TeamMember,
        on_delete=models.PROTECT,
        related_name="meeting_actions",
        verbose_name=_("owner"),
    )
    deadline = models.DateField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField(_("note on what was done"), blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["owner", "done_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="meetingaction_done_complete",
            ),
        ]
        verbose_name = _("meeting action")
        verbose_name_plural = _("meeting actions")

    def __str__(self):
        return self.text[:40]

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    def is_overdue(self, today) -> bool:
        return self.done_at is None and self.deadline < today


class MeetingAmendment(models.Model):
    """A later word on approved minutes: what is added or corrected, and why. Never changed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="amendments")
    text = models.TextField(_("amendment"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("amendment to the minutes")
        verbose_name_plural = _("amendments to the minutes")

    def __str__(self):
        return f"{self.meeting_id}: {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("An amendment is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("An amendment is never deleted.")
