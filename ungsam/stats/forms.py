from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import DateRangeMixin


class PeriodForm(DateRangeMixin, forms.Form):
    """The period of the statistics page's tables of collaboration (requests, inquiries,
    reports of concern): this calendar year unless told."""

    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("date_from") or date(today.year, 1, 1)
        end = data.get("date_to") or date(today.year, 12, 31)
        return start, end
