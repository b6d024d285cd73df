"""The forms of the common service pathway: a template and its steps (admins), and a case's
move to a step (chosen from the municipality's active pathway, never a free id)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.collab.models import BtiLevel
from ungsam.lib.forms import EARLIEST_DATE, CleanTextMixin
from ungsam.org.models import ServiceCode


class PathwayForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        help_text=_("Who the pathway is for, and what the services have agreed."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    active = forms.BooleanField(
        label=_("Active (the pathway cases are placed on; the one active before is retired)"),
        required=False,
    )

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["active"]  # active when it is the first, else made active later


class StepForm(CleanTextMixin, forms.Form):
    position = forms.IntegerField(
        label=_("Position"),
        help_text=_("Steps are shown in this order."),
        min_value=1,
        max_value=99,
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What happens on this step, and when it is done."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    responsible_service = forms.ChoiceField(
        label=_("Responsible service"),
        choices=[("", _("Choose service"))] + list(ServiceCode.choices),
    )
    expected_days = forms.IntegerField(
        label=_("Expected duration in days"),
        help_text=_("A case longer on the step than this is shown as overdue."),
        min_value=1,
        max_value=3650,
    )
    bti_level = forms.TypedChoiceField(
        label=_("BTI level"),
        choices=[("", _("Choose BTI level"))] + list(BtiLevel.choices),
        coerce=int,
    )
    active = forms.BooleanField(
        label=_("Active (a retired step is offered for no new move; history keeps it)"),
        required=False,
    )

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["active"]


class MoveForm(CleanTextMixin, forms.Form):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    since = forms.DateField(
        label=_("On the step since"),
        help_text=_("Leave empty for today."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Why the case moves: what was done, what was decided."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("Choose step"))] + [
            (s.pk, f"{s.position}. {s.name}") for s in steps
        ]

    def clean_since(self):
        day = self.cleaned_data.get("since")
        if day is not None and day < EARLIEST_DATE:
            raise forms.ValidationError(_("The date is too early."))
        return day
