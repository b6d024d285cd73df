"""A unit's annual report (issue 17, item 2): the figures seed 004 writes by hand, counted from
the records of one calendar year, as the JSON contract of a unit's statistics delivery.

`annual_report(unit=, year=)` returns exactly the contract's keys, counts as integers;
`annual_report_details(unit=, year=)` adds what a presentation needs beyond it (last year's
figures, contacts per area and per month). Both are pure aggregation with NO access check: the
caller (the command, the view) decides who may have them, and whether to pass them through
`ungsam.stats.suppression.suppress` before they leave the unit.

Everything is counted in the database, a fixed number of grouped queries whatever the volume
(tests/stats/test_annual_report.py holds the count); Python only reshapes the grouped rows.

What is counted, per unit, for records dated in the year (app records and imported ones alike):
- contacts: `ContactTally.count` summed by `date`, taps that were undone left out. A place
  without an area is reported under the area "" (it sorts first).
- conversations: `total`; `anonymous`; `unique_youths` = distinct youths (through the case, or
  through the case a code name was later registered on) plus distinct code names never
  registered, each of which is one person we do not know by name.
- groups: per kind, named attendance rows, the sessions' anonymous participants, and distinct
  youths; the total's `unique_youths` is distinct across kinds.
- collaboration with consent: the unit's cases' collaboration requests sent in the year that
  rest on a consent, plus the imported collaborations; inquiries without consent and anonymous
  guidance from `collab.Inquiry`.
- child welfare: reports of concern sent in the year (by `sent_at`, in the municipality's time
  zone) and requests for information answered in the year, plus the imported ones."""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractMonth

from ungsam.collab.models import CollaborationRequest, Inquiry, InquiryKind, RequestDirection
from ungsam.concerns.models import ConcernReport, InformationRequest, start_of_day
from ungsam.org.models import Place, ServiceCode, Unit
from ungsam.outreach.models import (
    AgeGroup,
    ContactChannel,
    ContactTally,
    Conversation,
    Gender,
    GroupAttendance,
    GroupKind,
    GroupSession,
)
from ungsam.transfer.models import (
    ImportedCollaboration,
    ImportedConcernKind,
    ImportedConcernReport,
)

# Norwegian alphabetical order for areas and places: æ, ø, å after z.
_NORWEGIAN = str.maketrans({"æ": "z\x01", "ø": "z\x02", "å": "z\x03"})


def norwegian_key(text: str) -> str:
    return text.lower().translate(_NORWEGIAN)


