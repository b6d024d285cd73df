"""The forms of the requests to find a youth: OT's request, and the asked team's answer. The
services check again (the team must be one the registration may ask)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import CleanTextMixin
from ungsam.ot.find_services import TEXT_MAX
from ungsam.ot.models import FindAnswer


class FindRequestForm(CleanTextMixin, forms.Form):
    outreach_unit = forms.ChoiceField(label=_("Team to ask"), choices=[])
    asked = forms.CharField(
        label=_("What is known and asked"),
        help_text=_(
            "Where she has been seen, who she is with, and what you have tried: letters, text "
            "messages, calls, home visits."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX,
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outreach_unit"].choices = [("", _("Choose…"))] + [
            (str(u.pk), f"{u.name} ({u.municipality.name})") for u in units
        ]


class FindAnswerForm(CleanTextMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=FindAnswer.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to OT"),
        help_text=_("What OT needs to know: where and when, and what was agreed with her."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
    )
