"""A pipeline for importing tables (CSV or XLSX) into the product, shared by every importer.

file → rows (``lms.core.tabular``: encoding, delimiter, limits) → header mapped onto the
importer's columns → every cell parsed → the importer's plan (checked against the database,
nothing written) → applied in one transaction, or not at all.

An importer gives:

- a ``TableSpec``: its ``Column``s, each with the header names it accepts (Russian or English,
  matched case-insensitively, with "ё" read as "е" and spaces, "_" and "-" alike), a parser
  turning cell text into a value or raising ``CellError``, and whether it is required or unique
  within the file;
- ``plan(table)``: compares the parsed rows with the database without writing, and returns an
  ``ImportPlan`` with every error (line, column, message), the warnings, and what each row
  would do (``RowChange``: created, changed with field-by-field differences, unchanged,
  deactivated);
- ``apply(plan)``: writes a plan that has no errors; it runs inside one transaction.

``table_import`` runs the whole pipeline: a preview (``dry_run``) is the plan alone, and an
import applies the plan only when no row of the file has an error, so a bad last row leaves
the database as it was. Errors name the line as an editor numbers it (the header is line 1) and
the column as the file spells it. Nothing here imports an app: the apps import this module.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms.core.tabular import UTF8_OR_WINDOWS_1251, TableFileError, table_read

CREATE = "create"
CHANGE = "change"
UNCHANGED = "unchanged"
DEACTIVATE = "deactivate"
ACTIONS = (CREATE, CHANGE, UNCHANGED, DEACTIVATE)

SEPARATORS = re.compile(r"\s*[,;\n]\s*")
SPACES = re.compile(r"[\s_\-]+")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
RUSSIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")

LOCATED = _("line %(line)s, column “%(column)s”: %(message)s")
AT_LINE = _("line %(line)s: %(message)s")
ERROR_EMPTY = _("the file is empty; its first line must name the columns")
ERROR_MISSING_COLUMN = _("the file has no column “%(column)s” (also accepted: %(aliases)s)")
ERROR_DUPLICATE_COLUMN = _("the column “%(column)s” appears twice (also as “%(other)s”)")
ERROR_UNKNOWN_COLUMN = _("the column “%(column)s” is not known and is ignored; known: %(known)s")
ERROR_UNNAMED_COLUMN = _("column %(number)s has values but no name in the first line")
ERROR_REQUIRED = _("the value is missing")
ERROR_DUPLICATE_VALUE = _("“%(value)s” is already on line %(line)s")
ERROR_TOO_LONG = ngettext_lazy(
    "“%(value)s” is longer than %(max)s character",
    "“%(value)s” is longer than %(max)s characters",
    "max",
)
ERROR_DATE = _("“%(value)s” is not a date; write it as YYYY-MM-DD or DD.MM.YYYY")
ERROR_EMAIL = _("“%(value)s” is not an email address")
ERROR_CHOICE = _("“%(value)s” is not one of: %(choices)s")


def normalise(text: str) -> str:
    """How header names and words in cells are compared: case-insensitive, "ё" as "е", runs of
    spaces, "_" and "-" as one space, the ends trimmed."""
    return SPACES.sub(" ", text.replace("\ufeff", "").casefold().replace("ё", "е")).strip()


class CellError(ValueError):
    """A cell's text is not a value of its column; ``message`` says why, for a person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class RowError:
    """A problem at a line (None: the file as a whole) and a column as the file spells it ("":
    the whole row)."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return str(self.message)
        if not self.column:
            return str(AT_LINE % {"line": self.line, "message": self.message})
        return str(LOCATED % {"line": self.line, "column": self.column, "message": self.message})


# --- Cell parsers -------------------------------------------------------------------------------
# Each takes the stripped text of a non-empty cell and returns its value or raises CellError.


def text(*, max_length: int | None = None) -> Callable[[str], str]:
    """Text as written, at most ``max_length`` characters."""

    def parse(value: str) -> str:
        if max_length is not None and len(value) > max_length:
            raise CellError(ERROR_TOO_LONG % {"value": value[:40], "max": max_length})
        return value

    return parse


def date(value: str) -> datetime.date:
    """YYYY-MM-DD (also as a spreadsheet writes a date cell) or DD.MM.YYYY."""
    found = ISO_DATE.match(value)
    if found:
        year, month, day = found.groups()
    elif found := RUSSIAN_DATE.match(value):
        day, month, year = found.groups()
    else:
        raise CellError(ERROR_DATE % {"value": value})
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(ERROR_DATE % {"value": value}) from None


def email(value: str) -> str:
    """An email address, its domain in lower case."""
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(ERROR_EMAIL % {"value": value}) from None
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def choice(words: dict[str, Any], *, shown: Iterable[str]) -> Callable[[str], Any]:
    """One of ``words`` (any spelling ``normalise`` makes equal); ``shown`` lists the words an
    error offers."""
    table = {normalise(word): value for word, value in words.items()}
    offered = ", ".join(shown)

    def parse(value: str) -> Any:
        try:
            return table[normalise(value)]
        except KeyError:
            raise CellError(ERROR_CHOICE % {"value": value, "choices": offered}) from None

    return parse


def list_of(item: Callable[[str], Any]) -> Callable[[str], list]:
    """Values separated by commas, semicolons or line breaks, each parsed by ``item``; repeats
    are dropped, the order kept."""

    def parse(value: str) -> list:
        parsed = []
        for part in SEPARATORS.split(value):
            if part and (one := item(part)) not in parsed:
                parsed.append(one)
        return parsed

    return parse


# --- The table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column an importer reads: ``name`` is how code and messages know it, ``aliases`` the
    other header names accepted for it."""

    name: str
    aliases: tuple[str, ...] = ()
    parse: Callable[[str], Any] = field(default=text())
    required: bool = False  # the file must have it, and every row a value in it
    unique: bool = False  # no two rows may have the same value (ignoring case)


