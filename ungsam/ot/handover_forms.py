"""The forms of the handovers between los and OT, and of the fixed collaboration meetings.
The services check again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.collab.meeting_services import PLACE_MAX, WEEKS_MAX, WEEKS_MIN
from ungsam.lib.forms import CleanTextMixin
from ungsam.ot.handover_services import DEFAULT_EVERY_WEEKS, SUMMARY_MAX


def _summary_field():
    return forms.CharField(
        label=_("Summary she consented to share"),
        help_text=_(
            "What the receiving unit needs to go on: the situation, what has been tried, what "
            "she wants. Only what her consent covers."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=SUMMARY_MAX,
    )


class HandoverToOTForm(CleanTextMixin, forms.Form):
    summary = _summary_field()


class HandoverBackForm(CleanTextMixin, forms.Form):
    to_unit = forms.ChoiceField(label=_("Hand over to"), choices=[])
    summary = _summary_field()

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].choices = [("", _("Choose…"))] + [(str(u.pk), u.name) for u in units]


class MeetingsSetUpForm(CleanTextMixin, forms.Form):
    every_weeks = forms.IntegerField(
        label=_("A meeting every how many weeks"),
        min_value=WEEKS_MIN,
        max_value=WEEKS_MAX,
        initial=DEFAULT_EVERY_WEEKS,
    )
    starts_at = forms.DateTimeField(
        label=_("First meeting, date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        required=False,
    )
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Needed unless a meeting is planned already (the service says so).
        self.fields["starts_at"].conditional = True
        self.fields["place"].conditional = True
