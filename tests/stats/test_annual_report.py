"""The annual report's figures (issue 17, item 2) against records built here with known totals:
the year boundary (31.12 and 1.1), anonymous rows, undone taps, one youth counted once across
many rows, imported and app records alike; and the command."""

import json
import os
import subprocess
import sys
from datetime import date, datetime, time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ungsam.cases.models import Case
from ungsam.collab.models import CollaborationRequest, Consent, Inquiry
from ungsam.concerns.models import ConcernReport, InformationRequest
from ungsam.org.models import Area, Membership, Municipality, PartnerOrganization, Place, Unit
from ungsam.outreach.models import (
    CodeName,
    ContactTally,
    Conversation,
    Group,
    GroupAttendance,
    GroupSession,
)
from ungsam.people.models import Youth
from ungsam.stats.annual_report import annual_report, annual_report_details, change_pct
from ungsam.stats.suppression import SECONDARY, suppress, suppress_details
from ungsam.transfer.models import ImportedCollaboration, ImportedConcernReport

YEAR = 2025
AGE_GROUPS = ["barneskole", "ungdomsskole", "vgs", "over18", "unknown"]
GROUP_KINDS = ["girls", "boys", "life_mastery", "gaming", "flyt"]


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class World:
    pass


@pytest.fixture
def world(personas):
    w = World()
    p = personas
    w.p = p
    w.unit = p.unit_c
    w.worker = p.field_c
    m = p.municipality
    sentrum = Area.objects.create(municipality=m, name="Sentrum")
    oster = Area.objects.create(municipality=m, name="Øst")
    w.torget = Place.objects.create(municipality=m, name="Torget", kind="street", area=sentrum)
    w.aasen = Place.objects.create(municipality=m, name="Åsen", kind="school", area=oster)
    w.banken = Place.objects.create(municipality=m, name="Banken", kind="other", area=oster)
    w.hytta = Place.objects.create(municipality=m, name="Hytta", kind="other")  # no area

    def youth(first):
        y = Youth.objects.create(
            municipality=m, first_name=first, last_name="Telt", birth_date=date(2009, 3, 1)
        )
        return Case.objects.create(youth=y, unit=w.unit)

    w.case1, w.case2, w.case3 = youth("En"), youth("To"), youth("Tre")
    # The same youth on an imported, closed case of the unit: still one youth.
    w.case1_imported = Case.objects.create(
        youth=w.case1.youth,
        unit=w.unit,
        status="closed",
        stage="closed",
        opened_on=date(2019, 1, 1),
        closed_on=date(2020, 1, 1),
        closure_outcome="moved",
        imported=True,
    )
    return w


def tally(w, day, count, channel="field", place=None, gender="girl", age="vgs", undone=False):
    return ContactTally.objects.create(
        unit=w.unit,
        place=place or w.torget,
        tapped_at=at(day),
        date=day,
        channel=channel,
        gender=gender,
        age_group=age,
        count=count,
        recorded_by=w.worker,
        undone_at=timezone.now() if undone else None,
    )


def add_contacts(w):
    tally(w, date(YEAR - 1, 12, 31), 8)  # last year: 8 field contacts
    tally(w, date(YEAR - 1, 6, 1), 2, channel="internet")  # last year, not field
    tally(w, date(YEAR, 1, 1), 3)  # first day of the year
    tally(w, date(YEAR, 12, 31), 4, place=w.aasen, gender="boy", age="ungdomsskole")
    tally(w, date(YEAR, 5, 5), 2, place=w.hytta, gender="unknown", age="unknown")
    tally(w, date(YEAR, 5, 5), 1, place=w.banken, gender="other", age="barneskole")
    tally(w, date(YEAR, 5, 6), 7, undone=True)  # undone: not counted
    tally(w, date(YEAR, 3, 3), 5, channel="gaming", gender="boy", age="over18")
    tally(w, date(YEAR, 3, 3), 6, channel="social_media", age="over18")
    tally(w, date(YEAR + 1, 1, 1), 9)  # next year


