from django import forms
from django.utils.translation import gettext_lazy as _


class BundleUploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Import bundle (.zip)"),
        help_text=_("A .zip of CSV files as described in the import bundle's documentation."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if len(units) == 1:
            self.fields["unit"].initial = units[0]