def change_pct(this: int, previous: int) -> float | None:
    """(this − previous) / previous × 100, one decimal rounded half up; None without a previous."""
    if not previous:
        return None
    pct = (Decimal(this) - Decimal(previous)) * 100 / Decimal(previous)
    return float(pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _contacts(unit, year: int) -> tuple[dict, dict]:
    """Channels, age groups, genders and field contacts per place, of the year and of the year
    before (the change from it, and the details' comparison): one pass over the contacts of
    both years, grouped by channel, gender, age group and place (at most 80 groups per place),
    and one small query for the places' names and areas. (Two scans, one for the totals and
    one per place, took twice as long: bench/.)"""
    first, last = _year(year)
    rows = (
        ContactTally.objects.filter(
            unit=unit, date__gte=date(year - 1, 1, 1), date__lte=last, undone_at__isnull=True
        )
        .values("channel", "gender", "age_group", "place_id")
        .annotate(
            this=Sum("count", filter=Q(date__gte=first)),
            previous=Sum("count", filter=Q(date__lt=first)),
        )
        .values_list("channel", "gender", "age_group", "place_id", "this", "previous")
        .order_by()
    )

    def empty():
        return {
            "contacts": dict.fromkeys(ContactChannel.values, 0),
            "by_place": defaultdict(int),
            "by_age_group": dict.fromkeys(AgeGroup.values, 0),
            "by_gender": dict.fromkeys(Gender.values, 0),
        }

    this_year, year_before = empty(), empty()
    for channel, gender, age_group, place_id, *counts in rows:
        for figures, n in zip((this_year, year_before), counts, strict=True):
            if not n:
                continue
            figures["contacts"][channel] += n
            figures["by_age_group"][age_group] += n
            figures["by_gender"][gender] += n
            if channel == ContactChannel.FIELD:
                figures["by_place"][place_id] += n
    places = list(
        Place.objects.filter(
            pk__in=this_year["by_place"].keys() | year_before["by_place"].keys()
        ).values_list("pk", "area__name", "name", "kind")
    )
    for figures in (this_year, year_before):
        per_place = figures["by_place"]
        figures["by_place"] = sorted(
            (
                {"area": area or "", "place": name, "kind": kind, "contacts": per_place[pk]}
                for pk, area, name, kind in places
                if pk in per_place
            ),
            key=lambda r: (norwegian_key(r["area"]), norwegian_key(r["place"]), r["place"]),
        )
    return this_year, year_before


def _conversations(unit, year: int) -> dict:
    first, last = _year(year)
    found = Conversation.objects.filter(unit=unit, date__gte=first, date__lte=last).aggregate(
        total=Count("id"),
        anonymous=Count("id", filter=Q(anonymous=True)),
        youths=Count(Coalesce("case__youth_id", "code_name__case__youth_id"), distinct=True),
        unregistered_code_names=Count(
            "code_name_id",
            filter=Q(case__isnull=True, code_name__case__isnull=True),
            distinct=True,
        ),
    )
    return {
        "total": found["total"],
        "unique_youths": found["youths"] + found["unregistered_code_names"],
        "anonymous": found["anonymous"],
    }


def _groups(unit, year: int) -> dict:
    """Three grouped queries: named attendance per kind, anonymous participants per kind, and
    the distinct youths across kinds."""
    first, last = _year(year)
    attendance = GroupAttendance.objects.filter(
        session__group__unit=unit, session__date__gte=first, session__date__lte=last
    )
    named = {
        r["kind"]: r
        for r in attendance.values(kind=F("session__group__kind"))
        .annotate(participations=Count("id"), unique_youths=Count("case__youth_id", distinct=True))
        .order_by()
    }
    anonymous = dict(
        GroupSession.objects.filter(group__unit=unit, date__gte=first, date__lte=last)
        .values("group__kind")
        .annotate(n=Sum("anonymous_count"))
        .values_list("group__kind", "n")
        .order_by()
    )
    by_kind = {}
    for kind in GroupKind.values:
        row = named.get(kind, {})
        figures = {
            "unique_youths": row.get("unique_youths", 0),
            "participations": row.get("participations", 0),
            "anonymous_participations": anonymous.get(kind) or 0,
        }
        if figures["participations"] or figures["anonymous_participations"]:
            by_kind[kind] = figures
    total = {
        "unique_youths": attendance.aggregate(n=Count("case__youth_id", distinct=True))["n"],
        "participations": sum(k["participations"] for k in by_kind.values()),
        "anonymous_participations": sum(k["anonymous_participations"] for k in by_kind.values()),
    }
    return {"by_kind": by_kind, "total": total}


def _by_code(rows) -> dict:
    """{code: n} in the code list's order, codes with a count above zero only."""
    counts = defaultdict(int)
    for code, n in rows:
        counts[code] += n
    return {code: counts[code] for code in ServiceCode.values if counts.get(code)}


def _collaboration(unit, year: int) -> dict:
    first, last = _year(year)
    requests = CollaborationRequest.objects.filter(
        case__unit=unit,
        sent_at__gte=start_of_day(first),
        sent_at__lt=start_of_day(date(year + 1, 1, 1)),
        consent__isnull=False,
    )
    imported = ImportedCollaboration.objects.filter(unit=unit, date__gte=first, date__lte=last)
    per_direction = defaultdict(list)
    for queryset in (requests, imported):
        for direction, service, n in (
            queryset.values("direction", "service")
            .annotate(n=Count("id"))
            .values_list("direction", "service", "n")
            .order_by()
        ):
            per_direction[direction].append((service, n))
    incoming = _by_code(per_direction[RequestDirection.INCOMING])
    outgoing = _by_code(per_direction[RequestDirection.OUTGOING])
    # One youth with an app request and an imported one is one youth: UNION, not UNION ALL.
    unique_youths = (
        requests.order_by()
        .values_list("case__youth_id")
        .union(imported.order_by().values_list("case__youth_id"))
        .count()
    )
    inquiries = (
        Inquiry.objects.filter(unit=unit, on_date__gte=first, on_date__lte=last)
        .values("kind", "service")
        .annotate(n=Count("id"))
        .values_list("kind", "service", "n")
        .order_by()
    )
    guidance, without = 0, []
    for kind, service, n in inquiries:
        if kind == InquiryKind.ANONYMOUS_GUIDANCE:
            guidance += n
        else:
            without.append((service, n))
    by_service = _by_code(without)
    return {
        "with_consent": {
            "total": sum(incoming.values()) + sum(outgoing.values()),
            "unique_youths": unique_youths,
            "incoming": incoming,
            "outgoing": outgoing,
        },
        "anonymous_guidance": guidance,
        "without_consent": {"total": sum(by_service.values()), "by_service": by_service},
    }


def _child_welfare(unit, year: int) -> dict:
    """The app's and the imported counts in one query of scalar subqueries."""
    first, last = _year(year)

    def scalar(queryset, unit_field):
        # Grouped by the outer unit: one row, its count (none at all: 0).
        counted = queryset.order_by().values(unit_field).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    reports = ConcernReport.objects.filter(
        case__unit=OuterRef("pk"),
        sent_at__gte=start_of_day(first),
        sent_at__lt=start_of_day(date(year + 1, 1, 1)),
    )
    answered = InformationRequest.objects.filter(
        case__unit=OuterRef("pk"), answered_on__gte=first, answered_on__lte=last
    )
    imported = ImportedConcernReport.objects.filter(
        unit=OuterRef("pk"), date__gte=first, date__lte=last
    )
    found = (
        Unit.objects.filter(pk=unit.pk)
        .values(
            reports=scalar(reports, "case__unit"),
            answered=scalar(answered, "case__unit"),
            imported_reports=scalar(imported.filter(kind=ImportedConcernKind.REPORT), "unit"),
            imported_answered=scalar(
                imported.filter(kind=ImportedConcernKind.INFORMATION_REQUEST_ANSWERED), "unit"
            ),
        )
        .get()
    )
    return {
        "reports_of_concern": found["reports"] + found["imported_reports"],
        "information_requests_answered": found["answered"] + found["imported_answered"],
    }


def _outreach(unit, year: int) -> tuple[dict, dict]:
    """This year's outreach figures, and last year's (the same pass, without its own change)."""
    contacts, previous = _contacts(unit, year)
    outreach = {
        "contacts": contacts["contacts"],
        "field_change_from_previous_year_pct": change_pct(
            contacts["contacts"][ContactChannel.FIELD], previous["contacts"][ContactChannel.FIELD]
        ),
        "by_place": contacts["by_place"],
        "by_age_group": contacts["by_age_group"],
        "by_gender": contacts["by_gender"],
    }
    return outreach, previous


def _annual_report(unit, year: int) -> tuple[dict, dict]:
    outreach, previous_outreach = _outreach(unit, year)
    report = {
        "unit": unit.slug,
        "year": year,
        "outreach": outreach,
        "conversations": _conversations(unit, year),
        "groups": _groups(unit, year),
        "collaboration": _collaboration(unit, year),
        "child_welfare": _child_welfare(unit, year),
    }
    return report, previous_outreach


def annual_report(*, unit, year: int) -> dict:
    """The contract (issue 17, item 2): exactly its keys, counts as integers. No access check
    and no suppression: the caller does both."""
    return _annual_report(unit, year)[0]


def contacts_by_month(*, unit, year: int) -> dict[int, dict[str, int]]:
    """{month: {channel: n}} for months 1–12 (zeros included): one grouped query."""
    first, last = _year(year)
    months = {m: dict.fromkeys(ContactChannel.values, 0) for m in range(1, 13)}
    rows = (
        ContactTally.objects.filter(
            unit=unit, date__gte=first, date__lte=last, undone_at__isnull=True
        )
        .annotate(month=ExtractMonth("date"))
        .values("month", "channel")
        .annotate(n=Sum("count"))
        .values_list("month", "channel", "n")
        .order_by()
    )
    for month, channel, n in rows:
        months[month][channel] = n
    return months


def by_area(by_place: list[dict]) -> list[dict]:
    """Field contacts per area, from the report's `by_place` (same order): {"area", "contacts",
    "places"}. Sums over a suppressed report would be wrong: pass the unsuppressed one, and
    suppress the result with `suppression.suppress_areas`."""
    areas: dict[str, dict] = {}
    for row in by_place:
        area = areas.setdefault(row["area"], {"area": row["area"], "contacts": 0, "places": 0})
        area["contacts"] += row["contacts"]
        area["places"] += 1
    return list(areas.values())


def annual_report_details(*, unit, year: int) -> dict:
    """What a presentation needs beyond the contract, unsuppressed, no access check:
    `report` (this year's contract), `previous` (last year's outreach contacts, in the
    contract's shape without the change: {"year", "outreach": {"contacts", "by_place",
    "by_age_group", "by_gender"}}), `by_area` (field contacts per area), `contacts_by_month`
    ({1..12: {channel: n}}). Last year's contacts come from the same pass as this year's change
    from it: a second whole report, for the one column the document shows of it, took as many
    queries again. Its age groups, genders and places are there for the suppression: they tie
    last year's channels together as in last year's own report."""
    report, previous_outreach = _annual_report(unit, year)
    return {
        "report": report,
        "previous": {"year": year - 1, "outreach": previous_outreach},
        "by_area": by_area(report["outreach"]["by_place"]),
        "contacts_by_month": contacts_by_month(unit=unit, year=year),
    }
