"""Reading an import bundle (docs/importpakke.md): a folder or a .zip of CSV files, each
optional, and what each file's columns must hold.

`open_bundle` gives a `Bundle` that streams a file's rows one at a time (a contacts file of a
million rows is never held in memory as a list), and `validate` (validation.py) reads every row
once, collecting every error as `file:line: column: message`. This module knows only the
format: the files, their columns and code lists, and how a value is read from a cell."""

import codecs
import csv
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ungsam.collab.models import RequestDirection
from ungsam.org.models import PlaceKind, ServiceCode
from ungsam.outreach.models import (
    AgeGroup,
    ContactChannel,
    ConversationChannel,
    Gender,
    GroupKind,
)
from ungsam.transfer.models import BundleFile, ImportedConcernKind

# A cell, an id or a name longer than this is refused (the ledger's id column holds 100).
MAX_ID = 100
MAX_NAME = 100
# The file whose cells are personal data (names, birth dates; an older system's export may hold
# a national id in any of them). Its cells, and references to its ids, are never quoted in an
# error: the errors are kept on the import job and shown unaudited, also when nothing was
# imported. A file exported without its header row would otherwise put its first youth there.
PERSONAL_FILE = BundleFile.YOUTHS
# Stop collecting after this many errors: the list is for a person to read, and a bundle that
# is wrong in every row of a million says so in its first thousand.
MAX_ERRORS = 1000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, id, ref, date, code, count, name
    required: bool = True
    codes: tuple[str, ...] = ()
    refers_to: str = ""  # for kind "ref": the file whose ids it names


def _codes(choices) -> tuple[str, ...]:
    return tuple(choices.values)


YES_NO = ("yes", "no")

# The files of a bundle in the order they are read and imported: a file's references point to
# files before it.
FILES: dict[str, tuple[Column, ...]] = {
    BundleFile.PLACES: (
        Column("id", "id"),
        Column("name", "name"),
        Column("area", "name", required=False),
        Column("kind", "code", codes=_codes(PlaceKind)),
    ),
    BundleFile.CONTACTS: (
        Column("id", "id"),
        Column("date", "date"),
        Column("place_id", "ref", refers_to=BundleFile.PLACES),
        Column("channel", "code", codes=_codes(ContactChannel)),
        Column("gender", "code", codes=_codes(Gender)),
        Column("age_group", "code", codes=_codes(AgeGroup)),
        Column("count", "count"),
    ),
    BundleFile.YOUTHS: (
        Column("id", "id"),
        Column("first_name", "name"),
        Column("last_name", "name"),
        Column("birth_date", "date"),
        Column("gender", "code", codes=_codes(Gender)),
    ),
    BundleFile.CONVERSATIONS: (
        Column("id", "id"),
        Column("date", "date"),
        Column("youth_id", "ref", required=False, refers_to=BundleFile.YOUTHS),
        Column("channel", "code", codes=_codes(ConversationChannel)),
    ),
    BundleFile.GROUPS: (
        Column("id", "id"),
        Column("name", "name"),
        Column("kind", "code", codes=_codes(GroupKind)),
    ),
    BundleFile.ATTENDANCE: (
        Column("id", "id"),
        Column("group_id", "ref", refers_to=BundleFile.GROUPS),
        Column("date", "date"),
        Column("youth_id", "ref", required=False, refers_to=BundleFile.YOUTHS),
    ),
    BundleFile.COLLABORATIONS: (
        Column("id", "id"),
        Column("date", "date"),
        Column("youth_id", "ref", required=False, refers_to=BundleFile.YOUTHS),
        Column("direction", "code", codes=_codes(RequestDirection)),
        Column("service", "code", codes=_codes(ServiceCode)),
        Column("consent", "code", codes=YES_NO),
    ),
    BundleFile.CONCERN_REPORTS: (
        Column("id", "id"),
        Column("date", "date"),
        Column("youth_id", "ref", refers_to=BundleFile.YOUTHS),
        Column("kind", "code", codes=_codes(ImportedConcernKind)),
    ),
}


