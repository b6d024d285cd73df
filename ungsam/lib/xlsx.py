"""Excel downloads (.xlsx) of tables, written with openpyxl (DESIGN.md's choice): one sheet per
table, a bold header row, numbers as numbers, text always as text (a value starting with "="
is never a formula, so a downloaded table cannot run anything)."""

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)


def _sheet_name(name, taken: set[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub(" ", str(name)).strip()[:31] or "Ark"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _cell(sheet, value, bold: bool):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never "f": no formula from a table's text
    if bold:
        cell.font = _BOLD
    return cell


def workbook(sheets) -> bytes:
    """`sheets` is [(name, header, rows)]; header and each row a list of cell values."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for name, header, rows in sheets:
        sheet = book.create_sheet(_sheet_name(name, taken))
        sheet.append([_cell(sheet, v, bold=True) for v in header])
        for row in rows:
            sheet.append([_cell(sheet, v, bold=False) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
