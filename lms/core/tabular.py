"""Reading the files people upload for import, within limits: a table (CSV or XLSX) as rows of
text with the line each starts on, and a text file (GIFT, Aiken) checked for size and length.

Every importer reads through here, so one set of limits (settings, under "File imports
(limits)" in ``lms/settings/base.py``) holds for all of them, from the admin and from commands:

- ``IMPORT_MAX_FILE_BYTES``: the file as uploaded.
- ``IMPORT_MAX_ROWS``: rows of a table, counted as an editor numbers them (lines of a CSV, rows
  of the sheet; the header and blank rows count).
- ``IMPORT_MAX_CELLS``: cells of a table, blank cells inside a row included: a row is as wide
  as its last cell, and one cell in the last column makes it 16,384 wide.
- ``IMPORT_MAX_LINES``: lines of a text file whose records span several lines (GIFT, Aiken).
- ``IMPORT_MAX_UNPACKED_BYTES``: what an XLSX, a zip archive, unpacks to.

An XLSX is checked before openpyxl parses it: the sizes its archive declares (zipfile never
unpacks a member past its declared size, so the declaration is a bound), how tightly each big
member is packed, and the rows of every sheet, counted while unpacking in chunks. The last is
needed because openpyxl, even in read-only mode, reads a whole sheet before its first row when
the sheet does not state its dimensions (it also builds every sheet of the workbook). The
first sheet is then streamed in read-only mode, and reading stops at the first row or cell
past a limit.

Errors are ``TableFileError``s: the line they are at (``None``: the file as a whole) and a
message that names the limit and says what to do. Nothing here imports an app.
"""

import csv
import io
import re
import zipfile
import zlib
from typing import NamedTuple
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from lms.core.spreadsheets import formula_unquote

CSV = "csv"
XLSX = "xlsx"
UTF8 = ("utf-8-sig",)
# Excel in Russian locales saves "CSV" in Windows-1251.
UTF8_OR_WINDOWS_1251 = ("utf-8-sig", "cp1251")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary Excel (.xls)

# Spreadsheet XML packs 5 to 20 times (openpyxl and Excel files of 50,000 rows, repetitive or
# not); a member packed over 100 times is built to blow up. Small members are left alone.
MAX_PACKING_RATIO = 100
PACKING_CHECKED_FROM = 1024 * 1024
UNPACK_CHUNK = 1024 * 1024
WORKSHEET_MEMBER = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# A row element, with any namespace prefix; ``ROW_TAG_SPAN`` is longer than any match.
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")
ROW_TAG_SPAN = 64
LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # as str.splitlines
# openpyxl raises a variety of errors on a damaged or foreign file.
XLSX_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    ParseError,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    OSError,
    IndexError,
    EOFError,
    zlib.error,
)

LINE_MESSAGE = _("line %(line)s: %(message)s")
ERROR_NOT_UTF8 = _("the file is not UTF-8 text; save it as CSV UTF-8")
ERROR_NOT_TEXT = _("the file is neither UTF-8 nor Windows-1251 text; save it as CSV UTF-8")
ERROR_XLS = _("old Excel files (.xls) cannot be read; save the file as XLSX or CSV UTF-8")
ERROR_NOT_XLSX = _("the file is not a readable XLSX workbook")
ERROR_CSV = _("the file cannot be read as CSV: %(error)s")
ERROR_TOO_BIG = _("the file is larger than %(max)s; split the file: at most %(max)s per import")
# A limit is shown with digit grouping (``grouped``) and chooses the plural form as a number.
ERROR_TOO_MANY_ROWS = ngettext_lazy(
    "the file has more than %(max)s row; split the file: at most %(max)s row per import",
    "the file has more than %(max)s rows; split the file: at most %(max)s rows per import",
    "max",
)
ERROR_TOO_MANY_CELLS = ngettext_lazy(
    "the file has more than %(max)s cell, empty cells within a row included; split the file "
    "or delete the columns after the last one you need: at most %(max)s cell per import",
    "the file has more than %(max)s cells, empty cells within a row included; split the file "
    "or delete the columns after the last one you need: at most %(max)s cells per import",
    "max",
)
ERROR_TOO_MANY_LINES = ngettext_lazy(
    "the file has more than %(max)s line; split the file: at most %(max)s line per import",
    "the file has more than %(max)s lines; split the file: at most %(max)s lines per import",
    "max",
)
ERROR_UNPACKS_TOO_BIG = _(
    "the workbook unpacks to more than %(max)s; split the file: at most %(max)s unpacked per import"
)
ERROR_PACKED_TOO_TIGHT = ngettext_lazy(
    "the workbook's part %(name)s unpacks to %(ratio)s time its packed size, more than a "
    "spreadsheet does; open the file in Excel or LibreOffice and save it again, or save it as "
    "CSV UTF-8",
    "the workbook's part %(name)s unpacks to %(ratio)s times its packed size, more than a "
    "spreadsheet does; open the file in Excel or LibreOffice and save it again, or save it as "
    "CSV UTF-8",
    "ratio",
)