@dataclass(frozen=True)
class TableSpec:
    columns: tuple[Column, ...]

    def by_header(self) -> dict[str, Column]:
        return {
            normalise(header): column
            for column in self.columns
            for header in (column.name, *column.aliases)
        }

    def names(self) -> list[str]:
        return [column.name for column in self.columns]


@dataclass
class Row:
    """A row of the file: ``values`` holds the parsed value of every column the file has and
    this row could be read in (None for an empty cell); a cell that failed to parse is left out
    (and is an error)."""

    line: int
    values: dict[str, Any]
    cells: dict[str, str]

    def has(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str, default=None):
        value = self.values.get(name)
        return default if value is None else value


@dataclass
class Table:
    """The parsed file: rows keyed by column names, the header as the file spells it."""

    spec: TableSpec
    headers: dict[str, str] = field(default_factory=dict)  # column name -> header in the file
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    readable: bool = True  # False: the header is wrong, so no row could be read

    def has(self, name: str) -> bool:
        """Whether the file has the column (a column it lacks leaves that field as it is)."""
        return name in self.headers

    def header(self, name: str) -> str:
        return self.headers.get(name, name)

    def error(self, line: int | None, name: str, message) -> None:
        """Record an error at ``line`` in column ``name`` ("" for the whole row)."""
        self.errors.append(RowError(line, self.header(name) if name else "", message))

    def warn(self, line: int | None, name: str, message) -> None:
        self.warnings.append(RowError(line, self.header(name) if name else "", message))


def table_parse(*, rows: list, spec: TableSpec) -> Table:
    """Map the first row onto ``spec``'s columns and parse every cell of the rows after it.

    Header problems (a required column missing, one named twice) are errors and leave no rows;
    unknown columns are warnings and are ignored. Blank rows are skipped."""
    table = Table(spec=spec)
    if not rows:
        table.readable = False
        table.error(1, "", ERROR_EMPTY)
        return table
    by_header = spec.by_header()
    header_line, header_cells = rows[0]
    positions: dict[int, Column] = {}
    unknown = []
    for position, cell in enumerate(header_cells):
        heading = cell.strip().lstrip("\ufeff")
        if not heading:
            continue
        column = by_header.get(normalise(heading))
        if column is None:
            unknown.append(heading)
        elif column.name in table.headers:
            table.errors.append(
                RowError(
                    header_line,
                    heading,
                    ERROR_DUPLICATE_COLUMN
                    % {"column": column.name, "other": table.headers[column.name]},
                )
            )
        else:
            table.headers[column.name] = heading
            positions[position] = column
    if not any(cell.strip() for cell in header_cells):
        table.readable = False
        table.error(header_line, "", ERROR_EMPTY)
        return table
    known = ", ".join(spec.names())
    for heading in unknown:
        table.warnings.append(
            RowError(
                header_line, heading, ERROR_UNKNOWN_COLUMN % {"column": heading, "known": known}
            )
        )
    for column in spec.columns:
        if column.required and column.name not in table.headers:
            aliases = ", ".join(f"“{a}”" for a in column.aliases) or "—"
            table.errors.append(
                RowError(
                    header_line,
                    column.name,
                    ERROR_MISSING_COLUMN % {"column": column.name, "aliases": aliases},
                )
            )
    if table.errors:
        table.readable = False
        return table

    seen: dict[str, dict[str, int]] = {c.name: {} for c in spec.columns if c.unique}
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        row = Row(line=line, values={}, cells={})
        for position, cell in enumerate(cells):
            value = cell.strip()
            column = positions.get(position)
            if column is None:
                unnamed = position >= len(header_cells) or not header_cells[position].strip()
                if value and unnamed:
                    table.warn(line, "", ERROR_UNNAMED_COLUMN % {"number": position + 1})
                continue
            row.cells[column.name] = value
            if not value:
                row.values[column.name] = None
                continue
            try:
                row.values[column.name] = column.parse(value)
            except CellError as exc:
                table.error(line, column.name, exc.message)
        for column in spec.columns:
            if column.name in table.headers and column.name not in row.cells:
                row.cells[column.name] = ""
                row.values[column.name] = None
            if column.required and not row.cells.get(column.name):
                table.error(line, column.name, ERROR_REQUIRED)
            if column.unique and row.values.get(column.name) is not None:
                key = str(row.values[column.name]).casefold()
                first = seen[column.name].setdefault(key, line)
                if first != line:
                    message = ERROR_DUPLICATE_VALUE % {
                        "value": row.cells[column.name],
                        "line": first,
                    }
                    table.error(line, column.name, message)
        table.rows.append(row)
    return table


