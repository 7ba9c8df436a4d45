"""Import and export of the glossary: CSV (UTF-8) and XLSX files with a header row.

Reading turns a file into rows, each with the line a person sees in an editor (the spreadsheet
row for XLSX), through the shared reader ``lms.core.tabular``, which stops at the import limits;
a glossary CSV is UTF-8 only. Planning compares every row with the database without writing and collects every
error in the file. Importing applies a plan that has no errors, in one transaction: one
published revision per new or changed term, none for unchanged ones, so re-importing a file
changes nothing. The admin preview is the plan alone.

A file updates only the columns it has: a file without ``tags`` leaves the tags as they are.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail.permissions import policy_registry

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from taggit.models import Tag

from glossary.models import GlossaryCategory, GlossaryTerm
from lms.core import tabular
from lms.core.spreadsheets import formula_neutralise

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

LANGUAGES = ("ru", "en")
TEXT_FIELDS = ("term_ru", "term_en", "definition_ru", "definition_en", "example", "not_to_confuse")
DEFINITION_FIELDS = ("definition_ru", "definition_en")
STATUS_COLUMNS = {f"status_{language}": language for language in LANGUAGES}
# A column without a language means Russian.
PLAIN_COLUMNS = {"term": "term_ru", "definition": "definition_ru"}
EXPORT_COLUMNS = [
    "slug", "term_ru", "term_en", "definition_ru", "definition_en", "aliases", "category",
    "tags", "related", "example", "not_to_confuse", "status_ru", "status_en",
]  # fmt: skip
KNOWN_COLUMNS = [*PLAIN_COLUMNS, *EXPORT_COLUMNS]
KEY_COLUMNS = ("slug", "term_ru", "term_en")
LIST_SEPARATOR = re.compile(r"[|,]")
ALIAS_SEPARATOR = re.compile(r"[|,\n]")
EXPORT_SEPARATOR = "|"
# A link to a page of the source's own site, e.g. the CNCF glossary's "[services](/service/)"
# or its translated "(/ru/service/)"; it becomes a link to our term when the slug is a term.
SITE_LINK = re.compile(r"\]\(/(?:(?:ru|en)/)?([^/\s()]+)/\)")
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
CATEGORY_SLUG_MAX_LENGTH = GlossaryCategory._meta.get_field("slug").max_length
TERM_SLUG_MAX_LENGTH = GlossaryTerm._meta.get_field("slug").max_length

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"

LINE_MESSAGE = _("line %(line)s: %(message)s")
# Reading errors are the shared reader's (lms.core.tabular); named here for this module's users.
ERROR_NOT_UTF8 = tabular.ERROR_NOT_UTF8
ERROR_XLS = tabular.ERROR_XLS
ERROR_NOT_XLSX = tabular.ERROR_NOT_XLSX
ERROR_EMPTY = _("the file is empty; its first line must name the columns")
ERROR_UNKNOWN_COLUMN = _('unknown column "%(column)s"; the known columns are: %(known)s')
ERROR_DUPLICATE_COLUMN = _('the column "%(column)s" appears twice')
ERROR_BOTH_COLUMNS = _('the file has both "%(plain)s" and "%(column)s"; keep one of them')
ERROR_NO_KEY_COLUMN = _("the file needs a term column (term, term_ru or term_en) or a slug column")
ERROR_UNNAMED_COLUMN = _("column %(number)s has values but no name")
ERROR_TOO_MANY_VALUES = ngettext_lazy(
    "the row has %(count)s values, but the header names %(columns)s column",
    "the row has %(count)s values, but the header names %(columns)s columns",
    "columns",
)
ERROR_DUPLICATE_SLUG = _('the slug "%(slug)s" is already used on line %(line)s')
ERROR_UNKNOWN_RELATED = _('the related term "%(slug)s" is neither in the file nor in the glossary')
ERROR_TAG_TOO_LONG = ngettext_lazy(
    'the tag "%(tag)s" is longer than %(max)s character',
    'the tag "%(tag)s" is longer than %(max)s characters',
    "max",
)
ERROR_NO_PERMISSION = _("Only people who may add and publish glossary terms can import them.")
ERROR_PENDING_CHANGES = _(
    'the term "%(slug)s" has unpublished changes or is in review; publish or discard them '
    "in the editor first, so the import does not overwrite them"
)
ERROR_UNKNOWN_FORMAT = _("Unknown file format %(format)s; use csv or xlsx.")


@dataclass(frozen=True)
class RowError:
    """One problem in a file, at the line a person sees in an editor (the header is line 1)."""

    line: int
    message: str

    def __str__(self) -> str:
        return str(LINE_MESSAGE % {"line": self.line, "message": self.message})


class GlossaryFileError(Exception):
    """The file cannot be read as a table at all (encoding, format, header)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: dict[str, str]  # canonical column name -> stripped cell text


