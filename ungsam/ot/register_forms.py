"""Forms of the OT register: the list's filter, a status change (codes grouped as Udir groups
them, with the contact it rests on), a move, the information about rights, a registration by
hand and a school's report that a student quit."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.cases.models import EntryKind
from ungsam.lib.forms import EARLIEST_DATE, CleanTextMixin
from ungsam.ot.register_rules import REAL_CONTACT_KINDS
from ungsam.ot.register_selectors import SORTS
from ungsam.ot.status_codes import GROUP_CODES, StatusCode, StatusGroup
from ungsam.people.forms import YouthForm
from ungsam.people.models import Youth


def grouped_codes():
    """The codes in <optgroup>s by Udir group, Udir's names."""
    return [
        (StatusGroup(group).label, [(code, StatusCode(code).label) for code in codes])
        for group, codes in GROUP_CODES.items()
    ]


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


class _NotAheadMixin:
    """Date fields named in `past_dates` lie from 2000 up to today."""

    past_dates: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in self.past_dates:
            day = data.get(name)
            if day is not None and not EARLIEST_DATE <= day <= today:
                self.add_error(name, _("Choose a date from 2000 up to today."))
        return data


class RegisterFilterForm(forms.Form):
    gruppe = forms.TypedChoiceField(
        label=_("Status group"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All groups")), *StatusGroup.choices],
    )
    kode = forms.ChoiceField(
        label=_("Status code"), required=False, choices=[("", _("All codes")), *grouped_codes()]
    )
    sorter = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("registrert", _("Registered, newest first")),
            ("registrert_eldst", _("Registered, oldest first")),
            ("status", _("Status code")),
        ],
    )
    mangler = forms.BooleanField(
        label=_("Only those lacking information on rights"), required=False
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sorter") or "registrert"
        return {
            "group": data.get("gruppe"),
            "code": data.get("kode") or "",
            "sort": sort if sort in SORTS else "registrert",
            "lacking_rights_info": bool(data.get("mangler")),
        }


class StatusForm(_NotAheadMixin, CleanTextMixin, forms.Form):
    past_dates = ("on", "contact_on")

    code = forms.ChoiceField(label=_("New status"), choices=[("", _("Choose status"))])
    on = _date_field(
        _("Date of the change"),
        help_text=_("Today, or the day it happened if earlier. Never a day ahead."),
    )
    note = forms.CharField(
        label=_("Remark"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact = forms.ChoiceField(
        label=_("The contact it rests on"),
        required=False,
        help_text=_(
            "Leaving OTUK for OTOV or a clarified status needs real contact with her: a "
            "conversation, a home visit, a phone call or a meeting. A letter or a text message "
            "she has not answered is not contact."
        ),
    )
    contact_on = _date_field(_("Or record the contact now: date"), required=False)
    contact_kind = forms.ChoiceField(
        label=_("How"),
        required=False,
        choices=[("", _("Choose")), *[(k, EntryKind(k).label) for k in REAL_CONTACT_KINDS]],
    )
    contact_note = forms.CharField(
        label=_("What the contact was about"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Written and signed in the case's journal."),
    )
    moved_to = forms.ModelChoiceField(
        label=_("Moved to (for OTFA_IM)"),
        required=False,
        queryset=None,
        empty_label=_("Choose municipality"),
        help_text=_("Her new home municipality, when she has moved to another county."),
    )

    def __init__(self, *args, entries=(), municipalities=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", _("Choose status")), *grouped_codes()]
        self.fields["contact"].choices = [("", _("No contact chosen"))] + [
            (e.pk, f"{e.occurred_on:%d.%m.%Y} – {e.get_kind_display()}") for e in entries
        ]
        self.fields["moved_to"].queryset = municipalities

    def clean(self):
        data = super().clean()
        wants_new = data.get("contact_kind") or data.get("contact_note")
        if wants_new and data.get("contact"):
            self.add_error("contact", _("Choose a journal entry or record a contact, not both."))
        if wants_new:
            for name in ("contact_on", "contact_kind", "contact_note"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Fill in this field to record the contact."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        new_contact = None
        if data.get("contact_kind") or data.get("contact_note"):
            new_contact = {
                "occurred_on": data.get("contact_on"),
                "kind": data.get("contact_kind"),
                "text": data.get("contact_note", ""),
            }
        return {
            "code": data["code"],
            "on": data["on"],
            "note": data.get("note", ""),
            "contact_id": data.get("contact") or None,
            "new_contact": new_contact,
            "moved_to": data.get("moved_to"),
        }


class MoveForm(_NotAheadMixin, forms.Form):
    past_dates = ("on",)

    moved_to = forms.ModelChoiceField(
        label=_("New home municipality"), queryset=None, empty_label=_("Choose municipality")
    )
    on = _date_field(_("Moved on"))

    def __init__(self, *args, municipalities=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["moved_to"].queryset = municipalities


class RightsInfoForm(_NotAheadMixin, forms.Form):
    past_dates = ("sent_on",)

    sent_on = _date_field(_("Sent on"))
    to_guardians = forms.BooleanField(
        label=_("Sent to her guardians too"),
        required=False,
        help_text=_("Required while she is under 18."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("sent_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class _LeaverForm(YouthForm):
    """Who she is and where she lives: only what OT needs to find her."""

    home_municipality = forms.ModelChoiceField(
        label=_("Home municipality"),
        queryset=None,
        empty_label=_("Choose municipality"),
        help_text=_("Where she lives: the follow-up service serving it is told at once."),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("gender", "phone", "address", "protected_address", "grade", "language"):
            del self.fields[name]
        del self.fields["interpreter_needed"]
        self.fields["home_municipality"].queryset = municipalities

    def youth(self) -> dict:
        data = self.cleaned_data
        youth = {k: data[k] for k in Youth.LIST_FIELDS}
        if data.get("national_id"):
            youth["national_id"] = data["national_id"]
        return youth


class ManualRegistrationForm(_LeaverForm):
    field_order = [*Youth.LIST_FIELDS, "national_id", "home_municipality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].label = _("School she left")


class SchoolReportForm(_LeaverForm):
    field_order = [*Youth.LIST_FIELDS, "national_id", "home_municipality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["school"]


class ReportDateForm(forms.Form):
    dato = _date_field(_("Date of the list"))
