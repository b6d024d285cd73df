"""`manage.py import_bundle` and transfer.services (issue 17, item 1): what each file
becomes, all or nothing, idempotency, every error kind named by file and line, --create and
--municipality, and who sees the imported youth."""

import io
import zipfile
from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from tests.transfer.conftest import SMALL
from ungsam.access import policy
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent
from ungsam.cases.models import Case
from ungsam.collab.models import Inquiry
from ungsam.org.models import Area, Municipality, Place, Unit, User
from ungsam.outreach.models import (
    ContactTally,
    Conversation,
    Group,
    GroupAttendance,
    GroupSession,
)
from ungsam.people.models import Youth
from ungsam.transfer.models import (
    IMPORT_ACCOUNT_USERNAME,
    ImportedCollaboration,
    ImportedConcernReport,
    ImportedRow,
)
from ungsam.transfer.services import BundleInvalid, import_bundle, preview_bundle

MODELS = (ContactTally, Place, Area, Youth, Case, Conversation, Group, GroupSession,
          GroupAttendance, Inquiry, ImportedCollaboration, ImportedConcernReport, ImportedRow,
          Unit, Municipality, AuditEvent)  # fmt: skip


def snapshot() -> dict:
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts["anonymous"] = GroupSession.objects.aggregate(n=Sum("anonymous_count"))["n"]
    counts["contacts"] = ContactTally.objects.aggregate(n=Sum("count"))["n"]
    return counts


