"""The period of a leader's dashboards: the last twelve whole months up to today (this month
so far included) unless told; three years at most, which is 37 months of rows."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.stats.forms import PeriodForm

LONGEST_PERIOD = timedelta(days=3 * 366)


def twelve_months_back(day: date) -> date:
    """The first day of the month eleven months before `day`'s month: with it, twelve months."""
    month = day.year * 12 + day.month - 1 - 11
    return date(month // 12, month % 12 + 1, 1)


class LeaderPeriodForm(PeriodForm):
    def clean(self):
        data = super().clean()
        start, end = self._bounds(data)
        if start <= end and end - start > LONGEST_PERIOD:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data

    @staticmethod
    def _bounds(data) -> tuple[date, date]:
        today = timezone.localdate()
        end = data.get("date_to") or max(today, data.get("date_from") or today)
        start = data.get("date_from") or twelve_months_back(end)
        return start, end

    def period(self) -> tuple[date, date]:
        """The chosen period, or the last twelve months (also when the input is bad)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return self._bounds(data)
