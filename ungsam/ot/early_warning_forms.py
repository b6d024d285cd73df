"""Forms of the early-warning pages: the counselor's choice of school, grade and students; a
rule's settings; the back-test's school year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.lib.forms import CleanTextMixin
from ungsam.ot.early_warning_services import PERCENT_KINDS, rule_errors
from ungsam.ot.models import RiskRuleKind

SHOW_FLAGGED, SHOW_ALL = "flaggede", "alle"


class StudentListForm(forms.Form):
    """GET parameters of the counselor's list; a bad value falls back to the default."""

    skole = forms.TypedChoiceField(label=_("School"), choices=(), coerce=int, required=False)
    trinn = forms.ChoiceField(label=_("Grade"), choices=(), required=False)
    vis = forms.ChoiceField(
        label=_("Show"),
        choices=((SHOW_FLAGGED, _("Only flagged students")), (SHOW_ALL, _("All students"))),
        required=False,
    )

    def __init__(self, *args, choice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skole"].choices = [(s.pk, s.name) for s in choice.schools]
        self.fields["trinn"].choices = [(g, g) for g in choice.grades]
        if len(choice.schools) < 2:
            self.fields["skole"].widget = forms.HiddenInput()
        self.initial = {"skole": choice.school.pk, "trinn": choice.grade, "vis": SHOW_FLAGGED}


class RiskRuleForm(CleanTextMixin, forms.Form):
    threshold = forms.DecimalField(
        label=_("Threshold"), required=False, max_digits=4, decimal_places=1
    )
    subjects = forms.CharField(
        label=_("Subjects"),
        required=False,
        max_length=200,
        help_text=_("Subject codes separated by commas: MAT counts every mathematics code."),
    )
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=10,
        help_text=_("From 1 to 10: how much the rule counts when a list is sorted by risk."),
    )
    active = forms.BooleanField(label=_("In use"), required=False)

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        if rule.kind in PERCENT_KINDS:
            self.fields["threshold"].help_text = (
                _("Percent of the period, from 0 to 100.")
                if rule.kind == RiskRuleKind.ABSENCE
                else _("The rise in percentage points over two periods, from 0 to 100.")
            )
        elif rule.kind == RiskRuleKind.LOW_GRADE_AVERAGE:
            self.fields["threshold"].help_text = _("A grade average from 1 to 6.")
        else:
            del self.fields["threshold"]
        if rule.kind != RiskRuleKind.FAILING_SUBJECT:
            del self.fields["subjects"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        errors = rule_errors(
            kind=self.rule.kind,
            threshold=data.get("threshold"),
            subjects=data.get("subjects", ""),
            weight=data.get("weight"),
        )
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)
        return data


class BacktestForm(forms.Form):
    ar = forms.TypedChoiceField(label=_("School year"), choices=(), coerce=int, required=False)
    kommune = forms.TypedChoiceField(
        label=_("Municipality"), choices=(), coerce=int, required=False
    )

    def __init__(self, *args, years, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [(y, f"{y}/{y + 1}") for y in years]
        self.fields["kommune"].choices = [(m.pk, m.name) for m in municipalities]
        if len(municipalities) < 2:
            self.fields["kommune"].widget = forms.HiddenInput()