def run(path, *args) -> tuple[int, str, str]:
    """The command's exit status, standard output and standard error (in the msgids' English,
    so the tests read the same before and after the Norwegian catalogue is compiled)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with translation.override("en"):
            call_command("import_bundle", str(path), *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_each_file_becomes_the_apps_records(personas, bundle_dir):
    code, out, err = run(bundle_dir(SMALL), "--unit", "ute-c")
    assert (code, err) == (0, "")
    unit = personas.unit_c
    account = User.objects.get(username=IMPORT_ACCOUNT_USERNAME)
    assert not account.is_active and not account.has_usable_password()
    assert not account.memberships.exists()

    torget = Place.objects.get(municipality=personas.municipality, name="Torget")
    assert (torget.kind, torget.area.name) == ("street", "Sentrum")
    tally = ContactTally.objects.get(place=torget)
    noon = timezone.make_aware(datetime.combine(date(2025, 3, 1), time(12)))
    assert (tally.unit, tally.date, tally.tapped_at, tally.count) == (
        unit,
        date(2025, 3, 1),
        noon,
        3,
    )
    assert (tally.channel, tally.gender, tally.age_group, tally.depth) == (
        "field",
        "girl",
        "vgs",
        1,
    )
    assert tally.recorded_by == account

    kari = Youth.objects.get(first_name="Kari")
    case = Case.objects.get(youth=kari)
    assert (case.unit, case.status, case.stage, case.imported) == (unit, "closed", "closed", True)
    assert case.closure_outcome == "other"
    # Her rows run from the conversation of 1 April to the answered request of 1 July.
    assert (case.opened_on, case.closed_on) == (date(2025, 4, 1), date(2025, 7, 1))
    assert not case.contacts.exists()
    history = list(case.stage_changes.values_list("stage", "at__date"))
    assert history == [("active", date(2025, 4, 1)), ("closed", date(2025, 7, 1))]
    per = Case.objects.get(youth__first_name="Per")
    assert (per.opened_on, per.closed_on) == (date(2025, 2, 1), date(2025, 2, 1))

    named, anonymous = Conversation.objects.filter(unit=unit).order_by("anonymous")
    assert (named.case, named.anonymous, named.held_by) == (case, False, account)
    assert (anonymous.case, anonymous.anonymous, anonymous.channel) == (None, True, "phone")

    group = Group.objects.get(unit=unit)
    assert (group.name, group.kind) == ("Jentegruppa", "girls")
    sessions = {s.date: s for s in GroupSession.objects.filter(group=group)}
    assert sessions[date(2025, 5, 1)].anonymous_count == 2
    assert list(sessions[date(2025, 5, 1)].attendance.values_list("case", flat=True)) == [case.pk]
    assert sessions[date(2025, 5, 8)].anonymous_count == 0

    collaboration = ImportedCollaboration.objects.get()
    assert (collaboration.case, collaboration.direction, collaboration.service) == (
        case,
        "outgoing",
        "nav",
    )
    kinds = dict(Inquiry.objects.filter(unit=unit).values_list("service", "kind"))
    assert kinds == {"skole": "anonymous_guidance", "politi": "inquiry"}
    assert set(ImportedConcernReport.objects.values_list("kind", "case")) == {
        ("report", per.pk),
        ("information_request_answered", case.pk),
    }
    # The same id in two files (c1 in contacts and in conversations) is two rows.
    assert ImportedRow.objects.filter(unit=unit, external_id="c1").count() == 2
    # One audit event for the whole import, naming no youth.
    event = AuditEvent.objects.get(fields=["imported_bundle"])
    assert event.object_id == str(unit.pk) and not event.subjects.exists()
    assert "contacts.csv: rows 2, new 2, imported before 0." in out


def test_the_same_bundle_twice_changes_nothing(personas, bundle_dir):
    path = bundle_dir(SMALL)
    run(path, "--unit", "ute-c")
    before = snapshot()
    code, out, _err = run(path, "--unit", "ute-c")
    after = snapshot()
    assert code == 0
    after.pop("AuditEvent"), before.pop("AuditEvent")  # the second run is audited too
    assert after == before
    assert "contacts.csv: rows 2, new 0, imported before 2." in out


def test_a_later_bundle_refers_to_what_was_imported_before(personas, bundle_dir):
    run(bundle_dir(SMALL), "--unit", "ute-c")
    later = bundle_dir(
        {
            "contacts": ["c1,2025-03-01,p1,field,girl,vgs,3", "c9,2025-09-01,p1,field,boy,vgs,4"],
            "conversations": ["s9,2025-09-02,y1,office"],
            "attendance": ["a9,g1,2025-05-01,", "a10,g1,2025-05-01,y2"],
        },
        name="senere",
    )
    code, _out, err = run(later, "--unit", "ute-c")
    assert (code, err) == (0, "")
    assert ContactTally.objects.filter(unit=personas.unit_c).aggregate(n=Sum("count"))["n"] == 8
    kari_case = Case.objects.get(youth__first_name="Kari")
    assert Conversation.objects.filter(case=kari_case).count() == 2
    # The session of 1 May is reused: one more anonymous participant, and Per joins it.
    session = GroupSession.objects.get(date=date(2025, 5, 1))
    assert session.anonymous_count == 3
    assert session.attendance.count() == 2
    assert GroupSession.objects.count() == 2


def test_one_bad_row_in_the_last_file_imports_nothing(personas, bundle_dir):
    files = dict(SMALL, concern_reports=[*SMALL["concern_reports"], "r3,2025-02-30,y1,report"])
    before = snapshot()
    code, out, err = run(bundle_dir(files), "--unit", "ute-c")
    assert code == 1
    assert err.splitlines()[0] == (
        "concern_reports.csv:4: date: “2025-02-30” is not a date of the form YYYY-MM-DD."
    )
    assert out == ""
    assert snapshot() == before
    assert not User.objects.filter(username=IMPORT_ACCOUNT_USERNAME).exists()


ERRORS = [
    # missing and unknown column headers
    ({"places": "id,name,kind\np1,Torget,street\n"}, "places.csv:1: area:"),
    ({"places": "id,name,area,kind,colour\np1,Torget,,street,red\n"}, "places.csv:1: colour:"),
    ({"places": "id;name;area;kind\np1;Torget;;street\n"}, "places.csv:1: -:"),
    # bad values
    ({"contacts": ["c1,2025-13-01,p1,field,girl,vgs,1"]}, "contacts.csv:2: date:"),
    ({"contacts": ["c1,01.03.2025,p1,field,girl,vgs,1"]}, "contacts.csv:2: date:"),
    ({"contacts": ["c1,2025-03-01,p1,street,girl,vgs,1"]}, "contacts.csv:2: channel:"),
    ({"contacts": ["c1,2025-03-01,p1,field,jente,vgs,1"]}, "contacts.csv:2: gender:"),
    ({"contacts": ["c1,2025-03-01,p1,field,girl,vgs,0"]}, "contacts.csv:2: count:"),
    ({"contacts": ["c1,2025-03-01,p1,field,girl,vgs,-2"]}, "contacts.csv:2: count:"),
    ({"places": ["p1,Torget,,square"]}, "places.csv:2: kind:"),
    ({"groups": ["g1,Gruppa,knitting"]}, "groups.csv:2: kind:"),
    ({"collaborations": ["k1,2025-01-01,,sideways,nav,yes"]}, "collaborations.csv:2: direction:"),
    ({"collaborations": ["k1,2025-01-01,,outgoing,naboen,yes"]}, "collaborations.csv:2: service:"),
    ({"collaborations": ["k1,2025-01-01,,outgoing,nav,maybe"]}, "collaborations.csv:2: consent:"),
    ({"youths": ["y1,Kari,,2008-01-01,girl"]}, "youths.csv:2: last_name:"),
    ({"concern_reports": ["r1,2025-01-01,,report"]}, "concern_reports.csv:2: youth_id:"),
    # the same id twice in a file
    ({"places": ["p1,Torget,,street", "p1,Skolen,,school"]}, "places.csv:3: id:"),
    # references to nothing
    ({"contacts": ["c1,2025-03-01,p9,field,girl,vgs,1"]}, "contacts.csv:2: place_id:"),
    ({"conversations": ["s1,2025-03-01,y9,street"]}, "conversations.csv:2: youth_id:"),
    ({"attendance": ["a1,g9,2025-03-01,"]}, "attendance.csv:2: group_id:"),
    # an inquiry without consent naming a youth
    ({"youths": ["y1,Kari,Test,2008-01-01,girl"],
      "collaborations": ["k1,2025-01-01,y1,outgoing,nav,no"]}, "collaborations.csv:2: youth_id:"),
    # a youth twice at the same group meeting
    ({"youths": ["y1,Kari,Test,2008-01-01,girl"], "groups": ["g1,Gruppa,girls"],
      "attendance": ["a1,g1,2025-03-01,y1", "a2,g1,2025-03-01,y1"]}, "attendance.csv:3: youth_id:"),
    # not UTF-8, not CSV
    ({"youths": "id,first_name,last_name,birth_date,gender\ny1,K\xe5re,T,2008-01-01,boy\n"
      .encode("latin-1")}, "youths.csv:2: -:"),
    ({"places": 'id,name,area,kind\np1,"Tor"get,,street\n'}, "places.csv:2: -:"),
    ({"places": "id,name,area,kind\np1,Torget,street\n"}, "places.csv:2: -:"),
    ({"places": b"PK\x03\x04\x00\x00binary"}, "places.csv:1: -:"),
    ({"kontakter": "id\n1\n"}, "kontakter.csv:1: -:"),
]  # fmt: skip


@pytest.mark.parametrize(("files", "expected"), ERRORS)
def test_every_error_kind_is_named_by_file_line_and_column(personas, bundle_dir, files, expected):
    before = snapshot()
    code, _out, err = run(bundle_dir(files), "--unit", "ute-c")
    assert code == 1
    assert any(line.startswith(expected) for line in err.splitlines()), err
    assert snapshot() == before


def test_every_error_is_listed_not_only_the_first(personas, bundle_dir):
    files = {
        "places": ["p1,Torget,,square", "p1,Torget,,street"],
        "contacts": ["c1,2025-03-01,p9,field,girl,vgs,0", "c2,2025-03-01,p1,field,girl,vgs,1"],
        "collaborations": ["k1,2025-01-01,y1,outgoing,nav,no"],
    }
    _code, _out, err = run(bundle_dir(files), "--unit", "ute-c")
    prefixes = [line.split(" ", 2)[:2] for line in err.splitlines()[:-1]]
    assert prefixes == [
        ["places.csv:2:", "kind:"],
        ["places.csv:3:", "id:"],
        ["contacts.csv:2:", "place_id:"],
        ["contacts.csv:2:", "count:"],
        ["collaborations.csv:2:", "youth_id:"],
        ["collaborations.csv:2:", "youth_id:"],
    ]


def test_create_makes_an_outreach_unit_and_a_failed_create_leaves_none(personas, bundle_dir):
    bad = dict(SMALL, contacts=["c1,2025-03-01,p1,field,girl,vgs,0"])
    code, _out, _err = run(bundle_dir(bad, name="feil"), "--unit", "gamle-ute", "--create")
    assert code == 1
    assert not Unit.objects.filter(slug="gamle-ute").exists()
    code, out, _err = run(bundle_dir(SMALL), "--unit", "gamle-ute", "--create")
    assert code == 0
    unit = Unit.objects.get(slug="gamle-ute")
    assert (unit.kind, unit.municipality) == ("outreach", personas.municipality)
    assert ContactTally.objects.filter(unit=unit).count() == 2
    assert "gamle-ute" in out


def test_create_on_an_empty_database_makes_municipality_0000(db, bundle_dir):
    code, _out, err = run(bundle_dir(SMALL), "--unit", "ute", "--create")
    assert (code, err) == (0, "")
    unit = Unit.objects.get(slug="ute")
    assert (unit.municipality.number, unit.municipality.name) == ("0000", "ute")


def test_a_failed_create_on_an_empty_database_leaves_no_municipality(db, bundle_dir):
    code, _out, _err = run(bundle_dir({"places": ["p1,,,street"]}), "--unit", "ute", "--create")
    assert code == 1
    assert not Municipality.objects.exists() and not Unit.objects.exists()


def test_unknown_unit_without_create_is_refused(personas, bundle_dir):
    with pytest.raises(Exception, match="ingen-slik"):
        run(bundle_dir(SMALL), "--unit", "ingen-slik")


def test_municipality_tells_units_with_the_same_slug_apart(personas, bundle_dir):
    other = Municipality.objects.create(name="Andrevik kommune", number="9997")
    twin = Unit.objects.create(municipality=other, name="Ute C", kind="outreach")
    assert twin.slug == personas.unit_c.slug == "ute-c"
    with pytest.raises(Exception, match="--municipality"):
        run(bundle_dir(SMALL), "--unit", "ute-c")
    code, _out, _err = run(bundle_dir(SMALL), "--unit", "ute-c", "--municipality", "9997")
    assert code == 0
    assert ContactTally.objects.filter(unit=twin).count() == 2
    assert not ContactTally.objects.filter(unit=personas.unit_c).exists()
    # Places are matched and made in the unit's own municipality.
    assert Place.objects.filter(municipality=other, name="Torget").exists()
    assert not Place.objects.filter(municipality=personas.municipality).exists()
    # --create with a municipality that has the slug imports into that unit, not a new one.
    run(bundle_dir(SMALL), "--unit", "ute-c", "--municipality", "9998", "--create")
    assert Unit.objects.filter(slug="ute-c").count() == 2


def test_a_place_is_matched_by_name_in_any_case(personas, bundle_dir):
    area = Area.objects.create(municipality=personas.municipality, name="Sentrum")
    torget = Place.objects.create(
        municipality=personas.municipality, name="Torget", kind="street", area=area
    )
    Place.objects.create(municipality=personas.municipality, name="Søndre torg", kind="street")
    places = [
        "p1,TORGET,Annet område,school",
        "p2,SØNDRE TORG,,street",
        "p3,Nytt sted,SENTRUM,other",
    ]
    run(bundle_dir({"places": places}), "--unit", "ute-c")
    assert Place.objects.count() == 3
    assert ImportedRow.objects.get(file="places", external_id="p1").object_id == torget.pk
    assert not Area.objects.filter(name="Annet område").exists()
    sondre = ImportedRow.objects.get(file="places", external_id="p2").object_id
    assert Place.objects.get(pk=sondre).name == "Søndre torg"
    assert Place.objects.get(name="Nytt sted").area == area


def test_the_units_leader_sees_the_imported_youth_and_nobody_else(personas, bundle_dir, login):
    code, _out, _err = run(bundle_dir(SMALL), "--unit", "los-a")
    assert code == 0
    kari = Youth.objects.get(first_name="Kari")
    case = Case.objects.get(youth=kari)
    assert policy.youth_visible_to(personas.leader_a).filter(pk=kari.pk).exists()
    for other in (personas.los_a, personas.los_b, personas.field_c, personas.partner,
                  personas.analyst, personas.admin):  # fmt: skip
        assert not policy.youth_visible_to(other).filter(pk=kari.pk).exists(), other
        assert not policy.cases_visible_to(other).filter(pk=case.pk).exists(), other
    assert (
        login(personas.leader_a).get(reverse("cases:case_detail", args=[case.pk])).status_code
        == 200
    )
    assert (
        login(personas.los_a).get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    )


def test_the_import_account_cannot_log_in_or_get_a_role(personas, bundle_dir, client):
    run(bundle_dir(SMALL), "--unit", "ute-c")
    account = User.objects.get(username=IMPORT_ACCOUNT_USERNAME)
    assert not client.login(username=IMPORT_ACCOUNT_USERNAME, password="")
    for actor in (personas.admin, SystemActor("test")):
        refusal = policy.assign_refusal(
            actor,
            user=account,
            role="leader",
            unit=personas.unit_c,
            municipality_id=personas.municipality.pk,
        )
        assert refusal
        assert policy.account_change_refusal(actor, account)


def test_a_leader_imports_in_her_own_name_and_others_may_not(personas, bundle_dir):
    path = bundle_dir(SMALL)
    with pytest.raises(PermissionDenied):
        import_bundle(actor=personas.los_a, unit=personas.unit_a, source=path)
    with pytest.raises(PermissionDenied):
        import_bundle(actor=personas.leader_a, unit=personas.unit_c, source=path)
    with pytest.raises(PermissionDenied):
        preview_bundle(actor=personas.admin, unit=personas.unit_a, source=path)
    # Only the system makes a unit on import (the command's --create).
    new_unit = Unit(municipality=personas.municipality, name="Ny", kind="outreach")
    with pytest.raises(PermissionDenied):
        import_bundle(actor=personas.leader_a, unit=new_unit, source=path)
    assert not Unit.objects.filter(name="Ny").exists()
    ticks = []
    result = import_bundle(
        actor=personas.leader_a,
        unit=personas.unit_a,
        source=path,
        progress=lambda done, total: ticks.append((done, total)),
    )
    assert ticks[-1] == (result.preview.total, result.preview.total) == (18, 18)
    assert ContactTally.objects.get(place__name="Torget").recorded_by == personas.leader_a
    assert not User.objects.filter(username=IMPORT_ACCOUNT_USERNAME).exists()
    event = AuditEvent.objects.get(fields=["imported_bundle"])
    assert event.actor_id == personas.leader_a.pk


def test_preview_counts_new_and_already_imported_rows(personas, bundle_dir):
    path = bundle_dir(SMALL)
    preview = preview_bundle(actor=personas.leader_a, unit=personas.unit_a, source=path)
    assert preview.ok and (preview.total, preview.new) == (18, 18)
    import_bundle(actor=personas.leader_a, unit=personas.unit_a, source=path)
    more = bundle_dir(
        dict(SMALL, contacts=[*SMALL["contacts"], "c3,2025-01-01,p1,field,boy,vgs,2"])
    )
    preview = preview_bundle(actor=personas.leader_a, unit=personas.unit_a, source=more)
    contacts = next(f for f in preview.files if f.name == "contacts.csv")
    assert (contacts.total, contacts.new, contacts.already) == (3, 1, 2)


def test_a_zip_with_the_files_in_a_folder_imports_like_the_folder(personas, bundle_dir, tmp_path):
    folder = bundle_dir(SMALL)
    archive = tmp_path / "pakke.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in folder.iterdir():
            zf.write(path, f"eksport/{path.name}")
    code, _out, err = run(archive, "--unit", "ute-c")
    assert (code, err) == (0, "")
    assert ContactTally.objects.count() == 2
    with open(archive, "rb") as upload:  # an upload: an open file
        preview = preview_bundle(actor=SystemActor("t"), unit=personas.unit_c, source=upload)
    assert preview.ok and preview.new == 0


def test_not_a_bundle_is_an_error(personas, tmp_path):
    junk = tmp_path / "pakke.zip"
    junk.write_bytes(b"not a zip")
    code, _out, err = run(junk, "--unit", "ute-c")
    assert code == 1 and err.startswith("pakke.zip:0: -:")
    code, _out, err = run(tmp_path / "finnes-ikke", "--unit", "ute-c")
    assert code == 1 and err.startswith("finnes-ikke:0: -:")
    (tmp_path / "tom").mkdir()
    code, _out, err = run(tmp_path / "tom", "--unit", "ute-c")
    assert code == 1 and err.startswith("tom:0: -:")


def test_import_bundle_raises_bundle_invalid_with_the_errors(personas, bundle_dir):
    with pytest.raises(BundleInvalid) as raised:
        import_bundle(
            actor=SystemActor("t"),
            unit=personas.unit_c,
            source=bundle_dir({"places": ["p1,Torget,,square"]}),
        )
    assert [str(e) for e in raised.value.errors][0].startswith("places.csv:2: kind: ")


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(personas, tmp_path, settings):
    settings.IMPORT_MAX_UNPACKED_MB = 1
    archive = tmp_path / "bombe.zip"
    header = "id,date,place_id,channel,gender,age_group,count\n"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("contacts.csv", header + "x" * (2 * 1024 * 1024))  # 2 MB of one letter
    assert archive.stat().st_size < 20_000  # small on the way in
    code, _out, err = run(archive, "--unit", "ute-c")
    assert code == 1
    assert err.startswith("bombe.zip:0: -:") and "2 MB" in err
    assert ContactTally.objects.count() == 0
