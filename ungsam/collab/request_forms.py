from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.collab.forms import (
    PastMomentField,
    _boxes,
    basis_choices,
    basis_field,
    basis_values,
    exception_note_field,
)
from ungsam.collab.models import Category
from ungsam.lib.forms import CleanTextMixin


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
    basis = basis_field(
        _(
            "A consent in force that names the service and everything shared, or an "
            "exception the law allows."
        )
    )
    note = exception_note_field()

    def __init__(self, *args, partners=(), consents=(), exceptions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].conditional = True
        self.fields["partner"].choices = _partner_choices(partners)
        self.fields["basis"].choices = basis_choices(consents, exceptions)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "partner_id": int(data["partner"]),
            "asked": data["asked"],
            "categories": data["categories"],
            **basis_values(data["basis"]),
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
    sent_at = PastMomentField(_("When it came"))

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _partner_choices(partners)

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
