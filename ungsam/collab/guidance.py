"""What the worker is told about a consent, in words: its state on the consent page, the age
guidance from settings (guidance only: the worker decides, the system never does), and why a
consent does not cover a disclosure ("Samtykket gjelder ikke journalsammendrag til NAV")."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ungsam.collab.models import Category, Consent, ConsentStatus


class State:
    VALID = "valid"
    EXPIRING = "expiring"
    NOT_YET = "not_yet"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"


def state_labels() -> dict[str, str]:
    return {
        State.VALID: _("valid"),
        State.EXPIRING: _("expires soon"),
        State.NOT_YET: _("not yet valid"),
        State.EXPIRED: _("expired"),
        State.WITHDRAWN: _("withdrawn"),
        State.REFUSED: _("refused"),
    }


def expiry_notice() -> timedelta:
    return timedelta(days=settings.CONSENT_EXPIRY_NOTICE_DAYS)


def state_of(consent: Consent, now: datetime) -> str:
    """One word for where a consent stands at `now`; withdrawn and refused first, since they
    are final."""
    if consent.status == ConsentStatus.REFUSED:
        return State.REFUSED
    if consent.withdrawn_at is not None and consent.withdrawn_at <= now:
        return State.WITHDRAWN
    if now < consent.valid_from:
        return State.NOT_YET
    if consent.valid_until <= now:
        return State.EXPIRED
    if consent.valid_until - now <= expiry_notice():
        return State.EXPIRING
    return State.VALID


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j. F Y")


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def age_guidance(born: date | None, today: date) -> list[str]:
    """What the law and the municipality's settings say about who consents, for a youth born
    on `born`: shown to the worker as guidance, never applied by the system."""
    if born is None:
        return [_("Her birth date is not known: check her age before you record a consent.")]
    age = age_on(born, today)
    health, majority = settings.CONSENT_HEALTH_AGE, settings.CONSENT_MAJORITY_AGE
    relay = settings.CONSENT_RELAY_LOG_AGE
    lines = [_("She is %(age)s years old.") % {"age": age}]
    if age >= majority:
        lines.append(_("She is of age: she consents alone, to everything."))
        return lines
    if age >= health:
        lines.append(
            _(
                "From %(age)s she consents alone to sharing health information (pasient- og "
                "brukerrettighetsloven § 4-3)."
            )
            % {"age": health}
        )
        lines.append(
            _(
                "Until she is %(majority)s, her guardians keep a right to the information they "
                "need to carry out their parental responsibility."
            )
            % {"majority": majority}
        )
    else:
        lines.append(
            _(
                "Under %(age)s her guardians consent to sharing health information; listen to "
                "her and give weight to what she thinks, by her age and maturity."
            )
            % {"age": health}
        )
    if age >= relay:
        lines.append(
            _(
                "The municipality lets a youth consent alone to a relay log (stafettlogg) from "
                "%(age)s."
            )
            % {"age": relay}
        )
    else:
        lines.append(
            _(
                "Under %(age)s her guardians consent to a relay log (stafettlogg) too (the "
                "municipality's rule)."
            )
            % {"age": relay}
        )
    lines.append(
        _("This is guidance: you judge what is right for her, the system decides nothing.")
    )
    return lines


@dataclass(frozen=True)
class Recipient:
    """A partner organisation or a unit, as a consent names it."""

    kind: str  # "org" (a partner organisation) or "unit"
    pk: int
    name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    def named_by(self, consent: Consent) -> bool:
        """From the consent's prefetched recipients (no query)."""
        found = consent.partners.all() if self.kind == "org" else consent.units.all()
        return any(r.pk == self.pk for r in found)


def categories_of(consent: Consent) -> set[str]:
    return {row.category for row in consent.categories.all()}


@dataclass(frozen=True)
class Coverage:
    covered: bool
    text: str
    consent: Consent | None = None


def explain(consents, recipient: Recipient, category: str, now: datetime) -> Coverage:
    """Whether one of `consents` (the youth's, with their recipients and categories loaded)
    covers sharing `category` with `recipient` at `now`, and why not in plain words: the
    closest consent is named (one that names both but has lapsed, was withdrawn or refused;
    else one that is valid but names only one of them)."""
    label = str(Category(category).label).lower()
    words = {"category": label, "recipient": recipient.name}
    both = [c for c in consents if recipient.named_by(c) and category in categories_of(c)]
    # A refusal recorded later for the same pair is her latest word (as `covering` says).
    refusals = [c.recorded_at for c in both if c.status == ConsentStatus.REFUSED]
    valid = [c for c in both if c.is_valid_at(now) and not any(r > c.recorded_at for r in refusals)]
    if valid:
        best = max(valid, key=lambda c: c.valid_until)
        return Coverage(
            True,
            _("The consent covers %(category)s to %(recipient)s until %(until)s.")
            % {**words, "until": _day(best.valid_until)},
            best,
        )
    for consent in sorted(both, key=lambda c: c.recorded_at, reverse=True):
        state = state_of(consent, now)
        if state == State.REFUSED:
            text = _("Consent to share %(category)s with %(recipient)s was refused on %(day)s.")
            return Coverage(False, text % {**words, "day": _day(consent.valid_from)}, consent)
        if state == State.WITHDRAWN:
            text = _(
                "The consent to share %(category)s with %(recipient)s was withdrawn on %(day)s."
            )
            return Coverage(False, text % {**words, "day": _day(consent.withdrawn_at)}, consent)
        if state == State.EXPIRED:
            text = _("The consent to share %(category)s with %(recipient)s expired on %(day)s.")
            return Coverage(False, text % {**words, "day": _day(consent.valid_until)}, consent)
        if state == State.NOT_YET:
            text = _("The consent to share %(category)s with %(recipient)s is valid from %(day)s.")
            return Coverage(False, text % {**words, "day": _day(consent.valid_from)}, consent)
    if any(c.is_valid_at(now) for c in consents):
        return Coverage(
            False, _("The consent does not cover %(category)s to %(recipient)s.") % words
        )
    return Coverage(False, _("No valid consent: nothing may be shared with %(recipient)s.") % words)
