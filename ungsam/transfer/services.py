"""Importing a bundle (docs/importpakke.md) into a unit: all or nothing, and idempotent.

`preview_bundle` reads and checks the bundle and says what would happen; `import_bundle`
checks it again (the bundle or the unit's ledger may have changed since the preview) and, if
every row is valid, writes it in one transaction: each row not imported into the unit before
becomes the app's record (or the imported history of transfer.models) and a ledger row
(`ImportedRow`), in batches, streaming the files, so a million contacts fit in memory. Any
error raises `BundleInvalid` with the whole list, and nothing is written.

Who the imported rows are recorded by: the leader importing in the UI, or, for the command
(no person logged in), the import account (`import_account`, see IMPORT_ACCOUNT_USERNAME). The
import is audited as one event on the unit naming no youth: the rows came from another
system's records, not from anyone reading them here; reading them later is audited as usual."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ungsam.access import audit, policy
from ungsam.access.models import AuditAction, Purpose
from ungsam.cases.models import Case, CaseStage, CaseStatus, ClosureOutcome, StageChange
from ungsam.collab.models import Inquiry, InquiryKind, InquiryTopic
from ungsam.org.models import Area, Municipality, Place, Unit, UnitKind, User
from ungsam.outreach.models import (
    Conversation,
    Group,
    GroupAttendance,
    GroupSession,
)
from ungsam.people.models import Youth
from ungsam.transfer.bundle import (
    BundleInvalid,
    Plan,
    Preview,
    ledger_ids,
    open_bundle,
    parsed_rows,
    validate,
)
from ungsam.transfer.fast_insert import ContactWriter, write_ledger
from ungsam.transfer.models import (
    IMPORT_ACCOUNT_USERNAME,
    BundleFile,
    ImportedCollaboration,
    ImportedConcernReport,
    ImportedRow,
)

BATCH = 2000
Progress = Callable[[int, int], None]

__all__ = [
    "BundleInvalid",
    "ImportResult",
    "import_account",
    "import_bundle",
    "preview_bundle",
    "unit_for_import",
]


@dataclass
class ImportResult:
    """What the import wrote: the preview it checked (per file: rows, new, already imported)
    and the unit."""

    unit: Unit
    preview: Preview
    created_unit: bool = False
    written: dict[str, int] = field(default_factory=dict)


def _refuse_unless_may_import(actor, unit: Unit | None) -> None:
    """A unit still to be made (the command's --create) only by the system."""
    if unit is None or unit.pk is None:
        allowed = isinstance(actor, audit.SystemActor)
    else:
        allowed = policy.may_import_bundle(actor, unit)
    if not allowed:
        raise PermissionDenied(_("You may not import into this unit."))


def preview_bundle(*, actor, unit: Unit | None, source) -> Preview:
    """Reads and checks the bundle; writes nothing. `unit` None: a unit still to be made."""
    _refuse_unless_may_import(actor, unit)
    with open_bundle(source) as bundle:
        preview, _plan = validate(bundle, unit)
    return preview


def import_account() -> User:
    """The user imported rows are recorded by when the system imports: made on first use,
    inactive, with no usable password and no role (see IMPORT_ACCOUNT_USERNAME)."""
    account, created = User.objects.get_or_create(
        username=IMPORT_ACCOUNT_USERNAME,
        defaults={"is_active": False, "first_name": "Import", "last_name": "(system)"},
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


def unit_for_import(
    *, slug: str, municipality_number: str | None = None, create: bool = False
) -> tuple[Unit | None, str]:
    """The unit a command names by slug (and municipality number, when two municipalities
    share the slug): (unit, "") or (None, why not). With `create`, a unit not found is made
    (unsaved: the import saves it in its own transaction, so a failed import leaves none): an
    outreach unit in the municipality given, or the only one, or on an empty database a new
    municipality 0000 named after the unit."""
    units = Unit.objects.filter(slug=slug).select_related("municipality")
    if municipality_number:
        units = units.filter(municipality__number=municipality_number)
    found = list(units[:2])
    if len(found) == 2:
        return None, _("Two municipalities have a unit “%(slug)s”: give --municipality.") % {
            "slug": slug
        }
    if found:
        return found[0], ""
    if not create:
        return None, _("No unit “%(slug)s”.") % {"slug": slug}
    if municipality_number:
        municipality = Municipality.objects.filter(number=municipality_number).first()
        if municipality is None:
            return None, _("No municipality with number %(number)s.") % {
                "number": municipality_number
            }
    else:
        municipalities = list(Municipality.objects.all()[:2])
        if len(municipalities) == 2:
            return None, _("There are several municipalities: give --municipality.")
        municipality = (
            municipalities[0] if municipalities else Municipality(number="0000", name=slug)
        )
    return Unit(municipality=municipality, name=slug, slug=slug, kind=UnitKind.OUTREACH), ""


def import_bundle(*, actor, unit: Unit, source, progress: Progress | None = None) -> ImportResult:
    """Imports the bundle into the unit, all or nothing; raises BundleInvalid (nothing
    written) or PermissionDenied. An unsaved `unit` (unit_for_import with create) is saved in
    the same transaction. `progress(done, total)` is called after each batch, with rows."""
    _refuse_unless_may_import(actor, unit)
    created = unit.pk is None
    with open_bundle(source) as bundle, transaction.atomic():
        if not created:
            # One import into a unit at a time: the second waits, then finds the first's rows
            # in the ledger (checked under the lock, so none is written twice).
            Unit.objects.select_for_update().filter(pk=unit.pk).first()
        preview, plan = validate(bundle, None if created else unit)
        if preview.errors:
            raise BundleInvalid(preview.errors)
        if created:
            if unit.municipality.pk is None:
                unit.municipality.save()
                unit.municipality_id = unit.municipality.pk
            unit.save()
        run = _Run(actor, unit, bundle, plan, preview, progress)
        run.all()
        audit.record(
            actor,
            audit.Entry(
                AuditAction.CREATE,
                Purpose.ADMINISTRATION,
                obj=unit,
                fields=("imported_bundle",),
                membership=policy.import_membership(actor, unit),
                municipality_id=unit.municipality_id,
            ),
        )
    return ImportResult(unit=unit, preview=preview, created_unit=created, written=run.written)


def _noon(day: date) -> datetime:
    """Noon local time on the day: an imported contact has a date, not a time."""
    return timezone.make_aware(datetime.combine(day, time(12)), timezone.get_current_timezone())


class _Run:
    """One import's writes, file by file in the bundle's order."""

    def __init__(self, actor, unit, bundle, plan: Plan, preview: Preview, progress):
        self.actor, self.unit, self.bundle, self.plan = actor, unit, bundle, plan
        self.by = actor if isinstance(actor, User) else import_account()
        self.total = preview.total
        self.done = 0
        self.progress = progress
        self.written: dict[str, int] = {}
        self.today = timezone.localdate()
        self.now = timezone.now()

    # -- the ledger ---------------------------------------------------------------------

    def _ledger(self, file: str) -> dict[str, int]:
        return dict(
            ImportedRow.objects.filter(unit=self.unit, file=file).values_list(
                "external_id", "object_id"
            )
        )

    def _book(self, file: str, pairs: list[tuple[str, int]]) -> None:
        for start in range(0, len(pairs), BATCH):
            write_ledger(
                unit_id=self.unit.pk, file=file, pairs=pairs[start : start + BATCH], now=self.now
            )
        self.written[file] = self.written.get(file, 0) + len(pairs)

    def _tick(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _new_rows(self, file: str, known: dict[str, int]):
        """The file's rows not imported before, counting every row for the progress."""
        pending = 0
        for _line, values in parsed_rows(self.bundle, file):
            pending += 1
            if pending >= BATCH:
                self._tick(pending)
                pending = 0
            if values["id"] not in known:
                yield values
        self._tick(pending)

    def _batched(self, file: str, known: dict[str, int], make) -> None:
        """Writes the file's new rows in batches: `make(values)` builds the object."""
        batch: list[tuple[str, object]] = []
        for values in self._new_rows(file, known):
            batch.append((values["id"], make(values)))
            if len(batch) >= BATCH:
                self._flush(file, batch)
                batch = []
        self._flush(file, batch)

    def _flush(self, file: str, batch) -> None:
        if not batch:
            return
        objects = [obj for _ext, obj in batch]
        type(objects[0]).objects.bulk_create(objects)
        self._book(file, [(ext, obj.pk) for ext, obj in batch])

    def all(self) -> None:
        files = set(self.bundle.files())
        self.places = self._ledger(BundleFile.PLACES)
        self.cases = self._ledger(BundleFile.YOUTHS)
        self.groups = self._ledger(BundleFile.GROUPS)
        steps = [
            (BundleFile.PLACES, self.import_places),
            (BundleFile.CONTACTS, self.import_contacts),
            (BundleFile.YOUTHS, self.import_youths),
            (BundleFile.CONVERSATIONS, self.import_conversations),
            (BundleFile.GROUPS, self.import_groups),
            (BundleFile.ATTENDANCE, self.import_attendance),
            (BundleFile.COLLABORATIONS, self.import_collaborations),
            (BundleFile.CONCERN_REPORTS, self.import_concern_reports),
        ]
        for file, step in steps:
            if file in files:
                step()

    # -- the files --------------------------------------------------------------------------

    def import_places(self) -> None:
        municipality = self.unit.municipality_id
        # Lower-cased here, not in SQL: SQLite's LOWER leaves Æ, Ø and Å as they are.
        areas = {
            name.lower(): pk
            for name, pk in Area.objects.filter(municipality_id=municipality).values_list(
                "name", "pk"
            )
        }
        places = {
            name.lower(): pk
            for name, pk in Place.objects.filter(municipality_id=municipality).values_list(
                "name", "pk"
            )
        }
        booked = []
        for values in self._new_rows(BundleFile.PLACES, self.places):
            key = values["name"].lower()
            if key not in places:
                area_id = None
                if values["area"]:
                    area_key = values["area"].lower()
                    if area_key not in areas:
                        areas[area_key] = Area.objects.create(
                            municipality_id=municipality, name=values["area"]
                        ).pk
                    area_id = areas[area_key]
                places[key] = Place.objects.create(
                    municipality_id=municipality,
                    name=values["name"],
                    kind=values["kind"],
                    area_id=area_id,
                ).pk
            self.places[values["id"]] = places[key]
            booked.append((values["id"], places[key]))
        self._book(BundleFile.PLACES, booked)

    def import_contacts(self) -> None:
        known = ledger_ids(self.unit, BundleFile.CONTACTS)
        writer = ContactWriter(
            unit_id=self.unit.pk, recorded_by_id=self.by.pk, now=self.now, noon=_noon
        )
        batch = []
        for values in self._new_rows(BundleFile.CONTACTS, known):
            batch.append((values["id"], values, self.places[values["place_id"]]))
            if len(batch) >= BATCH:
                self._book(BundleFile.CONTACTS, writer.write(batch))
                batch = []
        if batch:
            self._book(BundleFile.CONTACTS, writer.write(batch))

    def import_youths(self) -> None:
        rows = list(self._new_rows(BundleFile.YOUTHS, self.cases))
        youths = Youth.objects.bulk_create(
            [
                Youth(
                    municipality_id=self.unit.municipality_id,
                    first_name=values["first_name"],
                    last_name=values["last_name"],
                    birth_date=values["birth_date"],
                    gender=values["gender"],
                )
                for values in rows
            ],
            batch_size=BATCH,
        )
        cases = []
        for values, youth in zip(rows, youths, strict=True):
            first, last = self.plan.youth_dates.get(values["id"], (self.today, self.today))
            cases.append(
                Case(
                    youth=youth,
                    unit=self.unit,
                    status=CaseStatus.CLOSED,
                    stage=CaseStage.CLOSED,
                    opened_on=first,
                    closed_on=last,
                    closure_outcome=ClosureOutcome.OTHER,
                    imported=True,
                )
            )
        Case.objects.bulk_create(cases, batch_size=BATCH)
        # On the case page's stage history, in the language of the import.
        note = _("Imported from an older system")
        # Its history: followed from the first day of the youth's rows to the last, so the
        # unit's status on a past day (seed 003) reads it as the old system had it.
        StageChange.objects.bulk_create(
            [
                change
                for case in cases
                for change in (
                    StageChange(case=case, stage=CaseStage.ACTIVE, at=_noon(case.opened_on),
                                by=self.by, note=note),
                    StageChange(case=case, stage=CaseStage.CLOSED, at=_noon(case.closed_on),
                                by=self.by, note=note),
                )
            ],
            batch_size=BATCH,
        )  # fmt: skip
        pairs = [(values["id"], case.pk) for values, case in zip(rows, cases, strict=True)]
        self.cases.update(pairs)
        self._book(BundleFile.YOUTHS, pairs)

    def import_conversations(self) -> None:
        known = self._ledger(BundleFile.CONVERSATIONS)

        def make(values):
            youth = values["youth_id"]
            return Conversation(
                unit=self.unit,
                date=values["date"],
                channel=values["channel"],
                anonymous=not youth,
                case_id=self.cases[youth] if youth else None,
                held_by=self.by,
                created_at=self.now,
            )

        self._batched(BundleFile.CONVERSATIONS, known, make)

    def import_groups(self) -> None:
        groups = dict(Group.objects.filter(unit=self.unit).values_list("name", "pk"))
        booked = []
        for values in self._new_rows(BundleFile.GROUPS, self.groups):
            name = values["name"]
            if name not in groups:
                groups[name] = Group.objects.create(
                    unit=self.unit, name=name, kind=values["kind"]
                ).pk
            self.groups[values["id"]] = groups[name]
            booked.append((values["id"], groups[name]))
        self._book(BundleFile.GROUPS, booked)

    def import_attendance(self) -> None:
        known = self._ledger(BundleFile.ATTENDANCE)
        # One participation per row: held until the sessions exist (a session is made once
        # per group and date, or the one there is reused).
        rows = [
            (v["id"], self.groups[v["group_id"]], v["date"], v["youth_id"])
            for v in self._new_rows(BundleFile.ATTENDANCE, known)
        ]
        group_ids = {group for _ext, group, _day, _youth in rows}
        sessions = {
            (group, day): pk
            for group, day, pk in GroupSession.objects.filter(group_id__in=group_ids)
            .order_by("id")
            .values_list("group_id", "date", "pk")
        }
        missing = sorted({(g, d) for _e, g, d, _y in rows if (g, d) not in sessions})
        made = GroupSession.objects.bulk_create(
            [
                GroupSession(group_id=g, date=d, recorded_by=self.by, created_at=self.now)
                for g, d in missing
            ],
            batch_size=BATCH,
        )
        sessions.update({(s.group_id, s.date): s.pk for s in made})
        anonymous: dict[int, int] = {}
        attendance = []
        for _ext, group, day, youth in rows:
            session = sessions[(group, day)]
            if youth:
                attendance.append(GroupAttendance(session_id=session, case_id=self.cases[youth]))
            else:
                anonymous[session] = anonymous.get(session, 0) + 1
        # A youth already counted at that session by an earlier import stays counted once.
        GroupAttendance.objects.bulk_create(attendance, batch_size=BATCH, ignore_conflicts=True)
        for session, n in anonymous.items():
            GroupSession.objects.filter(pk=session).update(anonymous_count=F("anonymous_count") + n)
        self._book(BundleFile.ATTENDANCE, [(ext, sessions[(g, d)]) for ext, g, d, _y in rows])

    def import_collaborations(self) -> None:
        known = self._ledger(BundleFile.COLLABORATIONS)
        with_youth, without = [], []
        for values in self._new_rows(BundleFile.COLLABORATIONS, known):
            youth = values["youth_id"]
            if youth:
                with_youth.append(
                    (
                        values["id"],
                        ImportedCollaboration(
                            unit=self.unit,
                            case_id=self.cases[youth],
                            date=values["date"],
                            direction=values["direction"],
                            service=values["service"],
                        ),
                    )
                )
            else:
                kind = (
                    InquiryKind.ANONYMOUS_GUIDANCE
                    if values["consent"] == "yes"
                    else InquiryKind.INQUIRY
                )
                without.append(
                    (
                        values["id"],
                        Inquiry(
                            unit=self.unit,
                            kind=kind,
                            service=values["service"],
                            direction=values["direction"],
                            on_date=values["date"],
                            topic=InquiryTopic.OTHER,
                            recorded_by=self.by,
                            recorded_at=self.now,
                        ),
                    )
                )
            if len(with_youth) >= BATCH:
                self._flush(BundleFile.COLLABORATIONS, with_youth)
                with_youth = []
            if len(without) >= BATCH:
                self._flush(BundleFile.COLLABORATIONS, without)
                without = []
        self._flush(BundleFile.COLLABORATIONS, with_youth)
        self._flush(BundleFile.COLLABORATIONS, without)

    def import_concern_reports(self) -> None:
        known = self._ledger(BundleFile.CONCERN_REPORTS)

        def make(values):
            return ImportedConcernReport(
                unit=self.unit,
                case_id=self.cases[values["youth_id"]],
                date=values["date"],
                kind=values["kind"],
            )

        self._batched(BundleFile.CONCERN_REPORTS, known, make)
