"""Importing a school data file (issue 18, point 1): each row a student's figures in one period.

All or nothing: the whole file is checked first, and any error leaves the database as it was.
Idempotent: a period whose figures are the same is left untouched, so importing the same file
again creates, changes, raises and routes nothing (it is recorded as an import with 0 new and
0 changed).

Each student is a youth in the municipality's register: found by her national id (the keyed
hash), else by the school's own student number through her earlier periods at that school,
else added (in bulk: a county's file is 50 000 rows). Then the early-warning rules are
evaluated on the new and changed periods, and a student whose row says she has left school
(sluttet, uten_skoleplass), and whose earlier data did not, is registered with the follow-up
service (OT) serving her home municipality — in the same transaction, so a committed import has
always told OT, and a failed one has told nobody. A home municipality no OT in Ungsam serves is
no error: the summary lists those lines, to be reported to the county's OT outside Ungsam.

The audit log gets ONE row for the import, naming every youth whose data it wrote."""

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.audit import SystemActor
from ungsam.access.models import AuditAction, Purpose
from ungsam.lib import field_crypto
from ungsam.org.models import Municipality, PartnerOrganization, ServiceCode
from ungsam.ot import risk_rules
from ungsam.ot.models import (
    LEFT_SCHOOL,
    RegistrationSource,
    RoutingReason,
    SchoolDataImport,
    StudentPeriod,
)
from ungsam.ot.register_services import ot_unit_serving, register_youth
from ungsam.ot.school_import import StudentRow, parse
from ungsam.people import national_id
from ungsam.people.models import Gender, Youth
from ungsam.people.services import national_id_hash
from ungsam.transfer import fast_insert

# The figures of a period that an import compares and writes.
PERIOD_FIELDS = (
    "school_student_id",
    "grade",
    "period_end",
    "absence_days",
    "absence_hours",
    "absence_percent",
    "failing_subjects",
    "at_risk_subjects",
    "grade_average",
    "status",
    "home_municipality_number",
)
# What the import's audit row says it wrote: the figures, and for a youth it added, her name,
# date of birth, masked national id and school.
AUDIT_FIELDS = ("school_data",)
NOT_IN_SCHOOL_DATA = ("gender", "address", "phone", "language", "interpreter_needed", "guardians")
NEW_YOUTH_FIELDS = tuple(f for f in Youth.PERSONAL_DATA_FIELDS if f not in NOT_IN_SCHOOL_DATA)
CHUNK = 5000
BATCH = 2000


