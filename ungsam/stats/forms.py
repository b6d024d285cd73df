from datetime import date

from django import forms
from django.core.validators import MaxValueValidator
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


class AnnualReportForm(forms.Form):
    """Which annual report: one of the units the user may see (the policy's list) and a
    calendar year; the leader's download may ask for exact figures (the view decides whether
    she may). Without a choice: the first unit and last year."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    exact = forms.BooleanField(
        label=_("Exact figures for internal use (small numbers not withheld)"), required=False
    )

    def __init__(self, data=None, *, units):
        today = timezone.localdate()
        first = units.first()
        bound = {
            "unit": first.pk if first else None,
            "year": today.year - 1,
            **({k: v for k, v in data.items() if k in ("unit", "year", "exact")} if data else {}),
        }
        super().__init__(bound)
        self.fields["unit"].queryset = units
        self.fields["year"].validators.append(MaxValueValidator(today.year))
        self.fields["year"].widget.attrs.update({"min": 2000, "max": today.year})
