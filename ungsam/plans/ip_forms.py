"""The individual plan's forms: the plan itself (what the regulation asks beyond the action
plan's goals and measures, with a contribution per member of the care team), and ending it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE, CleanTextMixin
from ungsam.plans.ip_services import TEXT_FIELDS
from ungsam.plans.models import PlanConsentBy


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _text(label, help_text, rows=3):
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=4000,
        required=False,
    )


class IndividualPlanForm(CleanTextMixin, forms.Form):
    youth_words = _text(
        _("In the youth's own words"),
        _("What matters to her, what she wants to reach, said her way."),
        rows=4,
    )
    resources = _text(_("Resources"), _("What she is good at, and who around her helps."))
    needs = _text(_("Needs"), _("What she needs help with."))
    youth_contribution = _text(_("What the youth does"), _("Her own part of the plan."))
    guardians_contribution = _text(_("What the guardians do"), _("Their part of the plan."))
    carried_out = _text(
        _("How the plan is carried out"),
        _("How the team works together: meetings, who talks to whom, how she takes part."),
    )
    valid_from = _date(_("Plan period from"), initial=timezone.localdate)
    valid_to = _date(_("Plan period to"))
    next_review_on = _date(
        _("Next review"),
        required=False,
        help_text=_("When the team and the youth go through the plan together next."),
    )
    consent_by = forms.ChoiceField(
        label=_("Who consented to having an individual plan"),
        choices=[("", _("Choose"))] + PlanConsentBy.choices,
    )
    consent_on = _date(_("Consent given on"), initial=timezone.localdate)

    def __init__(self, *args, members=(), plan=None, action_plan=None, **kwargs):
        if plan is not None:
            initial = {
                name: getattr(plan, name) for name in self.base_fields if hasattr(plan, name)
            }
            initial["next_review_on"] = action_plan.next_review_on if action_plan else None
            for member in members:
                initial[f"contribution_{member.pk}"] = member.contribution
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.review_before = action_plan.next_review_on if action_plan else None
        self.member_fields = []
        for member in members:
            name = f"contribution_{member.pk}"
            who = member.user.get_full_name() or member.user.username
            self.fields[name] = forms.CharField(
                label=_("Contribution: %(who)s (%(service)s)")
                % {"who": who, "service": member.service_name},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=4000,
                required=False,
            )
            self.member_fields.append((member.pk, name))

    def _within(self, name, message, last=LATEST_DATE):
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST_DATE <= day <= last:
            raise forms.ValidationError(message)
        return day

    def clean_valid_from(self):
        return self._within("valid_from", _("Choose a date from 2000 up to the year 2999."))

    def clean_valid_to(self):
        return self._within("valid_to", _("Choose a date from 2000 up to the year 2999."))

    def clean_consent_on(self):
        day = self.cleaned_data.get("consent_on")
        if self.plan is not None and day == self.plan.consent_on:
            return day
        return self._within(
            "consent_on", _("Choose a date from 2000 up to today."), last=timezone.localdate()
        )

    def clean_next_review_on(self):
        day = self.cleaned_data.get("next_review_on")
        if day is not None and day == self.review_before:
            return day
        if day is not None and not timezone.localdate() <= day <= LATEST_DATE:
            raise forms.ValidationError(_("Choose today or a later date."))
        return day

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The plan period must end after it starts."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in TEXT_FIELDS}
        values.update(
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            consent_on=data["consent_on"],
            consent_by=data["consent_by"],
            contributions={pk: data[name] for pk, name in self.member_fields},
        )
        if data.get("next_review_on") and data["next_review_on"] != self.review_before:
            values["next_review_on"] = data["next_review_on"]
        return values

    def text_fields(self):
        return [self[name] for name in TEXT_FIELDS]

    def contribution_fields(self):
        return [self[name] for _pk, name in self.member_fields]


class EndPlanForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the plan ends"),
        max_length=500,
        help_text=_("E.g. the goals are reached, or the youth no longer wants a plan."),
    )
