from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ungsam.access import policy
from ungsam.lib.forms import CleanTextMixin
from ungsam.org.models import (
    District,
    PartnerKind,
    PartnerOrganization,
    Place,
    PlaceKind,
    Role,
    Unit,
    UnitKind,
    User,
    place_errors,
)

username_validator = RegexValidator(
    r"^[a-z0-9._-]{3,40}$",
    _("Use 3–40 lower-case letters a–z, digits, dot, hyphen or underscore."),
)


class MembershipForm(CleanTextMixin, forms.Form):
    """Role and place; the choices offered are exactly those the acting user may assign."""

    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner organization"),
        queryset=PartnerOrganization.objects.none(),
        required=False,
    )
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a temporary role. Access stops at the start of this day."),
    )

    def __init__(self, *args, actor, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.municipality = municipality
        self.fields["role"].choices = [
            (value, label)
            for value, label in Role.choices
            if value in policy.assignable_roles(actor)
        ]
        self.fields["unit"].queryset = policy.units_managed_by(actor).filter(active=True)
        if policy.may_configure_organization(actor):
            self.fields["partner"].queryset = PartnerOrganization.objects.filter(
                municipality=municipality, active=True
            )
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


class UnitForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["district"].queryset = District.objects.filter(municipality=municipality)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if Unit.objects.filter(municipality=self.municipality, name__iexact=name).exists():
            raise forms.ValidationError(_("A unit with this name already exists."))
        return name


class PartnerForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = PartnerOrganization.objects.filter(
            municipality=self.municipality, name__iexact=name
        )
        if taken.exists():
            raise forms.ValidationError(_("A partner organization with this name already exists."))
        return name


class PlaceForm(UnitForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if Place.objects.filter(municipality=self.municipality, name__iexact=name).exists():
            raise forms.ValidationError(_("A place with this name already exists."))
        return name


class MembershipEndDateForm(CleanTextMixin, forms.Form):
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Access stops at the start of this day. Leave empty for no end date."),
    )
