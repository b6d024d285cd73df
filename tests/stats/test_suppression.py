"""Small-cell suppression of the annual report (issue 17, item 3): small counts become "<N", and
no suppressed cell can be worked back from the sums the report holds (a property test over
generated reports, with its own reader of the sums, written apart from the module's)."""

import copy
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ungsam.stats.suppression import SECONDARY, is_suppressed, suppress, suppress_details

CHANNELS = ["field", "internet", "social_media", "gaming"]
GENDERS = ["girl", "boy", "other", "unknown"]
AGES = ["barneskole", "ungdomsskole", "vgs", "over18", "unknown"]
KINDS = ["girls", "boys", "life_mastery", "gaming", "flyt", "other"]
SERVICES = ["barnevern", "skole", "nav", "politi", "ppt"]


def build(rows, places, kinds, incoming, outgoing, without, pct=None) -> dict:
    """A report whose sums hold, from contact rows (channel, gender, age, place, count)."""
    contacts = dict.fromkeys(CHANNELS, 0)
    genders, ages = dict.fromkeys(GENDERS, 0), dict.fromkeys(AGES, 0)
    by_place = [0] * places
    for channel, gender, age, place, n in rows:
        contacts[channel] += n
        genders[gender] += n
        ages[age] += n
        if channel == "field":
            by_place[place % places] += n
    by_kind = {
        kind: {"unique_youths": u, "participations": p, "anonymous_participations": a}
        for kind, (u, p, a) in zip(KINDS, kinds, strict=False)
        if p or a
    }
    incoming = {s: n for s, n in zip(SERVICES, incoming, strict=False) if n}
    outgoing = {s: n for s, n in zip(SERVICES, outgoing, strict=False) if n}
    without = {s: n for s, n in zip(SERVICES, without, strict=False) if n}
    return {
        "unit": "ute",
        "year": 2025,
        "outreach": {
            "contacts": contacts,
            "field_change_from_previous_year_pct": pct,
            "by_place": [
                {"area": "A" if i % 2 else "B", "place": f"P{i}", "kind": "street", "contacts": n}
                for i, n in enumerate(by_place)
                if n
            ],
            "by_age_group": ages,
            "by_gender": genders,
        },
        "conversations": {"total": 9, "unique_youths": 3, "anonymous": 2},
        "groups": {
            "by_kind": by_kind,
            "total": {
                "unique_youths": max([k["unique_youths"] for k in by_kind.values()] or [0]),
                "participations": sum(k["participations"] for k in by_kind.values()),
                "anonymous_participations": sum(
                    k["anonymous_participations"] for k in by_kind.values()
                ),
            },
        },
        "collaboration": {
            "with_consent": {
                "total": sum(incoming.values()) + sum(outgoing.values()),
                "unique_youths": 4,
                "incoming": incoming,
                "outgoing": outgoing,
            },
            "anonymous_guidance": 3,
            "without_consent": {"total": sum(without.values()), "by_service": without},
        },
        "child_welfare": {"reports_of_concern": 1, "information_requests_answered": 0},
    }


def sums(report):
    """Every sum the report holds, as (total, [parts]) of getter paths; "T" is the common total
    of the channels, the age groups and the genders, never printed."""
    o = report["outreach"]
    g = report["groups"]
    consent = ("collaboration", "with_consent")
    without = ("collaboration", "without_consent")
    services = report["collaboration"]["without_consent"]["by_service"]
    directions = report["collaboration"]["with_consent"]
    found = [
        ("T", [("outreach", "contacts", k) for k in o["contacts"]]),
        ("T", [("outreach", "by_age_group", k) for k in o["by_age_group"]]),
        ("T", [("outreach", "by_gender", k) for k in o["by_gender"]]),
        (
            ("outreach", "contacts", "field"),
            [("outreach", "by_place", i, "contacts") for i in range(len(o["by_place"]))],
        ),
        (
            consent + ("total",),
            [consent + (d, s) for d in ("incoming", "outgoing") for s in directions[d]],
        ),
        (
            without + ("total",),
            [without + ("by_service", s) for s in services],
        ),
    ]
    for figure in ("participations", "anonymous_participations"):
        found.append(
            (("groups", "total", figure), [("groups", "by_kind", k, figure) for k in g["by_kind"]])
        )
    return found


