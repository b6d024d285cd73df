"""When a case asks for active follow-up (seed 002: youth who cannot keep appointments are left
to call back themselves; cases "no party followed up"): after the unit's number of no-shows in a
row, after its number of days without contact, when nobody has confirmed the youth's situation
lately, when she turns 18 within a month, when the move to upper-secondary school comes without
a plan for it (seed 000), when the action plan's review is due, or when a consent lapses soon
(issue 14). Worked out from rows already loaded, so a list costs no query per case."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ungsam.cases.models import FOLLOWED_STAGES, AppointmentOutcome

# How long before her 18th birthday the case says so.
TURNING_18_NOTICE_DAYS = 30

# Spring of 10th grade up to the first school day in upper-secondary (mid-August): the time to
# review her with the counselor and plan the summer and the first day (seed 000).
TRANSITION_SEASON = ((3, 1), (8, 20))


def in_tenth_grade(grade: str) -> bool:
    """The register's grade is free text ("10", "10. trinn", "10B"): it starts with 10."""
    grade = grade.strip()
    return grade.startswith("10") and not grade[2:3].isdigit()


def transition_season(today: date) -> bool:
    (m1, d1), (m2, d2) = TRANSITION_SEASON
    return date(today.year, m1, d1) <= today <= date(today.year, m2, d2)


def transition_of(case):
    """The case's transition plan, or None (from select_related when the list loaded it)."""
    return getattr(case, "transition", None)


def eighteenth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February: the day after 28 February
        return date(born.year + 18, 3, 1)


@dataclass(frozen=True)
class Alert:
    # "no_shows", "no_contact", "turning_18", "situation", "transition", "review" or "consent"
    kind: str
    text: str


def no_shows_in_a_row(appointments) -> int:
    """No-shows since the last attended appointment (cancelled and planned ones skipped)."""
    count = 0
    for appointment in sorted(appointments, key=lambda a: (a.starts_at, a.pk), reverse=True):
        if appointment.outcome == AppointmentOutcome.NO_SHOW:
            count += 1
        elif appointment.outcome == AppointmentOutcome.ATTENDED:
            break
    return count


def last_contact(case, appointments) -> date:
    """The last day someone was in touch: an attended appointment, a confirmed situation, or
    the day the case opened."""
    days = [case.opened_on]
    days += [a.starts_at.date() for a in appointments if a.outcome == AppointmentOutcome.ATTENDED]
    if case.situation_confirmed_on:
        days.append(case.situation_confirmed_on)
    return max(days)


def alerts_for(case, appointments, today: date) -> list[Alert]:
    """The alerts of a case in assessment or active; `appointments` are its appointments."""
    if case.stage not in FOLLOWED_STAGES:
        return []
    unit = case.unit
    found = []
    missed = no_shows_in_a_row(appointments)
    if missed >= unit.alert_after_no_shows:
        found.append(
            Alert(
                "no_shows",
                ngettext(
                    "%(n)s appointment missed. Follow up actively: a home visit, or meet her "
                    "where she is, instead of waiting for her to call.",
                    "%(n)s appointments in a row missed. Follow up actively: a home visit, or "
                    "meet her where she is, instead of waiting for her to call.",
                    missed,
                )
                % {"n": missed},
            )
        )
    silent = (today - last_contact(case, appointments)).days
    if silent > unit.alert_after_days_without_contact:
        found.append(
            Alert(
                "no_contact",
                _("No contact for %(days)s days. Get in touch, or ask outreach to find her.")
                % {"days": silent},
            )
        )
    turns_18 = eighteenth_birthday(case.youth.birth_date)
    if 0 <= (turns_18 - today).days <= TURNING_18_NOTICE_DAYS:
        found.append(
            Alert(
                "turning_18",
                _(
                    "Turns 18 on %(day)s: from then she consents alone, the guardians' part "
                    "ends, and services for adults take over some of the work. Plan it with her."
                )
                % {"day": turns_18.strftime("%d.%m.%Y")},
            )
        )
    if in_tenth_grade(case.youth.grade) and transition_season(today):
        transition = transition_of(case)
        missing = transition.missing if transition else [_("a plan")]
        if missing:
            found.append(
                Alert(
                    "transition",
                    _("The move to upper-secondary school is coming. Still missing: %(missing)s.")
                    % {"missing": ", ".join(missing)},
                )
            )
    plan = getattr(case, "action_plan", None)  # from select_related when a list loaded it
    if plan is not None and plan.next_review_on and plan.next_review_on <= today:
        found.append(
            Alert(
                "review",
                _("The action plan's review was due on %(day)s. Hold the follow-up meeting.")
                % {"day": plan.next_review_on.strftime("%d.%m.%Y")},
            )
        )
    expiring = getattr(case, "expiring_consents", None) or []  # loaded by the selector
    if expiring:
        found.append(
            Alert(
                "consent",
                _(
                    "A consent expires within %(days)s days, on %(day)s: talk with her about "
                    "renewing it."
                )
                % {
                    "days": settings.CONSENT_EXPIRY_NOTICE_DAYS,
                    "day": timezone.localtime(expiring[0].valid_until).strftime("%d.%m.%Y %H:%M"),
                },
            )
        )
    if not case.situation_known:
        found.append(
            Alert(
                "situation",
                _("Nobody has confirmed how she is doing in the last %(days)s days.")
                % {"days": settings.SITUATION_STALE_DAYS},
            )
        )
    return found
