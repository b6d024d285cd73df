"""Writes of the tally: one tap from the phone (saved once per key, however often it is sent),
the undo of a tap, and contacts entered afterwards for a past shift.

Every write asks the fieldwork policy itself (`fieldwork_membership`): a caller that skipped
the view's check is refused all the same.

No audit row. A contact names no youth: gender, age group, place and time of a passer-by in a
count of thousands is not personal data, and DESIGN.md logs reads and writes of personal data.
The row itself keeps who recorded it and when (`recorded_by`, `created_at`, `undone_at`), so
nothing is lost for a review; and a per-tap audit row would take the municipality's audit
chain lock on every tap, the one write a field worker makes dozens of times a shift on a weak
network (issue 16's target: p95 under 50 ms with 20 field users tapping)."""

import uuid
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import policy
from ungsam.org.models import Place
from ungsam.outreach import shift_selectors, tally_selectors
from ungsam.outreach.common import active_fieldwork_membership
from ungsam.outreach.models import AgeGroup, ContactChannel, ContactTally, Depth, Gender

# A phone's clock may run a little ahead; a tap older than this goes in the entry form, which
# says which shift it belongs to.
FUTURE_SLACK = timedelta(minutes=5)
MAX_AGE = timedelta(days=7)
# Contacts entered afterwards: at most this far back, and this many in one cell.
ENTRY_MAX_AGE = timedelta(days=366)
ENTRY_MAX_COUNT = 999
# What makes two sends of one key the same tap.
SAME_TAP = ("unit_id", "place_id", "channel", "gender", "age_group", "depth", "recorded_by_id")


class TallyConflict(Exception):
    """The key is already used by another tap: the phone reused it (answered 409)."""


def _membership(actor, unit_id):
    membership = active_fieldwork_membership(actor, unit_id)
    if membership is None:
        raise PermissionDenied
    return membership


def _place(membership, place_id) -> Place:
    place = tally_selectors.place_for_tally(unit=membership.unit, place_id=place_id)
    if place is None:
        raise ValidationError({"place": _("Choose a place from the list.")})
    return place


def _check_codes(errors: dict, *, channel, gender, age_group, depth) -> None:
    if channel not in ContactChannel.values:
        errors["channel"] = _("Choose a channel from the list.")
    if gender not in Gender.values:
        errors["gender"] = _("Choose a gender from the list.")
    if age_group not in AgeGroup.values:
        errors["age_group"] = _("Choose an age group from the list.")
    if depth not in Depth.values:
        errors["depth"] = _("Choose greeting, conversation or conversation that matters.")


def _saved(key) -> ContactTally | None:
    return ContactTally.objects.filter(key=key).first()


def _same(tally: ContactTally, values: dict) -> bool:
    return all(getattr(tally, f) == values[f] for f in SAME_TAP) and (
        tally.tapped_at == values["tapped_at"]
    )


def tally_tap(
    *,
    actor,
    key,
    unit_id,
    place_id,
    channel: str,
    gender: str,
    age_group: str,
    depth: int,
    tapped_at: datetime,
    now: datetime | None = None,
) -> tuple[ContactTally, bool]:
    """Saves one contact tapped on the phone; returns it and whether it is new. A key already
    saved with the same content is the same tap sent again (returned, not counted twice); with
    other content it raises TallyConflict. The date is the local date of the tap, so a shift
    from 16:00 to 01:00 counts its late taps on the next day."""
    membership = _membership(actor, unit_id)
    try:
        key = uuid.UUID(str(key))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError({"key": _("The tap has no valid key.")}) from None
    values = {
        "unit_id": membership.unit_id,
        "place_id": place_id,
        "channel": channel,
        "gender": gender,
        "age_group": age_group,
        "depth": depth,
        "recorded_by_id": actor.pk,
        "tapped_at": tapped_at,
    }
    errors: dict = {}
    _check_codes(errors, channel=channel, gender=gender, age_group=age_group, depth=depth)
    now = now or timezone.now()
    if not isinstance(tapped_at, datetime) or timezone.is_naive(tapped_at):
        errors["tapped_at"] = _("The time of the tap must give its time zone.")
    elif tapped_at > now + FUTURE_SLACK:
        errors["tapped_at"] = _("The time of the tap is in the future. Check the phone's clock.")
    elif tapped_at < now - MAX_AGE:
        errors["tapped_at"] = _(
            "The tap is more than 7 days old. Enter it with the form for contacts entered "
            "afterwards."
        )
    place = (
        None if errors else tally_selectors.place_for_tally(unit=membership.unit, place_id=place_id)
    )
    if place is None and not errors:
        errors["place"] = _("Choose a place from the list.")
    if errors:
        # A tap already saved and sent again days later (its answer was lost, or its place
        # has since been retired) is still the same tap, not an error.
        existing = _saved(key)
        if existing is not None:
            if _same(existing, values):
                return existing, False
            raise TallyConflict
        raise ValidationError(errors)
    shift = shift_selectors.current_shift(actor, membership.unit_id, tapped_at)
    try:
        with transaction.atomic():
            tally = ContactTally.objects.create(
                key=key,
                unit_id=membership.unit_id,
                place=place,
                shift=shift,
                tapped_at=tapped_at,
                date=timezone.localdate(tapped_at),
                channel=channel,
                gender=gender,
                age_group=age_group,
                depth=depth,
                count=1,
                recorded_by=actor,
            )
    except IntegrityError:
        # The key is saved already: the same tap sent again (a retry, or racing the first
        # send). Looked up only now, so a new tap costs no query for it.
        existing = _saved(key)
        if existing is None:
            raise
        if _same(existing, values):
            return existing, False
        raise TallyConflict from None
    return tally, True


