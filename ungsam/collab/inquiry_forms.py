"""Forms of inquiries without consent and the anonymous case discussion. Neither has a field
for a youth: what a request posts beside the fields is never read."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.collab.inquiry_services import NATIONAL_ID_MESSAGE, holds_national_id
from ungsam.collab.models import (
    AgeGroup,
    DiscussionMeeting,
    InquiryDirection,
    InquiryKind,
    InquiryTopic,
)
from ungsam.lib.forms import CleanTextMixin, DateRangeMixin
from ungsam.org.models import ServiceCode
from ungsam.people.models import Gender

# Diagnoses the discussion may tell, coarse on purpose: none is in the register, each only
# raises the bar of the estimate (inquiry_selectors.DIAGNOSIS_FACTOR). Never stored.
DIAGNOSES = [
    ("", _("None, or not known")),
    ("adhd", _("ADHD or ADD")),
    ("autism", _("Autism spectrum")),
    ("anxiety_depression", _("Anxiety or depression")),
    ("eating_disorder", _("Eating disorder")),
    ("learning", _("Learning difficulty (e.g. dyslexia)")),
    ("physical", _("Physical illness or disability")),
    ("other", _("Other diagnosis")),
]


def _set_units(form, units):
    """The units she records for; with one, no choice is shown and that one is taken."""
    form.only_unit = units[0].pk if len(units) == 1 else None
    form.fields["unit"] = forms.ChoiceField(
        label=_("Unit"),
        choices=[(str(u.pk), u.name) for u in units],
        required=form.only_unit is None,
    )
    if form.only_unit is not None:
        form.fields["unit"].widget = forms.HiddenInput()


def _unit_id(form) -> int:
    return int(form.cleaned_data.get("unit") or form.only_unit)


def _service():
    return forms.ChoiceField(
        label=_("Service"),
        help_text=_("The service the advice was asked of or given to."),
        choices=[("", _("Choose a service"))] + list(ServiceCode.choices),
    )


def _direction():
    return forms.ChoiceField(
        label=_("Direction"), choices=InquiryDirection.choices, widget=forms.RadioSelect
    )


def _on_date():
    return forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )


def _topic():
    return forms.ChoiceField(
        label=_("Topic"), choices=[("", _("Choose a topic"))] + list(InquiryTopic.choices)
    )


class InquiryForm(CleanTextMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=InquiryKind.choices,
        initial=InquiryKind.INQUIRY,
        widget=forms.RadioSelect,
        help_text=_(
            "Inquiry without consent: general advice, nobody's case. Anonymous guidance: a "
            "case discussed with no identity attached."
        ),
    )
    service = _service()
    direction = _direction()
    on_date = _on_date()
    topic = _topic()
    note = forms.CharField(
        label=_("Short note"),
        help_text=_(
            "What the general advice was about, never who. No names, national identity "
            "numbers or details that can point to a person."
        ),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 200}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _set_units(self, units)

    def clean_note(self):
        # Said at once with the other errors; the service asks again (and checks the names).
        note = self.cleaned_data.get("note") or ""
        if holds_national_id(note):
            raise forms.ValidationError(NATIONAL_ID_MESSAGE)
        return note

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "unit_id": _unit_id(self),
            "kind": data["kind"],
            "service": data["service"],
            "direction": data["direction"],
            "on_date": data["on_date"],
            "topic": data["topic"],
            "note": data["note"],
        }


class DiscussionForm(CleanTextMixin, forms.Form):
    """What the worker would tell of the case: the estimate's input. Age or age group, not
    both."""

    unit = forms.ChoiceField(label=_("Unit"))
    age = forms.IntegerField(
        label=_("Age"),
        help_text=_("Or leave it empty and choose an age group: a group is harder to recognise."),
        min_value=10,
        max_value=30,
        required=False,
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=[("", _("Not told"))] + list(AgeGroup.choices), required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("Not told"))] + [c for c in Gender.choices if c[0] != Gender.UNKNOWN],
        required=False,
    )
    school = forms.ChoiceField(label=_("School"), required=False)
    diagnosis = forms.ChoiceField(label=_("Diagnosis"), choices=DIAGNOSES, required=False)

    def __init__(self, *args, units=(), schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        _set_units(self, units)
        self.fields["school"].choices = [("", _("Not told"))] + [(s, s) for s in schools]

    def clean(self):
        data = super().clean()
        if data.get("age") is not None and data.get("age_group"):
            self.add_error("age_group", _("Give the age or the age group, not both."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "unit_id": _unit_id(self),
            "age": data.get("age"),
            "age_group": data.get("age_group") or "",
            "gender": data.get("gender") or "",
            "school": data.get("school") or "",
            "diagnosis": bool(data.get("diagnosis")),
        }


class GuidanceRecordForm(forms.Form):
    """The discussion recorded as anonymous guidance: with whom, which way, when, the topic and
    the meeting. The attributes come from the estimate's form on the same page."""

    service = _service()
    direction = _direction()
    on_date = _on_date()
    topic = _topic()
    meeting = forms.ChoiceField(label=_("Meeting"), choices=DiscussionMeeting.choices)


class InquiryFilterForm(DateRangeMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    service = forms.ChoiceField(
        label=_("Service"), choices=[("", _("All"))] + list(ServiceCode.choices), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + list(InquiryKind.choices), required=False
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All my units"))] + [
            (str(u.pk), u.name) for u in units
        ]
        if len(units) < 2:
            del self.fields["unit"]
