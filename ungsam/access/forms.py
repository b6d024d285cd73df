from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.access.models import REASON_MIN_LENGTH, AuditAction, Review
from ungsam.lib.forms import CleanTextMixin, DateRangeMixin


class AuditFilterForm(DateRangeMixin, CleanTextMixin, forms.Form):
    actor = forms.CharField(label=_("Who (name or username)"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All"))] + AuditAction.choices, required=False
    )
    # Set by the link "Who has read" on a youth's page, never typed: a hidden field.
    ungdom = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EmergencySearchForm(CleanTextMixin, forms.Form):
    """The youth named exactly: national id, or first name, last name and date of birth."""

    national_id = forms.CharField(
        label=_("National identity number"), max_length=20, required=False
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        named = data.get("first_name") and data.get("last_name") and data.get("birth_date")
        if not data.get("national_id") and not named and not self.errors:
            raise forms.ValidationError(
                _("Give the national identity number, or the full name and the date of birth.")
            )
        return data


class EmergencyOpenForm(EmergencySearchForm):
    reason = forms.CharField(
        label=_("Why is this an emergency?"),
        help_text=_(
            "Your leader reads this. The access lasts %(hours)s hours, lets you read but not "
            "change the case, and everything you open is logged."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=REASON_MIN_LENGTH,
        max_length=2000,
        error_messages={
            "required": _("Write why this is an emergency."),
            "min_length": _(
                "Write why this is an emergency in a full sentence (at least %(limit_value)d "
                "characters): your leader will review it."
            ),
        },
    )

    def __init__(self, *args, hours: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = self.fields["reason"].help_text % {"hours": hours}


class EmergencyReviewForm(CleanTextMixin, forms.Form):
    review = forms.ChoiceField(
        label=_("Leader's assessment"), choices=Review.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Remark"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
