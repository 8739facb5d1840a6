"""Reading an uploaded spreadsheet, CSV or XLSX, into headings and rows.

The kind of file is decided by its content, never by its name: an XLSX
workbook is a zip archive, so it starts with "PK"; anything else must be text
in the encoding the person chose. Every refusal is a ``TableError`` whose
message says, in plain English, what is wrong and what to do about it.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 200
# Bounds on work, not only bytes: a 1 MB workbook held 400,000 blank rows (28 s to read) and
# a 12 KB CSV 3,000 headings. Blank rows count towards this; headings are short names.
MAX_ROWS_READ = MAX_ROWS + 2_000
MAX_HEADING_LENGTH = 200

UTF8 = "utf-8"
WINDOWS_1252 = "windows-1252"
ENCODING_CHOICES = [
    (UTF8, "UTF-8 (including 'CSV UTF-8' from Excel)"),
    (WINDOWS_1252, "Windows-1252 (Excel's older 'CSV' format)"),
]
_ENCODING_LABELS = dict(ENCODING_CHOICES)

# A cell is text, or a real date when a workbook cell holds one.
Cell = str | datetime.date

# Bytes that never appear in a text file saved by a spreadsheet (tab, line
# feed and carriage return are allowed).
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TableError(ValueError):
    """The file cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class TableRow:
    number: int  # as the spreadsheet numbers it: the headings are usually row 1
    cells: tuple[Cell, ...]
    has_extra_values: bool = False  # values beyond the last heading (an unquoted comma?)


@dataclass(frozen=True)
class Table:
    kind: str  # "csv" or "xlsx"
    headings: tuple[str, ...]
    rows: tuple[TableRow, ...]

    def column(self, heading: str) -> int:
        return self.headings.index(heading)


def table_read(*, content: bytes, encoding: str) -> Table:
    """Read the file's first sheet: the first non-empty row holds the headings."""
    if len(content) > MAX_BYTES:
        raise TableError(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. "
            "Split it into smaller files and import each in turn."
        )
    if not content.strip():
        raise TableError("The file is empty.")
    if content.startswith(b"PK"):
        return _table_from_rows("xlsx", _xlsx_rows(content))
    return _table_from_rows("csv", _csv_rows(_decode(content, encoding)))


def encoding_label(encoding: str) -> str:
    return _ENCODING_LABELS.get(encoding, encoding)


# --- CSV ------------------------------------------------------------------


def _decode(content: bytes, encoding: str) -> str:
    if content.startswith(b"%PDF"):
        raise TableError(
            "This file is a PDF, not a spreadsheet. Upload the register as a CSV file "
            "or an Excel workbook (.xlsx)."
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            "This is an older Excel file (.xls). Open it in Excel, save it as an Excel "
            "workbook (.xlsx) or as 'CSV UTF-8', and upload that."
        )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(
            "This file is saved as UTF-16 (Excel's 'Unicode Text'). Save it as 'CSV UTF-8' "
            "and upload that."
        )
    if _BINARY_BYTES.search(content):
        raise TableError(
            "This file is not a CSV file or an Excel workbook (.xlsx). Save the register "
            "from your spreadsheet as 'CSV UTF-8' or as .xlsx, and upload that."
        )
    other = WINDOWS_1252 if encoding == UTF8 else UTF8
    if encoding == UTF8:
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableError(
                "The file is not saved as UTF-8 (there is a character it cannot read "
                f"near byte {exc.start}). If it came from Excel's older 'CSV' format, "
                f"choose “{encoding_label(other)}” and upload it again."
            ) from exc
    if encoding == WINDOWS_1252:
        if not content.isascii() and _is_utf8(content):
            # Read as Windows-1252, UTF-8 text turns "é" into "Ã©": refuse rather
            # than store garbled names.
            raise TableError(
                "The file looks like UTF-8, not Windows-1252: letters such as é or £ "
                f"would be garbled. Choose “{encoding_label(other)}” and upload it again."
            )
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise TableError(
                "The file is not saved as Windows-1252 (there is a character it cannot "
                f"read near byte {exc.start}). Choose “{encoding_label(other)}” and "
                "upload it again."
            ) from exc
    raise TableError(f"Unknown encoding “{encoding}”.")


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(text: str) -> str:
    """Comma, unless the headings are clearly separated by semicolons or tabs."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _csv_rows(text: str) -> Iterator[tuple[int, list[Cell]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in row]
    except csv.Error as exc:
        raise TableError(f"Row {number + 1} could not be read as CSV: {exc}.") from exc


# --- XLSX -----------------------------------------------------------------


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Cell]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        # openpyxl raises many kinds of error on a damaged or foreign zip
        # (BadZipFile, KeyError, InvalidFileException...); all mean the same here.
        raise TableError(
            "The file starts like an Excel workbook (.xlsx) but could not be opened as one. "
            "Open it in Excel, save it again as .xlsx or as 'CSV UTF-8', and upload that."
        ) from exc
    try:
        if not workbook.worksheets:
            raise TableError("The workbook has no worksheets.")
        sheet = workbook.worksheets[0]
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            yield number, [_xlsx_cell(value) for value in values]
    finally:
        workbook.close()


def _xlsx_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- Both -----------------------------------------------------------------


def _is_blank(cells: Iterable[Cell]) -> bool:
    return all(cell == "" for cell in cells)


def _headings(cells: list[Cell]) -> tuple[str, ...]:
    texts = [
        cell.strftime("%d/%m/%Y") if isinstance(cell, datetime.date) else cell for cell in cells
    ]
    while texts and not texts[-1]:
        texts.pop()
    if not texts:
        raise TableError("The first row of the file should hold the column headings.")
    if len(texts) > MAX_COLUMNS:
        raise TableError(
            f"The file has {len(texts):,} columns; a register has at most {MAX_COLUMNS}. "
            "Remove the columns you do not need and upload it again."
        )
    headings: list[str] = []
    taken: set[str] = set()
    next_copy: dict[str, int] = {}  # linear in the headings, however many repeat
    for position, text in enumerate(texts, start=1):
        heading = " ".join(text.split()) or f"Column {position}"
        if len(heading) > MAX_HEADING_LENGTH:
            raise TableError(
                f"The heading of column {position} is longer than {MAX_HEADING_LENGTH} "
                "characters. Check the first row holds the column headings."
            )
        candidate, copy = heading, next_copy.get(heading, 2)
        while candidate in taken:
            candidate, copy = f"{heading} ({copy})", copy + 1
        next_copy[heading] = copy
        taken.add(candidate)
        headings.append(candidate)
    return tuple(headings)


def _table_from_rows(kind: str, numbered_rows: Iterable[tuple[int, list[Cell]]]) -> Table:
    headings: tuple[str, ...] | None = None
    rows: list[TableRow] = []
    for read, (number, cells) in enumerate(numbered_rows, start=1):
        if read > MAX_ROWS_READ:
            raise TableError(
                f"The file has more than {MAX_ROWS_READ:,} rows, counting blank ones. Delete "
                "the empty rows at the end of the sheet, or split it into smaller files."
            )
        if _is_blank(cells):
            continue
        if headings is None:
            headings = _headings(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise TableError(
                f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files "
                "and import each in turn."
            )
        width = len(headings)
        padded = tuple(cells[:width]) + ("",) * (width - len(cells))
        rows.append(TableRow(number, padded, has_extra_values=not _is_blank(cells[width:])))
    if headings is None:
        raise TableError("The file is empty.")
    if not rows:
        raise TableError("The file has column headings but no rows under them.")
    return Table(kind=kind, headings=headings, rows=tuple(rows))