@dataclass(frozen=True)
class SourceFile:
    columns: list[str]  # canonical names present, in file order
    headers: dict[str, str]  # canonical name -> the name as the file spells it
    rows: list[SourceRow]
    errors: list[RowError] = field(default_factory=list)  # rows that cannot be read


@dataclass(frozen=True)
class RowOutcome:
    line: int
    slug: str
    term: str
    action: str  # CREATE, UPDATE or UNCHANGED


@dataclass
class GlossaryImportResult:
    """What an import did (or, for a preview, would do). Nothing is written when ``errors``."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        return [str(e) for e in self.errors]

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


@dataclass(frozen=True)
class GlossaryExport:
    content: bytes
    file_format: str
    term_count: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_format]


# --- Permissions ---------------------------------------------------------------------------------


def glossary_import_allowed(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may import: importing adds and publishes terms, so both permissions
    (content leads and administrators; authors cannot publish)."""
    policy = policy_registry.get_by_type(GlossaryTerm)
    return policy.user_has_permission(user, "add") and policy.user_has_permission(user, "publish")


# --- Reading -------------------------------------------------------------------------------------


def glossary_file_read(*, content: bytes, filename: str = "") -> SourceFile:
    """The rows of a CSV (UTF-8) or XLSX glossary file, keyed by canonical column name.

    Raises ``GlossaryFileError`` with every problem of the header (line 1), of the encoding or
    format, or with the file limit it passes (``lms.core.tabular``); problems of single rows
    are found later, by planning."""
    try:
        table = tabular.table_read(content=content, filename=filename, encodings=tabular.UTF8)
    except tabular.TableFileError as exc:
        # The glossary's errors all have a line; the file as a whole is at line 1.
        raise GlossaryFileError([RowError(exc.line or 1, exc.message)]) from exc
    grid = tabular.table_format(filename=filename, content=content) == tabular.XLSX
    return _source_file(table, grid=grid)


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _source_file(table: list[tuple[int, list[str]]], *, grid: bool) -> SourceFile:
    table = [(line, [_clean(c) for c in cells]) for line, cells in table]
    table = [(line, cells) for line, cells in table if any(cells)]
    if not table:
        raise GlossaryFileError([RowError(1, str(ERROR_EMPTY))])
    (header_line, header), body = table[0], table[1:]
    columns, headers, errors = _header(header)
    if not errors and not any(c in headers for c in KEY_COLUMNS):
        errors.append(str(ERROR_NO_KEY_COLUMN))
    # The columns with a value in some row. A sheet is a grid, its header as wide as its widest
    # row; in a CSV a value past the header is an error of its row (below).
    filled = {number for _, cells in body for number, cell in enumerate(cells, start=1) if cell}
    width = max(len(header), *filled) if grid and filled else len(header)
    for number in sorted(n for n in filled if n <= width):
        if number > len(header) or not header[number - 1]:
            errors.append(str(ERROR_UNNAMED_COLUMN % {"number": number}))
    if errors:
        raise GlossaryFileError([RowError(header_line, message) for message in errors])

    rows, row_errors = [], []
    for line, cells in body:
        if any(cells[len(columns) :]):
            message = ERROR_TOO_MANY_VALUES % {"count": len(cells), "columns": len(columns)}
            row_errors.append(RowError(line, str(message)))
            continue
        # A row may stop short of the header (CSV, or XLSX read in streaming mode): the
        # missing cells are empty.
        cells = cells + [""] * (len(columns) - len(cells))
        values = {c: v for c, v in zip(columns, cells, strict=False) if c is not None}
        rows.append(SourceRow(line=line, values=values))
    return SourceFile(
        columns=[c for c in columns if c is not None], headers=headers, rows=rows, errors=row_errors
    )


