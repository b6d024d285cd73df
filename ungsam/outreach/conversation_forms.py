"""Forms of the follow-up conversations and code names: what a field worker types, checked and
said back in Norwegian. The services check it all again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import CleanTextMixin, DateRangeMixin
from ungsam.org.models import Area
from ungsam.outreach.conversation_selectors import ANONYMOUS, CODE_NAME, NAMED
from ungsam.outreach.models import AgeGroup, ConversationChannel, Gender, Topic
from ungsam.people.forms import YouthForm

KINDS = [
    (NAMED, _("Registered youth")),
    (CODE_NAME, _("Code name")),
    (ANONYMOUS, _("Anonymous")),
]


def _with_all(choices, label):
    return [("", label), *choices]


def _areas(unit):
    return Area.objects.filter(municipality_id=unit.municipality_id).order_by("name")


class ConversationFilterForm(DateRangeMixin, forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=_with_all(ConversationChannel.choices, _("All channels")),
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=_with_all(Topic.choices, _("All topics"))
    )
    kind = forms.ChoiceField(
        label=_("With whom"), required=False, choices=_with_all(KINDS, _("Everyone"))
    )


class ConversationForm(forms.Form):
    on_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(
        label=_("Channel"), choices=_with_all(ConversationChannel.choices, _("Choose channel"))
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )
    kind = forms.ChoiceField(
        label=_("With whom"), choices=KINDS, widget=forms.RadioSelect, initial=ANONYMOUS
    )
    case = forms.TypedChoiceField(label=_("Youth"), required=False, coerce=int, empty_value=None)
    code_name = forms.TypedChoiceField(
        label=_("Code name"), required=False, coerce=int, empty_value=None
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("No area")
    )

    def __init__(self, *args, unit, cases, code_names, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = timezone.localdate()
        self.fields["case"].choices = _with_all(
            [(c.pk, f"{c.youth.first_name} {c.youth.last_name}") for c in cases],
            _("Choose youth"),
        )
        self.fields["code_name"].choices = _with_all(
            [(c.pk, c.code) for c in code_names], _("Choose code name")
        )
        self.fields["area"].queryset = _areas(unit)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == NAMED and not data.get("case"):
            self.add_error("case", _("Choose the youth."))
        if kind == CODE_NAME and not data.get("code_name"):
            self.add_error("code_name", _("Choose the code name."))
        if kind == ANONYMOUS and (data.get("case") or data.get("code_name")):
            self.add_error("kind", _("An anonymous conversation is never linked to a person."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "on_date": data["on_date"],
            "channel": data["channel"],
            "topics": data["topics"],
            "kind": kind,
            "case_id": data.get("case") if kind == NAMED else None,
            "code_name_id": data.get("code_name") if kind == CODE_NAME else None,
            "area_id": data["area"].pk if data.get("area") else None,
        }


class CodeNameForm(CleanTextMixin, forms.Form):
    code = forms.CharField(
        label=_("Code name"),
        max_length=40,
        help_text=_(
            "A made-up name the team uses, such as an animal or a star. Never her real name, "
            "nickname, date of birth or number."
        ),
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=_with_all(AgeGroup.choices, _("Choose age group"))
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=_with_all(Gender.choices, _("Choose gender"))
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("No area")
    )
    # Shown only after the register was found to hold the code as a name.
    keep_code = forms.BooleanField(
        label=_("I have checked: the code name does not point to that person"), required=False
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas(unit)
        self.fields["keep_code"].widget = forms.HiddenInput()

    def ask_keep_code(self):
        field = self.fields["keep_code"]
        field.widget = forms.CheckboxInput()
        self.data = self.data.copy()
        self.data.pop("keep_code", None)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "age_group": data["age_group"],
            "gender": data["gender"],
            "area_id": data["area"].pk if data.get("area") else None,
            "keep_code": bool(data.get("keep_code")),
        }


class CodeNameRegisterForm(YouthForm):
    """The youth agreed: her consent, then who she is (as the register form)."""

    consent = forms.BooleanField(
        label=_("The youth has agreed to be registered with name in Ungsam"),
        error_messages={"required": _("Confirm that the youth has agreed.")},
    )
    consent_date = forms.DateField(
        label=_("Date of consent"), widget=forms.DateInput(attrs={"type": "date"})
    )
    contact_person = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=None,
        empty_label=None,
        help_text=_("The case is opened in the outreach unit with this contact person."),
    )

    field_order = ["consent", "consent_date", "contact_person"]

    def __init__(self, *args, workers, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_date"].initial = timezone.localdate()
        self.fields["contact_person"].queryset = workers
        self.fields["contact_person"].initial = actor.pk
        self.fields["contact_person"].label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )

    def youth(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in YouthForm.base_fields
            if name in self.cleaned_data
        }
