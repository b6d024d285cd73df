"""The team page's forms: making the team, seating a person for a service (chosen from the
people the municipality offers, never a free user id), a member's role and responsibility, the
coordinating service, the BTI level, and the offer and answer of the coordinator role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ungsam.collab.models import BtiLevel
from ungsam.lib.forms import CleanTextMixin
from ungsam.org.models import ServiceCode

ANSWERS = (("accept", _("Accept")), ("decline", _("Decline")))


def _role():
    return forms.CharField(
        label=_("Role in the team"),
        help_text=_("E.g. «Contact teacher», «Case worker at NAV», «Los»."),
        max_length=120,
    )


def _responsibility():
    return forms.CharField(
        label=_("Responsibility"),
        help_text=_("Who does what: what she has taken on for the youth."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


def _coordinating_service():
    return forms.ChoiceField(
        label=_("Coordinating service"),
        help_text=_(
            "The service that holds the whole. The municipality names it where it is unclear."
        ),
        choices=[("", _("Not named yet"))] + list(ServiceCode.choices),
        required=False,
    )


def _child_coordinator():
    return forms.BooleanField(
        label=_("The coordinator is a barnekoordinator (the family has that right)"),
        required=False,
    )


class TeamCreateForm(CleanTextMixin, forms.Form):
    role = _role()
    responsibility = _responsibility()
    coordinating_service = _coordinating_service()
    child_coordinator = _child_coordinator()


class MemberAddForm(CleanTextMixin, forms.Form):
    seat = forms.ChoiceField(
        label=_("Person and service"),
        help_text=_(
            "People with a role in one of the municipality's partner organizations or units."
        ),
        choices=[],
    )
    role = _role()
    responsibility = _responsibility()

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = [("", "–")] + [(s.key, s.label) for s in candidates]


class MemberEditForm(CleanTextMixin, forms.Form):
    role = _role()
    responsibility = _responsibility()


class TeamSettingsForm(forms.Form):
    coordinating_service = _coordinating_service()
    child_coordinator = _child_coordinator()


class BtiForm(forms.Form):
    bti_level = forms.TypedChoiceField(
        label=_("Choose the level"),
        choices=BtiLevel.choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
    )


class HandoverOfferForm(CleanTextMixin, forms.Form):
    to_member = forms.TypedChoiceField(label=_("To"), choices=[], coerce=int)
    note = forms.CharField(
        label=_("Message"),
        help_text=_("Why, and what she takes over. She sees this and the youth's first name."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_member"].choices = [("", "–")] + [
            (m.pk, f"{m.user.get_full_name() or m.user.username} – {m.service_name}")
            for m in members
            if not m.is_coordinator
        ]


class HandoverAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=ANSWERS)
