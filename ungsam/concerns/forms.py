"""The forms of reports of concern: the guided report (one page in fieldsets, in the order of
the national form), its sending, child welfare's feedback, and a request for information."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.concerns.models import Channel, Ground
from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE, CleanTextMixin


def _text(label, *, rows=4, required=True, max_length=5000, **kwargs):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=required,
        max_length=max_length,
        **kwargs,
    )


def _date(label, *, required=False, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}), required=required, **kwargs
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class _DatesInRange:
    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            day = value.date() if isinstance(value, datetime) else value
            if hasattr(day, "year") and not EARLIEST_DATE <= day <= LATEST_DATE:
                self.add_error(name, _("Choose a date from 2000 up to today."))
        return data


class ConcernReportForm(CleanTextMixin, forms.Form):
    grounds = forms.MultipleChoiceField(
        label=_("What is the concern about?"),
        choices=Ground.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
        error_messages={"required": _("Choose at least one ground for concern.")},
    )
    assessment = _text(
        _("Your assessment"),
        help_text=_(
            "Why you believe the child needs child welfare's help now: what you have seen and "
            "heard, and what makes it serious. Write facts apart from what you think."
        ),
    )
    acute = forms.BooleanField(
        label=_("The child is in acute danger or needs help today"), required=False
    )
    recipient = forms.ChoiceField(label=_("Child welfare service"))
    reporter_role = forms.CharField(
        label=_("Your role"), max_length=100, help_text=_("e.g. Los, outreach worker, leader.")
    )
    reporter_phone = forms.CharField(
        label=_("Your phone"),
        max_length=20,
        help_text=_("Where child welfare can reach you, digits only."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    reporter_email = forms.CharField(
        label=_("Your e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "email"}),
    )
    child_told = forms.ChoiceField(
        label=_("Has the child been told about the report?"),
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
    )
    child_not_told_reason = _text(_("If not: why not"), rows=2, required=False, max_length=1000)
    report = _text(
        _("The concern"),
        rows=6,
        help_text=_(
            "What you are worried about, as concretely as you can: what, when, who said it."
        ),
    )
    history = _text(
        _("Background"),
        help_text=_("What has happened before, and what your service has done or tried."),
    )
    other_views = _text(
        _("Other views"),
        required=False,
        help_text=_("What the child and the guardians say about the situation, if you know."),
    )
    interpreter = forms.CharField(
        label=_("Interpreter"),
        max_length=200,
        required=False,
        help_text=_("Does the child or a guardian need an interpreter? Which language?"),
    )
    other_services = _text(
        _("Other services involved"),
        rows=2,
        required=False,
        help_text=_("School, health services, police, BUP … that know the family."),
    )

    def __init__(self, *args, recipients=(), guardians=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [(str(p.pk), p.name) for p in recipients]
        self.guardians = list(guardians)
        for i, guardian in enumerate(self.guardians, start=1):
            self.fields[f"guardian_{i}_told"] = forms.ChoiceField(
                label=_("Has %(name)s been told about the report?") % {"name": guardian.name},
                choices=YES_NO,
                widget=forms.RadioSelect(attrs={"class": "ds-input"}),
            )
            self.fields[f"guardian_{i}_reason"] = _text(
                _("If not: why not"), rows=2, required=False, max_length=1000
            )

    def guardian_fields(self):
        return [
            (guardian, self[f"guardian_{i}_told"], self[f"guardian_{i}_reason"])
            for i, guardian in enumerate(self.guardians, start=1)
        ]

    def values(self) -> dict:
        data = self.cleaned_data
        told = [
            {
                "told": data[f"guardian_{i}_told"] == "yes",
                "reason": data.get(f"guardian_{i}_reason", ""),
            }
            for i in range(1, len(self.guardians) + 1)
        ]
        names = (
            "grounds",
            "assessment",
            "acute",
            "reporter_role",
            "reporter_phone",
            "reporter_email",
            "child_not_told_reason",
            "report",
            "history",
            "other_views",
            "interpreter",
            "other_services",
        )
        return {
            **{name: data[name] for name in names},
            "child_told": data["child_told"] == "yes",
            "recipient_id": data["recipient"],
            "guardians_told": told,
        }

    @classmethod
    def initial_from(cls, report) -> dict:
        initial = {
            name: getattr(report, name)
            for name in (
                "grounds",
                "assessment",
                "acute",
                "reporter_role",
                "reporter_phone",
                "reporter_email",
                "child_not_told_reason",
                "report",
                "history",
                "other_views",
                "interpreter",
                "other_services",
            )
        }
        initial["recipient"] = str(report.recipient_id)
        initial["child_told"] = "yes" if report.child_told else "no"
        for i, answer in enumerate(report.guardians_told or (), start=1):
            initial[f"guardian_{i}_told"] = "yes" if answer.get("told") else "no"
            initial[f"guardian_{i}_reason"] = answer.get("reason", "")
        return initial


class SendForm(CleanTextMixin, _DatesInRange, forms.Form):
    channel = forms.ChoiceField(
        label=_("How it was sent"),
        choices=[("", _("Choose"))] + Channel.choices,
    )
    sent_on = _date(_("Date sent"), required=True)
    sent_time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}), required=False
    )
    sent_note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("e.g. the journal number child welfare gave, or whom you spoke to."),
    )

    def values(self) -> dict:
        data = self.cleaned_data
        at = timezone.make_aware(datetime.combine(data["sent_on"], data["sent_time"] or time(12)))
        return {"sent_at": at, "channel": data["channel"], "note": data["sent_note"]}


class FeedbackForm(CleanTextMixin, _DatesInRange, forms.Form):
    receipt_confirmed_on = _date(_("Receipt confirmed on"))
    investigation_opened = forms.ChoiceField(
        label=_("Did child welfare open an investigation?"),
        choices=[
            ("", _("Not told yet")),
            ("yes", _("Yes")),
            ("no", _("No, the report was closed")),
        ],
        required=False,
    )
    investigation_opened_on = _date(_("Investigation opened on"))
    investigation_ended_on = _date(_("Investigation ended on"))
    final_feedback_on = _date(_("Final feedback on"))

    def values(self) -> dict:
        data = self.cleaned_data
        opened = {"yes": True, "no": False}.get(data["investigation_opened"])
        return {
            "receipt_confirmed_on": data["receipt_confirmed_on"],
            "investigation_opened": opened,
            "investigation_opened_on": data["investigation_opened_on"],
            "investigation_ended_on": data["investigation_ended_on"],
            "final_feedback_on": data["final_feedback_on"],
        }

    @classmethod
    def initial_from(cls, report) -> dict:
        opened = {True: "yes", False: "no"}.get(report.investigation_opened, "")
        return {
            "receipt_confirmed_on": report.receipt_confirmed_on,
            "investigation_opened": opened,
            "investigation_opened_on": report.investigation_opened_on,
            "investigation_ended_on": report.investigation_ended_on,
            "final_feedback_on": report.final_feedback_on,
        }


class InformationRequestForm(CleanTextMixin, _DatesInRange, forms.Form):
    partner = forms.ChoiceField(label=_("From"))
    received_on = _date(_("Received on"), required=True)
    asked = _text(_("What was asked"), rows=3)
    legal_basis = forms.CharField(
        label=_("Legal basis cited"),
        max_length=200,
        help_text=_("As child welfare wrote it, e.g. barnevernsloven § 13-3."),
    )
    answered_on = _date(_("Answered on"))
    given = _text(_("What was given"), rows=3, required=False)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(str(p.pk), p.name) for p in partners]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["partner_id"] = data.pop("partner")
        return data


class AnswerForm(CleanTextMixin, _DatesInRange, forms.Form):
    answered_on = _date(_("Answered on"), required=True)
    given = _text(_("What was given"), rows=4)