# --- Plans and results --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: its value before and after, as text a person reads."""

    field: str
    old: str
    new: str


@dataclass
class RowChange:
    """What one record does: ``key`` identifies it (the key column's value), ``label`` names
    it for a person; ``line`` is None for a record the file does not list."""

    line: int | None
    key: str
    label: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What an importer would do; apply it only when ``errors`` is empty."""

    rows: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


class Importer(Protocol):
    spec: TableSpec

    def plan(self, table: Table) -> ImportPlan: ...

    def apply(self, plan: ImportPlan) -> None: ...


@dataclass
class ImportResult:
    """What an import did, or for a preview would do. Nothing was written when ``errors``."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0
    deactivated: int = 0
    rows: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    applied: bool = False
    plan: ImportPlan | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def changed_rows(self) -> list[RowChange]:
        """The records that are created, changed or deactivated, in the file's order."""
        return [row for row in self.rows if row.action != UNCHANGED]

    def summary(self) -> str:
        return str(
            SUMMARY
            % {
                "created": self.created,
                "changed": self.changed,
                "unchanged": self.unchanged,
                "deactivated": self.deactivated,
            }
        )


SUMMARY = _(
    "%(created)s created, %(changed)s changed, %(unchanged)s unchanged, %(deactivated)s deactivated"
)


def _sorted(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: (e.line is not None, e.line or 0))


def table_import(
    *,
    importer: Importer,
    content: bytes,
    filename: str = "",
    dry_run: bool = False,
    encodings: tuple[str, ...] = UTF8_OR_WINDOWS_1251,
) -> ImportResult:
    """Read, parse and plan the file; unless ``dry_run`` or any error, apply the plan in one
    transaction. Returns the counts, the rows' changes, every error and warning in the order of
    the file. A file that cannot be read at all gives one error and no rows."""
    try:
        rows = table_read(content=content, filename=filename, encodings=encodings)
    except TableFileError as exc:
        return ImportResult(errors=[RowError(exc.line, "", exc.message)])
    return rows_import(importer=importer, rows=rows, dry_run=dry_run)


def rows_import(
    *, importer: Importer, rows: list, dry_run: bool = False, apply_unchanged: bool = True
) -> ImportResult:
    """``table_import`` for rows already read (``(line, cells)`` pairs, the header first), e.g.
    one record sent through the API. With ``apply_unchanged`` False, a plan that changes nothing
    is not applied (nothing is written, not even a history entry)."""
    table = table_parse(rows=rows, spec=importer.spec)
    if not table.readable:
        return ImportResult(errors=_sorted(table.errors), warnings=table.warnings)
    if dry_run:
        return _planned(importer, table)
    # The plan is made in the transaction that applies it, so what it checked still holds.
    with transaction.atomic():
        result = _planned(importer, table)
        if result.errors:
            return result
        if not apply_unchanged and result.unchanged == len(result.rows):
            return result
        importer.apply(result.plan)
    result.applied = True
    return result


def _planned(importer: Importer, table: Table) -> ImportResult:
    plan = importer.plan(table)
    result = ImportResult(
        rows=plan.rows,
        errors=_sorted([*table.errors, *plan.errors]),
        warnings=_sorted([*table.warnings, *plan.warnings]),
        plan=plan,
    )
    for row in plan.rows:
        if row.action == CREATE:
            result.created += 1
        elif row.action == CHANGE:
            result.changed += 1
        elif row.action == DEACTIVATE:
            result.deactivated += 1
        else:
            result.unchanged += 1
    return result