def value(report, path):
    for key in path:
        report = report[key]
    return report


def recoverable(shown: dict, original: dict, limit: int) -> list:
    """What a reader of `shown` can work out exactly: subtracting known cells from a known sum,
    or a sum whose hidden cells can only be at their bounds ("<N": 1..N−1, ":": 0 or ≥ N when
    the original was not 0)."""
    relations = sums(original)
    known = {}
    for total, parts in relations:
        for path in [total, *parts]:
            if path != "T" and not is_suppressed(value(shown, path)):
                known[path] = value(shown, path)
    leaks = []

    def bounds(path):
        v = value(shown, path)
        if path == "T":
            return 0, math.inf
        if v == f"<{limit}":
            return 1, limit - 1
        return (limit if value(original, path) else 0), math.inf

    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            unknown = [p for p in [total, *parts] if p not in known]
            if len(unknown) == 1:
                path = unknown[0]
                if path == "T":
                    known["T"] = sum(known[p] for p in parts)
                else:
                    rest = sum(known[p] for p in parts if p != path)
                    known[path] = known[total] - rest if path != total else rest
                    leaks.append(path)
                changed = True
            elif unknown and total in known:
                left = known[total] - sum(known[p] for p in parts if p in known)
                low = sum(bounds(p)[0] for p in unknown)
                high = sum(bounds(p)[1] for p in unknown)
                if left in (low, high):
                    leaks.extend(unknown)
                    for p in unknown:
                        known[p] = bounds(p)[0] if left == low else bounds(p)[1]
                    changed = True
    return leaks


small = st.integers(min_value=0, max_value=12)
contact_row = st.tuples(
    st.sampled_from(CHANNELS),
    st.sampled_from(GENDERS),
    st.sampled_from(AGES),
    st.integers(0, 5),
    st.integers(1, 9),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(contact_row, max_size=14),
    places=st.integers(1, 6),
    kinds=st.lists(st.tuples(small, small, small), max_size=6),
    incoming=st.lists(small, max_size=5),
    outgoing=st.lists(small, max_size=5),
    without=st.lists(small, max_size=5),
    limit=st.sampled_from([3, 5, 10]),
)
def test_no_suppressed_cell_can_be_worked_back_from_a_sum(
    rows, places, kinds, incoming, outgoing, without, limit
):
    report = build(rows, places, kinds, incoming, outgoing, without)
    before = copy.deepcopy(report)
    shown = suppress(report, limit)
    assert report == before  # the original is left alone
    assert recoverable(shown, report, limit) == []
    # Every small count is "<N", every shown one is the true count, and the shape is kept.
    for total, parts in sums(report):
        for path in [total, *parts]:
            if path == "T":
                continue
            true, out = value(report, path), value(shown, path)
            if 1 <= true < limit:
                assert out == f"<{limit}"
            elif is_suppressed(out):
                assert out == SECONDARY
            else:
                assert out == true


def test_small_counts_become_less_than_n_and_zero_stays():
    report = build([("field", "girl", "vgs", 0, 20)], 1, [], [3], [], [0, 7])
    shown = suppress(report, 5)
    assert shown["child_welfare"] == {
        "reports_of_concern": "<5",
        "information_requests_answered": 0,
    }
    assert shown["conversations"] == {"total": 9, "unique_youths": "<5", "anonymous": "<5"}
    assert shown["year"] == 2025 and shown["unit"] == "ute"
    assert shown["collaboration"]["without_consent"] == {"total": 7, "by_service": {"skole": 7}}
    # One service only, 3: its total is 3 too; both hidden, nothing more to hide.
    assert shown["collaboration"]["with_consent"]["total"] == "<5"
    assert shown["collaboration"]["with_consent"]["incoming"] == {"barnevern": "<5"}


