"""Municipalities, districts, units, partner organizations, users and their memberships."""

import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A county (fylkeskommune): the follow-up service (OT) is the county's duty (opplæringslova
    § 9-4), often carried out by municipal teams that serve the youth living in one or more
    municipalities (seed 002). Its number is the two digits Statistics Norway gives it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    number = models.CharField(
        _("county number"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("A county number has two digits."))],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
        verbose_name=_("county"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


# Weights of the organisation number's check digit (Brønnøysundregistrene, modulus 11).
ORGANIZATION_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def validate_organization_number(value: str) -> None:
    """An organisation number (organisasjonsnummer): nine digits whose last is the modulus 11
    check digit of the first eight, as the Register of Legal Entities gives them; a mistyped
    digit is caught here instead of at child welfare."""
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("An organisation number has exactly nine digits."))
    total = sum(int(d) * w for d, w in zip(value[:8], ORGANIZATION_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(value[8]):
        raise ValidationError(_("This is not a valid organisation number: check the digits."))


class District(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=100)
    # The district's two-digit number in national forms (the report of concern's
    # "bydelsnummer"); "00" where the municipality numbers none.
    number = models.CharField(
        _("district number"),
        max_length=2,
        default="00",
        validators=[RegexValidator(r"^\d{2}$", _("A district number has two digits."))],
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")
        ]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class UnitKind(models.TextChoices):
    OUTREACH = "outreach", _("Outreach team")
    LOS = "los", _("Los")
    PRESENCE_TEAM = "presence_team", _("Presence team")
    OT = "ot", _("Follow-up service (OT)")


def unit_slug_base(name: str) -> str:
    # slugify drops æ, ø and å: spell them out, so "Utekontakten Sør" is "utekontakten-sor".
    spelled = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return slugify(spelled)[:56] or "enhet"


def unique_unit_slug(municipality_id, name: str, exclude_pk=None) -> str:
    """A slug from the unit's name, numbered (-2, -3 …) if the municipality already has it."""
    base = unit_slug_base(name)
    taken = set(
        Unit.objects.filter(municipality_id=municipality_id, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class Unit(models.Model):
    """A service unit that owns cases."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="units", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=120)
    # The unit's short name in commands and files (`import_bundle --unit`, `annual_report
    # --unit`, a statistics delivery): unique within the municipality.
    slug = models.SlugField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    active = models.BooleanField(_("active"), default=True)
    # Postal address ("Storgata 1, 1234 Fiktivik") and organisation number: what a report of
    # concern to child welfare gives of the reporting service (and of the child welfare service
    # it is sent to).
    address = models.CharField(_("address"), max_length=200, blank=True)
    organization_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_organization_number],
    )
    # How many active cases one full position carries: with the workers' position percentages,
    # the unit's capacity ("Los har 400 %" is four full positions, seed 003). Set by its leader.
    cases_per_position = models.PositiveSmallIntegerField(
        _("cases per full position"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    # When a case raises an alert (seed 002: youth who miss appointments are left to call back
    # themselves): after this many no-shows in a row, or this many days without contact.
    # Set by the unit's leader.
    alert_after_no_shows = models.PositiveSmallIntegerField(
        _("alert after no-shows in a row"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    alert_after_days_without_contact = models.PositiveSmallIntegerField(
        _("alert after days without contact"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_unique_name"),
            models.UniqueConstraint(fields=["municipality", "slug"], name="unit_unique_slug"),
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_unit_slug(self.municipality_id, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def service_code(self) -> str:
        """The unit's service code (DESIGN.md's list), from its kind."""
        return UNIT_SERVICE_CODES[self.kind]

    def get_service_code_display(self) -> str:
        return str(ServiceCode(self.service_code).label)


class ServiceCode(models.TextChoices):
    """The services of DESIGN.md's code list: what partner organisations and units are, so
    consents, collaboration requests and statistics name the same recipients. Codes in data and
    exchange files, Norwegian in the UI."""

    CHILD_WELFARE = "barnevern", _("Child welfare")
    CHILD_WELFARE_INSTITUTION = "barnevernsinstitusjon", _("Child welfare institution")
    GUARDIANS = "foresatte", _("Parents and guardians")
    BUP_DPS = "bup_dps", _("Child and adolescent mental health (BUP/DPS)")
    MEDIATION = "konfliktradet", _("Mediation service (Konfliktrådet)")
    MENTAL_HEALTH_FAMILY = "psykisk_helse_familiestotte", _("Mental health and family support")
    YOUTH_IN_WORK = "ung_i_jobb", _("Youth in work (Ung i jobb)")
    SCHOOL = "skole", _("School")
    EARLY_INTERVENTION = "tidlig_inn", _("Early intervention (Tidlig inn)")
    YOUTH_HEALTH_CENTRE = "helsestasjon_ungdom", _("Youth health centre")
    FAMILY_TEAM = "familieteamet", _("Family team")
    POLICE = "politi", _("Police")
    SUBSTANCE_SERVICE = "rustjeneste", _("Substance abuse service")
    FOLLOW_UP_SERVICE = "oppfolgingstjenesten", _("Follow-up service (OT)")
    OUTREACH = "oppsokende_tjeneste", _("Outreach service")
    LEISURE_WITH_SUPPORT = "fritid_med_bistand", _("Leisure with support")
    VOLUNTARY = "frivillig_organisasjon", _("Voluntary organisation")
    PROBATION = "friomsorgen", _("Probation service (Friomsorgen)")
    NAV = "nav", _("NAV")
    PPT = "ppt", _("Educational-psychological service (PPT)")
    GP = "fastlege", _("General practitioner")
    OTHER = "annet", _("Other")


# A partner organisation's kind is its service code (the old short list, whose "helse" became
# "helsestasjon_ungdom" in migration 0006).
PartnerKind = ServiceCode

# A unit's service code, from its kind. Outreach and OT have their own codes. The list has no
# code for "los": a los meets the youth where she is and follows her across school, home and
# leisure without a referral, which is outreach work in the list's terms (the code says what
# kind of service receives a consent or a request, and los and outreach receive the same kind).
# A presence team is outreach placed in schools and youth clubs: outreach too.
UNIT_SERVICE_CODES = {
    "outreach": ServiceCode.OUTREACH,
    "los": ServiceCode.OUTREACH,
    "presence_team": ServiceCode.OUTREACH,
    "ot": ServiceCode.FOLLOW_UP_SERVICE,
}


class PartnerOrganization(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=40, choices=ServiceCode.choices)
    active = models.BooleanField(_("active"), default=True)
    # Postal address ("Storgata 1, 1234 Fiktivik") and organisation number: what a report of
    # concern to child welfare gives of the reporting service (and of the child welfare service
    # it is sent to).
    address = models.CharField(_("address"), max_length=200, blank=True)
    organization_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_organization_number],
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="partner_unique_name")
        ]
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    FIELD_WORKER = "field_worker", _("Field worker")
    CASEWORKER = "caseworker", _("Case worker")
    LEADER = "leader", _("Leader")
    PARTNER = "partner", _("Partner")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")


# Roles held in a service unit, in a partner organization, or municipality-wide: the one
# source for `place_errors` and for the database constraint `membership_role_matches_place`.
UNIT_ROLES = {Role.FIELD_WORKER, Role.CASEWORKER, Role.LEADER}
PARTNER_ROLES = {Role.PARTNER}
MUNICIPALITY_ROLES = {Role.ANALYST, Role.ADMIN}


def _in_declared_order(roles) -> list[str]:
    # A set has no order; the constraint (and so its migration) needs the same one every time.
    return [role.value for role in Role if role in roles]


def place_errors(role, *, has_unit: bool, has_partner: bool) -> dict[str, str]:
    """What is wrong with where a role is held: a unit role needs a unit, a partner role a partner
    organization, and admin and analyst neither. The database constraint backs this up."""
    errors = {}
    if role in UNIT_ROLES:
        if not has_unit:
            errors["unit"] = _("Choose the unit this role belongs to.")
        if has_partner:
            errors["partner"] = _("A unit role cannot belong to a partner organization.")
    elif role in PARTNER_ROLES:
        if not has_partner:
            errors["partner"] = _("Choose the partner organization.")
        if has_unit:
            errors["unit"] = _("A partner role cannot belong to a unit.")
    elif role in MUNICIPALITY_ROLES and (has_unit or has_partner):
        errors["role"] = _("This role covers the whole municipality: leave unit empty.")
    return errors


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships, not from flags."""

    # The municipality whose admin made the account: an account with no membership belongs
    # there, and other municipalities' admins neither see nor claim it.
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home municipality"),
    )
    # An account made (or given a new password) by someone else: the password that person chose
    # works for one login, and only to set the user's own password.
    must_set_password = models.BooleanField(_("must choose own password"), default=False)
    initial_password_used = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def account_municipality_id(self) -> int | None:
        """The municipality the account belongs to: where it was made, else that of its latest
        role (accounts made before home municipalities existed)."""
        if self.home_municipality_id:
            return self.home_municipality_id
        return self.memberships.order_by("-id").values_list("municipality_id", flat=True).first()


class MembershipStatus(models.TextChoices):
    """Whether a role is in force. A role that reads personal data, given by an admin, waits for
    a second person's approval (DESIGN.md, access rule 4); until then it grants nothing."""

    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DIRECT = "direct", _("In force without approval")
    REJECTED = "rejected", _("Rejected")


GRANTING_STATUSES = (MembershipStatus.APPROVED, MembershipStatus.DIRECT)

# When a role is in force on a day: its status grants (approved, or given where no approval is
# needed), it has started, and it has not ended (the end date is the first day without it).
# Said twice, because a query needs SQL and a row at hand needs none: `in_force_condition` for
# querysets, `is_in_force` for one row. Both are built from GRANTING_STATUSES and the same
# date comparisons, and tests/org/test_membership_rules.py holds them to the same answer for
# every status, start and end.


def in_force_condition(day) -> Q:
    return Q(status__in=GRANTING_STATUSES, starts_on__lte=day) & (
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)
    )


def is_in_force(*, status, starts_on, ends_on, day) -> bool:
    return status in GRANTING_STATUSES and starts_on <= day and not _ended(ends_on, day)


def _ended(ends_on, day) -> bool:
    return ends_on is not None and ends_on <= day


# A current role: not ended and not rejected — in force, starting later, or awaiting approval.
# What a manager sees of an account, may end, and must not give twice. Like "in force", said
# once for queries (`current_condition`) and once for a row (`Membership.is_current`).


def current_condition(day) -> Q:
    return ~Q(status=MembershipStatus.REJECTED) & (Q(ends_on__isnull=True) | Q(ends_on__gt=day))


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        """The roles in force today (or on the day `on`)."""
        return self.filter(in_force_condition(on or timezone.localdate()))

    def current(self, on=None):
        """The roles not ended and not rejected today (or on the day `on`)."""
        return self.filter(current_condition(on or timezone.localdate()))


class Membership(models.Model):
    """A user's role in one unit, one partner organization, or (admin, analyst) a municipality.
    One person may hold several, in several units."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    partner = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    # Who gave the role (None: the system, e.g. the first admin or demo data), and who approved
    # or rejected it. The database refuses a role given to oneself or approved by the giver.
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The share of a full position the person works in this unit (a unit's capacity, seed 003).
    position_percent = models.PositiveSmallIntegerField(
        _("position percentage"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["user", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit__isnull=False, partner__isnull=False),
                name="membership_unit_or_partner",
            ),
            models.CheckConstraint(
                # Built from the role sets above, like place_errors (migration org/0003).
                condition=(
                    Q(role__in=_in_declared_order(UNIT_ROLES), unit__isnull=False)
                    | Q(role__in=_in_declared_order(PARTNER_ROLES), partner__isnull=False)
                    | Q(
                        role__in=_in_declared_order(MUNICIPALITY_ROLES),
                        unit__isnull=True,
                        partner__isnull=True,
                    )
                ),
                name="membership_role_matches_place",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(granted_by=models.F("user")),
                name="membership_not_granted_to_oneself",
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("user")) & ~Q(decided_by=models.F("granted_by")),
                name="membership_decided_by_a_third_person",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["approved", "rejected"],
                    decided_by__isnull=False,
                    decided_at__isnull=False,
                )
                | Q(status__in=["pending", "direct"], decided_by__isnull=True),
                name="membership_decision_recorded",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} – {self.place}"

    def clean(self):
        errors = place_errors(
            self.role, has_unit=self.unit_id is not None, has_partner=self.partner_id is not None
        )
        if errors:
            raise ValidationError(errors)

    @property
    def place(self):
        return self.unit or self.partner or self.municipality

    @property
    def is_current(self):
        """Not ended and not rejected: in force, or awaiting approval."""
        return self.status != MembershipStatus.REJECTED and not _ended(
            self.ends_on, timezone.localdate()
        )

    @property
    def is_active(self):
        """In force today: the row's answer to what `Membership.objects.active()` selects."""
        return is_in_force(
            status=self.status,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            day=timezone.localdate(),
        )


class PlaceKind(models.TextChoices):
    STREET = "street", _("Street or square")
    SCHOOL = "school", _("School yard")
    STATION = "station", _("Station or shopping centre")
    YOUTH_CLUB = "youth_club", _("Youth club")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class Area(models.Model):
    """A part of the municipality that outreach reports by (seed 004: "Skedsmokorset",
    "Lillestrøm sentrum og Kjeller"); configured by admins. Places belong to one, and shifts
    and field observations name the areas they covered."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="area_unique_name")
        ]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name


class Place(models.Model):
    """A place where outreach work happens, in an area; configured by admins. A place no longer
    in use is retired (inactive, with the day): no longer offered for new contacts, while the
    contacts counted there keep it (the fieldwork rows protect it from deletion)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="places")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="places", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="places",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    active = models.BooleanField(_("active"), default=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="place_unique_name")
        ]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.name
