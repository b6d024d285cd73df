"""Outreach fieldwork: what a field team counts, plans, talks about and sees (seed 004).

Contacts, anonymous conversations, code names, group head counts and observations name no
youth. A conversation or a group attendance with a registered youth goes through one of the
unit's cases, so who may see it is the case's rule (DESIGN.md, access rule 1). The code lists
are DESIGN.md's."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.org.models import Area, Place, Unit


class AgeGroup(models.TextChoices):
    # By school level, as seed 004's outreach team counts since 2023.
    BARNESKOLE = "barneskole", _("Primary school age")
    UNGDOMSSKOLE = "ungdomsskole", _("Lower secondary age")
    VGS = "vgs", _("Upper secondary age")
    OVER18 = "over18", _("Over 18")
    UNKNOWN = "unknown", _("Age not known")


class Gender(models.TextChoices):
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class ContactChannel(models.TextChoices):
    FIELD = "field", _("In the field")
    INTERNET = "internet", _("Internet")
    SOCIAL_MEDIA = "social_media", _("Social media")
    GAMING = "gaming", _("Gaming")


class Depth(models.IntegerChoices):
    GREETING = 1, _("Greeting")
    CONVERSATION = 2, _("Conversation")
    MATTERS = 3, _("Conversation about something that matters")


class ConversationChannel(models.TextChoices):
    STREET = "street", _("Street")
    SCHOOL = "school", _("School")
    OFFICE = "office", _("Office")
    PHONE = "phone", _("Phone")
    SOCIAL_MEDIA = "social_media", _("Social media")
    HOME_VISIT = "home_visit", _("Home visit")
    OTHER = "other", _("Other")


class Topic(models.TextChoices):
    SCHOOL = "school", _("School")
    HOME = "home", _("Home")
    FRIENDS = "friends", _("Friends")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    VIOLENCE = "violence", _("Violence")
    CRIME = "crime", _("Crime")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SEXUALITY = "sexuality", _("Sexuality")
    WORK = "work", _("Work")
    LEISURE = "leisure", _("Leisure")
    OTHER = "other", _("Other")


class GroupKind(models.TextChoices):
    GIRLS = "girls", _("Girls' group")
    BOYS = "boys", _("Boys' group")
    LIFE_MASTERY = "life_mastery", _("Life mastery")
    GAMING = "gaming", _("Gaming")
    FLYT = "flyt", _("FLYT")
    OTHER = "other", _("Other")


class ObservationTag(models.TextChoices):
    # What seed 004's teams report from the field; not in DESIGN.md's lists, so kept here and
    # in docs/brukerveiledning.md.
    VAPING = "vaping", _("Vaping")
    CANNABIS = "cannabis", _("Cannabis")
    ALCOHOL = "alcohol", _("Alcohol")
    OTHER_DRUGS = "other_drugs", _("Other drugs or pills")
    PARTY_PLACE = "party_place", _("Party place")
    GATHERING = "gathering", _("Large gathering")
    INCIDENT = "incident", _("Incident")
    VIOLENCE = "violence", _("Violence or threats")
    CRIME = "crime", _("Crime or vandalism")
    WEAPONS = "weapons", _("Knives or weapons")
    RECRUITMENT = "recruitment", _("Recruitment to crime")
    HARASSMENT = "harassment", _("Harassment or bullying")
    LONELINESS = "loneliness", _("Loneliness, youth alone")
    CALM = "calm", _("Calm, little activity")
    OTHER = "other", _("Other")


class StaffingBand(models.Model):
    """One cell of the staffing plan: on this weekday, in this shift band, the unit aims to have
    between `min_teams` and `max_teams` field teams out (seed 004: 08:30–15:30 Monday 2–3). A
    band that ends at or before it starts runs past midnight (16:00–01:00)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staffing_bands")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), validators=[MaxValueValidator(6)]
    )  # 0 Monday … 6 Sunday, as date.weekday()
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    min_teams = models.PositiveSmallIntegerField(
        _("teams at least"), validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    max_teams = models.PositiveSmallIntegerField(
        _("teams at most"), validators=[MinValueValidator(0), MaxValueValidator(20)]
    )

    class Meta:
        ordering = ["unit", "weekday", "starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "weekday", "starts"], name="staffing_band_unique_start"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="staffing_band_weekday"),
            models.CheckConstraint(
                condition=Q(max_teams__gte=models.F("min_teams")),
                name="staffing_band_max_at_least_min",
            ),
        ]
        verbose_name = _("staffing plan band")
        verbose_name_plural = _("staffing plan")

    def __str__(self):
        return f"{self.weekday} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Shift(models.Model):
    """A field shift (feltvakt): a team of workers out in some areas from start to end. A shift
    in the future is planned; one cancelled keeps its row and no longer counts."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="shifts")
    team_name = models.CharField(_("team"), max_length=60, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="outreach_shifts", verbose_name=_("workers")
    )
    areas = models.ManyToManyField(
        Area, related_name="outreach_shifts", blank=True, verbose_name=_("areas")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "id"]
        indexes = [models.Index(fields=["unit", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            )
        ]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")

    def __str__(self):
        return f"{self.team_name or self.pk} {self.starts_at:%Y-%m-%d %H:%M}"


class ContactTally(models.Model):
    """Anonymous contacts: `count` youths of one gender and age group met at a place through a
    channel, at one depth. A tap on the phone is one row with count 1 and the phone's own key,
    so a tap sent twice (offline, then again) is saved once; contacts entered afterwards for a
    past shift are rows with a count. `date` is the local date of `tapped_at` (a 16:00–01:00
    shift counts its late taps on the next day). An undone tap keeps its row, marked."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="contact_tallies")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="contact_tallies")
    shift = models.ForeignKey(
        Shift, on_delete=models.SET_NULL, related_name="contact_tallies", null=True, blank=True
    )
    tapped_at = models.DateTimeField(_("time"))
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    age_group = models.CharField(_("age group"), max_length=15, choices=AgeGroup.choices)
    depth = models.PositiveSmallIntegerField(
        _("depth"), choices=Depth.choices, default=Depth.GREETING
    )
    count = models.PositiveIntegerField(_("count"), default=1)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-tapped_at", "id"]
        indexes = [
            models.Index(fields=["unit", "date"]),
            models.Index(fields=["recorded_by", "tapped_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="contact_tally_count_positive"),
            models.CheckConstraint(
                condition=Q(depth__gte=1, depth__lte=3), name="contact_tally_depth_1_to_3"
            ),
        ]
        verbose_name = _("contacts")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.date} {self.channel} {self.gender} {self.age_group} ×{self.count}"


class CodeName(models.Model):
    """A youth met repeatedly, followed under a code name before they agree to be registered:
    only an age group, a gender and an area, nothing that identifies. When the youth agrees,
    the code name becomes a registered youth with a case in the unit (`case`), and its
    conversations move to that case."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="code_names")
    code = models.CharField(_("code name"), max_length=40)
    age_group = models.CharField(_("age group"), max_length=15, choices=AgeGroup.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(_("active"), default=True)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="code_name", null=True, blank=True
    )
    registered_at = models.DateTimeField(null=True, blank=True)
    # The day the youth agreed to be registered by name (the worker confirms it).
    consented_on = models.DateField(_("date of consent"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="code_name_unique_in_unit"),
            models.CheckConstraint(
                condition=Q(case__isnull=True)
                | Q(registered_at__isnull=False, consented_on__isnull=False),
                name="code_name_registration_dated",
            ),
        ]
        verbose_name = _("code name")
        verbose_name_plural = _("code names")

    def __str__(self):
        return self.code


class Conversation(models.Model):
    """A follow-up conversation (oppfølgingssamtale): with a registered youth (through one of
    the unit's cases), under a code name, or anonymous. An anonymous one never links to a
    person: the database refuses a case or code name on it. It holds no free text; what is
    said about a named youth goes in the case's journal."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="conversations")
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=ConversationChannel.choices)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="conversations",
        null=True,
        blank=True,
    )
    code_name = models.ForeignKey(
        CodeName, on_delete=models.PROTECT, related_name="conversations", null=True, blank=True
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(case__isnull=True, code_name__isnull=True),
                name="conversation_anonymous_names_no_one",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=True) | Q(case__isnull=False) | Q(code_name__isnull=False),
                name="conversation_with_someone_or_anonymous",
            ),
        ]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self):
        return f"{self.date} {self.channel}"