def _header(header: list[str]) -> tuple[list[str | None], dict[str, str], list[str]]:
    """Canonical name per position (None for an unnamed or unknown column), the names as
    written, and the header's errors."""
    columns: list[str | None] = []
    headers: dict[str, str] = {}  # canonical -> as written
    names: dict[str, str] = {}  # canonical -> as read (lower case)
    errors: list[str] = []
    for written in header:
        name = written.lstrip("\ufeff").strip().lower()
        canonical = PLAIN_COLUMNS.get(name, name)
        if name and name not in KNOWN_COLUMNS:
            known = ", ".join(KNOWN_COLUMNS)
            errors.append(str(ERROR_UNKNOWN_COLUMN % {"column": written, "known": known}))
        if not name or name not in KNOWN_COLUMNS:
            columns.append(None)
            continue
        columns.append(canonical)
        if canonical not in headers:
            headers[canonical], names[canonical] = written, name
        elif names[canonical] == name:
            errors.append(str(ERROR_DUPLICATE_COLUMN % {"column": written}))
        else:  # "term" beside "term_ru", in either order
            first = headers[canonical]
            plain, other = (written, first) if name in PLAIN_COLUMNS else (first, written)
            errors.append(str(ERROR_BOTH_COLUMNS % {"plain": plain, "column": other}))
    return columns, headers, errors


# --- Planning ------------------------------------------------------------------------------------


def _split(text: str, separator: re.Pattern) -> list[str]:
    """Non-empty parts in the order written, each once."""
    parts = [p.strip() for p in separator.split(text)]
    return list(dict.fromkeys(p for p in parts if p))


def _row_slug(values: dict[str, str]) -> str:
    # Generated slugs must come out the same on every import: re-importing relies on them.
    if values.get("slug"):
        return values["slug"]
    term = values.get("term_ru") or values.get("term_en") or ""
    return slugify(term, allow_unicode=True)[:TERM_SLUG_MAX_LENGTH].strip("-")


def _site_links_rewrite(text: str, slugs: set[str]) -> str:
    def replace(match: re.Match) -> str:
        slug = match.group(1)
        if slug not in slugs:
            return match.group(0)
        return "](" + reverse("glossary:term", kwargs={"slug": slug}) + ")"

    return SITE_LINK.sub(replace, text)


def _category_key(name: str) -> str:
    return slugify(name, allow_unicode=True)[:CATEGORY_SLUG_MAX_LENGTH]


@dataclass
class _TermPlan:
    line: int
    term: GlossaryTerm
    action: str
    category_key: str | None = None  # None: leave as is; "": no category
    tags: list[str] | None = None
    related: list[str] | None = None


@dataclass
class _Plan:
    terms: list[_TermPlan] = field(default_factory=list)
    new_categories: dict[str, str] = field(default_factory=dict)  # key -> name
    categories: dict[str, GlossaryCategory] = field(default_factory=dict)  # key -> existing
    errors: list[RowError] = field(default_factory=list)


