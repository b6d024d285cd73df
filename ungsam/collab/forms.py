"""The consent forms: recording one (recipients, categories and guardians as checkboxes), the
withdrawal's confirmation, and the check "does a consent cover this to that?"."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.collab.models import Category, ConsentForm, ConsentStatus, GiverKind
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE, CleanTextMixin


def _boxes(label, choices, **kwargs):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
        **kwargs,
    )


def _radios(label, choices, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
        **kwargs,
    )


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}), required=False, **kwargs
    )


def start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class ConsentRecordForm(CleanTextMixin, forms.Form):
    status = _radios(_("Was the consent given?"), ConsentStatus.choices, initial="given")
    partners = _boxes(_("Partner organizations"), [])
    units = _boxes(_("Units"), [])
    categories = _boxes(_("What may be shared"), Category.choices)
    sharing_purpose = forms.CharField(
        label=_("What for"),
        help_text=_("In plain words, e.g. «So the school and Los can plan her return together»."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    given_by_youth = forms.BooleanField(label=_("Given by the youth herself"), required=False)
    guardians = _boxes(_("Given by guardians"), [])
    given_as = _radios(_("Written or oral"), ConsentForm.choices, initial="written")
    valid_from = _date(
        _("Given on"), help_text=_("Empty: today. A written consent signed earlier: its date.")
    )
    valid_until = _date(
        _("Valid to and including"),
        help_text=_("Empty: the municipality's default period."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    scan = forms.FileField(
        label=_("The signed form"),
        help_text=_("A written consent: its scan or photo (PDF, PNG or JPEG)."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, partners=(), units=(), guardians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].choices = [(str(p.pk), p.name) for p in partners]
        self.fields["units"].choices = [(str(u.pk), u.name) for u in units]
        self.fields["guardians"].choices = [
            (str(g.pk), f"{g.name} ({g.get_relation_display().lower()})") for g in guardians
        ]
        if not guardians:
            del self.fields["guardians"]

    def clean_valid_from(self):
        day = self.cleaned_data.get("valid_from")
        if day is not None and not EARLIEST_DATE <= day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date from 2000 up to today."))
        return day

    def clean_valid_until(self):
        day = self.cleaned_data.get("valid_until")
        if day is not None and not EARLIEST_DATE <= day < LATEST_DATE:
            raise forms.ValidationError(_("Choose a date between 2000 and 2999."))
        return day

    def values(self) -> dict:
        """The service's arguments: a day given becomes its first minute (today: now), an end
        day its last (the consent lapses at midnight after it)."""
        data = self.cleaned_data
        start = data.get("valid_from")
        today = timezone.localdate()
        return {
            "status": data["status"],
            "partner_ids": [int(pk) for pk in data["partners"]],
            "unit_ids": [int(pk) for pk in data["units"]],
            "categories": data["categories"],
            "sharing_purpose": data["sharing_purpose"],
            "given_by_youth": data["given_by_youth"],
            "guardian_ids": [int(pk) for pk in data.get("guardians", [])],
            "given_as": data["given_as"],
            "valid_from": None if start is None or start == today else start_of(start),
            "valid_until": start_of(data["valid_until"] + timedelta(days=1))
            if data.get("valid_until")
            else None,
            "note": data["note"],
            "scan": data.get("scan") or None,
        }


class WithdrawForm(CleanTextMixin, forms.Form):
    withdrawn_by = _radios(_("Who withdraws it"), GiverKind.choices, initial="youth")
    withdrawn_by_name = forms.CharField(
        label=_("The guardian's name"),
        help_text=_("Only when a guardian withdraws it."),
        max_length=200,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("What she or the guardian said, briefly."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CoverageForm(forms.Form):
    """The check on the consent page: may this kind of information go to this recipient now?"""

    recipient = forms.ChoiceField(label=_("To"), choices=[])
    category = forms.ChoiceField(label=_("What"), choices=Category.choices)

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.recipients = {r.key: r for r in recipients}
        self.fields["recipient"].choices = [(r.key, r.name) for r in recipients]

    def chosen(self):
        return self.recipients[self.cleaned_data["recipient"]], self.cleaned_data["category"]


def _consent_choice(consent) -> str:
    recipients = [p.name for p in consent.partners.all()] + [u.name for u in consent.units.all()]
    kinds = [row.get_category_display() for row in consent.categories.all()]
    return _("Consent of %(day)s to %(recipients)s: %(what)s (until %(until)s)") % {
        "day": timezone.localtime(consent.valid_from).strftime("%d.%m.%Y"),
        "recipients": ", ".join(recipients),
        "what": ", ".join(str(k).lower() for k in kinds),
        "until": timezone.localtime(consent.valid_until).strftime("%d.%m.%Y"),
    }


class BasisField(forms.ChoiceField):
    """A consent listed on the form or an exception; any consent of the form "consent:<id>"
    passes on to the service, which tells in plain words why one that is not in force, or does
    not cover what was shared, cannot be the basis."""

    def valid_value(self, value):
        kind, _sep, rest = str(value).partition(":")
        if kind == "consent" and rest.isascii() and rest.isdigit() and len(rest) < 19:
            return True
        return super().valid_value(value)


def basis_field(help_text) -> BasisField:
    """The legal basis of something shared: a consent listed on the form or an exception
    (choices from `basis_choices`, parsed by `basis_values`)."""
    return BasisField(
        label=_("On what basis"),
        choices=[],
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
        help_text=help_text,
    )


def exception_note_field() -> forms.CharField:
    """The note an exception needs (the form marks it conditional: not "optional")."""
    return forms.CharField(
        label=_("Note"),
        help_text=_("Required for an exception: what happened, and why it was necessary."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


def basis_choices(consents, exceptions) -> list[tuple[str, str]]:
    return [(f"consent:{c.pk}", _consent_choice(c)) for c in consents] + [
        (f"exception:{e.code}", f"{e.label} ({e.law})") for e in exceptions
    ]


def basis_values(basis: str) -> dict:
    """The service's `consent_id` and `exception` from a chosen basis."""
    kind, _sep, chosen = basis.partition(":")
    return {
        "consent_id": int(chosen) if kind == "consent" else None,
        "exception": chosen if kind == "exception" else "",
    }


