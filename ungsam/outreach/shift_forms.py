"""Forms of shifts and the staffing plan: what a week, a shift, a band or a period is made of,
with Norwegian messages for bad input. The services check again."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.lib.calendar import monday_of, months_back
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE, CleanTextMixin, DateRangeMixin
from ungsam.outreach import shift_selectors as selectors
from ungsam.outreach.shift_services import MAX_TEAMS


def _boxes(label, **kwargs):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
        **kwargs,
    )


def _day(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _clock(label, **kwargs):
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        **kwargs,
    )


def _teams(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_TEAMS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _in_range(form, name):
    day = form.cleaned_data.get(name)
    if day and not EARLIEST_DATE <= day <= LATEST_DATE:
        form.add_error(
            name,
            _("Choose a date between %(first)s and %(last)s.")
            % {
                "first": EARLIEST_DATE.strftime("%d.%m.%Y"),
                "last": LATEST_DATE.strftime("%d.%m.%Y"),
            },
        )
        return None
    return day


class WeekForm(forms.Form):
    """`?uke=` on the shift list and the staffing plan: any day of the week to show."""

    uke = _day(_("Week of"), required=False)

    def monday(self, today):
        day = self.cleaned_data.get("uke") if self.is_valid() else None
        return monday_of(day or today)

    def clean(self):
        data = super().clean()
        data["uke"] = _in_range(self, "uke")
        return data


class ShiftForm(CleanTextMixin, forms.Form):
    """A shift: its team, its workers (the unit's), its day, start and end (an end at or before
    the start is on the next day) and its areas."""

    team_name = forms.CharField(
        label=_("Team"),
        max_length=60,
        required=False,
        help_text=_("A name the team goes by, e.g. Team 1 or Evening team."),
    )
    workers = _boxes(_("Workers"))
    day = _day(_("Day"))
    starts = _clock(_("Starts"))
    ends = _clock(
        _("Ends"),
        help_text=_("An end at or before the start is on the next day, e.g. 16:00–01:00."),
    )
    areas = _boxes(_("Areas"), required=False)

    def __init__(self, *args, unit, shift=None, actor=None, **kwargs):
        if shift is not None:
            start = timezone.localtime(shift.starts_at)
            kwargs["initial"] = {
                "team_name": shift.team_name,
                "workers": [w.pk for w in shift.workers.all()],
                "day": start.date(),
                "starts": start.time(),
                "ends": timezone.localtime(shift.ends_at).time(),
                "areas": [a.pk for a in shift.areas.all()],
                **kwargs.get("initial", {}),
            }
        elif actor is not None:
            kwargs["initial"] = {
                "workers": [actor.pk],
                "day": timezone.localdate(),
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = selectors.shift_workers(unit, shift)
        self.fields["workers"].error_messages["required"] = _("Choose at least one worker.")
        self.fields["areas"].queryset = selectors.shift_areas(unit, shift)

    def clean(self):
        data = super().clean()
        day = _in_range(self, "day")
        starts, ends = data.get("starts"), data.get("ends")
        if day and starts and ends:
            data["starts_at"], data["ends_at"] = selectors.shift_end(day, starts, ends)
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "team_name": data.get("team_name", ""),
            "workers": list(data["workers"]),
            "areas": list(data.get("areas") or []),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }


class BandForm(forms.Form):
    """A band of the staffing plan: from, to (at or before the start: past midnight) and how
    many teams, at least and at most."""

    starts = _clock(_("Starts"))
    ends = _clock(
        _("Ends"),
        help_text=_("An end at or before the start is on the next day, e.g. 16:00–01:00."),
    )
    min_teams = _teams(_("Teams at least"))
    max_teams = _teams(_("Teams at most"))

    def clean(self):
        data = super().clean()
        low, high = data.get("min_teams"), data.get("max_teams")
        if low is not None and high is not None and high < low:
            self.add_error("max_teams", _("At most cannot be fewer than at least."))
        if data.get("starts") and data.get("starts") == data.get("ends"):
            self.add_error("ends", _("A band cannot end when it starts."))
        return data


class BandCreateForm(BandForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
        error_messages={"required": _("Choose at least one weekday.")},
    )
    field_order = ["weekdays", "starts", "ends", "min_teams", "max_teams"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekdays"].choices = list(enumerate(selectors.weekday_names()))


class PeriodForm(DateRangeMixin, forms.Form):
    """The period planned against held is shown for; empty: the last 12 weeks and months."""

    date_from = _day(_("From"), required=False)
    date_to = _day(_("To"), required=False)

    LONGEST = timedelta(days=3 * 366)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to") or timezone.localdate()
        if start and end - start > self.LONGEST:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data

    def span(self, today):
        """(weeks from, weeks to, months from, months to)."""
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("date_from"), data.get("date_to")
        if not start and not end:
            return (
                today - timedelta(weeks=11),
                today,
                months_back(today, 11),
                today,
            )
        end = end or today
        start = start or min(end, today) - timedelta(weeks=11)
        if start > end:
            start = end
        return start, end, start, end