def _term_state(
    term: GlossaryTerm, *, category: object, tags: Iterable[str], related: Iterable[str]
):
    """What an import compares: the texts (whitespace at the ends aside), the aliases as a list,
    category, tags, related slugs and the source's status."""
    return (
        tuple(_clean(getattr(term, name) or "") for name in TEXT_FIELDS),
        tuple(term.alias_list()),
        category,
        frozenset(tags),
        frozenset(related),
        tuple(sorted((term.source_status or {}).items())),
    )


def _plan(source: SourceFile) -> _Plan:
    plan = _Plan()
    columns = set(source.columns)
    slugs = [_row_slug(row.values) for row in source.rows]
    existing: dict[str, GlossaryTerm] = {}
    wanted = [s for s in set(slugs) if s]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for term in (
            GlossaryTerm.objects.filter(slug__in=chunk)
            .select_related("category")
            .prefetch_related("tags", "related")
        ):
            existing[term.slug] = term
    known_slugs = set(GlossaryTerm.objects.values_list("slug", flat=True)) | set(wanted)
    for category in GlossaryCategory.objects.all():
        plan.categories.setdefault(_category_key(category.name), category)
        plan.categories.setdefault(category.slug, category)

    first_line: dict[str, int] = {}
    for row, slug in zip(source.rows, slugs, strict=True):
        if slug and slug in first_line:
            plan.errors.append(
                RowError(
                    row.line, str(ERROR_DUPLICATE_SLUG % {"slug": slug, "line": first_line[slug]})
                )
            )
            continue
        first_line.setdefault(slug, row.line)
        errors = _plan_row(
            plan, row, slug, existing.get(slug), columns, known_slugs, source.headers
        )
        plan.errors.extend(RowError(row.line, message) for message in errors)
    plan.errors.extend(source.errors)
    plan.errors.sort(key=lambda e: e.line)
    return plan


def _plan_row(
    plan: _Plan,
    row: SourceRow,
    slug: str,
    term: GlossaryTerm | None,
    columns: set[str],
    known_slugs: set[str],
    headers: dict[str, str],
) -> list[str]:
    """Add the row's step to ``plan``: the term (new, or the existing one changed in memory)
    and whether it is created, updated or unchanged. Returns the row's error messages."""
    values = row.values
    errors: list[str] = []
    created = term is None
    if created:
        term = GlossaryTerm(slug=slug)
        before = None
    else:
        before = _term_state(
            term,
            category=term.category_id,
            tags=[t.name for t in term.tags.all()],
            related=[r.slug for r in term.related.all()],
        )
    step = _TermPlan(line=row.line, term=term, action=CREATE if created else UNCHANGED)
    pending = not created and (term.has_unpublished_changes or term.workflow_in_progress)

    for name in TEXT_FIELDS:
        if name in columns:
            text = values.get(name, "")
            if name in DEFINITION_FIELDS:
                text = _site_links_rewrite(text, known_slugs)
            if _clean(getattr(term, name) or "") != text:
                setattr(term, name, text)
    if "aliases" in columns:
        text = values.get("aliases", "")
        aliases = _split(text, ALIAS_SEPARATOR)
        if term.alias_list() != aliases:
            # Lines and commas are the model's own separators; "|" (as for tags) is not.
            term.aliases = ", ".join(aliases) if "|" in text else text
    status = dict(term.source_status or {})
    for column, language in STATUS_COLUMNS.items():
        if column in columns:
            if values.get(column):
                status[language] = values[column]
            else:
                status.pop(language, None)
    term.source_status = status

    category = term.category_id
    if "category" in columns:
        name = values.get("category", "")
        key = _category_key(name) if name else ""
        step.category_key = key
        if not name:
            category = None
        elif key in plan.categories:
            category = plan.categories[key].pk
        else:
            category = ("new", key)
            candidate = GlossaryCategory(name=name, slug=key)
            try:
                candidate.clean_fields()
            except ValidationError as exc:
                errors.extend(_messages(exc, {"name": "category", "slug": "category"}))
            else:
                plan.new_categories.setdefault(key, name)
    tags = [t.name for t in term.tags.all()] if not created else []
    if "tags" in columns:
        tags = step.tags = _split(values.get("tags", ""), LIST_SEPARATOR)
        errors.extend(
            str(ERROR_TAG_TOO_LONG % {"tag": tag, "max": TAG_MAX_LENGTH})
            for tag in tags
            if len(tag) > TAG_MAX_LENGTH
        )
    related = [r.slug for r in term.related.all()] if not created else []
    if "related" in columns:
        related = step.related = _split(values.get("related", ""), LIST_SEPARATOR)
        errors.extend(
            str(ERROR_UNKNOWN_RELATED % {"slug": s}) for s in related if s not in known_slugs
        )

    # The category is checked above: a new one has no row to point at yet. A row without any
    # term has no slug either; the missing term says it all.
    exclude = ["category"] if slug or term.term_ru or term.term_en else ["category", "slug"]
    try:
        term.full_clean(exclude=exclude)
    except ValidationError as exc:
        names = {c: headers.get(c, c) for c in (*TEXT_FIELDS, "slug", "aliases")}
        errors.extend(_messages(exc, names))

    if not created:
        after = _term_state(term, category=category, tags=tags, related=related)
        # Imported terms are live; one scheduled to go live later keeps its date.
        scheduled = term.go_live_at is not None and term.go_live_at > timezone.now()
        if after != before or not (term.live or scheduled):
            step.action = UPDATE
        # Publishing would bury a pending draft or end a review: refuse when the file changes
        # the term (publishing an identical never-live draft loses nothing).
        if after != before and pending:
            errors.append(str(ERROR_PENDING_CHANGES % {"slug": term.slug}))
    plan.terms.append(step)
    return errors


