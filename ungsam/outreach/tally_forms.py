"""Forms of the tally: a tap as the phone sends it (JSON, or the page's form without script)
and contacts entered afterwards for a past shift (a table of counts)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.outreach.models import AgeGroup, ContactChannel, Depth, Gender

GENDERS = list(Gender.choices)
AGE_GROUPS = list(AgeGroup.choices)


def cell_name(gender: str, age_group: str) -> str:
    return f"n_{gender}_{age_group}"


class TapForm(forms.Form):
    """One tap. Every field is required; the time must carry its offset (ISO 8601)."""

    key = forms.UUIDField(error_messages={"invalid": _("The tap has no valid key.")})
    unit = forms.IntegerField(min_value=1, max_value=2**53)
    place = forms.IntegerField(
        min_value=1, max_value=2**53, error_messages={"required": _("Choose a place first.")}
    )
    channel = forms.ChoiceField(choices=ContactChannel.choices)
    gender = forms.ChoiceField(choices=Gender.choices)
    age_group = forms.ChoiceField(choices=AgeGroup.choices)
    depth = forms.TypedChoiceField(choices=Depth.choices, coerce=int)
    tapped_at = forms.DateTimeField(
        error_messages={"invalid": _("The time of the tap must be ISO 8601 with its time zone.")}
    )

    def clean_tapped_at(self):
        value = self.cleaned_data["tapped_at"]
        raw = str(self.data.get("tapped_at", ""))
        # Django makes a time without an offset local; a phone must say which zone it means.
        if not (raw.endswith("Z") or raw.endswith("z") or "+" in raw[10:] or "-" in raw[10:]):
            raise forms.ValidationError(_("The time of the tap must give its time zone."))
        return value

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "key": d["key"],
            "unit_id": d["unit"],
            "place_id": d["place"],
            "channel": d["channel"],
            "gender": d["gender"],
            "age_group": d["age_group"],
            "depth": d["depth"],
            "tapped_at": d["tapped_at"],
        }


class UndoForm(forms.Form):
    key = forms.UUIDField(error_messages={"invalid": _("The tap has no valid key.")})


class PageTapForm(forms.Form):
    """The grid as a plain form (no script): the server makes the key and takes the time."""

    key = forms.UUIDField()
    place = forms.IntegerField(min_value=1, max_value=2**53)
    channel = forms.ChoiceField(choices=ContactChannel.choices)
    depth = forms.TypedChoiceField(choices=Depth.choices, coerce=int)
    cell = forms.CharField(max_length=40)

    def clean_cell(self):
        gender, _sep, age_group = self.cleaned_data["cell"].partition(":")
        if gender not in Gender.values or age_group not in AgeGroup.values:
            raise forms.ValidationError(_("Choose a gender and an age group."))
        return gender, age_group


class EntryForm(forms.Form):
    """Contacts entered afterwards: date, optional shift, place, channel, depth, and a count per
    gender and age group."""

    on_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    shift = forms.ChoiceField(label=_("Shift"), required=False)
    place = forms.ChoiceField(label=_("Place"))
    channel = forms.ChoiceField(
        label=_("Channel"), choices=ContactChannel.choices, initial=ContactChannel.FIELD
    )
    depth = forms.TypedChoiceField(
        label=_("Depth"), choices=Depth.choices, coerce=int, initial=Depth.GREETING
    )

    def __init__(self, *args, places, shifts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [("", _("Choose a place"))] + [
            (str(p.pk), f"{p.name} ({p.area.name})" if p.area else p.name) for p in places
        ]
        self.fields["shift"].choices = [("", _("No shift"))] + [
            (
                str(s.pk),
                f"{timezone.localtime(s.starts_at):%d.%m.%Y %H:%M}–"
                f"{timezone.localtime(s.ends_at):%H:%M}"
                + (f" {s.team_name}" if s.team_name else ""),
            )
            for s in shifts
        ]
        for gender, _g in GENDERS:
            for age_group, _a in AGE_GROUPS:
                self.fields[cell_name(gender, age_group)] = forms.IntegerField(
                    label=f"{_g}, {_a}",
                    required=False,
                    min_value=0,
                    max_value=999,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                )

    def counts(self) -> dict[tuple[str, str], int]:
        return {
            (g, a): self.cleaned_data.get(cell_name(g, a)) or 0
            for g, _g in GENDERS
            for a, _a in AGE_GROUPS
        }

    def grid(self):
        """The count inputs as rows of age groups, one column per gender (for the template)."""
        return [(label, [self[cell_name(g, a)] for g, _g in GENDERS]) for a, label in AGE_GROUPS]
