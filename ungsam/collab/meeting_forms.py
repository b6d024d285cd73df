"""The forms of the team's meetings. Owners are chosen from the team's current members (the
service asks again); services from DESIGN.md's list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.collab.meeting_services import (
    ACTION_MAX,
    NAME_MAX,
    NOTE_MAX,
    PLACE_MAX,
    TEXT_MAX,
    WEEKS_MAX,
    WEEKS_MIN,
)
from ungsam.collab.models import MeetingKind
from ungsam.lib.forms import CleanTextMixin
from ungsam.org.models import ServiceCode


class MeetingPlanForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX)
    agenda = forms.CharField(
        label=_("Agenda"),
        help_text=_("One item per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
    )


class ParticipantForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        help_text=_("Someone who is not on the team: the youth, a guardian, a teacher."),
        max_length=NAME_MAX,
    )
    service = forms.ChoiceField(label=_("Service"), choices=ServiceCode.choices)


class MinutesForm(CleanTextMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_MAX,
        required=False,
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        help_text=_("One decision per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
    )


class ActionForm(CleanTextMixin, forms.Form):
    text = forms.CharField(label=_("What is to be done"), max_length=ACTION_MAX)
    owner = forms.ChoiceField(label=_("Owner"), choices=())
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "–")] + [
            (m.pk, f"{m.user.get_full_name() or m.user.username} – {m.service_name}")
            for m in members
        ]


class AmendmentForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        label=_("Amendment"),
        help_text=_("What is added or corrected, and why. The approved minutes stay as they were."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
    )


class RuleForm(CleanTextMixin, forms.Form):
    every_weeks = forms.IntegerField(
        label=_("Every how many weeks"), min_value=WEEKS_MIN, max_value=WEEKS_MAX
    )
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)


class ActionDoneForm(CleanTextMixin, forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        required=False,
    )
