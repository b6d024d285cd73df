"""Forms of the fieldwork groups: the period of the overview, a group, a session."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import CleanTextMixin, DateRangeMixin
from ungsam.outreach.models import GroupKind


class PeriodForm(DateRangeMixin, forms.Form):
    """The period the counts are for; by default this year up to today."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("date_from") or date(today.year, 1, 1)
        end = data.get("date_to") or max(today, start)
        return start, end


class GroupForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={"required": _("Give the group a name.")},
        help_text=_(
            "What the team calls the group, such as a school and a grade. No names of youths."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose a kind")), *GroupKind.choices],
        error_messages={
            "required": _("Choose a kind from the list."),
            "invalid_choice": _("Choose a kind from the list."),
        },
    )


class SessionForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    attendees = forms.MultipleChoiceField(
        label=_("Named attendees"),
        required=False,
        help_text=_("Youths of the unit's cases you follow. Others who came count as anonymous."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
    )
    anonymous_count = forms.IntegerField(
        label=_("Anonymous participants"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("How many came without being named (a head count)."),
        error_messages={"invalid": _("Give a whole number.")},
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = list(choices)
        self.fields["attendees"].error_messages["invalid_choice"] = _(
            "Choose the attendees from the list."
        )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "case_ids": [int(c) for c in data["attendees"]],
            "anonymous_count": data["anonymous_count"],
        }
