"""Every write to shifts (feltvakter) and the staffing plan (bemanningsplan). Each service asks
the fieldwork policy itself: a shift is written by the unit's workers and leaders (someone
outside the unit gets 404, as for a unit that does not exist), the plan by its leader alone.
Shifts and the plan name staff and areas, never a youth, so no audit row is written; the
shift keeps who made it (`created_by`) and when it was cancelled.

A refusal of the input raises ValidationError with the field it concerns; a worker of the unit
who may not change the plan gets PermissionDenied with a sentence she can read."""

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from ungsam.access import policy
from ungsam.access.models import Purpose
from ungsam.lib.forms import EARLIEST_DATE
from ungsam.org.models import Membership, Unit, User
from ungsam.outreach import shift_selectors as selectors
from ungsam.outreach.models import Shift, StaffingBand

LONGEST_SHIFT = timedelta(hours=16)
DEFAULT_SHIFT = timedelta(hours=4)  # "Start shift now" outside every band of the plan
# "Start shift now" inside a band that ends sooner than this takes the default length instead.
SHORTEST_REST_OF_BAND = timedelta(minutes=30)
MAX_TEAMS = 20

# Seed 004's staffing plan (OUT Lillestrøm, annual report 2023): field teams out per weekday
# and band. Its table leaves empty cells; read as the text says, the 16:00–01:00 band covers
# Friday and Saturday nights, and Sunday has an evening band of 1–2 teams.
# (weekday 0 Monday … 6 Sunday, starts, ends, teams at least, teams at most)
EXAMPLE_PLAN = [
    *[(d, time(8, 30), time(15, 30), lo, hi) for d, lo, hi in [(0, 2, 3), (1, 3, 4), (2, 3, 4)]],
    *[(d, time(8, 30), time(15, 30), 2, 3) for d in (3, 4)],
    *[(d, time(14, 30), time(22, 15), 2, 3) for d in (0, 1, 2, 3)],
    (6, time(14, 30), time(22, 15), 1, 2),
    (4, time(16, 0), time(1, 0), 1, 2),
    (5, time(16, 0), time(1, 0), 1, 2),
]


def _fieldwork_or_404(actor, unit: Unit) -> Membership:
    """Her role in the outreach unit; someone outside it gets 404 (the probe is recorded)."""
    membership = policy.fieldwork_membership(actor, unit.pk)
    if membership is None:
        policy.deny(actor, Unit, unit.pk, purpose=Purpose.CASEWORK)
        raise Http404
    return membership


def _plans_or_refuse(actor, unit: Unit) -> None:
    _fieldwork_or_404(actor, unit)
    if not policy.may_plan_staffing(actor, unit.pk):
        raise PermissionDenied(_("Only the leader of the unit may change the staffing plan."))


# --- Shifts ---


def _latest_day():
    return timezone.localdate() + timedelta(days=366)


def _check_shift(unit, *, starts_at, ends_at, workers, areas, shift=None) -> None:
    errors = {}
    start_day = timezone.localtime(starts_at).date()
    if not EARLIEST_DATE <= start_day <= _latest_day():
        errors["day"] = _("Choose a day from %(first)s up to a year from now.") % {
            "first": EARLIEST_DATE.strftime("%d.%m.%Y")
        }
    if ends_at <= starts_at:
        errors["ends"] = _("The shift must end after it starts.")
    elif ends_at - starts_at > LONGEST_SHIFT:
        errors["ends"] = _("A shift lasts at most 16 hours.")
    if not workers:
        errors["workers"] = _("Choose at least one worker.")
    else:
        allowed = set(selectors.shift_workers(unit, shift).values_list("pk", flat=True))
        outsiders = [str(w) for w in workers if w.pk not in allowed]
        if outsiders:
            errors["workers"] = _("Not a worker of the unit: %(names)s.") % {
                "names": get_text_list(outsiders, _("and"))
            }
    allowed_areas = set(selectors.shift_areas(unit, shift).values_list("pk", flat=True))
    if any(a.pk not in allowed_areas for a in areas):
        errors["areas"] = _("Choose areas of the unit's municipality that are in use.")
    if errors:
        raise ValidationError(errors)


def shift_create(
    *,
    actor: User,
    unit: Unit,
    team_name: str,
    workers,
    starts_at: datetime,
    ends_at: datetime,
    areas=(),
) -> Shift:
    """A shift of the unit: a team of its workers out in some areas from start to end."""
    _fieldwork_or_404(actor, unit)
    workers, areas = list(workers), list(areas)
    _check_shift(unit, starts_at=starts_at, ends_at=ends_at, workers=workers, areas=areas)
    shift = Shift(
        unit=unit,
        team_name=team_name.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
    )
    shift.full_clean()
    with transaction.atomic():
        shift.save()
        shift.workers.set(workers)
        shift.areas.set(areas)
    return shift


def _locked(shift: Shift) -> Shift:
    return Shift.objects.select_for_update().get(pk=shift.pk)


def shift_update(
    *,
    actor: User,
    shift: Shift,
    team_name: str,
    workers,
    starts_at: datetime,
    ends_at: datetime,
    areas=(),
) -> Shift:
    """Changes a shift of her unit (its time, team, workers or areas); a cancelled one stays
    as it was."""
    _fieldwork_or_404(actor, shift.unit)
    workers, areas = list(workers), list(areas)
    with transaction.atomic():
        current = _locked(shift)
        if current.cancelled_at is not None:
            raise ValidationError(_("A cancelled shift cannot be changed."))
        _check_shift(
            shift.unit,
            starts_at=starts_at,
            ends_at=ends_at,
            workers=workers,
            areas=areas,
            shift=current,
        )
        current.team_name = team_name.strip()
        current.starts_at, current.ends_at = starts_at, ends_at
        current.full_clean()
        current.save(update_fields=["team_name", "starts_at", "ends_at"])
        current.workers.set(workers)
        current.areas.set(areas)
    return current


