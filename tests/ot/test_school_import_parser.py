"""The school data file's reader (docs/skoledata.md): every column's bad values give an error
by file, line and column, never quoting the cell; what Norwegian Excel writes is read."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ot.school_import_helpers import HEADER, csv_bytes, fnr, row
from ungsam.ot.school_import import parse

TODAY = date(2026, 11, 27)


def errors_of(*rows, **kwargs):
    with translation.override("en"):
        return parse(csv_bytes(*rows, **kwargs), name="elever.csv", today=TODAY).errors


def test_it_reads_a_good_row():
    number = fnr(date(2011, 2, 1))
    parsed = parse(
        csv_bytes(row(fodselsnummer=number, ikke_bestatt="mat0010, NOR0214")),
        name="f.csv",
        today=TODAY,
    )
    assert parsed.errors == []
    (only,) = parsed.rows
    assert only.line == 2
    assert only.national_id == number
    assert only.absence_percent == Decimal("3.5")
    assert only.failing_subjects == "MAT0010,NOR0214"
    assert only.status == "active"
    assert only.period_start == date(2026, 8, 19)


@pytest.mark.parametrize(
    ("column", "bad", "message"),
    [
        ("fodselsnummer", "12345678901", "invalid national identity number"),
        ("fodselsnummer", "abc", "invalid national identity number"),
        ("elevnummer", "E 1!", "invalid student number"),
        ("fornavn", "", "missing"),
        ("etternavn", "x" * 101, "too long"),
        ("fodselsdato", "31.02.2011", "not a date"),
        ("fodselsdato", "01.01.2030", "in the future"),
        ("skole", "12345", "organisation number"),
        ("trinn", "11", "unknown grade"),
        ("periode_fra", "2026/08/19", "not a date"),
        ("periode_til", "01.08.2026", "ends before it starts"),
        ("fravaer_dager", "-1", "not a number"),
        ("fravaer_timer", "ti", "not a number"),
        ("fravaer_prosent", "100,5", "between 0 and 100"),
        ("fravaer_prosent", "", "missing"),
        ("ikke_bestatt", "Matte!", "subject codes"),
        ("fag_i_risiko", "1234", "subject codes"),
        ("snittkarakter", "0,5", "between 1 and 6"),
        ("status", "borte", "unknown status"),
        ("bostedskommune", "99", "municipality number"),
    ],
)
def test_it_names_file_line_and_column_and_never_the_value(column, bad, message):
    errors = errors_of(row(), row(**{column: bad}))
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"elever.csv:3: {column}: ")
    assert message in errors[0]
    if len(bad) > 2:
        assert bad not in errors[0]


def test_it_refuses_a_birth_date_that_does_not_match_the_number():
    number = fnr(date(2011, 2, 1))
    errors = errors_of(row(fodselsnummer=number, fodselsdato="02.02.2011"))
    assert errors == ["elever.csv:2: fodselsdato: does not match the national identity number"]
    assert number not in errors[0]


def test_it_takes_the_birth_date_from_the_number_when_the_column_is_empty():
    parsed = parse(
        csv_bytes(row(fodselsnummer=fnr(date(2011, 2, 1)), fodselsdato="")),
        name="f.csv",
        today=TODAY,
    )
    assert parsed.rows[0].birth_date == date(2011, 2, 1)


def test_it_needs_a_number_of_some_kind_and_a_home_for_a_student_who_left():
    errors = errors_of(
        row(elevnummer=""), row(status="sluttet", bostedskommune=""), row(fodselsdato="")
    )
    assert errors == [
        "elever.csv:2: fodselsnummer: give a national identity number or a student number",
        "elever.csv:3: bostedskommune: missing (needed when the student has left school: the "
        "follow-up service of her home municipality is told)",
        "elever.csv:4: fodselsdato: missing",
    ]


def test_it_lists_every_error_of_every_row():
    errors = errors_of(row(trinn="x", status="y"), row(), row(fornavn=""))
    assert [e.split(": ")[0:2] for e in errors] == [
        ["elever.csv:2", "trinn"],
        ["elever.csv:2", "status"],
        ["elever.csv:4", "fornavn"],
    ]


def test_it_checks_the_header():
    with translation.override("en"):
        data = (HEADER.replace("trinn", "klasse") + ";ekstra\r\n").encode()
        errors = parse(data, name="f.csv", today=TODAY).errors
    assert "f.csv:1: klasse: unknown column" in errors
    assert "f.csv:1: ekstra: unknown column" in errors
    assert "f.csv:1: trinn: the column is missing" in errors


def test_it_counts_lines_as_in_the_file_with_blank_lines_and_quoted_breaks():
    data = csv_bytes(row(), row()).replace(b"\r\n", b"\r\n\r\n", 1)
    data = data.replace(b";Ada;", b';"Ada\nMarie";', 1)
    with translation.override("en"):
        parsed = parse(data + csv_bytes(row(trinn="x")).split(b"\r\n", 1)[1], name="f", today=TODAY)
    assert [r.line for r in parsed.rows] == [3, 5]  # the first spans lines 3 and 4
    assert parsed.errors == ["f:6: trinn: unknown grade (1–10, VG1–VG4)"]


@pytest.mark.parametrize(
    ("sep", "encoding", "bom"),
    [(";", "utf-8", False), (",", "utf-8", False), (";", "utf-8", True), (";", "cp1252", False)],
)
def test_it_reads_what_norwegian_excel_writes(sep, encoding, bom):
    data = csv_bytes(
        row(etternavn="Ærlighetsø", fravaer_prosent="12,5"), sep=sep, encoding=encoding
    )
    if bom:
        data = b"\xef\xbb\xbf" + data
    parsed = parse(data, name="f.csv", today=TODAY)
    assert parsed.errors == []
    assert parsed.rows[0].last_name == "Ærlighetsø"
    assert parsed.rows[0].absence_percent == Decimal("12.5")


def test_header_names_are_case_insensitive():
    data = csv_bytes(row()).replace(b"fornavn", b"Fornavn").replace(b"skole", b"SKOLE")
    assert parse(data, name="f", today=TODAY).errors == []


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: (HEADER + "\n" + t).encode()))
def test_arbitrary_content_gives_errors_or_rows_never_an_exception(data):
    parsed = parse(data, name="f.csv", today=TODAY)
    assert parsed.errors or parsed.rows
    for error in parsed.errors:
        assert error.startswith("f.csv:")
