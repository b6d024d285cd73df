"""Small-cell suppression of the annual report (issue 17, item 3; DESIGN.md access rule 5).

`suppress(report, limit)` returns a copy of an annual report (`annual_report.annual_report`)
safe to let leave the unit; `suppress_details(details, limit)` does the same for
`annual_report_details` (the report, last year's outreach, the areas and the months together,
since their sums tie them to each other). The rules:

1. Primary: every count from 1 to limit−1 becomes the string "<N" (N = limit). 0 stays 0 (an
   empty cell reveals nobody), and so do counts of limit or more.
2. Secondary: the report holds sums. Whenever a suppressed cell could be worked out from the
   cells still shown, another cell of the same sum is suppressed too, shown as ":" (Statistics
   Norway's sign for "not for publication"), the smallest non-zero shown part first, then the
   sum itself, then a zero part; and the whole is checked again until nothing can be derived.
   The sums in the report:
   - the contacts of all channels = the sum of `by_age_group` = the sum of `by_gender` (the
     common total is not printed, but it is known as soon as one of the three is shown whole);
   - `contacts.field` = the sum of `by_place`;
   - `groups.total.participations` and `.anonymous_participations` = the sums over the kinds;
   - `collaboration.with_consent.total` = the sum of `incoming` and `outgoing`;
   - `collaboration.without_consent.total` = the sum of `by_service`;
   - in the details also: each area = the sum of its places, `contacts.field` = the sum of the
     areas, and each channel's contacts = the sum of its twelve months (this year and last).
   A cell "can be worked out" when it is the one hidden cell of a sum whose other cells are known
   (shown, or themselves worked out), or when the hidden cells of a sum can only add up to what
   is left in one way, since a "<N" cell lies between 1 and N−1 and a ":" cell is 0 or at least
   N (for instance two "<5" cells and 2 left over: both are 1).
   `unique_youths` figures are distinct counts, no sum of anything: they are suppressed when
   small, and need nothing more.
3. `field_change_from_previous_year_pct` is null (not shown) when this year's field contacts are
   suppressed, or when last year's, which the percentage and this year's count would give back,
   were from 1 to limit−1.

Not covered: what two sums known only up to the difference of two suppressed cells would give
together; the limit (DESIGN.md: 5) keeps such guesses to a range of a few.

Suppressed cells are strings, shown ones integers: `is_suppressed(value)` tells them apart."""

import copy
import math

SECONDARY = ":"

_VIRTUAL = ("<the contacts of all channels>",)
# The year, the percentage and an area's number of places count no people.
_NOT_COUNTS = {"year", "field_change_from_previous_year_pct", "places"}


def is_suppressed(value) -> bool:
    return isinstance(value, str)


def _outreach_relations(report: dict, at: tuple) -> list[tuple[tuple, list[tuple]]]:
    """(sum, parts) of the contacts, for one report (or last year's outreach) at path `at`."""
    outreach = at + ("outreach",)
    total = at + _VIRTUAL
    places = report["outreach"]["by_place"]
    return [
        (total, [outreach + ("contacts", k) for k in report["outreach"]["contacts"]]),
        (total, [outreach + ("by_age_group", k) for k in report["outreach"]["by_age_group"]]),
        (total, [outreach + ("by_gender", k) for k in report["outreach"]["by_gender"]]),
        (
            outreach + ("contacts", "field"),
            [outreach + ("by_place", i, "contacts") for i in range(len(places))],
        ),
    ]


def _report_relations(report: dict, at: tuple) -> list[tuple[tuple, list[tuple]]]:
    """(sum, parts) as paths into the document, for one report at path `at`."""
    relations = _outreach_relations(report, at)
    services = report["collaboration"]["without_consent"]["by_service"]
    groups = at + ("groups",)
    for figure in ("participations", "anonymous_participations"):
        relations.append(
            (
                groups + ("total", figure),
                [groups + ("by_kind", kind, figure) for kind in report["groups"]["by_kind"]],
            )
        )
    consent = at + ("collaboration", "with_consent")
    with_consent = report["collaboration"]["with_consent"]
    relations.append(
        (
            consent + ("total",),
            [consent + ("incoming", s) for s in with_consent["incoming"]]
            + [consent + ("outgoing", s) for s in with_consent["outgoing"]],
        )
    )
    without = at + ("collaboration", "without_consent")
    relations.append(
        (
            without + ("total",),
            [without + ("by_service", s) for s in services],
        )
    )
    return relations


def _get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def _set(doc, path, value):
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _counts(doc, path=()) -> dict[tuple, int]:
    """Every count in the document by path (the year and the percentage are no counts)."""
    found = {}
    if isinstance(doc, dict):
        items = doc.items()
    elif isinstance(doc, list):
        items = enumerate(doc)
    else:
        return found
    for key, value in items:
        if key in _NOT_COUNTS:
            continue
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            found[path + (key,)] = value
        else:
            found.update(_counts(value, path + (key,)))
    return found


