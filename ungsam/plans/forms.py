"""The assessment form: one score (1–5, or not assessed) and a note per domain, per subject for
academic mastery, the youth's own view and a summary."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import EARLIEST_DATE, CleanTextMixin
from ungsam.plans.models import SUBJECTS, Domain, Score

NOT_ASSESSED = [("", _("Not assessed"))]


class AssessmentForm(CleanTextMixin, forms.Form):
    assessed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []  # (score field, note field) per domain and subject, in order
        for domain, label in Domain.choices:
            self._add(domain, "", label)
            if domain == Domain.ACADEMIC:
                for code, subject in SUBJECTS:
                    self._add(domain, code, subject)
        self.fields["youth_view"] = forms.CharField(
            label=_("The youth's own view"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=4000,
            required=False,
        )
        self.fields["note"] = forms.CharField(
            label=_("Summary"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=4000,
            required=False,
        )

    def _add(self, domain, subject, label):
        key = f"{domain}_{subject}" if subject else domain
        self.fields[f"score_{key}"] = forms.TypedChoiceField(
            label=label,
            choices=NOT_ASSESSED + Score.choices,
            coerce=int,
            required=False,
            empty_value=None,
        )
        self.fields[f"note_{key}"] = forms.CharField(
            label=_("Note: %(domain)s") % {"domain": label}, max_length=500, required=False
        )
        self.rows.append((domain, subject, f"score_{key}", f"note_{key}"))

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if not EARLIEST_DATE <= day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date from 2000 up to today."))
        return day

    def clean(self):
        data = super().clean()
        if not any(data.get(score) for _d, _s, score, _n in self.rows):
            raise forms.ValidationError(_("Score at least one domain."))
        return data

    def scores(self) -> list[tuple]:
        data = self.cleaned_data
        return [
            (domain, subject, data[score], data.get(note, ""))
            for domain, subject, score, note in self.rows
            if data.get(score)
        ]

    def pairs(self):
        """Score and note fields side by side, for the template."""
        return [(self[score], self[note]) for _d, _s, score, note in self.rows]
