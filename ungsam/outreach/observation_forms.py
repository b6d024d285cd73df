"""Forms of field observations: recording one, searching the list, and the trends' area and
period."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ungsam.collab.inquiry_services import holds_national_id
from ungsam.lib.forms import CleanTextMixin, DateRangeMixin, search_text
from ungsam.outreach.models import ObservationTag
from ungsam.outreach.observation_services import NATIONAL_ID_MESSAGE, TEXT_MAX


def _date(label, required=False, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        **kwargs,
    )


def _area_choices(areas, empty):
    return [("", empty)] + [(str(a.pk), a.name) for a in areas]


class ObservationForm(CleanTextMixin, forms.Form):
    area = forms.ChoiceField(label=_("Area"))
    date = _date(_("Date"), required=True, initial=timezone.localdate)
    shift = forms.ChoiceField(label=_("Shift"), required=False)
    tags = forms.MultipleChoiceField(
        label=_("Tags"),
        choices=ObservationTag.choices,
        help_text=_("Choose at least one. The trends count the tags."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
        error_messages={
            "required": _("Choose at least one tag."),
            "invalid_choice": _("Choose the tags from the list."),
        },
    )
    text = forms.CharField(
        label=_("Observation"),
        max_length=TEXT_MAX,
        help_text=_(
            "What the team saw, never who: no names, national identity numbers or details "
            "that can point to a person. At most 1000 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
        error_messages={
            "required": _("Write what the team observed."),
            "max_length": _("At most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, areas=(), shifts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _area_choices(areas, _("Choose an area"))
        self.fields["area"].error_messages["required"] = _("Choose an area from the list.")
        self.fields["area"].error_messages["invalid_choice"] = _("Choose an area from the list.")
        self.fields["shift"].choices = [("", _("No shift"))] + [
            (
                str(s.pk),
                " ".join(
                    p
                    for p in (
                        date_format(localtime(s.starts_at), "SHORT_DATETIME_FORMAT"),
                        s.team_name,
                    )
                    if p
                ),
            )
            for s in shifts
        ]
        self.fields["shift"].error_messages["invalid_choice"] = _("Choose a shift from the list.")

    def clean_text(self):
        # Said at once with the other errors; the service asks again (and checks the names).
        text = self.cleaned_data.get("text") or ""
        if holds_national_id(text):
            raise forms.ValidationError(NATIONAL_ID_MESSAGE)
        return text

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "area_id": int(data["area"]),
            "date": data["date"],
            "shift_id": int(data["shift"]) if data.get("shift") else None,
            "tags": data["tags"],
            "text": data["text"],
        }


class ObservationFilterForm(DateRangeMixin, forms.Form):
    q = forms.CharField(label=_("Words in the text"), required=False, max_length=100)
    tag = forms.ChoiceField(
        label=_("Tag"), required=False, choices=[("", _("All tags")), *ObservationTag.choices]
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    date_from = _date(_("From"))
    date_to = _date(_("To"))

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _area_choices(areas, _("All areas"))
        self.fields["area"].error_messages["invalid_choice"] = _("Choose an area from the list.")
        self.fields["tag"].error_messages["invalid_choice"] = _("Choose a tag from the list.")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "words": search_text(data.get("q")),
            "tag": data.get("tag") or "",
            "area_id": int(data["area"]) if data.get("area") else None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class TrendsForm(DateRangeMixin, forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    date_from = _date(_("From"))
    date_to = _date(_("To"))

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {str(a.pk): a for a in areas}
        self.fields["area"].choices = _area_choices(areas, _("All areas"))
        self.fields["area"].error_messages["invalid_choice"] = _("Choose an area from the list.")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and (end - start).days > 3 * 366:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data

    def choice(self, default_period):
        """(area or None, start, end): the defaults where nothing valid was given."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start, end = default_period
        given_from, given_to = data.get("date_from"), data.get("date_to")
        if given_from and not given_to:
            end = max(end, given_from)
        if given_to and not given_from:
            start = min(start, given_to)
        return self.areas.get(data.get("area") or ""), given_from or start, given_to or end
