from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import DateRangeMixin


class PeriodForm(DateRangeMixin, forms.Form):
    date_from = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
