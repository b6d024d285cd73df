"""A disclosure told the way a 15-year-old reads it, for her subject-access export ("who has
read my data"): who got to know what, when, and why that was allowed."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungsam.collab.exceptions import EXCEPTIONS
from ungsam.collab.models import Category, Disclosure, DisclosureChannel

# The information categories in her words: what is hers, not what a form calls it.
YOUTH_WORDS = {
    Category.CONTACT_DETAILS: gettext_lazy("your contact details"),
    Category.PLAN: gettext_lazy("your action plan"),
    Category.ASSESSMENTS: gettext_lazy("what has been mapped about how you are doing"),
    Category.JOURNAL_SUMMARIES: gettext_lazy("summaries of your journal"),
    Category.ATTACHMENTS: gettext_lazy("documents in your case"),
    Category.SCHOOL_DATA: gettext_lazy("your school information"),
}


def day(moment) -> str:
    return date_format(timezone.localtime(moment), "j. F Y")


def listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c" in the active language."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def what_of(disclosure: Disclosure) -> str:
    words = [str(YOUTH_WORDS.get(code, code)) for code in disclosure.categories]
    return listed(words) or _("something about you")


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def event_text(disclosure: Disclosure) -> str:
    """Who got to know what, and when (the disclosure's case, its unit, user, partner and unit
    loaded)."""
    words = {
        "day": day(disclosure.at),
        "recipient": disclosure.recipient_name,
        "what": what_of(disclosure),
        "who": _person(disclosure.user),
    }
    if disclosure.channel == DisclosureChannel.READ:
        if words["who"]:
            return _("On %(day)s %(recipient)s (%(who)s) could read %(what)s.") % words
        return _("On %(day)s %(recipient)s could read %(what)s.") % words
    unit = disclosure.case.unit.name
    if not words["who"]:
        return _("On %(day)s %(recipient)s was told about %(what)s by %(unit)s.") % {
            **words,
            "unit": unit,
        }
    return _("On %(day)s %(recipient)s was told about %(what)s by %(who)s (%(unit)s).") % {
        **words,
        "unit": unit,
    }


def basis_text(disclosure: Disclosure) -> str:
    """Why it was allowed: her (or her guardians') consent, or the exception in plain words."""
    consent = disclosure.consent
    if consent is not None:
        given = {"day": day(consent.valid_from)}
        if consent.given_by_youth:
            return _("You had agreed to that (consent of %(day)s).") % given
        return _("Your guardians had agreed to that (consent of %(day)s).") % given
    found = EXCEPTIONS.get(disclosure.exception)
    reason = str(found.told_to_youth) if found else _("the law allowed it")
    return _("It was done without your consent, because %(reason)s.") % {"reason": reason}


def youth_text(disclosure: Disclosure) -> str:
    return f"{event_text(disclosure)} {basis_text(disclosure)}"