def shift_cancel(*, actor: User, shift: Shift) -> Shift:
    """Cancels a shift of her unit: it keeps its row and counts no more. Cancelling it again
    changes nothing."""
    _fieldwork_or_404(actor, shift.unit)
    with transaction.atomic():
        current = _locked(shift)
        if current.cancelled_at is None:
            current.cancelled_at = timezone.now()
            current.save(update_fields=["cancelled_at"])
    return current


def shift_start_now(*, actor: User, unit: Unit, now: datetime | None = None) -> Shift:
    """One tap on the phone: a shift of hers starting now, to the end of the band of the plan
    she is in (of those running now, the one that started last), else four hours."""
    _fieldwork_or_404(actor, unit)
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    running = selectors.current_shift(actor, unit, now)
    if running is not None:
        ends = timezone.localtime(running.ends_at)
        raise ValidationError(
            _("You are on a shift already, until %(time)s.") % {"time": f"{ends:%H:%M}"}
        )
    band = selectors.band_at(actor, unit, now)
    if band is not None and band[1] - now >= SHORTEST_REST_OF_BAND:
        ends_at = band[1]
    else:
        ends_at = now + DEFAULT_SHIFT
    return shift_create(
        actor=actor, unit=unit, team_name="", workers=[actor], starts_at=now, ends_at=ends_at
    )


# --- The staffing plan ---


def _check_band(*, starts, ends, min_teams, max_teams) -> None:
    errors = {}
    if starts == ends:
        errors["ends"] = _("A band cannot end when it starts.")
    for name, value in (("min_teams", min_teams), ("max_teams", max_teams)):
        if not 0 <= value <= MAX_TEAMS:
            errors[name] = _("Choose a number from 0 to %(most)s.") % {"most": MAX_TEAMS}
    if "max_teams" not in errors and "min_teams" not in errors and max_teams < min_teams:
        errors["max_teams"] = _("At most cannot be fewer than at least.")
    if errors:
        raise ValidationError(errors)


def _taken_message(weekday: int, starts) -> str:
    return _("%(day)s already has a band starting at %(time)s.") % {
        "day": selectors.weekday_names()[weekday],
        "time": f"{starts:%H:%M}",
    }


def staffing_band_create(
    *, actor: User, unit: Unit, weekdays, starts, ends, min_teams: int, max_teams: int
) -> list[StaffingBand]:
    """A band of the plan on each of the weekdays chosen (08:30–15:30, Monday to Friday, 2–3
    teams): the unit's leader only."""
    _plans_or_refuse(actor, unit)
    weekdays = sorted({int(d) for d in weekdays})
    if not weekdays or not all(0 <= d <= 6 for d in weekdays):
        raise ValidationError({"weekdays": _("Choose at least one weekday.")})
    _check_band(starts=starts, ends=ends, min_teams=min_teams, max_teams=max_teams)
    with transaction.atomic():
        taken = set(
            StaffingBand.objects.select_for_update()
            .filter(unit=unit, weekday__in=weekdays, starts=starts)
            .values_list("weekday", flat=True)
        )
        if taken:
            raise ValidationError({"weekdays": [_taken_message(d, starts) for d in sorted(taken)]})
        return StaffingBand.objects.bulk_create(
            [
                StaffingBand(
                    unit=unit,
                    weekday=d,
                    starts=starts,
                    ends=ends,
                    min_teams=min_teams,
                    max_teams=max_teams,
                )
                for d in weekdays
            ]
        )


def staffing_band_update(
    *, actor: User, band: StaffingBand, starts, ends, min_teams: int, max_teams: int
) -> StaffingBand:
    _plans_or_refuse(actor, band.unit)
    _check_band(starts=starts, ends=ends, min_teams=min_teams, max_teams=max_teams)
    with transaction.atomic():
        current = StaffingBand.objects.select_for_update().get(pk=band.pk)
        if (
            StaffingBand.objects.filter(unit_id=current.unit_id, weekday=current.weekday)
            .filter(starts=starts)
            .exclude(pk=current.pk)
            .exists()
        ):
            raise ValidationError({"starts": _taken_message(current.weekday, starts)})
        current.starts, current.ends = starts, ends
        current.min_teams, current.max_teams = min_teams, max_teams
        current.save(update_fields=["starts", "ends", "min_teams", "max_teams"])
    return current


def staffing_band_delete(*, actor: User, band: StaffingBand) -> None:
    """Removes a band from the plan; shifts held in it count from then on against the rest
    of the plan."""
    _plans_or_refuse(actor, band.unit)
    StaffingBand.objects.filter(pk=band.pk).delete()


def staffing_plan_use_example(*, actor: User, unit: Unit) -> list[StaffingBand]:
    """Fills an empty plan with seed 004's pattern, to adjust from there."""
    _plans_or_refuse(actor, unit)
    with transaction.atomic():
        if StaffingBand.objects.select_for_update().filter(unit=unit).exists():
            raise ValidationError(_("The plan has bands already: change them one by one instead."))
        return StaffingBand.objects.bulk_create(
            [
                StaffingBand(
                    unit=unit,
                    weekday=d,
                    starts=starts,
                    ends=ends,
                    min_teams=lo,
                    max_teams=hi,
                )
                for d, starts, ends, lo, hi in EXAMPLE_PLAN
            ]
        )