def tally_undo(*, actor, key, now: datetime | None = None) -> ContactTally:
    """Marks her own tap (or entry) undone; undoing it again changes nothing. Anyone else's
    tap, or a key that does not exist, is refused alike."""
    if not policy.may_do_fieldwork(actor):
        raise PermissionDenied
    try:
        key = uuid.UUID(str(key))
    except (TypeError, ValueError, AttributeError):
        raise PermissionDenied from None
    tally = policy.tallies_visible_to(actor).filter(key=key, recorded_by=actor).first()
    if tally is None:
        raise PermissionDenied
    if tally.undone_at is None:
        now = now or timezone.now()
        ContactTally.objects.filter(pk=tally.pk, undone_at__isnull=True).update(undone_at=now)
        tally.refresh_from_db(fields=["undone_at"])
    return tally


def tally_enter(
    *,
    actor,
    unit_id,
    on_date: date,
    shift_id,
    place_id,
    channel: str,
    depth: int,
    counts: dict[tuple[str, str], int],
) -> list[ContactTally]:
    """Contacts entered afterwards for a past shift: one row per gender and age group with a
    count, all saved or none."""
    membership = _membership(actor, unit_id)
    errors: dict = {}
    if channel not in ContactChannel.values:
        errors["channel"] = _("Choose a channel from the list.")
    if depth not in Depth.values:
        errors["depth"] = _("Choose greeting, conversation or conversation that matters.")
    today = timezone.localdate()
    if not isinstance(on_date, date):
        errors["on_date"] = _("Give the date.")
    elif on_date > today:
        errors["on_date"] = _("The date cannot be in the future.")
    elif on_date < today - ENTRY_MAX_AGE:
        errors["on_date"] = _("Contacts can be entered afterwards for the last year only.")
    shift = None
    if shift_id:
        try:
            shift = (
                policy.shifts_visible_to(actor)
                .filter(unit_id=membership.unit_id, pk=int(shift_id))
                .first()
            )
        except (TypeError, ValueError, OverflowError):
            shift = None
        if shift is None:
            errors["shift"] = _("Choose a shift from the list.")
    rows = []
    for (gender, age_group), n in counts.items():
        if gender not in Gender.values or age_group not in AgeGroup.values:
            errors["__all__"] = _("Unknown gender or age group.")
            continue
        if not isinstance(n, int) or n < 0 or n > ENTRY_MAX_COUNT:
            errors["__all__"] = _("Each number must be between 0 and %(max)s.") % {
                "max": ENTRY_MAX_COUNT
            }
            continue
        if n:
            rows.append((gender, age_group, n))
    if not rows and "__all__" not in errors:
        errors["__all__"] = _("Enter at least one contact.")
    if errors:
        raise ValidationError(errors)
    place = _place(membership, place_id)
    noon = timezone.make_aware(datetime.combine(on_date, time(12)))
    tapped_at = min(noon, timezone.now()) if on_date == today else noon
    with transaction.atomic():
        return ContactTally.objects.bulk_create(
            [
                ContactTally(
                    unit_id=membership.unit_id,
                    place=place,
                    shift=shift,
                    tapped_at=tapped_at,
                    date=on_date,
                    channel=channel,
                    gender=gender,
                    age_group=age_group,
                    depth=depth,
                    count=n,
                    recorded_by=actor,
                )
                for gender, age_group, n in rows
            ]
        )
