"""Importing school data (issue 18, point 1): all or nothing, idempotent, students found by
national id or by the school's student number, flags raised after the import, students who
left school routed to the OT of their home municipality, one audit row, and refusals."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ot.school_import_helpers import SPRING, UPPER, csv_bytes, fnr, row
from tests.ot.school_import_helpers import schools as schools  # noqa: F401
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditEvent, AuditSubject, Purpose
from ungsam.cases.models import Case
from ungsam.ot.models import (
    OTRegistration,
    RiskFlag,
    RiskRule,
    RoutingNotice,
    SchoolDataImport,
    StudentPeriod,
)
from ungsam.ot.school_import_services import school_data_import
from ungsam.people.models import Youth
from ungsam.people.services import national_id_hash

SYSTEM = SystemActor("test")
TODAY = date(2026, 11, 27)
TABLES = (Youth, StudentPeriod, RiskFlag, RiskRule, OTRegistration, RoutingNotice, Case)


def run(p, data, actor=SYSTEM, **kwargs):
    with translation.override("en"):
        return school_data_import(
            actor=actor, municipality=p.municipality, data=data, file_name="elever.csv",
            today=TODAY, **kwargs,
        )  # fmt: skip


def counts():
    return {m.__name__: m.objects.count() for m in (*TABLES, SchoolDataImport, AuditEvent)}


def a_file():
    return csv_bytes(
        row(fodselsnummer=fnr(date(2011, 2, 1), 1), elevnummer="E1", fravaer_prosent="12"),
        row(elevnummer="E2", fornavn="Bo", ikke_bestatt="MAT0010"),
        row(elevnummer="E3", fornavn="Cy", skole=UPPER, trinn="VG1"),
        row(elevnummer="E4", fornavn="Di", status="sluttet", bostedskommune="9981"),
        row(elevnummer="E5", fornavn="Ed", status="uten_skoleplass", bostedskommune="9982"),
        row(elevnummer="E6", fornavn="Fa", status="sluttet", bostedskommune="9998"),
    )


def test_it_imports_a_file_raises_flags_and_routes_students_who_left(schools):
    p = schools
    summary = run(p, a_file())
    assert summary.errors == []
    assert (summary.rows, summary.new_youth, summary.created) == (6, 6, 6)
    assert StudentPeriod.objects.count() == 6
    kinds = set(RiskFlag.objects.values_list("rule__kind", flat=True))
    assert kinds == {"absence", "failing_subject"}
    assert summary.flags_raised == 2
    # Di lives in Nabovik: OT Nabovik has her; Fa lives in Testvik: OT B has her; Ed lives in
    # Småvik, which no OT in Ungsam serves: her line is listed, no name.
    assert summary.routed == 2
    units = set(OTRegistration.objects.values_list("case__unit__name", flat=True))
    assert units == {"OT Nabovik", "OT B"}
    assert RoutingNotice.objects.filter(to_unit=p.ot_nabovik, reason="school_report").exists()
    assert summary.report_outside == ["elever.csv:6"]
    record = SchoolDataImport.objects.get()
    assert (record.rows, record.created, record.flags_raised) == (6, 6, 2)


def test_the_same_file_again_changes_nothing(schools):
    p = schools
    run(p, a_file())
    before = counts()
    summary = run(p, a_file())
    after = counts()
    assert (summary.created, summary.changed, summary.unchanged) == (0, 0, 6)
    assert (summary.new_youth, summary.flags_raised, summary.routed) == (0, 0, 0)
    assert after["SchoolDataImport"] == before["SchoolDataImport"] + 1
    del after["SchoolDataImport"], before["SchoolDataImport"]
    assert after == before  # no youth, period, flag, registration, notice, case, audit row


def test_a_changed_row_updates_its_period_only(schools):
    p = schools
    run(p, a_file())
    changed = a_file().replace(b";3,5;MAT0010;", b";14,0;MAT0010;")
    summary = run(p, changed)
    assert (summary.created, summary.changed, summary.unchanged) == (0, 1, 5)
    assert StudentPeriod.objects.get(school_student_id="E2").absence_percent == 14


def test_any_error_writes_nothing(schools):
    p = schools
    before = counts()
    summary = run(p, a_file() + csv_bytes(row(trinn="x")).split(b"\r\n", 1)[1])
    assert summary.errors == ["elever.csv:8: trinn: unknown grade (1–10, VG1–VG4)"]
    assert counts() == before


def test_it_finds_students_by_national_id_and_by_student_number(schools):
    p = schools
    number = fnr(date(2011, 2, 1), 7)
    youth_before = Youth.objects.count()
    known = Youth.objects.create(
        municipality=p.municipality, first_name="Kjent", last_name="Elev",
        birth_date=date(2011, 2, 1), national_id_hash=national_id_hash(number),
    )  # fmt: skip
    run(p, csv_bytes(row(fodselsnummer=number, elevnummer=""), row(elevnummer="E9")))
    assert StudentPeriod.objects.get(school_student_id="").youth == known
    by_number = StudentPeriod.objects.get(school_student_id="E9").youth
    # Next term, E9 comes again without a national id: the same youth.
    summary = run(p, csv_bytes(row(elevnummer="E9", periode_fra=SPRING[0], periode_til=SPRING[1])))
    assert summary.new_youth == 0
    assert StudentPeriod.objects.filter(youth=by_number).count() == 2
    assert Youth.objects.count() == youth_before + 2


def test_a_repeated_row_is_an_error(schools):
    summary = run(schools, csv_bytes(row(), row(fravaer_prosent="9")))
    assert summary.errors == ["elever.csv:3: -: the same student, school and period as line 2"]


def test_a_student_who_left_earlier_is_not_routed_again(schools):
    p = schools
    run(p, csv_bytes(row(status="sluttet", periode_fra=SPRING[0], periode_til=SPRING[1])))
    assert OTRegistration.objects.count() == 1
    summary = run(p, csv_bytes(row(status="sluttet")))
    assert (summary.created, summary.routed) == (1, 0)
    assert RoutingNotice.objects.count() == 1


def test_one_audit_row_names_every_youth_written(schools):
    p = schools
    run(p, a_file(), actor=p.admin)
    event = AuditEvent.objects.get(object_type="ot.schooldataimport")
    assert event.purpose == Purpose.EARLY_WARNING
    assert event.action == "create"
    assert AuditSubject.objects.filter(event=event).count() == 6
    assert event.actor_id == p.admin.pk


def test_a_counselor_imports_her_own_school_only(schools):
    p = schools
    before = counts()
    summary = run(p, a_file(), actor=p.partner)
    assert summary.errors == [
        "elever.csv:4: skole: another school than yours: you import your own school's students only"
    ]
    assert counts() == before
    own = run(p, csv_bytes(row()), actor=p.partner)
    assert own.errors == [] and own.created == 1
    assert SchoolDataImport.objects.get().school == p.school


@pytest.mark.parametrize("who", ["los_a", "leader_a", "los_b", "field_c", "analyst"])
def test_it_refuses_everyone_else_and_writes_nothing(schools, who):
    p = schools
    before = counts()
    with pytest.raises(PermissionDenied):
        run(p, a_file(), actor=getattr(p, who))
    assert counts() == before


def test_an_unknown_school_is_an_error(schools):
    summary = run(schools, csv_bytes(row(skole="974760673")))
    assert summary.errors == [
        "elever.csv:2: skole: unknown school (not an active school of the municipality in Ungsam)"
    ]


def test_a_dry_run_counts_and_writes_nothing(schools):
    p = schools
    before = counts()
    summary = run(p, a_file(), dry_run=True)
    assert (summary.created, summary.new_youth, summary.routed) == (6, 6, 2)
    assert summary.report_outside == ["elever.csv:6"]
    assert counts() == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.fixed_dictionaries(
            {
                "elevnummer": st.sampled_from(["E1", "E2", "", "E 3"]),
                "fravaer_prosent": st.sampled_from(["3,5", "12", "101", "x", ""]),
                "status": st.sampled_from(["aktiv", "sluttet", "borte"]),
                "bostedskommune": st.sampled_from(["9998", "9981", "9982", "1234", ""]),
                "skole": st.sampled_from(["991008225", "991009590", "974760673"]),
            }
        ),
        min_size=1,
        max_size=6,
    ),
    noise=st.binary(max_size=40),
)
def test_any_file_is_imported_whole_or_not_at_all(schools, cells, noise):
    p = schools
    before = counts()
    data = csv_bytes(*(row(**c) for c in cells)) + noise
    summary = run(p, data)
    after = counts()
    if summary.errors:
        assert after == before
    else:
        assert after["StudentPeriod"] == before["StudentPeriod"] + summary.created
        assert after["SchoolDataImport"] == before["SchoolDataImport"] + 1


def test_a_leaver_without_a_national_id_keeps_one_record_where_she_is_registered(schools):
    """Fa lives where her school is (Testvik, served by OT B) and the file has no national id
    for her: OT B's registration is her record from the school data, not a second one."""
    run(schools, a_file())
    student = StudentPeriod.objects.get(school_student_id="E6").youth
    registration = OTRegistration.objects.get(case__unit__name="OT B")
    assert registration.case.youth == student
    assert Youth.objects.filter(first_name="Fa").count() == 1


def test_only_the_system_names_an_existing_record_when_registering(schools, personas):
    from ungsam.ot.register_services import register_youth

    known = Youth.objects.create(
        municipality=personas.municipality, first_name="Kari", last_name="Kjent",
        birth_date=date(2008, 1, 1),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        register_youth(
            actor=personas.los_a, home_municipality=personas.municipality,
            youth={"first_name": "X", "last_name": "Y", "birth_date": date(2008, 1, 1)},
            source="manual", known_youth=known,
        )  # fmt: skip
    assert not OTRegistration.objects.exists()
