"""Reads of the tally: the places a field worker is offered, her current shift, the unit's
counts today at a place, and her own recent taps. Contacts name no youth; every read still
goes through the fieldwork policy (`tallies_visible_to`, `shifts_visible_to`)."""

from django.db.models import Sum
from django.utils import timezone

from ungsam.access import policy
from ungsam.org.models import Place
from ungsam.outreach.models import ContactTally, Shift

RECENT = 8


def places_for_tally(*, actor, unit, shift: Shift | None = None) -> list[Place]:
    """The places she may count at, in the order she most likely wants them: the place of her
    last tap, then the places in the areas of her current shift, then the rest by area and
    name. Retired places are never offered."""
    places = list(
        Place.objects.filter(municipality_id=unit.municipality_id, active=True).select_related(
            "area"
        )
    )
    last_place_id = (
        policy.tallies_visible_to(actor)
        .filter(unit=unit, recorded_by=actor)
        .order_by("-tapped_at", "-id")
        .values_list("place_id", flat=True)
        .first()
    )
    shift_areas = set(shift.areas.values_list("id", flat=True)) if shift else set()

    def rank(place):
        area = place.area.name if place.area else "\uffff"  # places without an area last
        return (
            place.pk != last_place_id,
            place.area_id not in shift_areas,
            area,
            place.name,
        )

    return sorted(places, key=rank)


def place_for_tally(*, unit, place_id) -> Place | None:
    """One active place of the unit's municipality, or None."""
    try:
        place_id = int(place_id)
    except (TypeError, ValueError):
        return None
    return (
        Place.objects.filter(municipality_id=unit.municipality_id, active=True, pk=place_id)
        .select_related("area")
        .first()
    )


def counts_today(*, actor, unit_id: int, place_id: int) -> dict[tuple[str, str], int]:
    """The unit's contacts today at the place, per (gender, age group); undone taps left out.
    One aggregating query, whatever the number of taps."""
    rows = (
        policy.tallies_visible_to(actor)
        .filter(
            unit_id=unit_id,
            place_id=place_id,
            date=timezone.localdate(),
            undone_at__isnull=True,
        )
        .values("gender", "age_group")
        .annotate(n=Sum("count"))
    )
    return {(r["gender"], r["age_group"]): r["n"] for r in rows}


def recent_tallies(*, actor, unit_id: int, limit: int = RECENT) -> list[ContactTally]:
    """Her own latest taps and entries in the unit (undone ones too, marked), newest first."""
    return list(
        policy.tallies_visible_to(actor)
        .filter(unit_id=unit_id, recorded_by=actor)
        .select_related("place")
        .order_by("-created_at", "-id")[:limit]
    )


def shifts_for_entry(*, actor, unit_id: int, limit: int = 40) -> list[Shift]:
    """The unit's recent shifts that have started, for contacts entered afterwards."""
    return list(
        policy.shifts_visible_to(actor)
        .filter(unit_id=unit_id, starts_at__lte=timezone.now(), cancelled_at__isnull=True)
        .order_by("-starts_at")[:limit]
    )