class PastMomentField(forms.DateTimeField):
    """When something happened, from 2000 up to now; empty means now."""

    def __init__(self, label, **kwargs):
        super().__init__(
            label=label,
            help_text=_("Empty: now."),
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            required=False,
            **kwargs,
        )

    def clean(self, value):
        moment = super().clean(value)
        if moment is not None and not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
            raise forms.ValidationError(_("Choose a time from 2000 up to now."))
        return moment


class DisclosureRecordForm(CleanTextMixin, forms.Form):
    recipient = forms.ChoiceField(label=_("Given to"), choices=[])
    categories = _boxes(_("What was given"), Category.choices)
    basis = basis_field(
        _(
            "A consent in force that names the recipient and everything given, or an "
            "exception the law allows."
        )
    )
    note = exception_note_field()
    at = PastMomentField(_("When"))

    def __init__(self, *args, partners=(), units=(), consents=(), exceptions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].conditional = True  # required for an exception: not "optional"
        groups = [
            (_("Partner organizations"), [(f"org:{p.pk}", p.name) for p in partners]),
            (_("Units"), [(f"unit:{u.pk}", u.name) for u in units]),
        ]
        self.fields["recipient"].choices = [("", _("Choose…"))] + [g for g in groups if g[1]]
        self.fields["basis"].choices = basis_choices(consents, exceptions)

    def values(self) -> dict:
        """The service's arguments."""
        data = self.cleaned_data
        kind, _sep, pk = data["recipient"].partition(":")
        return {
            "partner_id": int(pk) if kind == "org" else None,
            "unit_id": int(pk) if kind == "unit" else None,
            "categories": data["categories"],
            **basis_values(data["basis"]),
            "note": data["note"],
            "at": data.get("at"),
        }
