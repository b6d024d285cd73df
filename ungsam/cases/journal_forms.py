"""The journal's forms: an entry (type, date, text), a correction (the same, and what was
corrected and why), an attachment, and the type filter of the journal page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.cases.models import AttachmentType, EntryKind
from ungsam.lib.forms import EARLIEST_DATE, CleanTextMixin


class JournalEntryForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "–"), *EntryKind.choices])
    occurred_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_(
            "Write what happened and what was agreed; keep to what matters for the follow-up."
        ),
    )

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if not EARLIEST_DATE <= day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date from 2000 up to today."))
        return day


class CorrectionForm(JournalEntryForm):
    correction_note = forms.CharField(
        label=_("What was corrected, and why"), max_length=500, widget=forms.TextInput()
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(AttachmentType.values) + ",.pdf,.png,.jpg,.jpeg"}
        ),
    )


class KindFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *EntryKind.choices], required=False
    )