class ConversationTopic(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "topic"], name="conversation_topic_once"
            )
        ]

    def __str__(self):
        return self.topic


class Group(models.Model):
    """A group activity of the unit (a girls' group at a school, Monday gaming)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="outreach_groups")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="outreach_group_unique_name")
        ]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self):
        return self.name


class GroupSession(models.Model):
    """One meeting of a group: the named youths who came (attendance rows) and a head count of
    those who came anonymously (players on a gaming night)."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    anonymous_count = models.PositiveIntegerField(_("anonymous participants"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["group", "date"])]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self):
        return f"{self.group_id} {self.date}"


class GroupAttendance(models.Model):
    """A named youth at a session, through one of the unit's cases."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="group_attendance_once")
        ]

    def __str__(self):
        return f"{self.session_id}/{self.case_id}"


class Observation(models.Model):
    """A field observation from a shift, per area (vaping at the station, a party place): tagged
    from a code list and searchable. Trends count the tags, never the text."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="observations")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="observations", verbose_name=_("area")
    )
    shift = models.ForeignKey(
        Shift, on_delete=models.SET_NULL, related_name="observations", null=True, blank=True
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("observation"), max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "date"])]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self):
        return f"{self.date} {self.area_id}"


class ObservationTagging(models.Model):
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(_("tag"), max_length=20, choices=ObservationTag.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["observation", "tag"], name="observation_tag_once")
        ]

    def __str__(self):
        return self.tag
