"""The school data file (docs/skoledata.md): what a school system exports, one row per student
and period, read and checked here without touching the database.

What Norwegian spreadsheets write is accepted: ";" or "," between cells (told by the header),
decimal comma, UTF-8 with or without BOM, Windows-1252 where the file is not UTF-8. Header names
are case-insensitive; an unknown column is an error. Every row is checked and every error is
given as `file:line: column: message` (line numbers as in the file, the header is line 1).

A message never quotes a cell: the cells name youth (names, national ids). "ugyldig
fødselsnummer", never the number."""

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from ungsam.ot.models import StudentStatus
from ungsam.people import national_id

# The columns, in the documented order; `REQUIRED` must be in the header.
COLUMNS = (
    "fodselsnummer",
    "elevnummer",
    "fornavn",
    "etternavn",
    "fodselsdato",
    "skole",
    "trinn",
    "periode_fra",
    "periode_til",
    "fravaer_dager",
    "fravaer_timer",
    "fravaer_prosent",
    "ikke_bestatt",
    "fag_i_risiko",
    "snittkarakter",
    "status",
    "bostedskommune",
)
REQUIRED = (
    "fornavn",
    "etternavn",
    "skole",
    "trinn",
    "periode_fra",
    "periode_til",
    "fravaer_prosent",
    "status",
)
STATUSES = {
    "aktiv": StudentStatus.ACTIVE,
    "sluttet": StudentStatus.QUIT,
    "uten_skoleplass": StudentStatus.NO_PLACE,
    "fullfort": StudentStatus.COMPLETED,
    "fullført": StudentStatus.COMPLETED,
}
GRADES = {str(n) for n in range(1, 11)} | {f"VG{n}" for n in range(1, 5)}
_SUBJECT = re.compile(r"[A-ZÆØÅ]{2,4}[0-9]{0,4}")
_ORG_NUMBER = re.compile(r"[0-9]{9}")
_MUNICIPALITY_NUMBER = re.compile(r"[0-9]{4}")
_STUDENT_ID = re.compile(r"[\w\-./]{1,40}")
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")
# A file holds at most this many rows (a county's schools, one period, is ~50 000).
MAX_ROWS = 200_000


@dataclass
class StudentRow:
    """One checked row, with its line in the file."""

    line: int
    national_id: str  # normalised, or ""
    student_id: str
    first_name: str
    last_name: str
    birth_date: date | None
    school_number: str
    grade: str
    period_start: date
    period_end: date
    absence_days: Decimal | None
    absence_hours: Decimal | None
    absence_percent: Decimal
    failing_subjects: str
    at_risk_subjects: str
    grade_average: Decimal | None
    status: str
    home_municipality_number: str