def file_name(file: str) -> str:
    return f"{file}.csv"


@dataclass(frozen=True)
class BundleError:
    """One error, as the command prints it and the page lists it."""

    file: str  # "contacts.csv", or the bundle's own name for an error about the whole bundle
    line: int  # 1 is the header row; 0 when the error is about the whole file
    column: str  # the column's name, or "-" when the error is about the row or the file
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class BundleInvalid(Exception):  # noqa: N818 (the name the callers and docs use)
    """The bundle has errors; nothing was imported. `errors` lists them all (up to
    MAX_ERRORS), in file and line order."""

    def __init__(self, errors: list[BundleError]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s) in the import bundle")


@dataclass
class FileSummary:
    """One file of the bundle in the preview: its data rows, how many are new and how many were
    imported into the unit before (found in the ledger)."""

    file: str
    total: int = 0
    new: int = 0
    already: int = 0

    @property
    def name(self) -> str:
        return file_name(self.file)


@dataclass
class Preview:
    """What validating a bundle found: per file present its summary, and every error."""

    files: list[FileSummary] = field(default_factory=list)
    errors: list[BundleError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return sum(f.total for f in self.files)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)


class Bundle:
    """A folder or a .zip of CSV files. `source` is a path (folder or .zip) or an open binary
    file holding a .zip (an upload). Files are found by name at the top level or in one folder
    inside the zip (what "compress folder" makes). Use as a context manager."""

    def __init__(self, source):
        self.label = _("bundle")
        self._zip: zipfile.ZipFile | None = None
        self._dir: Path | None = None
        self._members: dict[str, str] = {}  # "contacts.csv" -> path inside the zip or folder
        self.unknown_files: list[str] = []
        self.problem = ""  # why the bundle cannot be read at all
        if isinstance(source, str | os.PathLike):
            path = Path(source)
            self.label = path.name or str(path)
            if path.is_dir():
                self._dir = path
                names = [p.name for p in sorted(path.iterdir()) if p.is_file()]
                self._index({n: n for n in names})
                return
            if not path.exists():
                self.problem = _("No such file or folder.")
                return
            source = path
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError):
            self.problem = _("Not a folder or a .zip file.")
            return
        names = {}
        for info in self._zip.infolist():
            if info.is_dir() or "__MACOSX" in info.filename:
                continue
            names[info.filename] = info.filename
        self._index(names)
        # The sizes the zip declares bound what reading gives (zipfile stops there), so adding
        # them up refuses a zip bomb before anything is unpacked.
        unpacked = sum(self._zip.getinfo(m).file_size for m in self._members.values())
        if unpacked > settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024:
            self.problem = _(
                "The bundle's files are too large when unpacked: %(size)s MB, at most %(limit)s MB."
            ) % {"size": unpacked // (1024 * 1024), "limit": settings.IMPORT_MAX_UNPACKED_MB}

    def _index(self, names: dict[str, str]) -> None:
        wanted = {file_name(f) for f in FILES}
        for path in names:
            base = path.rsplit("/", 1)[-1]
            depth = path.count("/")
            if base.startswith(".") or depth > 1:
                continue
            if base.lower() in wanted and base.lower() not in self._members:
                self._members[base.lower()] = names[path]
            elif base.lower().endswith(".csv"):
                self.unknown_files.append(base)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def has(self, file: str) -> bool:
        return file_name(file) in self._members

    def files(self) -> list[str]:
        """The bundle's known files, in import order."""
        return [f for f in FILES if self.has(f)]

    def _open(self, file: str):
        member = self._members[file_name(file)]
        if self._zip is not None:
            return self._zip.open(member)
        return open(self._dir / member, "rb")  # noqa: SIM115 (closed by the caller)

    def rows(self, file: str) -> Iterator[tuple[int, list[str] | BundleError]]:
        """(line, cells) for each row of the file, the header first (line 1); a row that
        cannot be read yields a BundleError and ends the file. Streams: one row in memory."""
        name = file_name(file)
        with self._open(file) as raw:
            decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
            text = _DecodedLines(raw, decoder)
            reader = csv.reader(text, strict=True)
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError:
                    yield text.line, BundleError(name, text.line, "-", _("Not UTF-8 text."))
                    return
                except _BinaryData:
                    message = _("The file holds binary data, not CSV text.")
                    yield text.line, BundleError(name, text.line, "-", message)
                    return
                except csv.Error as exc:
                    yield (
                        reader.line_num,
                        BundleError(
                            name,
                            reader.line_num,
                            "-",
                            _("Not a CSV file that can be read (%(problem)s).") % {"problem": exc},
                        ),
                    )
                    return
                yield reader.line_num, cells


class _BinaryData(Exception):
    pass


class _DecodedLines:
    """Lines of text from a binary stream, decoded as they are read, counting lines so an
    encoding error names its line."""

    def __init__(self, raw, decoder):
        self._lines = io.BufferedReader(raw) if not hasattr(raw, "readline") else raw
        self._decoder = decoder
        self.line = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        chunk = self._lines.readline()
        if not chunk:
            tail = self._decoder.decode(b"", final=True)
            if tail:
                return tail
            raise StopIteration
        self.line += 1
        text = self._decoder.decode(chunk)
        if "\x00" in text:
            # Valid UTF-8 and accepted by the csv module, but no exported table holds it: a
            # spreadsheet or an archive saved under a .csv name.
            raise _BinaryData
        return text


def open_bundle(source) -> Bundle:
    return Bundle(source)


def parse_date(text: str) -> date | None:
    """An ISO date (2025-03-14), or None."""
    if len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_count(text: str) -> int | None:
    if not text.isdigit() or len(text) > 9:
        return None
    return int(text)


# --- Validation -------------------------------------------------------------------------------


@dataclass
class Plan:
    """What validation learnt that the import needs: per youth id of the bundle, the first
    and last date of their rows (their imported case's opening and closing)."""

    youth_dates: dict[str, tuple[date, date]] = field(default_factory=dict)
    # The ids each file of the bundle holds (the targets of references).
    ids: dict[str, set[str]] = field(default_factory=dict)


class _Errors(list):
    """The errors found so far (up to MAX_ERRORS; the rest only counted), and the files that
    could not be read to the end (their ids are not known, so references to them are not
    checked: one broken file gives its own errors, not one per row that names it)."""

    def __init__(self):
        super().__init__()
        self.overflow = 0
        self.broken: set[str] = set()

    def add(self, error: BundleError) -> None:
        if len(self) < MAX_ERRORS:
            self.append(error)
        else:
            self.overflow += 1


def ledger_ids(unit, file: str) -> set[str]:
    """The ids of the file's rows imported into the unit before."""
    if unit is None or unit.pk is None:
        return set()
    from ungsam.transfer.models import ImportedRow

    return set(
        ImportedRow.objects.filter(unit=unit, file=file).values_list("external_id", flat=True)
    )


def _check_header(
    name: str, columns: tuple[Column, ...], header: list[str], errors, *, personal: bool
) -> bool:
    wanted = [c.name for c in columns]
    seen = set()
    ok = True
    if len(header) == 1 and ";" in header[0]:
        errors.add(BundleError(name, 1, "-", _("Columns are separated by semicolons; use commas.")))
        return False
    for number, cell in enumerate(header, start=1):
        column = cell.strip()
        if column not in wanted:
            if personal:
                message = _("Unknown column (column %(n)s).") % {"n": number}
                errors.add(BundleError(name, 1, "-", message))
            else:
                errors.add(BundleError(name, 1, column[:40] or "-", _("Unknown column.")))
            ok = False
        elif column in seen:
            errors.add(BundleError(name, 1, column, _("The column appears twice.")))
            ok = False
        seen.add(column)
    for column in wanted:
        if column not in seen:
            errors.add(BundleError(name, 1, column, _("The column is missing.")))
            ok = False
    return ok


INVALID = "__invalid__"


def parsed_rows(
    bundle: Bundle, file: str, errors=None, *, with_invalid: bool = False
) -> Iterator[tuple[int, dict]]:
    """(line, values) for each data row whose cells are valid on their own: dates as dates,
    counts as ints, empty optional cells as "". Errors go to `errors` (when given); a row with
    any error is not yielded, unless `with_invalid` (then its values hold INVALID, and None
    for each bad cell: validation still knows its id). References are checked by
    `validate`."""
    name = file_name(file)
    columns = FILES[file]
    personal = file == PERSONAL_FILE
    errors = errors if errors is not None else _Errors()
    rows = bundle.rows(file)
    order = None
    for line, cells in rows:
        if isinstance(cells, BundleError):
            errors.add(cells)
            errors.broken.add(file)
            return
        if order is None:
            if not _check_header(name, columns, cells, errors, personal=personal):
                errors.broken.add(file)
                return
            position = {c.strip(): i for i, c in enumerate(cells)}
            order = [(column, position[column.name]) for column in columns]
            width = len(cells)
            continue
        if not cells or cells == [""]:
            continue  # a blank line
        if len(cells) != width:
            errors.add(
                BundleError(
                    name,
                    line,
                    "-",
                    _("The row has %(found)s values; the header has %(wanted)s.")
                    % {"found": len(cells), "wanted": width},
                )
            )
            continue
        values, ok = {}, True
        for column, index in order:
            value, message = _cell(column, cells[index].strip(), personal=personal)
            if message:
                errors.add(BundleError(name, line, column.name, message))
                ok = False
            values[column.name] = value
        if ok:
            yield line, values
        elif with_invalid:
            values[INVALID] = True
            yield line, values


def _cell(column: Column, text: str, *, personal: bool = False):
    """(value, error message or ""). `personal`: the message quotes no value."""
    if not text:
        if column.required:
            return None, _("A value is required.")
        return "", ""
    if column.kind in ("id", "ref"):
        if len(text) > MAX_ID:
            return None, _("An id may be at most %(n)s characters.") % {"n": MAX_ID}
        return text, ""
    if column.kind == "name":
        if len(text) > MAX_NAME:
            return None, _("At most %(n)s characters.") % {"n": MAX_NAME}
        return text, ""
    if column.kind == "date":
        day = parse_date(text)
        if day is None:
            if personal:
                return None, _("Not a date of the form YYYY-MM-DD.")
            return None, _("“%(value)s” is not a date of the form YYYY-MM-DD.") % {
                "value": text[:40]
            }
        return day, ""
    if column.kind == "count":
        count = parse_count(text)
        if count is None or count < 1:
            return None, _("“%(value)s” is not a whole number of at least 1.") % {
                "value": text[:40]
            }
        return count, ""
    if column.kind == "code":
        if text not in column.codes:
            if personal:
                return None, _("Unknown code; allowed: %(codes)s.") % {
                    "codes": ", ".join(column.codes)
                }
            return None, _("Unknown code “%(value)s”; allowed: %(codes)s.") % {
                "value": text[:40],
                "codes": ", ".join(column.codes),
            }
        return text, ""
    return text, ""


def _widen(dates: dict, youth: str, day: date) -> None:
    first, last = dates.get(youth, (day, day))
    dates[youth] = (min(first, day), max(last, day))


def validate(bundle: Bundle, unit=None) -> tuple[Preview, Plan]:
    """Reads every row of the bundle once and checks it: the header, each value, ids unique in
    their file, references to ids of this bundle or imported into the unit before, and the
    rules between columns. Returns the preview (per file: rows, new, already imported; every
    error) and the plan the import needs. `unit` None (a unit still to be created) has no
    ledger."""
    preview, plan = Preview(), Plan()
    errors = _Errors()
    if bundle.problem:
        errors.add(BundleError(bundle.label, 0, "-", bundle.problem))
        preview.errors = list(errors)
        return preview, plan
    for unknown in bundle.unknown_files:
        # Named here: the leader reading this on the import page has no docs/ folder.
        message = _("Unknown file; a bundle may hold %(files)s.") % {
            "files": ", ".join(file_name(f) for f in FILES)
        }
        errors.add(BundleError(unknown, 1, "-", message))
    if not bundle.files() and not bundle.unknown_files:
        message = _("The bundle holds none of the bundle's files.")
        errors.add(BundleError(bundle.label, 0, "-", message))
    earlier: dict[str, set[str]] = {}  # per referenced file, the ids imported before
    unreadable: set[str] = set()
    for file in FILES:
        if not bundle.has(file):
            continue
        name = file_name(file)
        summary = FileSummary(file)
        seen: set[str] = set()
        already = ledger_ids(unit, file)
        attended: set[tuple] = set()
        for line, values in parsed_rows(bundle, file, errors, with_invalid=True):
            summary.total += 1
            ident = values["id"]
            if ident is not None and ident in seen:
                errors.add(BundleError(name, line, "id", _("The id appears earlier in the file.")))
                continue
            # A row with a bad value still has its id (a later duplicate is one, and a
            # reference to it is not "unknown" on top) and its other values checked.
            seen.add(ident)
            if INVALID in values:
                pass
            elif ident in already:
                summary.already += 1
            else:
                summary.new += 1
            _check_row(file, name, line, values, plan, earlier, unreadable, unit, errors)
            if file == BundleFile.ATTENDANCE and values["youth_id"] and values["date"]:
                key = (values["group_id"], values["date"], values["youth_id"])
                if key in attended:
                    errors.add(
                        BundleError(
                            name,
                            line,
                            "youth_id",
                            _("The youth is already in this group on this date."),
                        )
                    )
                attended.add(key)
        if file in errors.broken:
            unreadable.add(file)
        plan.ids[file] = seen
        preview.files.append(summary)
    preview.errors = sorted(errors, key=_error_order)
    overflow = errors.overflow
    if overflow:
        preview.errors.append(
            BundleError(
                bundle.label,
                0,
                "-",
                ngettext("%(n)s more error not listed.", "%(n)s more errors not listed.", overflow)
                % {"n": overflow},
            )
        )
    return preview, plan


_FILE_ORDER = {file_name(f): i for i, f in enumerate(FILES)}


def _error_order(error: BundleError) -> tuple:
    """By file in the bundle's order, line, and column in the file's order."""
    order = _FILE_ORDER.get(error.file, -1)
    columns = [c.name for c in FILES[list(FILES)[order]]] if order >= 0 else []
    column = columns.index(error.column) if error.column in columns else -1
    return (order, error.line, column)


def _check_row(file, name, line, values, plan, earlier, unreadable, unit, errors) -> None:
    for column in FILES[file]:
        target = column.refers_to
        ref = values.get(column.name)
        if not target or not ref or target in unreadable:
            continue
        if ref in plan.ids.get(target, ()):
            continue
        if target not in earlier:
            earlier[target] = ledger_ids(unit, target)
        if ref not in earlier[target]:
            if target == PERSONAL_FILE:
                message = _("Not an id in %(file)s, nor one imported into the unit before.") % {
                    "file": file_name(target)
                }
            else:
                message = _(
                    "“%(ref)s” is not an id in %(file)s, nor one imported into the unit before."
                ) % {"ref": ref[:40], "file": file_name(target)}
            errors.add(BundleError(name, line, column.name, message))
    youth = values.get("youth_id")
    if file == BundleFile.COLLABORATIONS and values["consent"] == "no" and youth:
        errors.add(
            BundleError(
                name,
                line,
                "youth_id",
                _("An inquiry without consent must not name a youth."),
            )
        )
    if youth and values.get("date"):
        _widen(plan.youth_dates, youth, values["date"])
