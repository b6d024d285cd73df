from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.access.models import AuditAction
from ungsam.lib.forms import CleanTextMixin, DateRangeMixin


class AuditFilterForm(DateRangeMixin, CleanTextMixin, forms.Form):
    actor = forms.CharField(label=_("Who (name or username)"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All"))] + AuditAction.choices, required=False
    )
    # Set by the link "Who has read" on a youth's page, never typed: a hidden field.
    ungdom = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
