"""Forms for deadlines and the leader's list (issue 18, point 4)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.ot.followup_rules import REASONS, reason_label


class DeadlinesForm(forms.Form):
    first_contact_days = forms.IntegerField(
        label=_("First contact within (days after registration)"),
        min_value=1,
        max_value=180,
        help_text=_("While the youth has status OTUK and nobody has reached her."),
    )
    follow_up_days_unknown = forms.IntegerField(
        label=_("New attempt to reach her every (days), group 1 unknown activity"),
        min_value=1,
        max_value=365,
    )
    follow_up_days_guidance = forms.IntegerField(
        label=_("Contact every (days), group 2 under follow-up and guidance"),
        min_value=1,
        max_value=365,
    )
    follow_up_days_activity = forms.IntegerField(
        label=_("Contact every (days), group 3 in activity"), min_value=1, max_value=365
    )


class FollowUpFilterForm(forms.Form):
    """The list's filters: a unit she leads, and a reason."""

    enhet = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    grunn = forms.ChoiceField(label=_("Why"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].choices = [("", _("All my units"))] + [(u.pk, u.name) for u in units]
        self.fields["grunn"].choices = [("", _("All reasons"))] + [
            (kind, reason_label(kind)) for kind in REASONS
        ]