def _messages(exc: ValidationError, names: dict[str, str]) -> list[str]:
    messages = []
    for name, field_messages in exc.message_dict.items():
        for message in field_messages:
            if name == NON_FIELD_ERRORS:
                messages.append(message)
            else:
                messages.append(f"{names.get(name, name)}: {message}")
    return messages


def _result(plan: _Plan) -> GlossaryImportResult:
    result = GlossaryImportResult(errors=list(plan.errors))
    for step in plan.terms:
        result.rows.append(
            RowOutcome(
                line=step.line,
                slug=step.term.slug,
                term=step.term.display_term(),
                action=step.action,
            )
        )
    result.created = sum(1 for s in plan.terms if s.action == CREATE)
    result.updated = sum(1 for s in plan.terms if s.action == UPDATE)
    result.unchanged = sum(1 for s in plan.terms if s.action == UNCHANGED)
    return result


def _read_and_plan(content: bytes, filename: str) -> tuple[_Plan | None, GlossaryImportResult]:
    try:
        source = glossary_file_read(content=content, filename=filename)
    except GlossaryFileError as exc:
        return None, GlossaryImportResult(errors=exc.errors)
    plan = _plan(source)
    return plan, _result(plan)


def glossary_import_preview(*, content: bytes, filename: str = "") -> GlossaryImportResult:
    """What importing the file would do: counts, every row's action and every error with its
    line. Writes nothing."""
    return _read_and_plan(content, filename)[1]


# --- Importing -----------------------------------------------------------------------------------


@transaction.atomic
def glossary_import(
    *, content: bytes, filename: str = "", user: AbstractBaseUser | None = None
) -> GlossaryImportResult:
    """Import a CSV or XLSX glossary file: create or update terms by slug and publish them.

    Returns the counts created / updated / unchanged. If the file has any error, nothing is
    written and the result lists every error with its line. New and changed terms get one
    revision each, recorded under ``user`` and published (which bumps the glossary version,
    so text links the new terms from the next render); unchanged terms get none. Categories
    are created by name as needed. ``user`` None means the system (a command without
    ``--user``); a user who may not add and publish terms gets ``PermissionDenied``."""
    if user is not None and not glossary_import_allowed(user=user):
        raise PermissionDenied(ERROR_NO_PERMISSION)
    plan, result = _read_and_plan(content, filename)
    if plan is None or result.errors:
        return result
    _apply(plan, user)
    result.applied = True
    return result


