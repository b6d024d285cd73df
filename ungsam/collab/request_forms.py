from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.collab.forms import BasisField, _boxes, _consent_choice
from ungsam.collab.models import Category
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE, CleanTextMixin


def _partner_choices(partners):
    return [("", _("Choose…"))] + [
        (str(p.pk), f"{p.name} ({p.get_kind_display()})") for p in partners
    ]


def _asked(label):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class RequestSendForm(CleanTextMixin, forms.Form):
    partner = forms.ChoiceField(label=_("To"), choices=[])
    asked = _asked(_("What do you ask the service to do?"))
    categories = _boxes(_("What is shared with the request"), Category.choices)
    basis = BasisField(
        label=_("On what basis"),
        choices=[],
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
        help_text=_(
            "A consent in force that names the service and everything shared, or an "
            "exception the law allows."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Required for an exception: what happened, and why it was necessary."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, partners=(), consents=(), exceptions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].conditional = True
        self.fields["partner"].choices = _partner_choices(partners)
        self.fields["basis"].choices = [
            (f"consent:{c.pk}", _consent_choice(c)) for c in consents
        ] + [(f"exception:{e.code}", f"{e.label} ({e.law})") for e in exceptions]

    def values(self) -> dict:
        data = self.cleaned_data
        basis, _sep, chosen = data["basis"].partition(":")
        return {
            "partner_id": int(data["partner"]),
            "asked": data["asked"],
            "categories": data["categories"],
            "consent_id": int(chosen) if basis == "consent" else None,
            "exception": chosen if basis == "exception" else "",
            "note": data["note"],
        }


class RequestIncomingForm(CleanTextMixin, forms.Form):
    partner = forms.ChoiceField(label=_("From"), choices=[])
    asked = _asked(_("What does the service ask you to do?"))
    categories = _boxes(_("What they told about the youth"), Category.choices)
    note = forms.CharField(
        label=_("Note"),
        help_text=_("How it came (phone, letter, meeting) and anything else worth keeping."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    sent_at = forms.DateTimeField(
        label=_("When it came"),
        help_text=_("Empty: now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        required=False,
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _partner_choices(partners)

    def clean_sent_at(self):
        moment = self.cleaned_data.get("sent_at")
        if moment is not None and not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
            raise forms.ValidationError(_("Choose a time from 2000 up to now."))
        return moment

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "partner_id": int(data["partner"]),
            "asked": data["asked"],
            "categories": data["categories"],
            "note": data["note"],
            "sent_at": data.get("sent_at"),
        }


class RequestAnswerForm(CleanTextMixin, forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", "accept"), ("decline", "decline"), ("done", "done")]
    )
    text = forms.CharField(
        label=_("Reason, or what came of it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class RequestToUnitForm(CleanTextMixin, forms.Form):
    asked = _asked(_("What do you ask the unit to do?"))
    categories = _boxes(_("What you tell about the youth"), Category.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
