"""The demo's school data: what Fiktivik ungdomsskole (grades 8–10, ~120 students) and Fiktivik
videregående skole (VG1–VG2, ~80 students) export, for four periods — last school year's
autumn and spring, this school year's autumn and the current period up to today — imported
one period at a time through the import service as the system, as a school system's nightly
export would be. So the early-warning lists have history (a rising trend; last year's flagged
students of whom some left school in spring, for the rules' back-test), and the follow-up
service has students routed to it: one living in Nabovik who quit this autumn goes to OT
Nabovik, one living in Fiktivik to OT Fiktivik.

Most students are new fictitious names; some are demo youth of Fiktivik already in the
register (the same national id), so the import finds them. Absence mostly 2–6 %, a tail up to
30 %; some fail mathematics or Norwegian; a few rise period by period."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from ungsam.lib import field_crypto
from ungsam.lib.demo import DemoContext
from ungsam.ot.school_import_services import school_data_import
from ungsam.people.demo import LAST_NAMES, synthetic_national_id
from ungsam.people.models import Youth

LOWER, UPPER = "Fiktivik ungdomsskole", "Fiktivik videregående skole"
HEADER = (
    "fodselsnummer;elevnummer;fornavn;etternavn;fodselsdato;skole;trinn;periode_fra;"
    "periode_til;fravaer_dager;fravaer_timer;fravaer_prosent;ikke_bestatt;fag_i_risiko;"
    "snittkarakter;status;bostedskommune"
)
FIRST = [
    "Alva", "Brede", "Cecilie", "Dagfinn", "Embla", "Fredrik", "Gunnhild", "Halvor", "Idun",
    "Jostein", "Kaja", "Lavrans", "Maiken", "Njål", "Oline", "Peder", "Ragna", "Sindre", "Tuva",
    "Ulrik", "Vilde", "Yngve", "Åsne", "Ánde", "Sunniva", "Amir", "Hodan", "Mateusz", "Lin",
]  # fmt: skip
HOME, NABOVIK, SMAVIK = "9999", "9981", "9982"


@dataclass
class Student:
    first: str
    last: str
    born: date
    national_id: str
    number: str
    home: str
    base: float  # her usual absence, percent
    rise: float  # percentage points per period (most 0)
    weak: str  # "", "MAT" or "NOR": the subject she struggles with
    rows: dict = field(default_factory=dict)  # period index → (school, grade, status)


def _periods(today: date) -> list[tuple[date, date]]:
    """Last year's autumn and spring, this year's autumn so far and the current period."""
    anchor = today - timedelta(days=30)
    year = anchor.year if anchor.month >= 8 else anchor.year - 1
    this = date(year, 8, 19)
    middle = this + (today - this) // 2
    return [
        (date(year - 1, 8, 19), date(year - 1, 12, 20)),
        (date(year, 1, 3), date(year, 6, 19)),
        (this, middle),
        (middle + timedelta(days=1), today),
    ]


def _absence(rng, student: Student, index: int) -> float:
    value = student.base + student.rise * index + rng.uniform(-1.2, 1.2)
    return round(min(max(value, 0.0), 30.0), 1)


def _base(rng) -> float:
    r = rng.random()
    if r < 0.88:
        return rng.uniform(1.5, 6)
    if r < 0.97:
        return rng.uniform(6, 13)
    return rng.uniform(13, 28)


class _Cohort:
    def __init__(self, demo: DemoContext):
        self.rng = demo.rng
        self.today = demo.today
        self.students: list[Student] = []
        self.used: set[str] = set()
        self.count = 0
        self.known = [y for y in demo.youth if y.national_id_token and not y.protected_address]

    def national_id(self, born: date) -> str:
        number = ""
        while not number or number in self.used:
            number = synthetic_national_id(self.rng, born)
        self.used.add(number)
        return number

    def add(self, age: int, rows: dict, *, home: str = HOME, known: Youth | None = None):
        rng = self.rng
        self.count += 1
        if known is not None:
            first, last, born = known.first_name, known.last_name, known.birth_date
            number = field_crypto.decrypt(
                known.national_id_token, purpose=Youth.NATIONAL_ID_PURPOSE
            )
            self.used.add(number)
        else:
            first, last = rng.choice(FIRST), rng.choice(LAST_NAMES)
            born = date(self.today.year - age, 1, 1) + timedelta(days=rng.randint(0, 364))
            number = self.national_id(born) if rng.random() < 0.9 else ""
        student = Student(
            first=first,
            last=last,
            born=born,
            national_id=number,
            number=f"FE{self.count:04d}",
            home=home,
            base=_base(rng),
            rise=rng.uniform(2.5, 4.5) if rng.random() < 0.05 else 0.0,
            weak=rng.choice(["MAT", "NOR"]) if rng.random() < 0.06 else "",
            rows=rows,
        )
        self.students.append(student)
        return student

    def take_known(self, school: str, grade: str) -> Youth | None:
        for youth in self.known:
            if youth.school == school and youth.grade.upper() == grade:
                self.known.remove(youth)
                return youth
        return None


def _build(demo: DemoContext) -> list[Student]:
    cohort = _Cohort(demo)
    rng = cohort.rng
    # Lower secondary this year: grades 8–10, 40 each; grades 9 and 10 were there last year.
    for grade in (8, 9, 10):
        for i in range(40):
            rows = {2: (LOWER, str(grade), "aktiv"), 3: (LOWER, str(grade), "aktiv")}
            if grade > 8:
                earlier = (LOWER, str(grade - 1), "aktiv")
                rows.update({0: earlier, 1: earlier})
            home = NABOVIK if i == 5 else SMAVIK if i == 6 else HOME
            cohort.add(13 + grade - 8, rows, home=home, known=cohort.take_known(LOWER, str(grade)))
    # Last year's tenth grade: most went on to VG1; three completed without a school place.
    for i in range(37):
        rows = {0: (LOWER, "10", "aktiv"), 1: (LOWER, "10", "fullfort")}
        if i < 3:
            rows[1] = (LOWER, "10", "uten_skoleplass")
        else:
            rows.update({2: (UPPER, "VG1", "aktiv"), 3: (UPPER, "VG1", "aktiv")})
        student = cohort.add(16, rows, known=cohort.take_known(UPPER, "VG1") if i > 3 else None)
        if i < 3:
            student.base, student.weak = rng.uniform(12, 25), "MAT"
    # New to VG1 this year from other schools; one living in Nabovik quits this autumn.
    for i in range(6):
        rows = {2: (UPPER, "VG1", "aktiv"), 3: (UPPER, "VG1", "sluttet" if i == 0 else "aktiv")}
        student = cohort.add(16, rows, home=NABOVIK if i < 2 else HOME)
        if i == 0:
            student.base, student.rise = 11.0, 4.0
    # Last year's VG1: forty went on to VG2; four flagged students quit in spring. One VG2
    # student living in Fiktivik quits this autumn.
    for i in range(44):
        if i < 4:
            rows = {0: (UPPER, "VG1", "aktiv"), 1: (UPPER, "VG1", "sluttet")}
        else:
            status = "sluttet" if i == 4 else "aktiv"
            rows = {
                0: (UPPER, "VG1", "aktiv"),
                1: (UPPER, "VG1", "aktiv"),
                2: (UPPER, "VG2", "aktiv"),
                3: (UPPER, "VG2", status),
            }
        home = SMAVIK if i in (1, 20) else HOME
        student = cohort.add(17, rows, home=home, known=cohort.take_known(UPPER, "VG2"))
        if i < 5:
            student.base, student.weak = rng.uniform(11, 24), rng.choice(["MAT", "NOR"])
    # A student who leaves school is routed to OT with her national id (OT's register finds
    # her by it; without one it would add her again).
    for student in cohort.students:
        left = any(
            status in ("sluttet", "uten_skoleplass") for _s, _g, status in student.rows.values()
        )
        if left and not student.national_id:
            student.national_id = cohort.national_id(student.born)
    return cohort.students


def _cell(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _file(rng, students: list[Student], index: int, period, numbers: dict[str, str]) -> bytes:
    start, end = period
    days = max(1, round((end - start).days * 5 / 7))
    lines = [HEADER]
    for s in students:
        if index not in s.rows:
            continue
        school, grade, status = s.rows[index]
        absence = _absence(rng, s, index)
        failing = at_risk = ""
        if s.weak:
            code = f"{s.weak}{'0010' if s.weak == 'MAT' else '0214'}"
            if absence > 9 or rng.random() < 0.4:
                failing = code
            else:
                at_risk = code
        average = max(1.5, min(5.8, rng.uniform(3.2, 5.4) - absence / 12 - (0.6 if s.weak else 0)))
        lines.append(
            ";".join(
                [
                    s.national_id,
                    s.number,
                    s.first,
                    s.last,
                    s.born.strftime("%d.%m.%Y"),
                    numbers[school],
                    grade,
                    start.strftime("%d.%m.%Y"),
                    end.strftime("%d.%m.%Y"),
                    _cell(days * absence / 100),
                    _cell(days * absence / 100 * 5.5),
                    _cell(absence),
                    failing,
                    at_risk,
                    f"{average:.2f}".replace(".", ","),
                    status,
                    s.home,
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def seed(demo: DemoContext) -> None:
    rng = demo.rng
    students = _build(demo)
    numbers = {name: demo.partners[name].organization_number for name in (LOWER, UPPER)}
    totals = {"created": 0, "flags": 0, "routed": 0}
    for index, period in enumerate(_periods(demo.today)):
        data = _file(rng, students, index, period, numbers)
        summary = school_data_import(
            actor=demo.system,
            municipality=demo.municipality,
            data=data,
            file_name=f"skoledata-{period[0]:%Y-%m-%d}.csv",
            today=demo.today,
        )
        if summary.errors:
            raise AssertionError(f"demo school data refused: {summary.errors[:3]}")
        totals["created"] += summary.created
        totals["flags"] += summary.flags_raised
        totals["routed"] += summary.routed
    demo.counts["student periods"] = totals["created"]
    demo.counts["risk flags"] = totals["flags"]
    demo.counts["students routed to OT"] = totals["routed"]
