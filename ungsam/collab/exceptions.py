"""The legal grounds other than consent on which something about a youth may be shared outside
the unit (issue 14 item 2): each a code stored on the disclosure, what the worker reads, the
law it stands on, and why, in words a 15-year-old understands, for her subject-access export.

Which of them a municipality lets its workers choose is a setting (DISCLOSURE_EXCEPTIONS, from
UNGSAM_DISCLOSURE_EXCEPTIONS); a code taken out of the setting later still reads right on the
disclosures recorded under it, since the words come from here."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DisclosureException:
    code: str
    label: Promise  # what the worker chooses
    law: Promise  # the provision it stands on
    # Ends "It was done without your consent, because …" in her export.
    told_to_youth: Promise


EXCEPTIONS = {
    e.code: e
    for e in (
        DisclosureException(
            "danger_to_life",
            _("Danger to life or health"),
            # A right to share for every public body since 2021 (Prop. 166 L (2020–2021));
            # health personnel have their own rule towards the emergency services.
            _(
                "forvaltningsloven § 13 b first paragraph no. 7; for health personnel "
                "helsepersonelloven § 31"
            ),
            _("the law says we must tell someone when a person may be in danger"),
        ),
        DisclosureException(
            "report_to_child_welfare",
            _("Duty to inform child welfare"),
            _("barnevernsloven § 13-2"),
            _(
                "the law says we must tell child welfare when we are worried about how you "
                "are doing"
            ),
        ),
        DisclosureException(
            "prevent_crime",
            _("Averting a serious crime"),
            _("straffeloven § 196 (the duty to avert)"),
            _("the law says we must try to stop a serious crime before it happens"),
        ),
        DisclosureException(
            "anonymised",
            _("Anonymised: nothing that tells who the youth is"),
            _("forvaltningsloven § 13 a no. 2"),
            _("your name and everything else that shows it is you were left out"),
        ),
        DisclosureException(
            "legal_duty",
            _("Another law requires it, or a court orders it"),
            _("name the provision in the note"),
            _("another law says we must give it out"),
        ),
    )
}
CODES = tuple(EXCEPTIONS)


def configured() -> list[DisclosureException]:
    """The exceptions a worker may choose, in the order of the setting."""
    return [EXCEPTIONS[code] for code in settings.DISCLOSURE_EXCEPTIONS if code in EXCEPTIONS]


def is_configured(code: str) -> bool:
    return code in EXCEPTIONS and code in settings.DISCLOSURE_EXCEPTIONS
