"""The deadline rules of the follow-up service, and when a case has no next step (issue 18,
point 4; seed 002: youth who met OT once and whose case "no party followed up"; the least
motivated, who miss appointments and are left to call back themselves).

Plain functions over facts already loaded, with `today` passed in (a test sets the clock by
passing it):

- An OT registration in status group 1–3 owes a first contact within the unit's
  `first_contact_days` of the day it was registered, for as long as no first contact is
  recorded (`first_contact_on`); after that the next contact is due every N days counted from
  the last contact, N by status group (1 unknown: attempts to reach her; 2 under follow-up;
  3 in activity). Groups 4 (clarified) and 5 (not in the target group) owe nothing.
- Any open case with no contact person has no next step.
- Any other case being followed up (assessment, active) with no contact for more than the
  unit's `alert_after_days_without_contact` days has none either (as on the case page).

"Last contact" is real contact: a journal entry of a contact kind (conversation, home visit,
phone call, meeting), an attended appointment, an outreach follow-up conversation with her, or
an OT status change that names a recorded contact. A letter, a text message or an "other"
entry without an answer resets no clock."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ungsam.cases.models import FOLLOWED_STAGES, EntryKind
from ungsam.ot.models import OTUnitSettings
from ungsam.ot.status_codes import StatusGroup, group_of

# The journal entry kinds that are real contact with the youth.
CONTACT_KINDS = (EntryKind.CONVERSATION, EntryKind.HOME_VISIT, EntryKind.PHONE, EntryKind.MEETING)
# A case worker's own list shows deadlines that have passed or fall within this many days.
UPCOMING_DAYS = 7

FIRST_CONTACT = "first_contact"
FOLLOW_UP = "follow_up"
NO_OWNER = "no_owner"
NO_CONTACT = "no_contact"
REASONS = (NO_OWNER, FIRST_CONTACT, FOLLOW_UP, NO_CONTACT)


def _field_default(name: str) -> int:
    return OTUnitSettings._meta.get_field(name).default


@dataclass(frozen=True)
class Deadlines:
    """An OT unit's deadlines (its settings row, or the defaults when it has none)."""

    first_contact_days: int = _field_default("first_contact_days")
    follow_up_days_unknown: int = _field_default("follow_up_days_unknown")
    follow_up_days_guidance: int = _field_default("follow_up_days_guidance")
    follow_up_days_activity: int = _field_default("follow_up_days_activity")

    @classmethod
    def of(cls, row: OTUnitSettings | None) -> "Deadlines":
        if row is None:
            return cls()
        return cls(
            first_contact_days=row.first_contact_days,
            follow_up_days_unknown=row.follow_up_days_unknown,
            follow_up_days_guidance=row.follow_up_days_guidance,
            follow_up_days_activity=row.follow_up_days_activity,
        )

    def interval(self, status: str) -> int | None:
        """Days between contacts in the status's group; None where none is owed (4, 5)."""
        return {
            StatusGroup.UNKNOWN: self.follow_up_days_unknown,
            StatusGroup.FOLLOW_UP: self.follow_up_days_guidance,
            StatusGroup.IN_ACTIVITY: self.follow_up_days_activity,
        }.get(group_of(status))


@dataclass(frozen=True)
class Due:
    kind: str  # FIRST_CONTACT or FOLLOW_UP
    on: date

    def days_late(self, today: date) -> int:
        """Days past the deadline (negative: days left)."""
        return (today - self.on).days


def next_due(
    *,
    status: str,
    registered_on: date,
    first_contact_on: date | None,
    last_contact: date | None,
    deadlines: Deadlines,
) -> Due | None:
    """When the registration's next contact is due, or None (groups 4 and 5)."""
    interval = deadlines.interval(status)
    if interval is None:
        return None
    if first_contact_on is None:
        return Due(FIRST_CONTACT, registered_on + timedelta(days=deadlines.first_contact_days))
    since = max(d for d in (first_contact_on, last_contact) if d is not None)
    return Due(FOLLOW_UP, since + timedelta(days=interval))


@dataclass(frozen=True)
class Reason:
    """Why a case is on the list: its kind, the days the text names, and how many days it is
    overdue (what the list sorts by)."""

    kind: str
    days: int
    overdue: int

    @property
    def text(self) -> str:
        n = self.days
        if self.kind == NO_OWNER:
            return ngettext(
                "No contact person (%(n)s day)", "No contact person (%(n)s days)", n
            ) % {"n": n}
        if self.kind == FIRST_CONTACT:
            return ngettext(
                "First contact overdue by %(n)s day", "First contact overdue by %(n)s days", n
            ) % {"n": n}
        if self.kind == FOLLOW_UP:
            return ngettext(
                "Follow-up overdue by %(n)s day", "Follow-up overdue by %(n)s days", n
            ) % {"n": n}
        return ngettext("No contact for %(n)s day", "No contact for %(n)s days", n) % {"n": n}


def reason_label(kind: str) -> str:
    return {
        NO_OWNER: _("No contact person"),
        FIRST_CONTACT: _("First contact overdue"),
        FOLLOW_UP: _("Follow-up overdue"),
        NO_CONTACT: _("No contact for too long"),
    }[kind]


@dataclass(frozen=True)
class Registration:
    """What the rules read of an OT registration."""

    status: str
    registered_on: date
    first_contact_on: date | None


@dataclass(frozen=True)
class CaseFacts:
    """What the rules read of an open case (loaded by one query for a whole list)."""

    stage: str
    opened_on: date
    has_owner: bool
    # The day its last contact person left (None: never had one, or has one).
    owner_left_on: date | None
    last_contact: date | None
    situation_confirmed_on: date | None
    alert_after_days_without_contact: int
    registration: Registration | None = None
    deadlines: Deadlines = Deadlines()


def ot_due(facts: CaseFacts) -> Due | None:
    reg = facts.registration
    if reg is None:
        return None
    return next_due(
        status=reg.status,
        registered_on=reg.registered_on,
        first_contact_on=reg.first_contact_on,
        last_contact=facts.last_contact,
        deadlines=facts.deadlines,
    )


def reasons_for(facts: CaseFacts, today: date) -> list[Reason]:
    """Why the case has no next step on `today` (empty: it has one)."""
    reg = facts.registration
    if reg is not None and group_of(reg.status) not in (
        StatusGroup.UNKNOWN,
        StatusGroup.FOLLOW_UP,
        StatusGroup.IN_ACTIVITY,
    ):
        return []  # clarified, or not in the target group: no follow-up owed
    found = []
    if not facts.has_owner:
        since = max(facts.opened_on, facts.owner_left_on or facts.opened_on)
        days = max((today - since).days, 0)
        found.append(Reason(NO_OWNER, days, days))
    if reg is not None:
        due = ot_due(facts)
        late = due.days_late(today)
        if late > 0:
            found.append(Reason(due.kind, late, late))
    elif facts.stage in FOLLOWED_STAGES:
        quiet_since = max(
            d
            for d in (facts.opened_on, facts.last_contact, facts.situation_confirmed_on)
            if d is not None
        )
        silent = (today - quiet_since).days
        if silent > facts.alert_after_days_without_contact:
            found.append(
                Reason(NO_CONTACT, silent, silent - facts.alert_after_days_without_contact)
            )
    return found