def _apply(plan: _Plan, user: AbstractBaseUser | None) -> None:
    categories = dict(plan.categories)
    for key, name in plan.new_categories.items():
        categories[key] = GlossaryCategory.objects.create(name=name, slug=key)
    changed = [s for s in plan.terms if s.action != UNCHANGED]
    by_slug = {s.term.slug: s.term for s in plan.terms}
    for step in changed:
        if step.action == CREATE:
            # A row first, so that related terms can point at it; live once published below.
            step.term.live = False
            step.term.save()
    missing = {slug for s in changed for slug in s.related or () if slug not in by_slug}
    by_slug.update({t.slug: t for t in GlossaryTerm.objects.filter(slug__in=missing)})
    for step in changed:
        term = step.term
        if step.category_key is not None:
            term.category = categories[step.category_key] if step.category_key else None
        if step.tags is not None:
            term.tags.set(step.tags)
        if step.related is not None:
            term.related.set([by_slug[slug] for slug in step.related])
        revision = term.save_revision(
            user=user, log_action="wagtail.create" if step.action == CREATE else True
        )
        revision.publish(user=user)


# --- Exporting -----------------------------------------------------------------------------------


def _export_row(term: GlossaryTerm) -> dict[str, str]:
    status = term.source_status or {}
    return {
        "slug": term.slug,
        "term_ru": term.term_ru,
        "term_en": term.term_en,
        "definition_ru": term.definition_ru,
        "definition_en": term.definition_en,
        "aliases": term.aliases.strip(),
        "category": term.category.name if term.category_id else "",
        "tags": EXPORT_SEPARATOR.join(sorted(t.name for t in term.tags.all())),
        "related": EXPORT_SEPARATOR.join(sorted(r.slug for r in term.related.all())),
        "example": term.example,
        "not_to_confuse": term.not_to_confuse,
        "status_ru": status.get("ru", ""),
        "status_en": status.get("en", ""),
    }


def glossary_export(*, file_format: str, include_drafts: bool = False) -> GlossaryExport:
    """Every live term (every term with ``include_drafts``; a term that is not live as in its
    latest revision) as a CSV (UTF-8 with BOM, for Excel) or XLSX file in ``EXPORT_COLUMNS``,
    sorted by slug. Importing the file into the same database changes nothing."""
    if file_format not in FORMATS:
        raise ValueError(ERROR_UNKNOWN_FORMAT % {"format": file_format})
    terms = GlossaryTerm.objects.select_related("category").prefetch_related("tags", "related")
    if not include_drafts:
        terms = terms.filter(live=True)
    rows = []
    for term in terms.order_by("slug"):
        if not term.live and term.latest_revision_id:
            term = term.get_latest_revision_as_object()
        rows.append(_export_row(term))
    content = _csv_bytes(rows) if file_format == CSV else _xlsx_bytes(rows)
    return GlossaryExport(content=content, file_format=file_format, term_count=len(rows))


def _csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    # A cell that starts like a formula gets an apostrophe, which the CSV import takes off.
    writer.writerows(
        {name: formula_neutralise(value) for name, value in row.items()} for row in rows
    )
    return out.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: list[dict[str, str]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Glossary"
    sheet.append(EXPORT_COLUMNS)
    for number, row in enumerate(rows, start=2):
        for column, name in enumerate(EXPORT_COLUMNS, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", row[name])
            # Text stays text: a definition starting with "=" is not a formula.
            cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