def test_a_channel_given_away_by_the_genders_hides_the_next_smallest_channel():
    rows = [
        ("field", "girl", "vgs", 0, 9),
        ("field", "boy", "vgs", 1, 9),
        ("internet", "girl", "vgs", 0, 2),
        ("gaming", "boy", "over18", 0, 7),
        ("social_media", "boy", "over18", 0, 9),
    ]
    shown = suppress(build(rows, 2, [], [], [], []), 5)
    contacts = shown["outreach"]["contacts"]
    # Genders (girl 11, boy 25) give the total 36; internet "<5" would be 36 − 18 − 9 − 7.
    assert contacts == {"field": 18, "internet": "<5", "social_media": 9, "gaming": SECONDARY}


def test_one_small_place_hides_another_place_of_the_field_total():
    rows = [
        ("field", "girl", "vgs", 0, 9),
        ("field", "girl", "vgs", 1, 3),
        ("field", "girl", "vgs", 2, 8),
    ]
    shown = suppress(build(rows, 3, [], [], [], []), 5)
    assert [p["contacts"] for p in shown["outreach"]["by_place"]] == [9, "<5", SECONDARY]


def test_two_small_cells_that_can_only_be_ones_hide_a_third():
    # 12 = 10 + a + b with a, b from 1 to 4: a = b = 1. A third cell must go.
    shown = suppress(build([], 1, [], [], [], [10, 1, 1]), 5)
    assert shown["collaboration"]["without_consent"]["by_service"] == {
        "barnevern": SECONDARY,
        "skole": "<5",
        "nav": "<5",
    }


def test_group_totals_hide_a_second_kind():
    kinds = [(6, 10, 0), (2, 3, 0), (7, 12, 0)]
    shown = suppress(build([], 1, kinds, [], [], []), 5)["groups"]
    assert shown["total"]["participations"] == 25
    assert [k["participations"] for k in shown["by_kind"].values()] == [SECONDARY, "<5", 12]
    assert shown["by_kind"]["boys"]["unique_youths"] == "<5"


@pytest.mark.parametrize(
    ("field", "pct", "shown"),
    [
        (20, 25.0, 25.0),  # 16 last year: shown
        (20, 400.0, None),  # 4 last year, given back by 20 / 5: withheld
        (3, 50.0, None),  # this year's field contacts hidden: withheld
        (0, -100.0, -100.0),  # none this year tells nothing about last year
        (20, None, None),
    ],
)
def test_the_change_is_withheld_when_the_counts_behind_it_are_small(field, pct, shown):
    report = build([("field", "girl", "vgs", 0, field)] if field else [], 1, [], [], [], [], pct)
    out = suppress(report, 5)
    assert out["outreach"]["field_change_from_previous_year_pct"] == shown


def test_a_limit_under_two_is_refused():
    with pytest.raises(ValueError):
        suppress(build([], 1, [], [], [], []), 1)


def test_the_details_hide_an_area_given_away_by_its_places_and_the_field_total():
    rows = [("field", "girl", "vgs", i, n) for i, n in enumerate([9, 3, 8, 6])]
    report = build(rows, 4, [], [], [], [])
    by_place = report["outreach"]["by_place"]  # P0 9 (B), P1 3 (A), P2 8 (B), P3 6 (A)
    areas = {}
    for row in by_place:
        areas.setdefault(row["area"], {"area": row["area"], "contacts": 0, "places": 0})
        areas[row["area"]]["contacts"] += row["contacts"]
        areas[row["area"]]["places"] += 1
    months = {m: dict.fromkeys(CHANNELS, 0) for m in range(1, 13)}
    months[1]["field"], months[2]["field"] = 20, 6
    details = {
        "report": report,
        "previous": build([], 1, [], [], [], []),
        "by_area": list(areas.values()),
        "contacts_by_month": months,
    }
    out = suppress_details(details, 5)
    places = [p["contacts"] for p in out["report"]["outreach"]["by_place"]]
    assert places[1] == "<5"
    # P1 would be the field total less the other places: the smallest other place (P3, 6)
    # goes, and area A (3 + 6) gives back neither.
    assert places == [9, "<5", 8, SECONDARY]
    assert [a["contacts"] for a in out["by_area"]] == [17, 9]
    assert [a["places"] for a in out["by_area"]] == [2, 2]  # a number of places, no people
    assert out["contacts_by_month"][1]["field"] == 20
