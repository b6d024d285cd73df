"""Forms of the youth register: what a worker types, checked and said back in Norwegian."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import CleanTextMixin
from ungsam.people.models import Gender, Guardian, GuardianRelation, Youth
from ungsam.people.services import checked_national_id

# The services follow youth 12–24; a record a little outside that (a sibling, a late case) is
# still a youth's. A date beyond this is a typing error.
YOUNGEST_AGE, OLDEST_AGE = 6, 35


def _choose(label):
    return [("", label)]


class YouthForm(CleanTextMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    national_id = forms.CharField(
        label=_("National identity number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_(
            "11 digits: fødselsnummer, D number or H number. Stored encrypted and shown masked."
        ),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    protected_address = forms.BooleanField(
        label=_("Protected address (strengt fortrolig adresse)"), required=False
    )
    school = forms.CharField(label=_("School"), max_length=200, required=False)
    grade = forms.CharField(
        label=_("Grade"), max_length=40, required=False, help_text=_("For example 9 or Vg1.")
    )
    language = forms.CharField(
        label=_("Language"),
        max_length=100,
        required=False,
        help_text=_("The language the youth speaks best, if not Norwegian."),
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        oldest = date(today.year - OLDEST_AGE, today.month, 1)
        youngest = date(today.year - YOUNGEST_AGE, 12, 31)
        if not oldest <= born <= youngest:
            raise ValidationError(
                _("Check the date of birth: the youth would be %(age)s years old.")
                % {"age": today.year - born.year}
            )
        return born

    def clean(self):
        data = super().clean()
        number = data.get("national_id", "")
        if number:
            try:
                checked_national_id(number, data.get("birth_date"))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return data


class YouthRegisterForm(YouthForm):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=None,
        empty_label=_("Choose unit"),
        help_text=_("The youth gets a case here, with you as contact person."),
    )
    # Shown only after the register found someone with the same name and date of birth.
    new_person = forms.BooleanField(
        label=_("I have checked: this is another person"), required=False
    )

    field_order = ["unit"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if len(units) == 1:
            # A worker with one unit does not choose it.
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].widget = forms.HiddenInput()
        self.fields["new_person"].widget = forms.HiddenInput()

    def ask_new_person(self):
        """Show the "another person" box, unticked: the worker must tick it herself."""
        field = self.fields["new_person"]
        field.widget = forms.CheckboxInput()
        self.data = self.data.copy()
        self.data.pop("new_person", None)


class YouthEditForm(YouthForm):
    field_order = [*Youth.EDITABLE_FIELDS, "national_id"]

    def __init__(self, *args, youth: Youth, hidden=(), **kwargs):
        initial = {name: getattr(youth, name) for name in Youth.EDITABLE_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        for name in hidden:
            self.fields.pop(name, None)
        national = self.fields["national_id"]
        if youth.national_id_masked:
            national.label = _("New national identity number")
            national.help_text = _(
                "Now %(masked)s. Leave empty to keep it; type a new one to replace it."
            ) % {"masked": youth.national_id_masked}

    def changes(self) -> dict:
        return {n: self.cleaned_data[n] for n in Youth.EDITABLE_FIELDS if n in self.fields}


class GuardianForm(CleanTextMixin, forms.ModelForm):
    relation = forms.ChoiceField(
        label=_("Relation"), choices=_choose(_("Choose relation")) + GuardianRelation.choices
    )

    class Meta:
        model = Guardian
        fields = Guardian.FIELDS
        labels = {
            "name": _("Name"),
            "parental_responsibility": _("Has parental responsibility"),
            "phone": _("Phone"),
            "email": _("E-mail"),
            "address": _("Address"),
            "language": _("Language"),
            "interpreter_needed": _("Needs an interpreter"),
        }

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