def test_contacts_by_channel_place_age_and_gender(world):
    add_contacts(world)
    report = annual_report(unit=world.unit, year=YEAR)
    outreach = report["outreach"]
    assert outreach["contacts"] == {"field": 10, "internet": 0, "social_media": 6, "gaming": 5}
    assert outreach["field_change_from_previous_year_pct"] == 25.0  # 8 → 10
    # Field only, by area then place, Norwegian order (Øst after Sentrum); no area is "".
    assert outreach["by_place"] == [
        {"area": "", "place": "Hytta", "kind": "other", "contacts": 2},
        {"area": "Sentrum", "place": "Torget", "kind": "street", "contacts": 3},
        {"area": "Øst", "place": "Banken", "kind": "other", "contacts": 1},
        {"area": "Øst", "place": "Åsen", "kind": "school", "contacts": 4},
    ]
    assert outreach["by_age_group"] == {
        "barneskole": 1,
        "ungdomsskole": 4,
        "vgs": 3,
        "over18": 11,
        "unknown": 2,
    }
    assert outreach["by_gender"] == {"girl": 9, "boy": 9, "other": 1, "unknown": 2}
    assert sum(outreach["by_gender"].values()) == sum(outreach["contacts"].values())


def test_the_change_is_null_without_a_previous_year_and_rounded_half_up():
    assert change_pct(10, 0) is None
    assert change_pct(9, 8) == 12.5
    assert change_pct(1, 3) == -66.7
    assert change_pct(2, 3) == -33.3
    assert change_pct(0, 3) == -100.0


def test_a_year_without_records_is_all_zeros_and_empty_maps(world):
    report = annual_report(unit=world.unit, year=YEAR)
    assert report == {
        "unit": "ute-c",
        "year": YEAR,
        "outreach": {
            "contacts": {"field": 0, "internet": 0, "social_media": 0, "gaming": 0},
            "field_change_from_previous_year_pct": None,
            "by_place": [],
            "by_age_group": dict.fromkeys(AGE_GROUPS, 0),
            "by_gender": {"girl": 0, "boy": 0, "other": 0, "unknown": 0},
        },
        "conversations": {"total": 0, "unique_youths": 0, "anonymous": 0},
        "groups": {
            "by_kind": {},
            "total": {"unique_youths": 0, "participations": 0, "anonymous_participations": 0},
        },
        "collaboration": {
            "with_consent": {"total": 0, "unique_youths": 0, "incoming": {}, "outgoing": {}},
            "anonymous_guidance": 0,
            "without_consent": {"total": 0, "by_service": {}},
        },
        "child_welfare": {"reports_of_concern": 0, "information_requests_answered": 0},
    }


def conversation(w, day, case=None, code_name=None, anonymous=False, unit=None):
    return Conversation.objects.create(
        unit=unit or w.unit,
        date=day,
        channel="street",
        anonymous=anonymous,
        case=case,
        code_name=code_name,
        held_by=w.worker,
    )


def test_conversations_count_each_youth_and_each_unregistered_code_name_once(world):
    w = world
    code = CodeName.objects.create(
        unit=w.unit, code="Ravn", age_group="vgs", gender="boy", created_by=w.worker
    )
    registered = CodeName.objects.create(
        unit=w.unit,
        code="Falk",
        age_group="vgs",
        gender="girl",
        created_by=w.worker,
        case=w.case1,
        registered_at=timezone.now(),
        consented_on=date(YEAR, 2, 1),
    )
    conversation(w, date(YEAR, 1, 1), case=w.case1)
    conversation(w, date(YEAR, 6, 1), case=w.case1)
    conversation(w, date(YEAR, 7, 1), case=w.case1_imported)  # same youth, imported case
    conversation(w, date(YEAR, 3, 1), code_name=registered)  # Falk is youth 1
    conversation(w, date(YEAR, 3, 2), code_name=code)
    conversation(w, date(YEAR, 3, 3), code_name=code)
    conversation(w, date(YEAR, 12, 31), case=w.case2)
    conversation(w, date(YEAR, 4, 1), anonymous=True)
    conversation(w, date(YEAR, 4, 2), anonymous=True)
    conversation(w, date(YEAR - 1, 12, 31), case=w.case3)  # last year
    conversation(w, date(YEAR + 1, 1, 1), anonymous=True)  # next year
    conversation(w, date(YEAR, 5, 1), case=w.p.youth_a.cases.get(), unit=w.p.unit_a)  # not ours
    assert annual_report(unit=w.unit, year=YEAR)["conversations"] == {
        "total": 9,
        "unique_youths": 3,  # youth 1, youth 2, Ravn
        "anonymous": 2,
    }


def session(w, group, day, anonymous=0, cases=()):
    s = GroupSession.objects.create(
        group=group, date=day, anonymous_count=anonymous, recorded_by=w.worker
    )
    for case in cases:
        GroupAttendance.objects.create(session=s, case=case)
    return s


