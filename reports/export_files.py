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
  set. Text that starts like a formula stays a text cell marked "quote prefix", so Excel shows
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
XLSX_DATE = "YYYY-MM-DD"
XLSX_DATETIME = "YYYY-MM-DD HH:MM"
XLSX_NUMBER = "0.00"
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


def _csv_cell(column: Column, value) -> str:
    if value is None:
        return ""
    if column.type == CHOICE:
        return formula_neutralise(str(column.choices.get(value, value)))
    if column.type == DATETIME:
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if column.type == DATE:
        return value.isoformat()
    if column.type == BOOLEAN:
        return str(YES if value else NO)
    if column.type == NUMBER:
        return number_format(value, decimal_pos=2)
    if column.type == TEXT:
        return formula_neutralise(str(value))
    return str(value)


def csv_chunks(columns: tuple[Column, ...], rows: Iterable[tuple]) -> Iterator[bytes]:
    """The CSV file in chunks of bytes; the first holds the header and starts with the BOM."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    header = writer.writerow([formula_neutralise(str(column.label)) for column in columns])
    yield (BOM + header).encode("utf-8")
    lines = []
    for row in rows:
        lines.append(writer.writerow([_csv_cell(c, v) for c, v in zip(columns, row, strict=True)]))
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


def _xlsx_cell(sheet, column: Column, value):
    if value is None:
        return None
    if column.type == CHOICE:
        value = str(column.choices.get(value, value))
    elif column.type == BOOLEAN:
        return str(YES if value else NO)
    elif column.type in (DATE, DATETIME, NUMBER):
        cell = WriteOnlyCell(sheet, value=_local(value) if column.type == DATETIME else value)
        if column.type == DATETIME:
            # Excel has no time zones: the moment as the company's clock shows it.
            cell.value = cell.value.replace(tzinfo=None)
        cell.number_format = {DATE: XLSX_DATE, DATETIME: XLSX_DATETIME, NUMBER: XLSX_NUMBER}[
            column.type
        ]
        return cell
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] in FORMULA_STARTS:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


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
    for row in rows:
        sheet.append([_xlsx_cell(sheet, c, v) for c, v in zip(columns, row, strict=True)])
    workbook.save(out)
