"""The assessment form: one score (1–5, or not assessed) and a note per domain, per subject for
academic mastery, the youth's own view and a summary. The action plan's forms: a goal, a
measure, a review with a row per open goal, and the next review's date."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import EARLIEST_DATE, LATEST_DATE, CleanTextMixin
from ungsam.plans.models import SUBJECTS, Domain, GoalStatus, MeasureStatus, Score

NOT_ASSESSED = [("", _("Not assessed"))]


class AssessmentForm(CleanTextMixin, forms.Form):
    assessed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []  # (score field, note field) per domain and subject, in order
        for domain, label in Domain.choices:
            self._add(domain, "", label)
            if domain == Domain.ACADEMIC:
                for code, subject in SUBJECTS:
                    self._add(domain, code, subject)
        self.fields["youth_view"] = forms.CharField(
            label=_("The youth's own view"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=4000,
            required=False,
        )
        self.fields["note"] = forms.CharField(
            label=_("Summary"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=4000,
            required=False,
        )

    def _add(self, domain, subject, label):
        key = f"{domain}_{subject}" if subject else domain
        self.fields[f"score_{key}"] = forms.TypedChoiceField(
            label=label,
            choices=NOT_ASSESSED + Score.choices,
            coerce=int,
            required=False,
            empty_value=None,
        )
        self.fields[f"note_{key}"] = forms.CharField(
            label=_("Note: %(domain)s") % {"domain": label}, max_length=500, required=False
        )
        self.fields[f"view_{key}"] = forms.CharField(
            label=_("The youth's view: %(domain)s") % {"domain": label},
            max_length=500,
            required=False,
        )
        self.rows.append((domain, subject, f"score_{key}", f"note_{key}", f"view_{key}"))

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if not EARLIEST_DATE <= day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date from 2000 up to today."))
        return day

    def clean(self):
        data = super().clean()
        if not any(data.get(score) for _d, _s, score, _n, _v in self.rows):
            raise forms.ValidationError(_("Score at least one domain."))
        return data

    def scores(self) -> list[tuple]:
        data = self.cleaned_data
        return [
            (domain, subject, data[score], data.get(note, ""), data.get(view, ""))
            for domain, subject, score, note, view in self.rows
            if data.get(score)
        ]

    def pairs(self):
        """Score, note and her view side by side, for the template."""
        return [(self[score], self[note], self[view]) for _d, _s, score, note, view in self.rows]


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _number(label, **kwargs):
    # Localized: a Norwegian types 12,5.
    return forms.DecimalField(
        label=label,
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


def _plain(value: Decimal) -> Decimal:
    """25.00 as 25 and 12.50 as 12.5 in a form (never 1E+1)."""
    return Decimal(format(value.normalize(), "f"))


def _within(day, message):
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise forms.ValidationError(message)
    return day


class GoalForm(CleanTextMixin, forms.Form):
    what = forms.CharField(
        label=_("Goal"),
        max_length=300,
        help_text=_("What she wants to reach, e.g. «Absence below 10 %»."),
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        help_text=_("What is measured, e.g. «absence in percent, last month»."),
    )
    baseline = _number(_("Baseline"), help_text=_("The value now."))
    target = _number(_("Target"))
    due_on = _date(_("Reach by"))
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.base_fields}
            initial["baseline"], initial["target"] = map(
                _plain, (instance.baseline, instance.target)
            )
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is None:
            del self.fields["status"]  # a new goal is open

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        unchanged = self.instance is not None and day == self.instance.due_on
        if not unchanged and not timezone.localdate() < day <= LATEST_DATE:
            raise forms.ValidationError(_("Choose a date after today."))
        return day

    def clean(self):
        data = super().clean()
        baseline, target = data.get("baseline"), data.get("target")
        if baseline is not None and baseline == target:
            self.add_error(
                "target", _("The target must differ from the baseline: else nothing is measured.")
            )
        return data


class MeasureForm(CleanTextMixin, forms.Form):
    type = forms.TypedChoiceField(label=_("Measure"), coerce=int)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("What exactly, how often, where."),
    )
    scope = forms.CharField(
        label=_("Scope"),
        max_length=200,
        required=False,
        help_text=_("How much, e.g. «two hours a week» or «every school morning»."),
    )
    responsible = forms.CharField(
        label=_("Responsible"),
        max_length=120,
        help_text=_("A person or a service, e.g. «the school», «NAV» or a name."),
    )
    assignee = forms.TypedChoiceField(
        label=_("Given to a team member"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The measure lands on her task list. Only members of the care team."),
    )
    starts_on = _date(_("Start"), initial=timezone.localdate)
    ends_on = _date(_("End"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)

    def __init__(self, *args, types, members=(), instance=None, **kwargs):
        if instance is not None:
            initial = {
                name: getattr(instance, name) for name in self.base_fields if name != "assignee"
            }
            initial["type"] = instance.type_id
            initial["assignee"] = instance.assignee_id
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["type"].choices = [("", _("Choose a measure"))] + [
            (t.pk, t.name) for t in types
        ]
        self.fields["assignee"].choices = [("", _("Nobody in particular"))] + [
            (m.pk, f"{m.user.get_full_name() or m.user.username} ({m.service_name})")
            for m in members
        ]

    def clean_starts_on(self):
        return _within(
            self.cleaned_data["starts_on"], _("Choose a date from 2000 up to the year 2999.")
        )

    def clean_ends_on(self):
        return _within(
            self.cleaned_data.get("ends_on"), _("Choose a date from 2000 up to the year 2999.")
        )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must not be before the start."))
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["type_id"] = data.pop("type")
        data["assignee_id"] = data.pop("assignee")
        return data


class ScheduleReviewForm(forms.Form):
    next_review_on = _date(_("Next review"))

    def clean_next_review_on(self):
        day = self.cleaned_data["next_review_on"]
        if not timezone.localdate() <= day <= LATEST_DATE:
            raise forms.ValidationError(_("Choose today or a later date."))
        return day


ON_TRACK = [("", _("Choose")), ("yes", _("Yes")), ("no", _("No"))]


class ReviewForm(CleanTextMixin, forms.Form):
    """One form for the follow-up meeting: the date, who took part, a row per open goal (value
    now, on track, a note, the goal's status after the meeting), decisions, the next date."""

    held_on = _date(_("Date of the meeting"), initial=timezone.localdate)
    participants = forms.CharField(
        label=_("Who took part"),
        max_length=500,
        help_text=_("E.g. «the youth, her mother, the contact teacher, the los»."),
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []  # (goal, value field, on track field, note field, status field)
        for goal in goals:
            key = goal.pk
            self.fields[f"value_{key}"] = _number(
                _("Value now (%(indicator)s)") % {"indicator": goal.indicator}, required=False
            )
            self.fields[f"on_track_{key}"] = forms.ChoiceField(
                label=_("On track?"), choices=ON_TRACK
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Comment"), max_length=500, required=False
            )
            self.fields[f"status_{key}"] = forms.ChoiceField(
                label=_("Status after the meeting"), choices=GoalStatus.choices
            )
            self.initial.setdefault(f"status_{key}", goal.status)
            self.rows.append(goal)
        self.fields["decisions"] = forms.CharField(
            label=_("Decisions"),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=4000,
            required=False,
        )
        self.fields["next_review_on"] = _date(
            _("Next review"), required=False, help_text=_("The next follow-up meeting.")
        )

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if not EARLIEST_DATE <= day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date from 2000 up to today."))
        return day

    def clean(self):
        data = super().clean()
        held, following = data.get("held_on"), data.get("next_review_on")
        if held and following and not held < following <= LATEST_DATE:
            self.add_error("next_review_on", _("Choose a date after the review."))
        if not self.rows and not data.get("decisions"):
            self.add_error("decisions", _("Record the progress of a goal or a decision."))
        return data

    def goal_rows(self):
        """Each goal with its fields, for the template."""
        return [
            (
                goal,
                self[f"value_{goal.pk}"],
                self[f"on_track_{goal.pk}"],
                self[f"note_{goal.pk}"],
                self[f"status_{goal.pk}"],
            )
            for goal in self.rows
        ]

    def progress(self) -> list[tuple]:
        data = self.cleaned_data
        return [
            (
                goal.pk,
                data.get(f"value_{goal.pk}"),
                data[f"on_track_{goal.pk}"] == "yes",
                data.get(f"note_{goal.pk}", ""),
                data[f"status_{goal.pk}"],
            )
            for goal in self.rows
        ]
