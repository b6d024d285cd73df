from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.access.models import AuditAction
from ungsam.web.forms import CleanTextMixin, DateRangeMixin


class AuditFilterForm(DateRangeMixin, CleanTextMixin, forms.Form):
    actor = forms.CharField(label=_("Who (username)"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All"))] + AuditAction.choices, required=False
    )
    youth = forms.IntegerField(label=_("Youth number"), min_value=1, required=False)
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
