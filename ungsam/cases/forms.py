"""Forms of casework: the referral (with what seed 000 found missing in practice made
required), triage, contact persons, closing, and a unit's capacity."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.cases.models import (
    AppointmentOutcome,
    ClosureOutcome,
    Consent,
    Level,
    Referral,
    Transition,
)
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE, CleanTextMixin
from ungsam.people.forms import YouthForm
from ungsam.people.models import Youth


def _choose(label):
    return [("", label)]


class ReferralForm(YouthForm):
    """Who the youth is (as the register form), then what the referrer knows."""

    unit = forms.ModelChoiceField(label=_("Refer to"), queryset=None, empty_label=_("Choose unit"))
    referrer_name = forms.CharField(label=_("Your name"), max_length=200)
    referrer_contact = forms.CharField(
        label=_("Your phone or e-mail"),
        max_length=200,
        help_text=_("So the unit can ask you about the referral."),
    )
    reason = forms.CharField(
        label=_("What is the concern?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("What you have seen, since when, and why you refer now."),
    )
    absence_percent = forms.DecimalField(
        label=_("Absence (percent)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        max_digits=4,
    )
    absence_period = forms.CharField(
        label=_("Absence period"),
        max_length=100,
        required=False,
        help_text=_("For example: autumn term 2026."),
    )
    subjects_at_risk = forms.CharField(
        label=_("Subjects at risk"),
        max_length=300,
        required=False,
        help_text=_("Subjects the youth may fail or has no grade in, maths included."),
    )
    tried = forms.CharField(
        label=_("What has been tried?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Measures at school and elsewhere, and how they went."),
    )
    concern_health = forms.BooleanField(label=_("Concern: health"), required=False)
    concern_care = forms.BooleanField(label=_("Concern: care at home"), required=False)
    concern_substance = forms.BooleanField(label=_("Concern: substance use"), required=False)
    concern_crime = forms.BooleanField(label=_("Concern: crime"), required=False)
    concern_notes = forms.CharField(
        label=_("About the concerns"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    youth_view = forms.CharField(
        label=_("The youth's own view"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("What the youth says about the situation and about being referred."),
    )
    guardians_view = forms.CharField(
        label=_("The guardians' view"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    consent = forms.ChoiceField(
        label=_("Consent to the referral"),
        choices=_choose(_("Choose consent")) + Consent.choices,
    )

    field_order = [
        "unit",
        *Youth.REFERRAL_FIELDS,
        "referrer_name",
        "referrer_contact",
        "reason",
        "absence_percent",
        "absence_period",
        "subjects_at_risk",
        "tried",
    ]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # A referral names the youth; what else the register holds is the unit's to fill in.
        for name in ("address", "protected_address", "school", "grade", "language"):
            self.fields.pop(name)
        self.fields.pop("interpreter_needed")

    def youth(self) -> dict:
        return {name: self.cleaned_data[name] for name in Youth.REFERRAL_FIELDS}

    def referral(self) -> dict:
        return {name: self.cleaned_data[name] for name in Referral.WRITTEN_FIELDS}


class TriageForm(CleanTextMixin, forms.Form):
    complexity = forms.TypedChoiceField(
        label=_("Complexity"),
        choices=_choose(_("Choose complexity")) + Level.choices,
        coerce=int,
        help_text=_("How many services and how much coordination the youth will need."),
    )
    severity = forms.TypedChoiceField(
        label=_("Severity"),
        choices=_choose(_("Choose severity")) + Level.choices,
        coerce=int,
        help_text=_("How serious and urgent the situation is."),
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)


class AssignForm(CleanTextMixin, forms.Form):
    primary = forms.ModelChoiceField(
        label=_("Contact person"), queryset=None, empty_label=_("Choose person")
    )
    second = forms.ModelChoiceField(
        label=_("Second contact person"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("Outreach cases have two."),
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary"].queryset = people
        self.fields["second"].queryset = people

    def people(self) -> list:
        chosen = [self.cleaned_data["primary"], self.cleaned_data.get("second")]
        return [p for p in chosen if p is not None]


class CloseForm(CleanTextMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=_choose(_("Choose outcome")) + ClosureOutcome.choices
    )
    reason = forms.CharField(
        label=_("Why is the case closed?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    moved_to = forms.CharField(
        label=_("Moved to"),
        max_length=200,
        required=False,
        help_text=_(
            "For outcome «Moved»: the municipality or district. Sending the case's history "
            "there needs consent or a legal basis, and comes with the consent module."
        ),
    )


class PositionForm(forms.Form):
    position_percent = forms.IntegerField(
        label=_("Position percentage"), min_value=1, max_value=100, required=False
    )


class UnitCaseworkForm(forms.Form):
    cases_per_position = forms.IntegerField(
        label=_("Cases per full position"), min_value=1, max_value=200
    )
    alert_after_no_shows = forms.IntegerField(
        label=_("Alert after no-shows in a row"), min_value=1, max_value=10
    )
    alert_after_days_without_contact = forms.IntegerField(
        label=_("Alert after days without contact"), min_value=1, max_value=365
    )


class AppointmentForm(CleanTextMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    with_whom = forms.CharField(
        label=_("With whom"),
        max_length=200,
        required=False,
        help_text=_("For example: the youth and her mother, and the counselor."),
    )

    def clean_starts_at(self):
        moment = self.cleaned_data["starts_at"]
        if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
            raise forms.ValidationError(_("Choose a time between 2000 and 2999."))
        return moment


class AppointmentOutcomeForm(CleanTextMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("What came of it"),
        choices=[(v, label) for v, label in AppointmentOutcome.choices if v != "planned"],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class StatusDateForm(forms.Form):
    dato = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TransferForm(CleanTextMixin, forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Move to"), queryset=None, empty_label=_("Choose unit")
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        help_text=_("For example the new address's district. The case's history goes with it."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units


class DiscussionForm(CleanTextMixin, forms.Form):
    question = forms.CharField(
        label=_("What should the team discuss?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The team sees the case and this question at the next meeting."),
        error_messages={"required": _("Write what the team should discuss.")},
    )


class DecisionForm(CleanTextMixin, forms.Form):
    decision = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Write what the meeting decided.")},
    )


class TransitionForm(CleanTextMixin, forms.Form):
    reviewed_on = forms.DateField(
        label=_("Reviewed with the counselor on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    counselor = forms.CharField(label=_("The counselor"), max_length=200, required=False)
    summer_plan = forms.CharField(
        label=_("Plan for the summer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_("For example a summer job, activities, and who keeps in touch with her."),
    )
    first_day_plan = forms.CharField(
        label=_("Plan for the first school day"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_("For example who meets her at the door, and who follows her the first weeks."),
    )
    new_school = forms.CharField(label=_("Upper-secondary school"), max_length=200, required=False)
    programme = forms.CharField(label=_("Education programme"), max_length=200, required=False)
    new_school_contact = forms.CharField(
        label=_("Contact at the upper-secondary school"), max_length=200, required=False
    )
    new_school_contact_details = forms.CharField(
        label=_("The contact's phone or e-mail"), max_length=200, required=False
    )

    def __init__(self, *args, shows_school=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not shows_school:  # rule 8: where she goes to school is hidden, so is the new school
            for name in Transition.LOCATION_FIELDS:
                del self.fields[name]

    def clean_reviewed_on(self):
        day = self.cleaned_data["reviewed_on"]
        if day and not EARLIEST_DATE <= day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date from 2000 up to today."))
        return day
