from django import forms
from django.utils.translation import gettext_lazy as _


class SchoolFileForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("School data file (.csv)"),
        help_text=_(
            "One row per student and period, as described in the school data format "
            "(docs/skoledata.md). Semicolon or comma separated, as Excel saves it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0]
            self.fields["municipality"].widget = forms.HiddenInput()