def test_groups_per_kind_and_distinct_youths_across_kinds(world):
    w = world
    girls = Group.objects.create(unit=w.unit, name="Jentegruppa", kind="girls")
    boys = Group.objects.create(unit=w.unit, name="Guttegruppa", kind="boys")
    gaming = Group.objects.create(unit=w.unit, name="Spillkveld", kind="gaming")
    flyt = Group.objects.create(unit=w.unit, name="FLYT", kind="flyt")
    session(w, girls, date(YEAR, 1, 1), anonymous=3, cases=[w.case1])
    session(w, girls, date(YEAR, 2, 1), anonymous=1, cases=[w.case1, w.case2])
    session(w, girls, date(YEAR, 3, 1), cases=[w.case1_imported])  # youth 1 again
    session(w, boys, date(YEAR, 12, 31), cases=[w.case1, w.case3])
    session(w, gaming, date(YEAR, 5, 1), anonymous=2)  # anonymous only: listed
    session(w, flyt, date(YEAR - 1, 12, 31), anonymous=4, cases=[w.case2])  # last year
    session(w, flyt, date(YEAR, 6, 1))  # nobody: not listed
    assert annual_report(unit=w.unit, year=YEAR)["groups"] == {
        "by_kind": {
            "girls": {"unique_youths": 2, "participations": 4, "anonymous_participations": 4},
            "boys": {"unique_youths": 2, "participations": 2, "anonymous_participations": 0},
            "gaming": {"unique_youths": 0, "participations": 0, "anonymous_participations": 2},
        },
        "total": {"unique_youths": 3, "participations": 6, "anonymous_participations": 6},
    }


def consent_for(case):
    return Consent.objects.create(
        youth=case.youth,
        case=case,
        status="given",
        purpose="Samarbeid.",
        given_as="written",
        given_by_youth=True,
        valid_from=at(date(YEAR - 1, 1, 1)),
        valid_until=at(date(YEAR + 1, 12, 31)),
    )


def request(w, case, sent, direction="outgoing", service="skole", consent=True):
    partner = PartnerOrganization.objects.get_or_create(
        municipality=w.p.municipality, name=f"Partner {service}", kind=service
    )[0]
    basis = {"consent": consent_for(case)} if consent else {"exception": "emergency"}
    return CollaborationRequest.objects.create(
        case=case,
        direction=direction,
        partner=partner,
        service=service,
        asked="Hjelp.",
        sent_at=sent,
        **basis,
    )


def inquiry(w, day, kind="inquiry", service="politi"):
    return Inquiry.objects.create(
        unit=w.unit,
        kind=kind,
        service=service,
        direction="incoming",
        on_date=day,
        topic="school",
        recorded_by=w.worker,
    )


def test_collaboration_counts_app_and_imported_records_alike(world):
    w = world
    # Midnight in Oslo is the boundary: 31.12 23:30 is last year, 1.1 00:30 this year.
    request(w, w.case1, timezone.make_aware(datetime(YEAR - 1, 12, 31, 23, 30)))
    request(w, w.case1, timezone.make_aware(datetime(YEAR, 1, 1, 0, 30)))
    request(w, w.case1, at(date(YEAR, 5, 1)), service="nav")
    request(w, w.case2, at(date(YEAR, 12, 31)), direction="incoming", service="nav")
    request(w, w.case3, at(date(YEAR, 5, 1)), consent=False)  # no consent: not counted
    ImportedCollaboration.objects.create(
        unit=w.unit, case=w.case1_imported, date=date(YEAR, 2, 2), direction="outgoing",
        service="skole",
    )  # fmt: skip
    ImportedCollaboration.objects.create(
        unit=w.unit, case=w.case3, date=date(YEAR, 2, 2), direction="incoming", service="politi"
    )
    ImportedCollaboration.objects.create(
        unit=w.unit, case=w.case3, date=date(YEAR + 1, 1, 1), direction="incoming",
        service="politi",
    )  # fmt: skip
    inquiry(w, date(YEAR, 1, 1))
    inquiry(w, date(YEAR, 12, 31), service="nav")
    inquiry(w, date(YEAR, 6, 1), service="politi")
    inquiry(w, date(YEAR - 1, 12, 31))
    inquiry(w, date(YEAR, 6, 1), kind="anonymous_guidance", service="skole")
    assert annual_report(unit=w.unit, year=YEAR)["collaboration"] == {
        "with_consent": {
            "total": 5,
            "unique_youths": 3,  # youth 1 (app and imported), youth 2, youth 3 (imported)
            "incoming": {"politi": 1, "nav": 1},
            "outgoing": {"skole": 2, "nav": 1},
        },
        "anonymous_guidance": 1,
        "without_consent": {"total": 3, "by_service": {"politi": 2, "nav": 1}},
    }


