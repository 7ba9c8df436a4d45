"""The three file formats of the exports, written from an iterator of rows without holding it.

- CSV (``csv_chunks``): UTF-8 with a byte-order mark and ";" between cells, which is what Excel
  in a Russian Windows opens correctly on a double click: without the mark it reads the bytes
  as Windows-1251, and it splits cells on the system's list separator, which is ";" wherever
  the decimal separator is "," (Russia among them). Scores are written with the decimal
  separator of the language of the export for the same reason. Dates are ISO (2026-09-14),
  moments ISO in the company's time zone (2026-09-14 10:30), which Excel takes for dates in
  every locale. A text cell that starts like a formula gets an apostrophe
  (``lms.core.spreadsheets.formula_neutralise``).
- JSON (``json_chunks``): an array of objects keyed by the columns' stable English keys;
  choices as their codes, dates and moments ISO 8601 (moments with their offset), scores as
  strings with two decimals (as everywhere in the API).
- XLSX (``xlsx_write``): openpyxl's write-only workbook, which writes each row to a temporary
  file as it comes; typed date, date-time and number cells, the header row frozen, column widths
  set. Without lxml installed openpyxl writes its XML in pure Python, about 1 ms a row of a
  dozen cells (see bench/exports.py); hence the lower limit for XLSX files written in the
  request (``REPORTS_EXPORT_INLINE_MAX_XLSX_ROWS``). Text that starts like a formula stays a text cell marked "quote prefix", so Excel shows
  it exactly and never runs it, even after the cell is edited.

Both streamed formats yield bytes in chunks of ``BATCH`` rows.
"""

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import BinaryIO

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lms.core.spreadsheets import FORMULA_STARTS, formula_neutralise
from reports.selectors.exports import (
    BOOLEAN,
    CHOICE,
    DATE,
    DATETIME,
    NUMBER,
    TEXT,
    Column,
)

BATCH = 500
CSV_DELIMITER = ";"
BOM = "\ufeff"
YES = _("yes")
NO = _("no")
SHEET_TITLE_MAX = 31  # Excel's limit

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


# --- CSV -----------------------------------------------------------------------------------------


class _Echo:
    """A file that hands back what is written to it (Django's streaming CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def _csv_converters(columns: tuple[Column, ...]) -> list:
    """For each column, how a value becomes CSV text (labels translated once per file)."""
    yes, no = str(YES), str(NO)

    def text(value) -> str:
        return formula_neutralise(str(value))

    def for_column(column: Column):
        if column.type == CHOICE:
            labels = {
                code: formula_neutralise(str(label)) for code, label in column.choices.items()
            }
            return lambda value: labels.get(value) or text(value)
        if column.type == DATETIME:
            return lambda value: _local(value).strftime("%Y-%m-%d %H:%M")
        if column.type == DATE:
            return datetime.date.isoformat
        if column.type == BOOLEAN:
            return lambda value: yes if value else no
        if column.type == NUMBER:
            return lambda value: number_format(value, decimal_pos=2)
        if column.type == TEXT:
            return text
        return str

    return [for_column(column) for column in columns]


def csv_chunks(columns: tuple[Column, ...], rows: Iterable[tuple]) -> Iterator[bytes]:
    """The CSV file in chunks of bytes; the first holds the header and starts with the BOM."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    header = writer.writerow([formula_neutralise(str(column.label)) for column in columns])
    yield (BOM + header).encode("utf-8")
    converters = _csv_converters(columns)
    lines = []
    for row in rows:
        cells = ["" if v is None else f(v) for f, v in zip(converters, row, strict=True)]
        lines.append(writer.writerow(cells))
        if len(lines) == BATCH:
            yield "".join(lines).encode("utf-8")
            lines.clear()
    if lines:
        yield "".join(lines).encode("utf-8")


# --- JSON ----------------------------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def json_chunks(columns: tuple[Column, ...], rows: Iterable[tuple]) -> Iterator[bytes]:
    """A JSON array of one object per row, in chunks of bytes."""
    keys = [column.key for column in columns]
    yield b"["
    items, first = [], True
    for row in rows:
        item = json.dumps(
            {key: _json_value(value) for key, value in zip(keys, row, strict=True)},
            ensure_ascii=False,
        )
        items.append(item if first else "," + item)
        first = False
        if len(items) == BATCH:
            yield "\n".join(items).encode("utf-8")
            items.clear()
    if items:
        yield "\n".join(items).encode("utf-8")
    yield b"]"


# --- XLSX ----------------------------------------------------------------------------------------


def _xlsx_converters(sheet, columns: tuple[Column, ...]) -> list:
    """For each column, how a value becomes a cell: dates, moments and numbers stay typed
    (openpyxl gives dates the format YYYY-MM-DD), text is cleaned of characters XML cannot
    hold and kept as text."""
    yes, no = str(YES), str(NO)

    def text(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        if value[:1] not in FORMULA_STARTS:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell

    def moment(value):
        # Excel has no time zones: the moment as the company's clock shows it, to the whole
        # second (Excel stores a day fraction; a reader rounding microseconds could show
        # 23:42:04 for 23:42:03.9996).
        return _local(value).replace(tzinfo=None, microsecond=0)

    def for_column(column: Column):
        if column.type == CHOICE:
            labels = {code: str(label) for code, label in column.choices.items()}
            return lambda value: text(labels.get(value, value))
        if column.type == BOOLEAN:
            return lambda value: yes if value else no
        if column.type == DATETIME:
            return moment
        if column.type == TEXT:
            return text
        return lambda value: value

    return [for_column(column) for column in columns]


def xlsx_write(
    columns: tuple[Column, ...], rows: Iterable[tuple], out: BinaryIO, *, title: str
) -> None:
    """Write the workbook to ``out`` (a file opened for writing bytes)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("", title)[:SHEET_TITLE_MAX])
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    converters = _xlsx_converters(sheet, columns)
    for row in rows:
        sheet.append([None if v is None else f(v) for f, v in zip(converters, row, strict=True)])
    workbook.save(out)
