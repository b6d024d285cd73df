"""The fieldwork dashboard's period: the last twelve months up to today unless told."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.stats.forms import PeriodForm

# A longer period is a long table of weeks for no one; three years covers every comparison the
# teams make (this year against the last two).
LONGEST_PERIOD = timedelta(days=3 * 366)


def year_before(day: date) -> date:
    """The same day a year earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class ContactsPeriodForm(PeriodForm):
    def clean(self):
        data = super().clean()
        start, end = self._bounds(data)
        if start and end and start <= end and end - start > LONGEST_PERIOD:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data

    @staticmethod
    def _bounds(data) -> tuple[date, date]:
        today = timezone.localdate()
        end = data.get("date_to") or max(today, data.get("date_from") or today)
        start = data.get("date_from") or year_before(end) + timedelta(days=1)
        return start, end

    def period(self) -> tuple[date, date]:
        """The chosen period, or the twelve months up to today (also when the input is bad)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return self._bounds(data)