def test_child_welfare_counts_app_and_imported_records_alike(world):
    w = world
    child_welfare = PartnerOrganization.objects.create(
        municipality=w.p.municipality, name="Barnevernet", kind="barnevern"
    )
    membership = Membership.objects.get(user=w.worker)

    def report(sent_at):
        return ConcernReport.objects.create(
            case=w.case1,
            youth=w.case1.youth,
            author=w.worker,
            author_membership=membership,
            recipient=child_welfare,
            assessment="x",
            reporter_role="miljøarbeider",
            reporter_phone="1",
            reporter_email="a@b.no",
            report="x",
            history="x",
            sent_at=sent_at,
            channel="fiks" if sent_at else "",
            document={} if sent_at else None,
        )

    report(timezone.make_aware(datetime(YEAR, 1, 1, 0, 5)))
    report(timezone.make_aware(datetime(YEAR - 1, 12, 31, 23, 55)))  # last year
    report(None)  # a draft
    for received, answered in [
        (date(YEAR - 1, 12, 20), date(YEAR, 1, 2)),
        (date(YEAR, 12, 20), date(YEAR + 1, 1, 2)),
        (date(YEAR, 3, 1), None),
    ]:
        InformationRequest.objects.create(
            case=w.case2,
            youth=w.case2.youth,
            partner=child_welfare,
            received_on=received,
            asked="x",
            legal_basis="bvl § 13-2",
            answered_on=answered,
            given="Svar." if answered else "",
            recorded_by=w.worker,
        )
    for day, kind in [
        (date(YEAR, 4, 1), "report"),
        (date(YEAR, 4, 2), "report"),
        (date(YEAR, 4, 3), "information_request_answered"),
        (date(YEAR - 1, 4, 3), "information_request_answered"),
    ]:
        ImportedConcernReport.objects.create(unit=w.unit, case=w.case3, date=day, kind=kind)
    assert annual_report(unit=w.unit, year=YEAR)["child_welfare"] == {
        "reports_of_concern": 3,
        "information_requests_answered": 2,
    }


def test_it_counts_in_a_fixed_number_of_queries_whatever_the_volume(
    world, django_assert_num_queries
):
    add_contacts(world)
    with django_assert_num_queries(11):
        annual_report(unit=world.unit, year=YEAR)
    for i in range(30):
        tally(world, date(YEAR, 2, 1 + i % 28), 1, place=world.banken)
        conversation(world, date(YEAR, 2, 1), anonymous=True)
        inquiry(world, date(YEAR, 2, 1), service="nav")
    # Every dimension the report groups by grows too (places and areas, kinds of group,
    # services, youths), so a query per place, kind or service would show.
    services = ["nav", "skole", "politi", "barnevern", "familieteamet"]
    cases = [world.case1, world.case2, world.case3]
    for i, (kind, service) in enumerate(zip(GROUP_KINDS, services, strict=False)):
        area = Area.objects.create(municipality=world.p.municipality, name=f"Område {i}")
        where = Place.objects.create(
            municipality=world.p.municipality, name=f"Sted {i}", kind="street", area=area
        )
        tally(world, date(YEAR, 3, 1), 10 + i, place=where)
        group = Group.objects.create(unit=world.unit, name=f"Gruppe {i}", kind=kind)
        session(world, group, date(YEAR, 3, 1), anonymous=1, cases=cases[: 1 + i % 3])
        request(world, cases[i % 3], at(date(YEAR, 3, 1)), service=service)
        request(world, cases[i % 3], at(date(YEAR, 3, 2)), direction="incoming", service=service)
        ImportedCollaboration.objects.create(
            unit=world.unit, case=cases[i % 3], date=date(YEAR, 3, 3), direction="outgoing",
            service=service,
        )  # fmt: skip
        inquiry(world, date(YEAR, 3, 1), service=service)
        ImportedConcernReport.objects.create(
            unit=world.unit, case=cases[i % 3], date=date(YEAR, 3, 4), kind="report"
        )
    with django_assert_num_queries(11):
        grown = annual_report(unit=world.unit, year=YEAR)
    assert len(grown["outreach"]["by_place"]) == 9
    assert len(grown["groups"]["by_kind"]) == 5
    assert len(grown["collaboration"]["with_consent"]["incoming"]) == 5
    assert grown["child_welfare"]["reports_of_concern"] == 5