@dataclass
class ImportSummary:
    """What an import did (or, dry, would do). `report_outside` are lines (file:line) of
    students who left school and live where no OT in Ungsam serves: tell that county's OT."""

    file_name: str
    rows: int = 0
    students: int = 0
    new_youth: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    flags_raised: int = 0
    leaving: int = 0
    routed: int = 0
    report_outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False
    import_id: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _line_of(error: str) -> int:
    try:
        return int(error.split(": ", 1)[0].rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def _chunks(items, size=CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _schools(municipality: Municipality) -> dict[str, PartnerOrganization]:
    return {
        p.organization_number: p
        for p in PartnerOrganization.objects.filter(
            municipality=municipality, kind=ServiceCode.SCHOOL, active=True
        ).exclude(organization_number="")
    }


class _Plan:
    """What the file means against the register: who each row is, and what it changes."""

    def __init__(self, *, municipality, rows: list[StudentRow], schools, file_name: str):
        self.municipality = municipality
        self.rows = rows
        self.schools = schools
        self.file_name = file_name
        self.school_of: dict[int, PartnerOrganization] = {}  # line → school
        self.key_of: dict[int, tuple] = {}  # line → student key
        self.hash_of: dict[str, str] = {}  # national id → hash
        self.youth_of_key: dict[tuple, int] = {}  # key → existing youth id
        self.new_keys: dict[tuple, StudentRow] = {}  # key → its first row (for a new youth)

    def check(self, school_ids, errors: list[str]) -> None:
        seen: dict[tuple, int] = {}
        for row in self.rows:
            school = self.schools.get(row.school_number)
            if school is None:
                errors.append(
                    f"{self.file_name}:{row.line}: skole: "
                    + _("unknown school (not an active school of the municipality in Ungsam)")
                )
                continue
            if school_ids is not None and school.pk not in school_ids:
                errors.append(
                    f"{self.file_name}:{row.line}: skole: "
                    + _("another school than yours: you import your own school's students only")
                )
                continue
            self.school_of[row.line] = school
            if row.national_id:
                digest = self.hash_of.get(row.national_id)
                if digest is None:
                    digest = self.hash_of[row.national_id] = national_id_hash(row.national_id)
                key = ("id", digest)
            else:
                key = ("school", school.pk, row.student_id)
            self.key_of[row.line] = key
            repeat = (key, school.pk, row.period_start)
            if repeat in seen:
                errors.append(
                    f"{self.file_name}:{row.line}: -: "
                    + _("the same student, school and period as line %(line)s")
                    % {"line": seen[repeat]}
                )
            else:
                seen[repeat] = row.line

    def match(self) -> None:
        """Finds each student's youth: by national id, else by school and student number."""
        by_hash: dict[str, int] = {}
        for chunk in _chunks(set(self.hash_of.values())):
            by_hash.update(
                Youth.objects.filter(
                    municipality=self.municipality, national_id_hash__in=chunk
                ).values_list("national_id_hash", "pk")
            )
        # Only students her national id did not find are looked for by their number.
        wanted = {
            (self.school_of[r.line].pk, r.student_id)
            for r in self.rows
            if r.student_id
            and self.key_of[r.line][0] == "school"
            or (r.student_id and self.key_of[r.line][1] not in by_hash)
        }
        by_number: dict[tuple[int, str], tuple[int, str]] = {}
        school_ids = sorted({s for s, _n in wanted})
        for chunk in _chunks(sorted({n for _s, n in wanted})):
            for school_id, number, youth_id, digest in (
                StudentPeriod.objects.filter(school_id__in=school_ids, school_student_id__in=chunk)
                .order_by("period_start")
                .values_list(
                    "school_id", "school_student_id", "youth_id", "youth__national_id_hash"
                )
            ):
                by_number[(school_id, number)] = (youth_id, digest)
        for row in self.rows:
            key = self.key_of[row.line]
            if key in self.youth_of_key or key in self.new_keys:
                continue
            found = by_hash.get(key[1]) if key[0] == "id" else None
            if found is None and row.student_id:
                hit = by_number.get((self.school_of[row.line].pk, row.student_id))
                # A number finds her only where it cannot contradict a national id.
                if hit is not None and (key[0] == "school" or not hit[1]):
                    found = hit[0]
            if found is not None:
                self.youth_of_key[key] = found
            else:
                self.new_keys[key] = row


def _values(row: StudentRow, existing_student_id: str = "", *, ordered: bool = False):
    """The period's figures from the row (`ordered`: as a tuple in PERIOD_FIELDS' order)."""
    values = {
        "school_student_id": row.student_id or existing_student_id,
        "grade": row.grade,
        "period_end": row.period_end,
        "absence_days": row.absence_days,
        "absence_hours": row.absence_hours,
        "absence_percent": row.absence_percent,
        "failing_subjects": row.failing_subjects,
        "at_risk_subjects": row.at_risk_subjects,
        "grade_average": row.grade_average,
        "status": row.status,
        "home_municipality_number": row.home_municipality_number,
    }
    return tuple(values[f] for f in PERIOD_FIELDS) if ordered else values


def _existing_periods(youth_ids, school_ids) -> dict[tuple, dict]:
    found: dict[tuple, dict] = {}
    for chunk in _chunks(sorted(youth_ids)):
        for values in StudentPeriod.objects.filter(
            youth_id__in=chunk, school_id__in=school_ids
        ).values("pk", "youth_id", "school_id", "period_start", *PERIOD_FIELDS):
            found[(values["youth_id"], values["school_id"], values["period_start"])] = values
    return found


def _statuses(youth_ids) -> dict[int, list[tuple[date, str]]]:
    """Each youth's stored statuses by period start (any school), oldest first."""
    found: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for chunk in _chunks(sorted(youth_ids)):
        for youth_id, start, status in (
            StudentPeriod.objects.filter(youth_id__in=chunk)
            .order_by("period_start")
            .values_list("youth_id", "period_start", "status")
        ):
            found[youth_id].append((start, status))
    return found


def _leaving(rows_by_youth: dict, stored: dict) -> list[StudentRow]:
    """Per youth, her first row in the file saying she left school where the data before it
    (stored, or earlier in the file) did not say so already."""
    leaving = []
    for youth, rows in rows_by_youth.items():
        history = list(stored.get(youth, ()))
        for row in sorted(rows, key=lambda r: r.period_start):
            if row.status in LEFT_SCHOOL:
                before = [s for start, s in history if start <= row.period_start]
                if not before or before[-1] not in LEFT_SCHOOL:
                    leaving.append(row)
                    break
            history = sorted([*history, (row.period_start, row.status)])
    return leaving


class _Insert:
    """Plain multi-row inserts (as ungsam/transfer/fast_insert.py does for contacts): the
    values of a column are prepared once per distinct value, not once per row and field, and
    the rows go to the database with executemany. The rows' ids are read back by the marker
    the caller gives them (the time of the import), in the order they were inserted."""

    def __init__(self, model, names):
        self.model, self.names = model, names
        self.sql, self.fields = fast_insert._insert_sql(model, names)
        self.plain = [isinstance(f, models.CharField | models.TextField) for f in self.fields]
        self.cache: list[dict] = [{} for _f in self.fields]

    def _value(self, i, value):
        if value is None or self.plain[i]:
            return value
        cache = self.cache[i]
        if value not in cache:
            cache[value] = fast_insert._prep(self.fields[i], value)
        return cache[value]

    def write(self, rows: list[tuple]) -> None:
        params = [tuple(self._value(i, v) for i, v in enumerate(row)) for row in rows]
        with connection.cursor() as cursor:
            for start in range(0, len(params), BATCH):
                cursor.executemany(self.sql, params[start : start + BATCH])


# Every column of the register's row, in the model's order.
YOUTH_COLUMNS = tuple(f.name for f in Youth._meta.concrete_fields if not f.primary_key)
PERIOD_COLUMNS = ("youth", "school", "period_start", *PERIOD_FIELDS, "source", "updated_at")


def _new_youth(plan: _Plan, municipality, now) -> dict[tuple, int]:
    """Adds the students the register lacks, in bulk; their ids by student key."""
    keys, rows = [], []
    blank = {name: Youth._meta.get_field(name).get_default() for name in YOUTH_COLUMNS}
    blank.update(municipality=municipality.pk, gender=Gender.UNKNOWN, created_at=now)
    for key, row in plan.new_keys.items():
        values = dict(blank)
        values.update(
            first_name=row.first_name,
            last_name=row.last_name,
            birth_date=row.birth_date,
            school=plan.school_of[row.line].name,
            grade=row.grade,
        )
        if row.national_id:
            values.update(
                national_id_token=field_crypto.encrypt(
                    row.national_id, purpose=Youth.NATIONAL_ID_PURPOSE
                ),
                national_id_hash=key[1],
                national_id_masked=national_id.mask(row.national_id),
            )
        rows.append(tuple(values[name] for name in YOUTH_COLUMNS))
        keys.append(key)
    if not rows:
        return {}
    _Insert(Youth, YOUTH_COLUMNS).write(rows)
    ids = list(
        Youth.objects.filter(municipality=municipality, created_at=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(ids) != len(keys):
        raise RuntimeError("the new youth could not be read back")
    return dict(zip(keys, ids, strict=True))


def _route(
    leaving: list[StudentRow],
    plan: _Plan,
    summary: ImportSummary,
    *,
    write: bool,
    youth_of_key: dict | None = None,
):
    """Registers each student who left school with the OT serving her home municipality, or
    lists her line for the county's OT outside Ungsam."""
    numbers = {r.home_municipality_number for r in leaving}
    places = {m.number: m for m in Municipality.objects.filter(number__in=numbers)}
    serving = {number: ot_unit_serving(m) for number, m in places.items()}
    system = SystemActor("school-import")
    # The leavers' own records, read once (not one query per leaver).
    records = (
        Youth.objects.in_bulk([youth_of_key[plan.key_of[r.line]] for r in leaving]) if write else {}
    )
    for row in sorted(leaving, key=lambda r: r.line):
        home = places.get(row.home_municipality_number)
        if home is None or serving.get(row.home_municipality_number) is None:
            summary.report_outside.append(f"{plan.file_name}:{row.line}")
            continue
        summary.routed += 1
        if write:
            register_youth(
                actor=system,
                home_municipality=home,
                youth={
                    "first_name": row.first_name,
                    "last_name": row.last_name,
                    "birth_date": row.birth_date,
                    "national_id": row.national_id,
                },
                source=RegistrationSource.SCHOOL_DATA,
                reason=RoutingReason.SCHOOL_REPORT,
                school=plan.school_of[row.line],
                # Her record here: without a national id she would be added a second time
                # where the serving OT keeps its register, if that is this municipality.
                known_youth=records[youth_of_key[plan.key_of[row.line]]],
            )


def school_data_import(
    *,
    actor,
    municipality: Municipality,
    data: bytes,
    file_name: str,
    dry_run: bool = False,
    progress=None,
    today: date | None = None,
) -> ImportSummary:
    """Checks and imports a school data file (bytes) into the municipality, all or nothing.
    A file with errors writes nothing: the summary carries every error. `dry_run`: checks and
    counts only (the preview). `progress(done, total)` is told how far the import has come."""
    access = policy.school_import_grant(actor, municipality)
    if access is None:
        raise PermissionDenied
    today = today or timezone.localdate()
    summary = ImportSummary(file_name=file_name, dry_run=dry_run)
    parsed = parse(data, name=file_name, today=today)
    summary.errors = parsed.errors
    plan = _Plan(
        municipality=municipality,
        rows=parsed.rows,
        schools=_schools(municipality),
        file_name=file_name,
    )
    plan.check(access.school_ids, summary.errors)
    if summary.errors:
        summary.errors.sort(key=_line_of)
        return summary
    rows = parsed.rows
    summary.rows = len(rows)
    # Progress in rows, by phase: checked, matched and written, flags evaluated, routed.
    total = len(rows)
    if progress:
        progress(total // 4, total)
    plan.match()
    summary.students = len(plan.youth_of_key) + len(plan.new_keys)
    summary.new_youth = len(plan.new_keys)
    school_ids = sorted({s.pk for s in plan.school_of.values()})
    existing = _existing_periods(set(plan.youth_of_key.values()), school_ids)
    leaving_youth = {
        plan.youth_of_key.get(plan.key_of[r.line]) for r in rows if r.status in LEFT_SCHOOL
    }
    stored = _statuses(leaving_youth - {None})
    # Who each row is: an existing youth's id, or her key until she is added.
    rows_by_student: dict[tuple, list[StudentRow]] = defaultdict(list)
    for row in rows:
        rows_by_student[plan.key_of[row.line]].append(row)
    stored_by_key = {k: stored.get(plan.youth_of_key.get(k), ()) for k in rows_by_student}
    leaving = _leaving(rows_by_student, stored_by_key)
    summary.leaving = len(leaving)
    new_rows, changed, touched_keys = [], [], set()
    for row in rows:
        key = plan.key_of[row.line]
        school = plan.school_of[row.line]
        youth_id = plan.youth_of_key.get(key)
        old = existing.get((youth_id, school.pk, row.period_start)) if youth_id else None
        if old is None:
            new_rows.append(row)
            touched_keys.add(key)
            continue
        values = _values(row, old["school_student_id"])
        if any(old[f] != values[f] for f in PERIOD_FIELDS):
            changed.append((old["pk"], values))
            touched_keys.add(key)
        else:
            summary.unchanged += 1
    summary.created, summary.changed = len(new_rows), len(changed)
    if dry_run:
        _route(leaving, plan, summary, write=False)
        return summary
    with transaction.atomic():
        record = SchoolDataImport.objects.create(
            municipality=municipality,
            school_id=access.school_id,
            file_name=file_name[:200],
            file_sha256=hashlib.sha256(data).hexdigest(),
            imported_by=None if isinstance(actor, SystemActor) else actor,
            rows=len(rows),
            created=summary.created,
            changed=summary.changed,
            unchanged=summary.unchanged,
        )
        summary.import_id = record.pk
        now = timezone.now()
        youth_of_key = dict(plan.youth_of_key)
        youth_of_key.update(_new_youth(plan, municipality, now))
        _Insert(StudentPeriod, PERIOD_COLUMNS).write(
            [
                (youth_of_key[plan.key_of[row.line]], plan.school_of[row.line].pk,
                 row.period_start, *_values(row, ordered=True), record.pk, now)
                for row in new_rows
            ]
        )  # fmt: skip
        updates = [
            StudentPeriod(pk=pk, source=record, updated_at=now, **values) for pk, values in changed
        ]
        StudentPeriod.objects.bulk_update(
            updates, [*PERIOD_FIELDS, "source", "updated_at"], batch_size=BATCH
        )
        if progress:
            progress(total // 2, total)
        # New and changed periods alike now name this import as their source: one subquery.
        evaluated = risk_rules.evaluate(
            municipality=municipality,
            periods=StudentPeriod.objects.filter(source=record),
            today=today,
        )
        summary.flags_raised = evaluated.raised
        if progress:
            progress(total * 3 // 4, total)
        _route(leaving, plan, summary, write=True, youth_of_key=youth_of_key)
        touched = sorted({youth_of_key[k] for k in touched_keys})
        if touched:
            fields = AUDIT_FIELDS + (NEW_YOUTH_FIELDS if plan.new_keys else ())
            audit.record(
                actor,
                audit.Entry(
                    AuditAction.CREATE,
                    Purpose.EARLY_WARNING,
                    obj=record,
                    subjects=tuple(access.grant.subject(y) for y in touched),
                    fields=fields,
                    membership=access.grant.membership,
                    municipality_id=municipality.pk,
                ),
            )
        record.flags_raised = summary.flags_raised
        record.save(update_fields=["flags_raised"])
    if progress:
        progress(total, total)
    return summary


def summary_lines(summary: ImportSummary) -> list[str]:
    """The summary in sentences (Norwegian in the UI), for the command and the log."""
    lines = [
        _(
            "%(file_name)s: %(rows)s rows, %(students)s students (%(new_youth)s new in the "
            "register); periods: %(created)s new, %(changed)s changed, %(unchanged)s unchanged."
        )
        % asdict(summary)
    ]
    if not summary.dry_run:
        lines.append(_("Risk flags raised: %(n)s.") % {"n": summary.flags_raised})
    lines.append(
        _(
            "Students who left school: %(leaving)s; registered with the follow-up service: "
            "%(routed)s."
        )
        % {"leaving": summary.leaving, "routed": summary.routed}
    )
    if summary.report_outside:
        lines.append(
            _(
                "These students left school and live where no follow-up service in Ungsam "
                "serves: report them to the county's follow-up service outside Ungsam: %(lines)s"
            )
            % {"lines": ", ".join(summary.report_outside)}
        )
    return lines