class TableRow(NamedTuple):
    line: int  # the line (CSV) or row (XLSX) the row starts on, as an editor numbers them
    cells: list[str]


class TableFileError(Exception):
    """The file cannot be read, or is past a limit; ``line`` None means the file as a whole."""

    def __init__(self, message, *, line: int | None = None):
        self.message = str(message)
        self.line = line
        text = self.message if line is None else LINE_MESSAGE % {"line": line, "message": message}
        super().__init__(str(text))


class Grouped(int):
    """A count shown with digit grouping («50 000», "50,000") that stays a number, so a plural
    message (``ngettext_lazy(…, "max")``) can choose its form from it."""

    def __str__(self) -> str:
        return number_format(int(self), force_grouping=True)


def grouped(number: int) -> Grouped:
    return Grouped(number)


# --- Limits --------------------------------------------------------------------------------------


def file_size_check(*, content: bytes) -> None:
    """Raise ``TableFileError`` if ``content`` is larger than ``IMPORT_MAX_FILE_BYTES``."""
    if len(content) > settings.IMPORT_MAX_FILE_BYTES:
        size = filesizeformat(settings.IMPORT_MAX_FILE_BYTES)
        raise TableFileError(ERROR_TOO_BIG % {"max": size})


def text_lines_check(*, text: str) -> None:
    """Raise ``TableFileError`` at line ``IMPORT_MAX_LINES + 1`` if ``text`` has more lines
    (as ``str.splitlines`` counts them). Stops counting there."""
    max_lines = settings.IMPORT_MAX_LINES
    for count, found in enumerate(LINE_BREAK.finditer(text), start=1):
        if count == max_lines:
            if found.end() < len(text):
                raise TableFileError(
                    ERROR_TOO_MANY_LINES % {"max": grouped(max_lines)},
                    line=max_lines + 1,
                )
            return


def _too_many_rows() -> TableFileError:
    max_rows = settings.IMPORT_MAX_ROWS
    return TableFileError(ERROR_TOO_MANY_ROWS % {"max": grouped(max_rows)}, line=max_rows + 1)


class _CellBudget:
    """Counts the cells read; raises at the row that passes ``IMPORT_MAX_CELLS``."""

    def __init__(self):
        self.left = settings.IMPORT_MAX_CELLS

    def take(self, *, line: int, count: int) -> None:
        self.left -= count
        if self.left < 0:
            message = ERROR_TOO_MANY_CELLS % {"max": grouped(settings.IMPORT_MAX_CELLS)}
            raise TableFileError(message, line=line)


# --- Tables --------------------------------------------------------------------------------------


def table_format(*, filename: str, content: bytes) -> str:
    """CSV or XLSX, by the file name's extension, else by the content."""
    name = filename.lower()
    if name.endswith(".xlsx") or (not name.endswith(".csv") and content.startswith(ZIP_MAGIC)):
        return XLSX
    return CSV


def table_read(
    *, content: bytes, filename: str = "", encodings: tuple[str, ...] = UTF8_OR_WINDOWS_1251
) -> list[TableRow]:
    """The rows of a CSV or XLSX file (its first sheet), every cell as text.

    A CSV is decoded with the first of ``encodings`` that fits, and its delimiter (comma,
    semicolon or tab) is taken from the first line; a leading apostrophe that our exports put
    before a formula start is taken off. An XLSX gives the values of its cells (formulas as
    last computed), numbers and dates written out. Raises ``TableFileError`` for an old .xls,
    an unreadable file, or a file past a limit (see the module docstring)."""
    file_size_check(content=content)
    if filename.lower().endswith(".xls") or content.startswith(OLE_MAGIC):
        raise TableFileError(ERROR_XLS)
    if table_format(filename=filename, content=content) == XLSX:
        return _xlsx_rows(content)
    return _csv_rows(content, encodings)


