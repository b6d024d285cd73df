import re

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from ungsam.access import policy
from ungsam.lib.forms import CleanTextMixin
from ungsam.org import selectors, services
from ungsam.org.models import (
    PARTNER_ROLES,
    UNIT_ROLES,
    Area,
    District,
    PartnerOrganization,
    Place,
    PlaceKind,
    Role,
    ServiceCode,
    Unit,
    UnitKind,
    User,
    place_errors,
    validate_organization_number,
)
from ungsam.plans.models import MeasureType  # the catalog action plans choose from

username_validator = RegexValidator(
    r"^[a-z0-9._-]{3,40}$",
    _("Use 3–40 lower-case letters a–z, digits, dot, hyphen or underscore."),
)


def _roles_text(roles) -> str:
    """Role names in the active language, as a sentence says them: "A, B and C"."""
    return get_text_list([label for value, label in Role.choices if value in roles], _("and"))


def _choose(label):
    """The empty choice of a select, said as a request ("Choose unit"), not "---------"."""
    return [("", label)]


class MembershipForm(CleanTextMixin, forms.Form):
    """Role and place; the choices offered are exactly those the acting user may assign.
    `user` is the person getting the role (None for a new account): the same role in the same
    place, while the first is still current, is refused."""

    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Choose unit"),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner organization"),
        queryset=PartnerOrganization.objects.none(),
        required=False,
        empty_label=_("Choose partner organization"),
    )
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a temporary role. Access stops at the start of this day."),
    )

    def __init__(self, *args, actor, municipality, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.municipality = municipality
        self.user = user
        assignable = policy.assignable_roles(actor)
        self.fields["role"].choices = _choose(_("Choose role")) + [
            (value, label) for value, label in Role.choices if value in assignable
        ]
        units = policy.units_managed_by(actor).filter(active=True)
        unit = self.fields["unit"]
        unit.queryset = units
        if assignable and set(assignable) <= UNIT_ROLES:
            # A leader gives only unit roles: the unit is always needed, and if she leads one
            # unit it is chosen already.
            unit.required = True
            unit.error_messages["required"] = _("Choose the unit this role belongs to.")
            only = list(units[:2])
            if len(only) == 1:
                unit.initial = only[0].pk
        else:
            # Needed for some roles only: not "optional", and the help says when.
            unit.conditional = True
            unit.help_text = _("Needed for %(roles)s. Leave it empty for the other roles.") % {
                "roles": _roles_text(UNIT_ROLES).lower()
            }
        if policy.may_configure_organization(actor):
            partner = self.fields["partner"]
            partner.queryset = PartnerOrganization.objects.filter(
                municipality=municipality, active=True
            )
            partner.conditional = True
            partner.help_text = _(
                "Needed for the role %(role)s. Leave it empty for the other roles."
            ) % {"role": _roles_text(PARTNER_ROLES)}
        else:
            del self.fields["partner"]

    def clean(self):
        data = super().clean()
        errors = place_errors(
            data.get("role"), has_unit=bool(data.get("unit")), has_partner=bool(data.get("partner"))
        )
        for field, message in errors.items():
            # A leader's form has no partner field: the error then belongs to the role.
            self.add_error(field if field in self.fields else "role", message)
        if self.user is not None and data.get("role") and not errors:
            existing = selectors.current_role_like(
                user=self.user,
                role=data["role"],
                municipality=self.municipality,
                unit=data.get("unit"),
                partner=data.get("partner"),
            )
            if existing is not None:
                self.add_error(None, services.duplicate_role_message(existing))
        return data


class UserCreateForm(MembershipForm):
    username = forms.CharField(label=_("Username"), max_length=40, validators=[username_validator])
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    password = forms.CharField(
        label=_("One-time password"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        max_length=128,
        help_text=_(
            "At least 12 characters. It works once: at first login the user chooses her own "
            "password, then sets up two-factor login."
        ),
    )

    field_order = ["username", "first_name", "last_name", "email", "password", "role", "unit"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password"):
            candidate = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                validate_password(data["password"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class _ConfigureForm(CleanTextMixin, forms.Form):
    """A unit, partner organization or place: new (`instance` None), or one being changed,
    which may also be deactivated."""

    model = None
    taken_message = ""
    name = forms.CharField(label=_("Name"), max_length=120)
    active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args, municipality, instance=None, **kwargs):
        if instance is not None:
            initial = {
                name: getattr(instance, name)
                for name in ("name", "slug", "kind", "active", "address", "organization_number")
                if hasattr(instance, name)
            }
            if hasattr(instance, "district_id"):
                initial["district"] = instance.district_id
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance = instance
        if instance is None:
            del self.fields["active"]  # a new one is active
        if "district" in self.fields:
            self.fields["district"].queryset = District.objects.filter(municipality=municipality)

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = self.model.objects.filter(municipality=self.municipality, name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(self.taken_message)
        return name


# A unit's short name as typed: what `unit_slug_base` makes from a name (no æ, ø, å).
UNIT_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class UnitForm(_ConfigureForm):
    model = Unit
    taken_message = _("A unit with this name already exists.")
    kind = forms.ChoiceField(label=_("Kind"), choices=_choose(_("Choose kind")) + UnitKind.choices)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Choose district"),
    )
    address = forms.CharField(
        label=_("Postal address"),
        max_length=200,
        required=False,
        help_text=_("Street and number, postcode and place, e.g. Storgata 1, 1234 Fiktivik."),
    )
    organization_number = forms.CharField(
        label=_("Organisation number"),
        max_length=9,
        required=False,
        validators=[validate_organization_number],
        help_text=_("Nine digits, from the Register of Legal Entities."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    slug = forms.CharField(
        label=_("Short name"),
        max_length=60,
        required=False,
        help_text=_(
            "Names the unit in commands and files, e.g. utekontakten-sentrum: lower-case "
            "letters a–z, digits and hyphens. Made from the name when left empty."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = [
        "name",
        "slug",
        "kind",
        "district",
        "address",
        "organization_number",
        "active",
    ]

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip()
        if not slug:
            return ""
        if not UNIT_SLUG.fullmatch(slug):
            raise forms.ValidationError(
                _("Use lower-case letters a–z, digits and single hyphens between them.")
            )
        taken = Unit.objects.filter(municipality=self.municipality, slug=slug)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another unit in the municipality has this short name."))
        return slug


class PartnerForm(_ConfigureForm):
    model = PartnerOrganization
    taken_message = _("A partner organization with this name already exists.")
    kind = forms.ChoiceField(
        label=_("Kind"), choices=_choose(_("Choose kind")) + ServiceCode.choices
    )
    address = UnitForm.base_fields["address"]
    organization_number = UnitForm.base_fields["organization_number"]
    field_order = ["name", "kind", "address", "organization_number", "active"]


class AreaForm(_ConfigureForm):
    """An area of the municipality that outreach reports by (seed 004: "Lillestrøm sentrum og
    Kjeller"); places belong to one."""

    model = Area
    taken_message = _("An area with this name already exists.")
    field_order = ["name", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "active" in self.fields:
            self.fields["active"].help_text = _(
                "An inactive area keeps its places and history, but is not offered for new "
                "places, shifts or observations."
            )


class PlaceForm(_ConfigureForm):
    model = Place
    taken_message = _("A place with this name already exists.")
    kind = forms.ChoiceField(label=_("Kind"), choices=_choose(_("Choose kind")) + PlaceKind.choices)
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Choose area"),
        help_text=_("Outreach statistics count the place's contacts in this area."),
    )
    district = UnitForm.base_fields["district"]
    field_order = ["name", "kind", "area", "district", "active"]

    def __init__(self, *args, municipality, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {"area": instance.area_id, **kwargs.get("initial", {})}
        super().__init__(*args, municipality=municipality, instance=instance, **kwargs)
        # The municipality's areas in use, and the place's own even if no longer in use.
        current = instance.area_id if instance is not None else None
        areas = Area.objects.filter(municipality=municipality).filter(
            models.Q(active=True) | models.Q(pk=current)
        )
        area = self.fields["area"]
        area.queryset = areas
        if areas.exists():
            # Where the municipality has areas, every place belongs to one.
            area.required = True
            area.error_messages["required"] = _("Choose the area the place belongs to.")
        if "active" in self.fields:
            self.fields["active"].label = _("In use")
            self.fields["active"].help_text = _(
                "Untick to take the place out of use: its contacts and history stay, and it is "
                "no longer offered for new contacts."
            )


class MeasureTypeForm(_ConfigureForm):
    """A measure in the catalog action plans choose from (homework help, mentor ...)."""

    model = MeasureType
    taken_message = _("A measure with this name already exists.")
    field_order = ["name", "active"]


class UserUpdateForm(CleanTextMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        help_text=_("Where “Forgot password” and a password e-mail you send are delivered."),
    )


class MembershipEndForm(CleanTextMixin, forms.Form):
    """The confirmation of "End role": now (no date), or from a later day."""

    ends_on = forms.DateField(
        label=_("First day without the role"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Access stops at the start of this day. It must be after today."),
    )
    # Which button was used: the form for "End now" sends no date.
    later = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].conditional = True  # needed to end later: not "optional"

    def clean(self):
        data = super().clean()
        if data.get("later") and not data.get("ends_on") and "ends_on" not in self.errors:
            self.add_error("ends_on", _("Choose the day the role ends."))
        return data


class MembershipEndDateForm(CleanTextMixin, forms.Form):
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Access stops at the start of this day. Leave empty for no end date."),
    )