class _Solver:
    """Which cells a reader could work out from the shown ones, and what to hide so none of
    the suppressed ones is among them."""

    def __init__(self, values: dict, relations: list, limit: int):
        self.values = values  # every real cell (path → count) and each virtual sum
        self.relations = relations
        self.limit = limit
        self.primary = {p for p, v in values.items() if 1 <= v < limit and p[-1:] != _VIRTUAL}
        self.secondary: set[tuple] = set()
        self.virtual = {total for total, _parts in relations if total[-1:] == _VIRTUAL}

    def hidden(self) -> set:
        return self.primary | self.secondary

    def bounds(self, path) -> tuple[float, float]:
        if path in self.primary:
            return 1, self.limit - 1
        if path in self.virtual:
            return 0, math.inf
        return (self.limit if self.values[path] else 0), math.inf

    def leak(self):
        """The first sum from which a hidden cell can be worked out, or None."""
        hidden = self.hidden()
        known = {p for p in self.values if p not in hidden and p not in self.virtual}
        changed = True
        while changed:
            changed = False
            for relation in self.relations:
                total, parts = relation
                unknown = [c for c in [total, *parts] if c not in known]
                if len(unknown) == 1:
                    if unknown[0] in hidden:
                        return relation
                    known.add(unknown[0])
                    changed = True
                elif unknown and total in known:
                    left = self.values[total] - sum(self.values[p] for p in parts if p in known)
                    low = sum(self.bounds(p)[0] for p in unknown)
                    high = sum(self.bounds(p)[1] for p in unknown)
                    if left in (low, high):
                        return relation
        return None

    def solve(self) -> None:
        while (relation := self.leak()) is not None:
            total, parts = relation
            hidden = self.hidden()
            shown = [p for p in parts if p not in hidden and p not in self.virtual]
            nonzero = sorted((p for p in shown if self.values[p]), key=lambda p: self.values[p])
            zero = [p for p in shown if not self.values[p]]
            real_total = [total] if total not in hidden and total not in self.virtual else []
            candidates = nonzero + real_total + zero
            if not candidates:
                # Everything in this sum is hidden already; the leak came through the virtual
                # total: hide the smallest shown cell of the sums that give it.
                candidates = sorted(
                    (
                        p
                        for t, ps in self.relations
                        if t == total
                        for p in ps
                        if p not in hidden and self.values[p]
                    ),
                    key=lambda p: self.values[p],
                )
            if not candidates:
                return  # nothing left to hide
            self.secondary.add(candidates[0])


def _suppress_document(doc: dict, relations: list, limit: int, reports: list[tuple]) -> dict:
    values = _counts(doc)
    for at in reports:
        outreach = _get(doc, at)["outreach"]
        values[at + _VIRTUAL] = sum(outreach["contacts"].values())
    solver = _Solver(values, relations, limit)
    solver.solve()
    out = copy.deepcopy(doc)
    for path in solver.primary:
        _set(out, path, f"<{limit}")
    for path in solver.secondary:
        _set(out, path, SECONDARY)
    return out, solver


def _withhold_change(suppressed: dict, original: dict, previous_field: int | None, limit: int):
    """Rule 3, on one suppressed report."""
    outreach = suppressed["outreach"]
    pct = original["outreach"]["field_change_from_previous_year_pct"]
    this = original["outreach"]["contacts"]["field"]
    if pct is None:
        return
    if is_suppressed(outreach["contacts"]["field"]):
        outreach["field_change_from_previous_year_pct"] = None
        return
    if previous_field is None and pct != -100:
        # Last year's count is what the percentage and this year's count give back.
        previous_field = round(this / (1 + pct / 100))
    if previous_field is not None and 1 <= previous_field < limit:
        outreach["field_change_from_previous_year_pct"] = None


def _check_limit(limit: int) -> None:
    if limit < 2:
        raise ValueError("The small-cell limit must be 2 or more.")


def suppress(report: dict, limit: int) -> dict:
    """A copy of the annual report with small counts and what gives them away hidden (module
    docstring)."""
    _check_limit(limit)
    out, _solver = _suppress_document(report, _report_relations(report, ()), limit, [()])
    _withhold_change(out, report, None, limit)
    return out


def suppress_details(details: dict, limit: int) -> dict:
    """A copy of `annual_report_details(...)` with every figure suppressed together: the report,
    last year's outreach, the areas and the months."""
    _check_limit(limit)
    # Last year's outreach is tied together as in last year's own report, so the two side by
    # side withhold the same cells.
    relations = _report_relations(details["report"], ("report",)) + _outreach_relations(
        details["previous"], ("previous",)
    )
    by_place = details["report"]["outreach"]["by_place"]
    areas = details["by_area"]
    for i, area in enumerate(areas):
        relations.append(
            (
                ("by_area", i, "contacts"),
                [
                    ("report", "outreach", "by_place", j, "contacts")
                    for j, row in enumerate(by_place)
                    if row["area"] == area["area"]
                ],
            )
        )
    relations.append(
        (
            ("report", "outreach", "contacts", "field"),
            [("by_area", i, "contacts") for i in range(len(areas))],
        )
    )
    months = details["contacts_by_month"]
    for channel in details["report"]["outreach"]["contacts"]:
        relations.append(
            (
                ("report", "outreach", "contacts", channel),
                [("contacts_by_month", month, channel) for month in months],
            )
        )
    out, _solver = _suppress_document(details, relations, limit, [("report",), ("previous",)])
    previous_field = details["previous"]["outreach"]["contacts"]["field"]
    _withhold_change(out["report"], details["report"], previous_field, limit)
    return out


def suppress_cells(values: dict, relations: list, limit: int) -> dict:
    """Any small table: `values` maps a cell (a tuple path) to its count, `relations` are
    (sum, parts) of cells; returns the cells with small counts and what gives them away
    hidden, by the rules above ("<N" and ":")."""
    _check_limit(limit)
    solver = _Solver(dict(values), relations, limit)
    solver.solve()
    out = dict(values)
    for path in solver.primary:
        out[path] = f"<{limit}"
    for path in solver.secondary:
        out[path] = SECONDARY
    return out