@dataclass
class ParsedFile:
    rows: list[StudentRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The text of the file: UTF-8 (a BOM is dropped), else Windows-1252. Raises ValueError
    when neither reads it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _separator(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","


_DMY = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


@functools.lru_cache(maxsize=4096)
def _date(value: str) -> date | None:
    """dd.mm.yyyy or yyyy-mm-dd (a file of 50 000 rows has a few hundred distinct dates)."""
    if found := _DMY.fullmatch(value):
        day, month, year = (int(g) for g in found.groups())
    elif found := _YMD.fullmatch(value):
        year, month, day = (int(g) for g in found.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@functools.lru_cache(maxsize=8192)
def _decimal(value: str) -> Decimal | None:
    text = value.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def subjects(value: str) -> list[str] | None:
    """Udir subject codes from a cell ("MAT0010, NOR0214"), or None when one is not a code."""
    codes = [c for c in re.split(r"[,;\s]+", value.upper()) if c]
    if any(not _SUBJECT.fullmatch(c) for c in codes):
        return None
    return list(dict.fromkeys(codes))


def birth_date_of(parsed: national_id.ParsedId, today: date) -> date:
    """The date of birth a national id gives for a youth of school age: the latest century
    that puts it before today (the register's own date is the authority where there is one)."""
    for century in (2000, 1900):
        try:
            born = date(century + parsed.yy, parsed.month, parsed.day)
        except ValueError:
            continue
        if born <= today:
            return born
    return date(1900 + parsed.yy, parsed.month, parsed.day)


class _Row:
    """Checks one row's cells, collecting its errors."""

    def __init__(self, name: str, line: int, cells: dict[str, str], errors: list[str]):
        self.name, self.line, self.cells, self.errors = name, line, cells, errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(f"{self.name}:{self.line}: {column}: {message}")

    def text(self, column: str, *, required: bool = False, limit: int = 100) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.error(column, _("missing"))
        elif len(value) > limit:
            self.error(column, _("too long (at most %(n)s characters)") % {"n": limit})
            return ""
        return value

    def date(self, column: str, *, required: bool = True) -> date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        parsed = _date(value)
        if parsed is None:
            self.error(column, _("not a date (write dd.mm.yyyy or yyyy-mm-dd)"))
        return parsed

    def number(self, column, *, required=False, high, places=ONE_DECIMAL, low=Decimal(0)):
        value = self.text(column, required=required)
        if not value:
            return None
        number = _decimal(value)
        if number is None:
            self.error(column, _("not a number"))
            return None
        number = number.quantize(places, rounding=ROUND_HALF_UP)
        if not low <= number <= high:
            self.error(
                column,
                _("must be between %(low)s and %(high)s") % {"low": low, "high": high},
            )
            return None
        return number

    def subject_codes(self, column: str) -> str:
        value = self.text(column, limit=200)
        codes = subjects(value)
        if codes is None:
            self.error(column, _("not a list of subject codes (such as MAT0010, NOR0214)"))
            return ""
        return ",".join(codes)


def _check(name: str, line: int, cells: dict[str, str], errors: list[str], today: date):
    row = _Row(name, line, cells, errors)
    errors_before = len(errors)
    number = row.text("fodselsnummer", limit=20)
    parsed_id = None
    if number:
        try:
            parsed_id = national_id.validate(
                number, allow_synthetic=settings.ALLOW_SYNTHETIC_NATIONAL_IDS
            )
        except national_id.NationalIdError as exc:
            row.error("fodselsnummer", _("invalid national identity number: %s") % exc.message)
    student_id = row.text("elevnummer", limit=40)
    if student_id and not _STUDENT_ID.fullmatch(student_id):
        row.error("elevnummer", _("invalid student number (letters, digits, - . / only)"))
    if not number and not student_id:
        row.error("fodselsnummer", _("give a national identity number or a student number"))
    first_name = row.text("fornavn", required=True)
    last_name = row.text("etternavn", required=True)
    born = row.date("fodselsdato", required=not number)
    if born is not None and born > today:
        row.error("fodselsdato", _("a date of birth in the future"))
    if born is not None and parsed_id is not None:
        if not national_id.matches_birth_date(parsed_id, born):
            row.error("fodselsdato", _("does not match the national identity number"))
    elif born is None and parsed_id is not None:
        born = birth_date_of(parsed_id, today)
    school = row.text("skole", required=True)
    if school and not _ORG_NUMBER.fullmatch(school.replace(" ", "")):
        row.error("skole", _("not an organisation number (nine digits)"))
    grade = row.text("trinn", required=True).upper().replace(" ", "")
    if grade and grade not in GRADES:
        row.error("trinn", _("unknown grade (1–10, VG1–VG4)"))
    start = row.date("periode_fra")
    end = row.date("periode_til")
    if start and end and end < start:
        row.error("periode_til", _("the period ends before it starts"))
    days = row.number("fravaer_dager", high=Decimal("9999.9"))
    hours = row.number("fravaer_timer", high=Decimal("99999.9"))
    percent = row.number("fravaer_prosent", required=True, high=Decimal(100))
    failing = row.subject_codes("ikke_bestatt")
    at_risk = row.subject_codes("fag_i_risiko")
    average = row.number("snittkarakter", high=Decimal(6), low=Decimal(1), places=TWO_DECIMALS)
    status_text = row.text("status", required=True).lower()
    status = STATUSES.get(status_text)
    if status_text and status is None:
        row.error("status", _("unknown status (aktiv, sluttet, uten_skoleplass or fullfort)"))
    home = row.text("bostedskommune")
    if home and not _MUNICIPALITY_NUMBER.fullmatch(home):
        row.error("bostedskommune", _("not a municipality number (four digits)"))
    if status in (StudentStatus.QUIT, StudentStatus.NO_PLACE) and not home:
        row.error(
            "bostedskommune",
            _("missing (needed when the student has left school: the follow-up service of her "
              "home municipality is told)"),
        )  # fmt: skip
    if len(errors) > errors_before:
        return None
    return StudentRow(
        line=line,
        national_id=parsed_id.value if parsed_id else "",
        student_id=student_id,
        first_name=first_name,
        last_name=last_name,
        birth_date=born,
        school_number=school.replace(" ", ""),
        grade=grade,
        period_start=start,
        period_end=end,
        absence_days=days,
        absence_hours=hours,
        absence_percent=percent,
        failing_subjects=failing,
        at_risk_subjects=at_risk,
        grade_average=average,
        status=status,
        home_municipality_number=home,
    )


def parse(data: bytes, *, name: str, today: date) -> ParsedFile:
    """Every row checked on its own (the school, the importer's right to it and repeated rows
    are checked by the import, which knows the municipality)."""
    result = ParsedFile()
    try:
        text = decode(data)
    except UnicodeDecodeError:
        result.errors.append(f"{name}:1: -: " + _("the file is not text (UTF-8 or Windows-1252)"))
        return result
    if "\x00" in text:
        result.errors.append(f"{name}:1: -: " + _("the file is not a CSV file"))
        return result
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].strip():
        result.errors.append(f"{name}:1: -: " + _("the file has no header row"))
        return result
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(lines[0]))
    try:
        header = [h.strip().lower().lstrip("\ufeff") for h in next(reader)]
    except (csv.Error, StopIteration):
        result.errors.append(f"{name}:1: -: " + _("the header row cannot be read"))
        return result
    for column in header:
        if column not in COLUMNS:
            result.errors.append(f"{name}:1: {column[:40] or '-'}: " + _("unknown column"))
    for column in {h for h in header if header.count(h) > 1}:
        result.errors.append(f"{name}:1: {column}: " + _("the column appears twice"))
    for column in REQUIRED:
        if column not in header:
            result.errors.append(f"{name}:1: {column}: " + _("the column is missing"))
    if "fodselsnummer" not in header and "elevnummer" not in header:
        result.errors.append(
            f"{name}:1: fodselsnummer: " + _("give a column fodselsnummer or elevnummer")
        )
    if result.errors:
        return result
    line = 1
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            result.errors.append(f"{name}:{start}: -: " + _("the row cannot be read"))
            break
        line = start
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            result.errors.append(
                f"{name}:{line}: -: " + _("too many rows (at most %(n)s)") % {"n": MAX_ROWS}
            )
            break
        if len(cells) != len(header):
            result.errors.append(
                f"{name}:{line}: -: "
                + _("%(found)s cells, the header has %(expected)s")
                % {"found": len(cells), "expected": len(header)}
            )
            continue
        row = _check(name, line, dict(zip(header, cells, strict=True)), result.errors, today)
        if row is not None:
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(f"{name}:2: -: " + _("the file has no rows"))
    return result