def _decode(content: bytes, encodings: tuple[str, ...]) -> str:
    first_error = None
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    line = content[: first_error.start].count(b"\n") + 1
    message = ERROR_NOT_UTF8 if encodings == UTF8 else ERROR_NOT_TEXT
    raise TableFileError(message, line=line) from first_error


def _csv_rows(content: bytes, encodings: tuple[str, ...]) -> list[TableRow]:
    text = _decode(content, encodings)
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    try:
        # Sniff the header line only: it holds nothing but column names, so the delimiter is
        # unambiguous there (Excel in Russian locales writes ";").
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    max_rows = settings.IMPORT_MAX_ROWS
    cells = _CellBudget()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    try:
        for values in reader:
            if reader.line_num > max_rows:
                raise _too_many_rows()
            cells.take(line=start, count=len(values))
            rows.append(TableRow(start, [formula_unquote(value) for value in values]))
            # A quoted cell may span lines: the next row starts after the last line read.
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableFileError(ERROR_CSV % {"error": exc}, line=reader.line_num) from exc
    return rows


def _xlsx_rows(content: bytes) -> list[TableRow]:
    _xlsx_archive_check(content)
    max_rows = settings.IMPORT_MAX_ROWS
    cells = _CellBudget()
    rows = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # Read-only mode drops the rows past the sheet's stated dimensions, which some
            # programs get wrong: read what is there (the limits bound it).
            sheet.reset_dimensions()
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if line > max_rows:
                    raise _too_many_rows()
                cells.take(line=line, count=len(values))
                rows.append(TableRow(line, [cell_text(value) for value in values]))
        finally:
            workbook.close()
    except XLSX_ERRORS as exc:
        raise TableFileError(ERROR_NOT_XLSX) from exc
    return rows


def _xlsx_archive_check(content: bytes) -> None:
    """Refuse, before parsing, a workbook that unpacks past ``IMPORT_MAX_UNPACKED_BYTES``, has
    a member packed like a bomb, or a sheet with more than ``IMPORT_MAX_ROWS`` rows."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableFileError(ERROR_NOT_XLSX) from exc
    max_unpacked = settings.IMPORT_MAX_UNPACKED_BYTES
    if sum(member.file_size for member in members) > max_unpacked:
        raise TableFileError(ERROR_UNPACKS_TOO_BIG % {"max": filesizeformat(max_unpacked)})
    for member in members:
        packed = max(member.compress_size, 1)
        if (
            member.file_size >= PACKING_CHECKED_FROM
            and member.file_size > MAX_PACKING_RATIO * packed
        ):
            ratio = member.file_size // packed
            name = member.filename[:100]
            raise TableFileError(ERROR_PACKED_TOO_TIGHT % {"name": name, "ratio": grouped(ratio)})
    try:
        for member in members:
            if WORKSHEET_MEMBER.match(member.filename):
                with archive.open(member) as source:
                    _sheet_rows_check(source)
    # A damaged, encrypted or oddly packed member.
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ) as exc:
        raise TableFileError(ERROR_NOT_XLSX) from exc


def _sheet_rows_check(source) -> None:
    """Count the row elements of a sheet while unpacking it in chunks; raise past the limit."""
    max_rows = settings.IMPORT_MAX_ROWS
    count = 0
    carried = b""
    while True:
        chunk = source.read(UNPACK_CHUNK)
        data = carried + chunk
        # Count the tags that start early enough to be whole in ``data``; carry the rest over.
        end = len(data) if not chunk else len(data) - ROW_TAG_SPAN
        count += sum(1 for tag in ROW_TAG.finditer(data) if tag.start() < end)
        if count > max_rows:
            raise _too_many_rows()
        if not chunk:
            return
        carried = data[end:]


def cell_text(value) -> str:
    """A spreadsheet value as text: empty for none, whole numbers without ".0", dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