def test_the_details_hold_last_year_the_areas_and_the_months(world, django_assert_num_queries):
    add_contacts(world)
    # The report's queries and one for the months: last year's contacts come from the same
    # pass as the report's change from last year.
    with django_assert_num_queries(12):
        details = annual_report_details(unit=world.unit, year=YEAR)
    assert details["report"] == annual_report(unit=world.unit, year=YEAR)
    assert details["previous"]["outreach"]["contacts"]["field"] == 8
    assert details["previous"] == {
        "year": YEAR - 1,
        "outreach": {
            "contacts": {"field": 8, "internet": 2, "social_media": 0, "gaming": 0},
            "by_place": [{"area": "Sentrum", "place": "Torget", "kind": "street", "contacts": 8}],
            "by_age_group": {
                "barneskole": 0,
                "ungdomsskole": 0,
                "vgs": 10,
                "over18": 0,
                "unknown": 0,
            },
            "by_gender": {"girl": 10, "boy": 0, "other": 0, "unknown": 0},
        },
    }
    assert details["by_area"] == [
        {"area": "", "contacts": 2, "places": 1},
        {"area": "Sentrum", "contacts": 3, "places": 1},
        {"area": "Øst", "contacts": 5, "places": 2},
    ]
    months = details["contacts_by_month"]
    assert months[1]["field"] == 3 and months[12]["field"] == 4 and months[3]["gaming"] == 5
    assert sum(m["field"] for m in months.values()) == 10


def test_last_years_figures_are_withheld_as_in_last_years_own_report(world):
    """Side by side with last year's report, this year's "the year before" column gives
    nothing away: last year's 2 internet contacts are "<5", and its 8 in the field, which its
    age groups' total (10) would give them back from, are withheld in both."""
    add_contacts(world)
    details = suppress_details(annual_report_details(unit=world.unit, year=YEAR), 5)
    own = suppress(annual_report(unit=world.unit, year=YEAR - 1), 5)
    shown = details["previous"]["outreach"]["contacts"]
    assert shown == {"field": SECONDARY, "internet": "<5", "social_media": 0, "gaming": 0}
    assert shown == own["outreach"]["contacts"]


def test_the_command_writes_the_json_report_to_stdout_and_the_summary_to_stderr(
    world, capsys, tmp_path
):
    add_contacts(world)
    call_command("annual_report", unit="ute-c", year=str(YEAR), format="json")
    out, err = capsys.readouterr()
    assert json.loads(out) == annual_report(unit=world.unit, year=YEAR)
    assert "ute-c" not in err and "Ute C" in err  # the summary names the unit, on stderr
    call_command("annual_report", unit="ute-c", year=str(YEAR), suppress=5)
    suppressed = json.loads(capsys.readouterr()[0])
    assert suppressed["outreach"]["contacts"]["gaming"] == 5
    assert suppressed["outreach"]["by_place"][0]["contacts"] == "<5"
    target = tmp_path / "r.json"
    call_command("annual_report", unit="ute-c", year=str(YEAR), output=str(target))
    assert capsys.readouterr()[0] == ""
    assert json.loads(target.read_text())["year"] == YEAR


@pytest.mark.parametrize(
    "options",
    [
        {"unit": "finnes-ikke", "year": str(YEAR)},
        {"unit": "ute-c", "year": "20x5"},
        {"unit": "ute-c", "year": "1999"},
        {"unit": "ute-c", "year": str(timezone.localdate().year + 1)},
        {"unit": "ute-c", "year": str(YEAR), "municipality": "0001"},
        {"unit": "ute-c", "year": str(YEAR), "suppress": 1},
    ],
)
def test_the_command_refuses_an_unknown_unit_or_year(world, options, capsys):
    with pytest.raises(CommandError):
        call_command("annual_report", **options)
    assert capsys.readouterr()[0] == ""


def test_the_command_tells_units_of_two_municipalities_apart(world, capsys):
    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    Unit.objects.create(municipality=other, name="Ute C", kind="outreach")
    with pytest.raises(CommandError, match="9997, 9998"):
        call_command("annual_report", unit="ute-c", year=str(YEAR))
    call_command("annual_report", unit="ute-c", year=str(YEAR), municipality="9997")
    assert json.loads(capsys.readouterr()[0])["unit"] == "ute-c"


def test_the_command_exits_non_zero_with_the_message_on_stderr(world):
    # A real process: the exit code and where the message goes.
    result = subprocess.run(
        [sys.executable, "manage.py", "annual_report", "--unit", "x", "--year", "nope"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ungsam.settings_test"},
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "YYYY" in result.stderr or "ÅÅÅÅ" in result.stderr
