"""The annual report as readers see it: sections with short generated sentences, tables and
charts, built once from the report's JSON (ungsam.stats.annual_report) and drawn by the HTML,
PDF and Excel renderers alike, so the three never disagree. It reads like seed 004's figures
section: outreach contacts, contacts per area and place, age and gender, follow-up
conversations, groups, collaboration with and without consent, and child welfare.

A count is an int, or a string such as "<5" where small-cell suppression withheld it
(ungsam.stats.suppression); every total here is read from the report, never summed from
cells that may be withheld, so the document cannot give a suppressed cell away."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ungsam.org.models import PlaceKind, ServiceCode
from ungsam.outreach.models import AgeGroup, ContactChannel, GroupKind
from ungsam.outreach.models import Gender as StatisticsGender

Count = int | str


@dataclass
class Table:
    key: str  # unique in the report: the chart's id, the Excel sheet's name
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    # The figures of a chart over the table: [(label, count)]; a withheld count draws no bar.
    chart: list[tuple[str, Count]] | None = None
    chart_title: str = ""
    note: str = ""
    # The Excel sheet's name when the title would not fit its 31 characters (else the title).
    sheet: str = ""


@dataclass
class Section:
    key: str
    title: str
    sentences: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportContent:
    title: str
    unit_name: str
    year: int
    intro: list[str]
    sections: list[Section]
    limit: int | None  # the small-cell limit the counts were suppressed with, or None

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


def is_withheld(value) -> bool:
    return isinstance(value, str)


def count_text(value: Count) -> str:
    """A count in a table: 1 234 (grouped as the language writes it), or "<5" as withheld."""
    if value is None:
        return "–"
    if not isinstance(value, int):
        return str(value)  # withheld ("<5", ":"), or a label that reached a count's column
    return number_format(value, force_grouping=True)


def count_words(value: Count) -> str:
    """A count in a sentence: a small one withheld ("<5") reads "fewer than 5"; one withheld so
    the small ones cannot be worked out (":", Statistics Norway's sign) reads "a withheld
    number"."""
    if is_withheld(value):
        if value.startswith("<"):
            return _("fewer than %(limit)s") % {"limit": value.lstrip("<")}
        return _("a withheld number of")
    return count_text(value)


def _plural_n(value: Count) -> int:
    # A withheld count is at least one and may be several: the plural reads right for it.
    return value if isinstance(value, int) else 2


def percent_text(value: float) -> str:
    return number_format(abs(value), decimal_pos=1, force_grouping=True)


def field_contacts_sentence(
    *, unit_name: str, year: int, count: Count, change_pct, before: Count | None = 0
) -> str:
    """Seed 004: "I 2023 hadde OUT … treff …, en økning på … % fra 2022." Without a change it
    says there was nothing to compare with when `before` (last year's count, where known) is 0;
    a change withheld by suppression is just left out."""
    n = _plural_n(count)
    if count == 0:
        first = _("In %(year)s, %(unit)s registered no contacts in the field") % {
            "year": year,
            "unit": unit_name,
        }
    else:
        first = ngettext(
            "In %(year)s, %(unit)s registered %(count)s contact in the field",
            "In %(year)s, %(unit)s registered %(count)s contacts in the field",
            n,
        ) % {"year": year, "unit": unit_name, "count": count_words(count)}
    if change_pct is None or isinstance(change_pct, str) or is_withheld(count):
        if change_pct is None and not is_withheld(count) and before == 0:
            return first + _(", and none the year before to compare with.")
        return first + "."
    if change_pct > 0:
        return first + _(", an increase of %(pct)s %% from the year before.") % {
            "pct": percent_text(change_pct)
        }
    if change_pct < 0:
        return first + _(", a decrease of %(pct)s %% from the year before.") % {
            "pct": percent_text(change_pct)
        }
    return first + _(", the same as the year before.")


def _labelled(mapping: dict, choices, *, keep_zero: bool = True) -> list[tuple[str, Count]]:
    """[(label, count)] in the code list's order, then codes the list does not know."""
    labels = dict(choices)
    rows = [(labels[code], mapping[code]) for code in labels if code in mapping]
    rows += [(code, n) for code, n in mapping.items() if code not in labels]
    return [(label, n) for label, n in rows if keep_zero or n != 0]


def _largest(rows: list[tuple[str, Count]]) -> tuple[str, int] | None:
    """The row with the largest count, when every count is known and one stands out."""
    if not rows or any(is_withheld(n) for _label, n in rows):
        return None
    ordered = sorted(rows, key=lambda r: r[1], reverse=True)
    top = ordered[0]
    if top[1] == 0 or (len(ordered) > 1 and ordered[1][1] == top[1]):
        return None
    return top


def _outreach_section(report: dict, unit_name: str, details: dict, limit: int | None) -> Section:
    previous = details.get("previous")
    outreach = report["outreach"]
    contacts = outreach["contacts"]
    year = report["year"]
    sentences = [
        field_contacts_sentence(
            unit_name=unit_name,
            year=year,
            count=contacts.get("field", 0),
            change_pct=outreach.get("field_change_from_previous_year_pct"),
            # Without last year's figures a null change means none last year, unless the
            # report is suppressed (then it may be withheld).
            before=previous["outreach"]["contacts"].get("field", 0)
            if previous
            else (None if limit else 0),
        ),
        _(
            "Online there were %(internet)s contacts on the internet, %(social)s on social media "
            "and %(gaming)s through gaming."
        )
        % {
            "internet": count_words(contacts.get("internet", 0)),
            "social": count_words(contacts.get("social_media", 0)),
            "gaming": count_words(contacts.get("gaming", 0)),
        },
    ]
    rows = _labelled(contacts, ContactChannel.choices)
    header = [_("Channel"), _("Contacts")]
    body = [[label, n] for label, n in rows]
    if previous:
        # Last year's figures beside this year's (suppressed alike by the caller).
        before = dict(_labelled(previous["outreach"]["contacts"], ContactChannel.choices))
        header.append(_("The year before"))
        for row in body:
            row.append(before.get(row[0], 0))
    channel = Table(
        key="channels",
        title=_("Contacts by channel"),
        header=header,
        rows=body,
        chart=rows,
        chart_title=_("Bar chart of contacts by channel; the same numbers are in the table below."),
    )
    age_rows = _labelled(outreach["by_age_group"], AgeGroup.choices)
    gender_rows = _labelled(outreach["by_gender"], StatisticsGender.choices)
    largest = _largest(age_rows)
    if largest:
        sentences.append(
            _("Most contacts were with youth in the group “%(group)s” (%(count)s).")
            % {"group": largest[0], "count": count_text(largest[1])}
        )
    age = Table(
        key="age_groups",
        title=_("Contacts by age group (all channels)"),
        header=[_("Age group"), _("Contacts")],
        rows=[[label, n] for label, n in age_rows],
        chart=age_rows,
        chart_title=_(
            "Bar chart of contacts by age group; the same numbers are in the table below."
        ),
    )
    gender = Table(
        key="genders",
        title=_("Contacts by gender (all channels)"),
        header=[_("Gender"), _("Contacts")],
        rows=[[label, n] for label, n in gender_rows],
        chart=gender_rows,
        chart_title=_("Bar chart of contacts by gender; the same numbers are in the table below."),
    )
    tables = [channel]
    months = details.get("contacts_by_month")
    if months:
        tables.append(_months_table(months))
    return Section(
        key="outreach",
        title=_("Outreach work"),
        sentences=sentences,
        tables=[*tables, age, gender],
    )


def _sum_known(values) -> Count | None:
    """The sum of counts all shown; None (no bar) when one is withheld."""
    return None if any(is_withheld(v) for v in values) else sum(values)


def _months_table(months: dict) -> Table:
    """Contacts per month and channel ({1..12: {channel: n}}), suppressed together with the
    report by the caller (suppression.suppress_details)."""
    channels = ContactChannel.choices
    rows = []
    for month in range(1, 13):
        counts = months.get(month) or {}
        rows.append(
            [
                date_format(date(2000, month, 1), "F").capitalize(),
                *(counts.get(code, 0) for code, _label in channels),
            ]
        )
    return Table(
        key="months",
        title=_("Contacts by month and channel"),
        header=[_("Month"), *(label for _code, label in channels)],
        rows=rows,
        chart=[(row[0][:3], _sum_known(row[1:])) for row in rows],
        chart_title=_(
            "Bar chart of contacts per month, all channels; the same numbers are in the table "
            "below."
        ),
    )


def _places_section(report: dict, unit_name: str, details: dict, limit: int | None) -> Section:
    """Seed 004's tables per area: "Sted – Antall treff", one table per area, field only."""
    kinds = dict(PlaceKind.choices)
    areas: dict[str, list[dict]] = {}
    for row in report["outreach"]["by_place"]:
        areas.setdefault(row["area"], []).append(row)
    # The areas' totals as suppressed with the rest (details), else summed where all is shown.
    given = {a["area"]: a["contacts"] for a in details.get("by_area") or ()}
    totals = {
        area: given[area] if area in given else _sum_known([r["contacts"] for r in rows])
        for area, rows in areas.items()
    }
    tables = []
    for i, (area, rows) in enumerate(areas.items(), start=1):
        body = [[r["place"], kinds.get(r["kind"], r["kind"]), r["contacts"]] for r in rows]
        note = ""
        if totals[area] is not None:
            body.append([_("Total"), "", totals[area]])
        else:
            # The area's total would let a withheld place be worked out from the others.
            note = _("No total: it would reveal the small numbers withheld above.")
        tables.append(
            Table(
                key=f"area_{i}",
                title=_("Contacts in the field: %(area)s") % {"area": area or _("No area")},
                # The title's first 31 characters would cut the area's name off.
                sheet=area or _("No area"),
                header=[_("Place"), _("Kind of place"), _("Contacts")],
                rows=body,
                note=note,
            )
        )
    summary = [(area or _("No area"), n) for area, n in totals.items()]
    if len(summary) > 1:
        tables.insert(
            0,
            Table(
                key="areas",
                title=_("Contacts in the field by area"),
                header=[_("Area"), _("Contacts")],
                rows=[[area, n] for area, n in summary],
                chart=[(area, n) for area, n in summary],
                chart_title=_(
                    "Bar chart of contacts in the field by area; the same numbers are in the "
                    "table below."
                ),
                note=_("– : withheld, since it would reveal small numbers.")
                if any(n is None for _area, n in summary)
                else "",
            ),
        )
    sentences = []
    if tables:
        places = len(report["outreach"]["by_place"])
        sentences.append(
            ngettext(
                "Contacts in the field were registered at %(places)s place, shown below by area.",
                "Contacts in the field were registered at %(places)s places, shown below by area.",
                places,
            )
            % {"places": places}
        )
    else:
        sentences.append(_("No contacts in the field were registered at a place this year."))
    return Section(
        key="places",
        title=_("Contacts in the field by area and place"),
        sentences=sentences,
        tables=tables,
    )


def _conversations_section(
    report: dict, unit_name: str, details: dict, limit: int | None
) -> Section:
    c = report["conversations"]
    year = report["year"]
    sentences = [
        ngettext(
            "In total in %(year)s, %(unit)s registered %(total)s follow-up conversation with "
            "youth.",
            "In total in %(year)s, %(unit)s registered %(total)s follow-up conversations with "
            "youth.",
            _plural_n(c["total"]),
        )
        % {"year": year, "unit": unit_name, "total": count_words(c["total"])},
        ngettext(
            "The conversations were with %(youths)s unique youth; %(anonymous)s of them were "
            "anonymous and are not counted among the unique youths.",
            "The conversations were with %(youths)s unique youths; %(anonymous)s of them were "
            "anonymous and are not counted among the unique youths.",
            _plural_n(c["unique_youths"]),
        )
        % {"youths": count_words(c["unique_youths"]), "anonymous": count_words(c["anonymous"])},
    ]
    table = Table(
        key="conversations",
        title=_("Follow-up conversations"),
        header=[_("Figure"), _("Count")],
        rows=[
            [_("Conversations"), c["total"]],
            [_("Unique youths"), c["unique_youths"]],
            [_("Anonymous conversations"), c["anonymous"]],
        ],
    )
    return Section(
        key="conversations",
        title=_("Individual follow-up"),
        sentences=sentences,
        tables=[table],
    )


def _groups_section(report: dict, unit_name: str, details: dict, limit: int | None) -> Section:
    g = report["groups"]
    total = g["total"]
    year = report["year"]
    labels = dict(GroupKind.choices)
    kinds = [k for k in labels if k in g["by_kind"]] + [k for k in g["by_kind"] if k not in labels]
    rows = []
    for kind in kinds:
        n = g["by_kind"][kind]
        rows.append(
            [
                labels.get(kind, kind),
                n["unique_youths"],
                n["participations"],
                n["anonymous_participations"],
            ]
        )
    rows.append(
        [
            _("All groups"),
            total["unique_youths"],
            total["participations"],
            total["anonymous_participations"],
        ]
    )
    sentences = [
        _("In %(year)s, %(youths)s unique youths took part %(times)s times in the groups.")
        % {
            "year": year,
            "youths": count_words(total["unique_youths"]),
            "times": count_words(total["participations"]),
        },
    ]
    if total["anonymous_participations"] != 0:
        sentences.append(
            _("Youths who stayed anonymous took part a further %(times)s times.")
            % {"times": count_words(total["anonymous_participations"])}
        )
    table = Table(
        key="groups",
        title=_("Groups by kind"),
        header=[
            _("Kind of group"),
            _("Unique youths"),
            _("Participations"),
            _("Anonymous participations"),
        ],
        rows=rows,
        note=_("A youth in several kinds of group is counted once in “All groups”."),
        chart=[(r[0], r[2]) for r in rows[:-1]],
        chart_title=_(
            "Bar chart of participations by kind of group; the same numbers are in the table below."
        ),
    )
    return Section(key="groups", title=_("Groups"), sentences=sentences, tables=[table])


def _service_table(key: str, title: str, by_service: dict, chart_title: str) -> Table:
    rows = _labelled(by_service, ServiceCode.choices, keep_zero=False)
    return Table(
        key=key,
        title=title,
        header=[_("Service"), _("Count")],
        rows=[[label, n] for label, n in rows],
        chart=rows,
        chart_title=chart_title,
    )


def _collaboration_section(
    report: dict, unit_name: str, details: dict, limit: int | None
) -> Section:
    c = report["collaboration"]
    w = c["with_consent"]
    year = report["year"]
    sentences = [
        _(
            "On behalf of youth, %(unit)s collaborated with other services %(total)s times in "
            "%(year)s, for %(youths)s unique youths."
        )
        % {
            "unit": unit_name,
            "total": count_words(w["total"]),
            "year": year,
            "youths": count_words(w["unique_youths"]),
        },
        _(
            "%(unit)s also advised and guided anonymous youths and parents on to other services "
            "%(count)s times."
        )
        % {"unit": unit_name, "count": count_words(c["anonymous_guidance"])},
        _("The tables show collaboration where the youth consented."),
    ]
    tables = [
        _service_table(
            "incoming",
            _("Incoming collaboration from other services"),
            w["incoming"],
            _(
                "Bar chart of incoming collaboration by service; the same numbers are in the "
                "table below."
            ),
        ),
        _service_table(
            "outgoing",
            _("Referrals and outgoing collaboration"),
            w["outgoing"],
            _(
                "Bar chart of outgoing collaboration by service; the same numbers are in the "
                "table below."
            ),
        ),
    ]
    tables[0].note = _("Where other services contacted %(unit)s about a youth.") % {
        "unit": unit_name
    }
    tables[1].note = _("Where %(unit)s contacted other services about a youth.") % {
        "unit": unit_name
    }
    summary = Table(
        key="collaboration",
        title=_("Collaboration with other services"),
        header=[_("Figure"), _("Count")],
        rows=[
            [_("Collaboration with consent"), w["total"]],
            [_("Unique youths"), w["unique_youths"]],
            [_("Anonymous guidance"), c["anonymous_guidance"]],
        ],
    )
    return Section(
        key="collaboration",
        title=_("Collaboration with other services"),
        sentences=sentences,
        tables=[summary, *tables],
    )


def _inquiries_section(report: dict, unit_name: str, details: dict, limit: int | None) -> Section:
    w = report["collaboration"]["without_consent"]
    sentences = [
        _(
            "In %(year)s, %(unit)s worked on a general basis with parents or other services "
            "in %(total)s cases where there was no consent to collaborate about a youth."
        )
        % {"year": report["year"], "unit": unit_name, "total": count_words(w["total"])},
        _("In these inquiries no information about a youth is shared; advice is general."),
    ]
    table = _service_table(
        "inquiries",
        _("Inquiries without consent by service"),
        w["by_service"],
        _("Bar chart of inquiries by service; the same numbers are in the table below."),
    )
    table.rows.append([_("Total"), w["total"]])
    return Section(
        key="inquiries",
        title=_("Inquiries without consent"),
        sentences=sentences,
        tables=[table],
    )


def _child_welfare_section(
    report: dict, unit_name: str, details: dict, limit: int | None
) -> Section:
    cw = report["child_welfare"]
    sentences = [
        _(
            "In %(year)s, %(unit)s sent %(reports)s reports of concern to child welfare and "
            "answered %(requests)s requests for information from child welfare."
        )
        % {
            "year": report["year"],
            "unit": unit_name,
            "reports": count_words(cw["reports_of_concern"]),
            "requests": count_words(cw["information_requests_answered"]),
        }
    ]
    table = Table(
        key="child_welfare",
        title=_("Reports of concern to child welfare"),
        header=[_("Figure"), _("Count")],
        rows=[
            [_("Reports of concern sent"), cw["reports_of_concern"]],
            [_("Requests for information answered"), cw["information_requests_answered"]],
        ],
    )
    return Section(
        key="child_welfare",
        title=_("Reports of concern to child welfare"),
        sentences=sentences,
        tables=[table],
    )


SECTIONS = (
    _outreach_section,
    _places_section,
    _conversations_section,
    _groups_section,
    _collaboration_section,
    _inquiries_section,
    _child_welfare_section,
)


def report_content(
    report: dict, details: dict | None = None, *, unit_name: str = "", limit: int | None = None
) -> ReportContent:
    """`report` is annual_report()'s dict, suppressed or not; `limit` the small-cell limit it
    was suppressed with (None: exact figures)."""
    name = unit_name or report["unit"]
    intro = [
        _(
            "Figures from the records of %(unit)s for the calendar year %(year)s. They hold no "
            "personal data."
        )
        % {"unit": name, "year": report["year"]}
    ]
    if limit:
        intro.append(
            _(
                "Numbers from 1 to %(largest)s are shown as “<%(limit)s”, and a number that "
                "would let them be worked out from a total is shown as “:”, so no one can be "
                "recognised."
            )
            % {"largest": limit - 1, "limit": limit}
        )
    return ReportContent(
        title=_("Annual report %(year)s: %(unit)s") % {"year": report["year"], "unit": name},
        unit_name=name,
        year=report["year"],
        intro=intro,
        sections=[build(report, name, details or {}, limit) for build in SECTIONS],
        limit=limit,
    )
