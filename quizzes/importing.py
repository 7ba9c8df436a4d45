"""Importing questions into the bank from question files (GIFT, Aiken, and every format of
``FILE_FORMATS``).

Reading (``quizzes.gift``, ``quizzes.aiken``, …) turns a file into drafts. Planning compares each
draft with the bank without writing anything and collects every error in the file, naming each
question by its line and its title or first words; it asks the database a fixed number of
questions however long the file. Importing applies a plan that has no errors, in one
transaction and set-based (rows are inserted and updated in batches); each created or changed
question gets a revision and a log entry under the person importing (so its history shows the
import), an unchanged one gets nothing.

Which question a draft is (``docs/question-import.md``):

- ``[id:N] [bank:KEY]`` with this bank's key (``quizzes.identity.bank_key``, what our exports
  write) is this bank's question N: it is updated.
- Any other ``[id:x]`` is an id of the file's source: the bank it names (``[bank:KEY]`` of
  another site) or else the source the import is given (by default the file's name). It is
  matched only among the questions that same source created (``Question.import_source`` and
  ``import_id``), so a foreign file's ids never touch an unrelated question; importing the same
  file again updates the questions it created before.
- A draft without an id (or with an id of this bank that is gone) is matched by its content
  fingerprint (``Question.content_fingerprint``): a question that says exactly the same is
  that question, so importing the same file again changes nothing.

What the bank cannot keep is said as a note on the question, never silently: feedback on
true/false answers and on accepted answers; accepted answers worth only part of the points;
matching answers that match nothing. Choices and answers written as HTML are turned into plain
text (the bank keeps them as text), with a note; the question text and explanation keep the
format they were written in (Moodle, HTML, plain text or Markdown), which the renderer shows
as such and sanitises. An open answer keeps the file's grading notes.

Moodle's weights keep their meaning: beside weighted choices an unweighted "=" is worth all
the points and "~" none, and without any "=" the choices with a positive weight are the right
ones. A file of our own export (``// [type:x]``) is taken exactly as written.

A file updates only what it says: points (``// [points:n]``), category (``$CATEGORY:``) and
tags (``// [tag:x]``) stay as they are when the file does not name them; the knowledge page and
glossary term are never touched.

Limits (settings, each with a clear error naming the line): ``IMPORT_MAX_FILE_BYTES`` and
``IMPORT_MAX_LINES`` for the file, ``IMPORT_MAX_QUESTIONS`` questions per file,
``IMPORT_MAX_TEXT_CHARS`` characters per text, ``IMPORT_MAX_PARTS`` choices, answers, numbers or
pairs per question, ``IMPORT_MAX_DEPTH`` levels of categories (and of nesting in formats that
nest), ids of at most ``IMPORT_ID_MAX_LENGTH`` characters.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from wagtail.models import ModelLogEntry, Revision
from wagtail.permissions import policy_registry
from wagtail.search.backends import get_search_backends

from taggit.models import Tag

from lms.core import tabular
from quizzes.admin_forms import question_parts_errors
from quizzes.aiken import aiken_parse
from quizzes.gift import (
    ImportProblem,
    ParsedFile,
    QuestionDraft,
    gift_parse,
    problem_for,
    question_label,
)
from quizzes.identity import bank_key, question_fingerprint
from quizzes.models import (
    AcceptedAnswer,
    Choice,
    MatchPair,
    NumericAnswer,
    Question,
    QuestionCategory,
    QuestionTag,
)
from quizzes.moodle_xml import embedded_images_resolve, embedded_images_store, moodle_xml_parse
from quizzes.types import question_type
from quizzes.types.rows import (  # noqa: F401 (the notes are part of this module's word)
    NOTE_ANSWER_FEEDBACK,
    NOTE_DISTRACTORS,
    NOTE_HTML,
    NOTE_OTHER_NUMBER_FEEDBACK,
    NOTE_PARTIAL_ANSWERS,
    NOTE_TRUE_FALSE_FEEDBACK,
    clean_text,
)

GIFT = "gift"
AIKEN = "aiken"
XML = "xml"
AIKEN_ANSWER_LINE = re.compile(r"^\s*ANSWER\s*:", re.MULTILINE | re.IGNORECASE)


def _looks_like_aiken(content: str) -> bool:
    # .txt is what Moodle calls both; an Aiken file has ANSWER: lines and, unlike GIFT, no braces.
    return "{" not in content and bool(AIKEN_ANSWER_LINE.search(content))


def _moodle_xml_parse(content: str) -> ParsedFile:
    return embedded_images_resolve(moodle_xml_parse(content))


@dataclass(frozen=True)
class FileFormat:
    """A question file format: its name (``--format``), how people call it, the file name
    endings that are it, and its reader (text → ``ParsedFile`` of drafts). ``shared`` endings
    are also another format's: this one takes such a file when ``recognises(content)``."""

    name: str
    label: str
    extensions: tuple[str, ...]
    parse: Callable[[str], ParsedFile]
    shared: tuple[str, ...] = ()
    recognises: Callable[[str], bool] | None = None


# The formats an import understands, by name; a new format is one more entry.
FILE_FORMATS: dict[str, FileFormat] = {
    fmt.name: fmt
    for fmt in (
        FileFormat(GIFT, "GIFT", (".gift", ".txt"), gift_parse),
        FileFormat(
            AIKEN, "Aiken", (".aiken",), aiken_parse, shared=(".txt",), recognises=_looks_like_aiken
        ),
        # Images embedded in the file are matched with the bank's while planning.
        FileFormat(XML, "Moodle XML", (".xml",), _moodle_xml_parse),
    )
}
# Kept for callers that list the names.
FORMATS = tuple(FILE_FORMATS)


def file_format_extensions() -> tuple[str, ...]:
    """Every file name ending some format reads, each once, in registry order."""
    endings: list[str] = []
    for fmt in FILE_FORMATS.values():
        endings.extend(e for e in (*fmt.extensions, *fmt.shared) if e not in endings)
    return tuple(endings)


CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"

CATEGORY_MAX_LENGTH = QuestionCategory._meta.get_field("name").max_length
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
TAG_SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length
IMPORT_ID_MAX_LENGTH = Question._meta.get_field("import_id").max_length
SOURCE_MAX_LENGTH = Question._meta.get_field("import_source").max_length
BANK_KEY_MAX_LENGTH = 64
# This bank's ids are primary keys: positive and within a 32-bit integer on every database.
OWN_ID_MAX = 2**31 - 1
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
BATCH = 500

ERROR_UNKNOWN_FORMAT = _(
    "Cannot tell the format of “%(name)s”: name it %(extensions)s, or choose the format."
)
ERROR_NOT_UTF8 = _("the file is not UTF-8 text; save it as UTF-8")
ERROR_NO_QUESTIONS = _("the file has no questions")
ERROR_DUPLICATE_ID = _("[id:%(id)s] is already used on line %(line)s")
ERROR_NO_PERMISSION = _("Only people who may add and change questions can import them.")
ERROR_CATEGORY_TOO_LONG = ngettext_lazy(
    "the category name is longer than %(max)s character",
    "the category name is longer than %(max)s characters",
    "max",
)
ERROR_TAG_TOO_LONG = ngettext_lazy(
    "the tag “%(tag)s” is longer than %(max)s character",
    "the tag “%(tag)s” is longer than %(max)s characters",
    "max",
)
ERROR_FIELD = _("%(field)s: %(message)s")
ERROR_CHILD_FIELD = _("%(child)s %(number)s, %(field)s: %(message)s")
ERROR_IMPORT_FAILED = _("The file has errors; nothing was imported.")
ERROR_ID_TOO_LONG = ngettext_lazy(
    "the id “%(id)s…” is longer than %(max)s character",
    "the id “%(id)s…” is longer than %(max)s characters",
    "max",
)
ERROR_ID_CONTROL = _("the id contains a line break or another control character")
ERROR_OWN_ID = _(
    "[id:%(id)s] names this bank, but this bank's ids are whole numbers from 1 to %(max)s"
)
ERROR_BANK_TOO_LONG = ngettext_lazy(
    "the bank key “%(bank)s…” is longer than %(max)s character",
    "the bank key “%(bank)s…” is longer than %(max)s characters",
    "max",
)
ERROR_TOO_MANY_QUESTIONS = ngettext_lazy(
    "the file has more than %(max)s question; split the file: at most %(max)s question per import",
    "the file has more than %(max)s questions; split the file: at most %(max)s questions per import",
    "max",
)
ERROR_TEXT_TOO_LONG = ngettext_lazy(
    "the %(what)s is longer than %(max)s character",
    "the %(what)s is longer than %(max)s characters",
    "max",
)
ERROR_TOO_MANY_PARTS = _("%(what)s in the question: %(found)s; at most %(max)s are allowed")
ERROR_TOO_DEEP = ngettext_lazy(
    "the category is nested %(depth)s level deep; at most %(max)s are allowed",
    "the category is nested %(depth)s levels deep; at most %(max)s are allowed",
    "depth",
)
ERROR_SOURCE_TOO_LONG = ngettext_lazy(
    "the source name is longer than %(max)s character",
    "the source name is longer than %(max)s characters",
    "max",
)

# What a limit names: a text that is too long, parts that are too many.
TEXT_QUESTION = pgettext_lazy("import: too long", "question text")
TEXT_EXPLANATION = pgettext_lazy("import: too long", "explanation")
TEXT_CHOICE = pgettext_lazy("import: too long", "text of an answer")
TEXT_FEEDBACK = pgettext_lazy("import: too long", "feedback of an answer")
PARTS_CHOICES = pgettext_lazy("import: too many", "answers")
PARTS_NUMBERS = pgettext_lazy("import: too many", "numbers")
PARTS_PAIRS = pgettext_lazy("import: too many", "pairs")
PARTS_TAGS = pgettext_lazy("import: too many", "tags")

NOTE_ID_NOT_FOUND = _("[id:%(id)s] is not a question in this bank: the question is created anew")


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass(frozen=True)
class QuestionOutcome:
    """What the import does (or did) with one question of the file."""

    line: int
    label: str
    type: str
    action: str  # CREATE, UPDATE or UNCHANGED
    question_id: int | None  # the bank's question; None for one not created yet
    notes: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        return str(Question.Type(self.type).label)


@dataclass
class ImportPreview:
    """What importing a file would do: every question's action and notes, every error. An
    import of a file with any error writes nothing."""

    file_format: str = GIFT
    questions: list[QuestionOutcome] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def _count(self, action: str) -> int:
        return sum(1 for outcome in self.questions if outcome.action == action)

    @property
    def created(self) -> int:
        return self._count(CREATE)

    @property
    def updated(self) -> int:
        return self._count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def notes(self) -> list[ImportProblem]:
        return [
            ImportProblem(outcome.line, note)
            for outcome in self.questions
            for note in outcome.notes
        ]

    def error_lines(self) -> list[str]:
        return [str(error) for error in self.errors]

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


@dataclass
class ImportResult(ImportPreview):
    """What an import did; every outcome has its ``question_id``, created questions too."""


class QuestionImportError(Exception):
    """The file has errors, so nothing was imported; ``errors`` lists each with its line."""

    def __init__(self, errors: list[ImportProblem]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


# --- Permissions and reading ---------------------------------------------------------------------


def question_import_allowed(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may import: it adds and changes questions, so both permissions
    (authors, content leads and administrators)."""
    policy = policy_registry.get_by_type(Question)
    return policy.user_has_permission(user, "add") and policy.user_has_permission(user, "change")


def question_file_decode(*, data: bytes) -> str:
    """The text of an uploaded file (UTF-8, with or without BOM).

    Raises ``QuestionImportError`` for a file past the size limit (``IMPORT_MAX_FILE_BYTES``)
    or naming the line of the first byte that is not UTF-8."""
    try:
        tabular.file_size_check(content=data)
    except tabular.TableFileError as exc:
        raise QuestionImportError([ImportProblem(0, exc.message)]) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise QuestionImportError([ImportProblem(line, str(ERROR_NOT_UTF8))]) from exc


def question_file_format(
    *, filename: str, content: str = "", file_format: str | None = None
) -> str:
    """The name of the file's format (a key of ``FILE_FORMATS``): ``file_format`` when given,
    else by the name's ending (a shared ending such as .txt goes to the format that recognises
    the content, else to the format that owns it). Raises ``QuestionImportError`` otherwise."""
    if file_format:
        if file_format.lower() in FILE_FORMATS:
            return file_format.lower()
    else:
        ending = PurePath(filename.lower()).suffix
        for fmt in FILE_FORMATS.values():
            if ending in fmt.shared and fmt.recognises is not None and fmt.recognises(content):
                return fmt.name
        for fmt in FILE_FORMATS.values():
            if ending and ending in fmt.extensions:
                return fmt.name
    message = ERROR_UNKNOWN_FORMAT % {
        "name": file_format or filename,
        "extensions": ", ".join(file_format_extensions()),
    }
    raise QuestionImportError([ImportProblem(0, str(message))])


def question_file_parse(
    *, content: str, filename: str = "", file_format: str | None = None
) -> tuple[str, ParsedFile]:
    """The format and the drafts of a file. Raises ``QuestionImportError`` for an unknown
    format or a file past the size or line limit (checked before parsing); problems inside the
    file are in the returned ``errors``."""
    try:
        tabular.file_size_check(content=content.encode("utf-8"))
        tabular.text_lines_check(text=content)
    except tabular.TableFileError as exc:
        raise QuestionImportError([ImportProblem(exc.line or 0, exc.message)]) from exc
    found = question_file_format(filename=filename, content=content, file_format=file_format)
    return found, FILE_FORMATS[found].parse(content)


def question_import_source(*, filename: str = "", source: str | None = None) -> str:
    """The source an import's foreign ids belong to: ``source`` as the operator names it, else
    the file's name without its ending (``Продажи 2024.gift`` → ``file:продажи-2024``)."""
    if source and source.strip():
        return "source:" + " ".join(source.split()).lower()
    stem = PurePath(filename).stem if filename else ""
    return "file:" + (slugify(stem, allow_unicode=True) or "-")


# --- Planning ------------------------------------------------------------------------------------


# What a file never sets, so planning checks it without asking the database (identity is
# checked in ``_plan``, for the whole file at once).
NOT_FROM_FILE = [
    "category",
    "knowledge_page",
    "glossary_term",
    "import_source",
    "import_id",
    "content_fingerprint",
    "latest_revision",
]


@dataclass
class _Step:
    draft: QuestionDraft
    question: Question
    action: str
    category: str | None  # None: leave as is; "": no category
    tags: list[str] | None  # None: leave as is
    choices: list[Choice]
    accepted: list[AcceptedAnswer]
    numbers: list[NumericAnswer]
    pairs: list[MatchPair]
    notes: list[str]


_clean = clean_text


def _state(question: Question, *, category: str, tags, choices, accepted, numbers, pairs) -> tuple:
    """What an import compares: every field the file can set, texts without surrounding
    whitespace (an editor's line endings aside), tags as a set."""
    return (
        question.type,
        _clean(question.title),
        _clean(question.text),
        question.text_format,
        _clean(question.explanation),
        question.explanation_format if _clean(question.explanation) else "",
        _clean(question.grading_notes),
        question.points,
        question.partial_credit,
        question.correct_bool,
        category,
        frozenset(tags),
        tuple(
            question_type(question.type).import_choice_state(
                c, sum(1 for r in choices if r.is_correct)
            )
            for c in choices
        ),
        tuple(_clean(a.text) for a in accepted),
        tuple(
            (Decimal(n.value), Decimal(n.tolerance), Decimal(n.weight), _clean(n.feedback))
            for n in numbers
        ),
        tuple((_clean(p.left), _clean(p.right)) for p in pairs),
    )


def _category_name(question: Question) -> str:
    return question.category.name if question.category_id else ""


def _tag_names(question: Question) -> list[str]:
    return [tag.name for tag in question.tags.all()]


def _existing_state(question: Question) -> tuple:
    return _state(
        question,
        category=_category_name(question),
        tags=_tag_names(question),
        choices=list(question.choices.all()),
        accepted=list(question.accepted_answers.all()),
        numbers=list(question.numeric_answers.all()),
        pairs=list(question.pairs.all()),
    )


def _validation_messages(exc: ValidationError, model) -> list[str]:
    messages = []
    for name, field_messages in exc.message_dict.items():
        for message in field_messages:
            if name == NON_FIELD_ERRORS:
                messages.append(message)
            else:
                label = model._meta.get_field(name).verbose_name
                messages.append(str(ERROR_FIELD % {"field": label, "message": message}))
    return messages


def _child_messages(rows: list, exclude: list[str]) -> list[str]:
    messages = []
    for number, row in enumerate(rows, start=1):
        try:
            row.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            child = row._meta.verbose_name
            for name, field_messages in exc.message_dict.items():
                label = row._meta.get_field(name).verbose_name if name != NON_FIELD_ERRORS else ""
                messages.extend(
                    str(
                        ERROR_CHILD_FIELD
                        % {"child": child, "number": number, "field": label, "message": m}
                    )
                    for m in field_messages
                )
    return messages


def _step(draft: QuestionDraft, existing: Question | None, notes: list[str]):
    """The draft applied in memory to ``existing`` (or a new question), and its errors."""
    errors: list[str] = []
    question = existing or Question()
    before = current_category = current_tags = None
    if existing is not None:
        before = _existing_state(existing)
        current_category, current_tags = _category_name(existing), _tag_names(existing)
    question.type = draft.kind
    question.title = draft.title
    # The text and explanation keep the format they were written in (Moodle, HTML, plain text
    # or Markdown); the renderer shows each as its format and sanitises it.
    question.text = draft.text
    question.text_format = draft.text_format
    question.explanation = draft.explanation
    question.explanation_format = draft.explanation_format
    question.partial_credit = False
    question.correct_bool = None
    qtype = question_type(draft.kind)
    qtype.draft_apply(question, draft)
    if draft.points is not None:
        question.points = int(draft.points)
    rows = qtype.rows_from_draft(draft, notes, errors)
    choices, accepted, numbers, pairs = rows.choices, rows.accepted, rows.numbers, rows.pairs

    category = draft.category
    if category and len(category) > CATEGORY_MAX_LENGTH:
        errors.append(str(ERROR_CATEGORY_TOO_LONG % {"max": CATEGORY_MAX_LENGTH}))
    errors.extend(
        str(ERROR_TAG_TOO_LONG % {"tag": tag, "max": TAG_MAX_LENGTH})
        for tag in draft.tags or ()
        if len(tag) > TAG_MAX_LENGTH
    )
    try:
        question.full_clean(exclude=NOT_FROM_FILE, validate_unique=False)
    except ValidationError as exc:
        errors.extend(_validation_messages(exc, Question))
    errors.extend(_child_messages(choices + accepted + numbers + pairs, exclude=["question"]))
    # The editor's rules for a question's parts hold for imported questions too.
    parts_errors = question_parts_errors(
        qtype=question.type,
        choices=[(c.text, c.is_correct) for c in choices],
        accepted=[a.text for a in accepted],
        pairs=[(p.left, p.right) for p in pairs],
        correct_bool=question.correct_bool,
        numbers=[n.value for n in numbers],
        # A missing-word question needs its gap in the text, a cloze question readable gaps.
        text=question.text,
        grading_notes=question.grading_notes,
    )
    if not errors:  # the file's own errors say it more precisely
        errors.extend(str(message) for _field, message in parts_errors)

    step = _Step(
        draft=draft,
        question=question,
        action=CREATE,
        category=category,
        tags=draft.tags,
        choices=choices,
        accepted=accepted,
        numbers=numbers,
        pairs=pairs,
        notes=notes,
    )
    if existing is not None:
        after = _state(
            question,
            category=current_category if category is None else category,
            tags=current_tags if draft.tags is None else draft.tags,
            choices=choices,
            accepted=accepted,
            numbers=numbers,
            pairs=pairs,
        )
        step.action = UNCHANGED if after == before else UPDATE
    return step, errors


# --- Identity and limits -------------------------------------------------------------------------

OWN = "own"
FOREIGN = "foreign"
OWN_ID = re.compile(r"[0-9]{1,10}")


def _number(value: int) -> tabular.Grouped:
    return tabular.grouped(value)


def _draft_limit_errors(draft: QuestionDraft) -> list[str]:
    """Sizes past the limits, checked before the draft meets the bank."""
    max_text = _limit("IMPORT_MAX_TEXT_CHARS", 100_000)
    max_parts = _limit("IMPORT_MAX_PARTS", 200)
    max_depth = _limit("IMPORT_MAX_DEPTH", 20)
    errors = []
    texts = [(TEXT_QUESTION, draft.text), (TEXT_EXPLANATION, draft.explanation)]
    texts += [(TEXT_CHOICE, choice.text) for choice in draft.choices]
    texts += [(TEXT_FEEDBACK, choice.feedback) for choice in draft.choices]
    texts += [(TEXT_CHOICE, left + right) for left, right in draft.pairs]
    texts += [(TEXT_FEEDBACK, number.feedback) for number in draft.numbers]
    reported = set()
    for what, text in texts:
        if len(text or "") > max_text and what not in reported:
            reported.add(what)
            errors.append(str(ERROR_TEXT_TOO_LONG % {"what": what, "max": _number(max_text)}))
    for what, count in (
        (PARTS_CHOICES, len(draft.choices)),
        (PARTS_NUMBERS, len(draft.numbers)),
        (PARTS_PAIRS, len(draft.pairs)),
        (PARTS_TAGS, len(draft.tags or ())),
    ):
        if count > max_parts:
            errors.append(
                str(
                    ERROR_TOO_MANY_PARTS
                    % {"found": _number(count), "what": what, "max": _number(max_parts)}
                )
            )
    depth = len(draft.category.split(" / ")) if draft.category else 0
    if depth > max_depth:
        errors.append(str(ERROR_TOO_DEEP % {"depth": depth, "max": max_depth}))
    return errors


def _identity(draft: QuestionDraft, *, own_key: str, source: str) -> tuple[tuple | None, list]:
    """Who the draft's id names: ``(OWN, pk)`` for this bank's question, ``(FOREIGN, source,
    id)`` for an id of its source, ``None`` without an id; and the errors of an absurd id."""
    source_id = draft.source_id
    if source_id is None:
        return None, []
    if len(source_id) > IMPORT_ID_MAX_LENGTH:
        shown = source_id[:20]
        return None, [str(ERROR_ID_TOO_LONG % {"id": shown, "max": IMPORT_ID_MAX_LENGTH})]
    if CONTROL_CHARACTERS.search(source_id):
        return None, [str(ERROR_ID_CONTROL)]
    bank = (draft.source_bank or "").strip()
    if len(bank) > BANK_KEY_MAX_LENGTH:
        return None, [str(ERROR_BANK_TOO_LONG % {"bank": bank[:20], "max": BANK_KEY_MAX_LENGTH})]
    if bank and bank == own_key:
        if not OWN_ID.fullmatch(source_id) or not 1 <= int(source_id) <= OWN_ID_MAX:
            return None, [str(ERROR_OWN_ID % {"id": source_id, "max": _number(OWN_ID_MAX)})]
        return (OWN, int(source_id)), []
    return (FOREIGN, f"bank:{bank}" if bank else source, source_id), []


def _chunks(items: list, size: int = BATCH * 10):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _with_parts(questions) -> list[Question]:
    """The questions with their category, and their parts and tags set in memory: one query
    per kind of part for all of them (``prefetch_related`` builds a queryset per question and
    relation, seconds for thousands)."""
    found = list(questions.select_related("category"))
    ids = [question.pk for question in found]
    parts: dict[str, dict[int, list]] = {}
    for name, model in (
        ("choices", Choice),
        ("accepted_answers", AcceptedAnswer),
        ("numeric_answers", NumericAnswer),
        ("pairs", MatchPair),
    ):
        by_question = parts[name] = {}
        for chunk in _chunks(ids):
            for row in model.objects.filter(question_id__in=chunk).order_by("sort_order", "pk"):
                by_question.setdefault(row.question_id, []).append(row)
    tagged = parts["tagged_items"] = {}
    for chunk in _chunks(ids):
        items = QuestionTag.objects.filter(content_object_id__in=chunk).select_related("tag")
        for item in items.order_by("pk"):
            tagged.setdefault(item.content_object_id, []).append(item)
    for question in found:
        for name, by_question in parts.items():
            setattr(question, name, by_question.get(question.pk, []))
    return found


def _named_questions(identities: list[tuple]) -> tuple[dict, dict]:
    """The bank's questions the file's ids name, by pk and by (source, id): a few queries
    for any number of ids."""
    own = sorted({identity[1] for identity in identities if identity[0] == OWN})
    foreign: dict[str, set[str]] = {}
    for identity in identities:
        if identity[0] == FOREIGN:
            foreign.setdefault(identity[1], set()).add(identity[2])
    found = []
    for chunk in _chunks(own):
        found.extend(_with_parts(Question.objects.filter(pk__in=chunk)))
    for source, ids in foreign.items():
        for chunk in _chunks(sorted(ids)):
            found.extend(
                _with_parts(Question.objects.filter(import_source=source, import_id__in=chunk))
            )
    by_pk = {question.pk: question for question in found}
    by_source = {
        (question.import_source, question.import_id): question
        for question in found
        if question.import_id
    }
    return by_pk, by_source


def _fingerprint(step: _Step) -> str:
    return question_fingerprint(
        step.question,
        choices=step.choices,
        accepted=step.accepted,
        numbers=step.numbers,
        pairs=step.pairs,
    )


def _plan(parsed: ParsedFile, *, source: str = "file:-") -> tuple[list[_Step], list[ImportProblem]]:
    errors = list(parsed.errors)
    if not parsed.questions and not errors:
        errors.append(ImportProblem(0, str(ERROR_NO_QUESTIONS)))
    max_questions = _limit("IMPORT_MAX_QUESTIONS", 20_000)
    if len(parsed.questions) > max_questions:
        message = ERROR_TOO_MANY_QUESTIONS % {"max": _number(max_questions)}
        errors.append(ImportProblem(parsed.questions[max_questions].line, str(message)))
        return [], sorted(errors, key=lambda error: error.line)
    if len(source) > SOURCE_MAX_LENGTH:
        errors.append(ImportProblem(0, str(ERROR_SOURCE_TOO_LONG % {"max": SOURCE_MAX_LENGTH})))
        return [], sorted(errors, key=lambda error: error.line)
    own_key = bank_key()

    # Each draft's identity, with the errors of absurd sizes and ids and of repeated ids.
    keyed: list[tuple[QuestionDraft, tuple | None]] = []
    first_line: dict[tuple, int] = {}
    for draft in parsed.questions:
        if not draft.supported or draft.has_errors:
            continue
        draft_errors = _draft_limit_errors(draft)
        identity, id_errors = _identity(draft, own_key=own_key, source=source)
        draft_errors += id_errors
        if not draft_errors and identity is not None:
            if identity in first_line:
                message = ERROR_DUPLICATE_ID % {"id": draft.source_id, "line": first_line[identity]}
                draft_errors.append(str(message))
            else:
                first_line[identity] = draft.line
        if draft_errors:
            errors.extend(problem_for(draft.line, draft.label, m) for m in draft_errors)
            continue
        keyed.append((draft, identity))

    by_pk, by_source = _named_questions([identity for _draft, identity in keyed if identity])
    claimed: set[int] = set()
    steps: list[_Step | None] = []
    unmatched: list[tuple[int, QuestionDraft, tuple | None]] = []
    for draft, identity in keyed:
        question = None
        if identity is not None and identity[0] == OWN:
            question = by_pk.get(identity[1])
        elif identity is not None:
            question = by_source.get(identity[1:])
        if question is None and (identity is None or identity[0] == OWN):
            # Matched by content below (an id of this bank that is gone too).
            unmatched.append((len(steps), draft, identity))
            steps.append(None)
            continue
        claimed.update([question.pk] if question is not None else [])
        step, step_errors = _step(draft, question, list(draft.notes))
        if question is None:
            step.question.import_source, step.question.import_id = identity[1], identity[2]
        errors.extend(problem_for(draft.line, draft.label, message) for message in step_errors)
        steps.append(step)

    # Drafts without an id: the question that says exactly the same, if the bank has one.
    fresh = []
    for index, draft, identity in unmatched:
        step, step_errors = _step(draft, None, list(draft.notes))
        fresh.append((index, draft, identity, step, step_errors))
    fingerprints = sorted({_fingerprint(step) for _i, _d, _id, step, _e in fresh})
    candidates: dict[str, list[Question]] = {}
    for chunk in _chunks(fingerprints):
        for question in _with_parts(Question.objects.filter(content_fingerprint__in=chunk)):
            candidates.setdefault(question.content_fingerprint, []).append(question)
    for index, draft, identity, step, step_errors in fresh:
        fingerprint = _fingerprint(step)
        match = next(
            (q for q in candidates.get(fingerprint, ()) if q.pk not in claimed),
            None,
        )
        if match is not None:
            claimed.add(match.pk)
            step, step_errors = _step(draft, match, list(draft.notes))
        else:
            step.question.import_source = source
            if identity is not None:
                step.notes.insert(0, str(NOTE_ID_NOT_FOUND % {"id": draft.source_id}))
        errors.extend(problem_for(draft.line, draft.label, message) for message in step_errors)
        steps[index] = step

    for step in steps:
        step.question.content_fingerprint = _fingerprint(step)
    errors.sort(key=lambda error: error.line)
    return steps, errors


def _outcomes(steps: list[_Step]) -> list[QuestionOutcome]:
    return [
        QuestionOutcome(
            line=step.draft.line,
            label=step.draft.label,
            type=step.draft.kind,
            action=step.action,
            question_id=step.question.pk,
            notes=tuple(step.notes),
        )
        for step in steps
    ]


def questions_import_preview(
    *, content: str, filename: str, file_format: str | None = None, source: str | None = None
) -> ImportPreview:
    """What importing the file would do: each question's action (create, update, unchanged)
    and notes, and every error with its line. Writes nothing and never raises for the file's
    content (an unknown format is an error of the preview). ``source`` names where the file's
    ids come from (see ``question_import_source``)."""
    try:
        found, parsed = question_file_parse(
            content=content, filename=filename, file_format=file_format
        )
    except QuestionImportError as exc:
        return ImportPreview(file_format=file_format or "", errors=exc.errors)
    steps, errors = _plan(parsed, source=question_import_source(filename=filename, source=source))
    return ImportPreview(file_format=found, questions=_outcomes(steps), errors=errors)


# --- Importing -----------------------------------------------------------------------------------


@transaction.atomic
def questions_import(
    *,
    content: str,
    filename: str,
    user: AbstractBaseUser | None,
    file_format: str | None = None,
    source: str | None = None,
) -> ImportResult:
    """Import a question file into the bank, all or nothing.

    Questions the file names (by an id of this bank, an id of its source, or the same content)
    are updated, the others created (categories by name as needed). Each created or changed
    question gets a revision recorded under ``user`` (``None``: the system, for a command),
    logged as created or edited; unchanged ones are not touched. Raises
    ``QuestionImportError`` with every error (nothing written) when the file has any, and
    ``PermissionDenied`` when ``user`` may not add and change questions."""
    if user is not None and not question_import_allowed(user=user):
        raise PermissionDenied(ERROR_NO_PERMISSION)
    found, parsed = question_file_parse(content=content, filename=filename, file_format=file_format)
    steps, errors = _plan(parsed, source=question_import_source(filename=filename, source=source))
    if errors:
        raise QuestionImportError(errors)
    _write([step for step in steps if step.action != UNCHANGED], user)
    return ImportResult(file_format=found, questions=_outcomes(steps))


# Written back on an update: everything but what a file never sets.
KEPT_ON_UPDATE = {"id", "created_at", "latest_revision", "knowledge_page", "glossary_term"}
UPDATED_FIELDS = [f.name for f in Question._meta.concrete_fields if f.name not in KEPT_ON_UPDATE]
PART_MODELS = (
    (Choice, "choices"),
    (AcceptedAnswer, "accepted"),
    (NumericAnswer, "numbers"),
    (MatchPair, "pairs"),
)


def _write(steps: list[_Step], user) -> None:
    """Write the created and changed questions set-based: a handful of queries per batch of
    rows, whatever the number of questions."""
    if not steps:
        return
    now = timezone.now()
    _categories_assign(steps)
    for step in steps:
        if step.draft.files:
            # Images embedded in the file become Wagtail images; the texts point at them.
            embedded_images_store(step.question, step.draft.files)
            step.question.content_fingerprint = _fingerprint(step)
    created = [step.question for step in steps if step.action == CREATE]
    updated = [step.question for step in steps if step.action == UPDATE]
    for question in created + updated:
        question.updated_at = now
    Question.objects.bulk_create(created, batch_size=BATCH)
    _rows_update(updated, UPDATED_FIELDS)

    updated_ids = [question.pk for question in updated]
    for model, _name in PART_MODELS:
        for chunk in _chunks(updated_ids):
            model.objects.filter(question_id__in=chunk).delete()
    for model, name in PART_MODELS:
        rows = []
        for step in steps:
            for row in getattr(step, name):
                row.question = step.question
                rows.append(row)
        model.objects.bulk_create(rows, batch_size=BATCH)
    for step in steps:
        # In memory too, so the revision holds them without asking the database.
        question = step.question
        question.choices = step.choices
        question.accepted_answers = step.accepted
        question.numeric_answers = step.numbers
        question.pairs = step.pairs
    _tags_write(steps)
    _revisions_write([step.question for step in steps], created, user, now)
    questions_search_index_update(questions=[step.question for step in steps])


def questions_search_index_update(*, questions: list[Question]) -> None:
    """Put ``questions`` (as they are in memory, saved) into every search index that follows
    saves, set-based: a few statements for any number of questions.

    Wagtail's database backend inserts new entries in bulk but, on SQLite and MySQL, updates
    each existing one with an ``UPDATE`` of its own (10,000 statements for 10,000 questions).
    So the entries of these questions are deleted first, one statement per 5,000, and all are
    inserted again in bulk; PostgreSQL's upsert needs no delete but loses nothing by it.
    Elasticsearch and OpenSearch take every question in one bulk request."""
    if not questions:
        return
    content_type = ContentType.objects.get_for_model(Question)
    object_ids = [str(question.pk) for question in questions]
    for backend in get_search_backends(with_auto_update=True):
        entries = getattr(backend.get_index_for_model(Question), "entries", None)
        if entries is not None:  # a database backend: its entries are rows of a table
            for chunk in _chunks(object_ids):
                # A raw delete, as the backend deletes an entry itself: the SQLite full-text
                # rows go with it by the backend's trigger (``delete()`` would first read
                # every entry to cascade to them).
                stale = entries.filter(content_type=content_type, object_id__in=chunk)
                stale._raw_delete(using=router.db_for_write(stale.model))
        backend.add_bulk(Question, questions)


def _rows_update(questions: list[Question], names: list[str]) -> None:
    """``UPDATE`` each question's ``names`` columns, one statement run for all rows
    (``bulk_update`` builds a CASE per column and row, far slower for thousands)."""
    if not questions:
        return
    connection = connections[Question.objects.db]
    fields = [Question._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # Table and column names come from the model, quoted; every value is a parameter.
    table = quote(Question._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
    rows = [
        [f.get_db_prep_save(getattr(question, f.attname), connection) for f in fields]
        + [question.pk]
        for question in questions
    ]
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, BATCH):
            cursor.executemany(sql, chunk)


def _categories_assign(steps: list[_Step]) -> None:
    names = sorted({step.category for step in steps if step.category})
    categories = {c.name: c for c in QuestionCategory.objects.filter(name__in=names)}
    missing = [QuestionCategory(name=name) for name in names if name not in categories]
    if missing:
        QuestionCategory.objects.bulk_create(missing, ignore_conflicts=True)
        categories = {c.name: c for c in QuestionCategory.objects.filter(name__in=names)}
    for step in steps:
        if step.category is not None:
            step.question.category = categories[step.category] if step.category else None


def _tags_write(steps: list[_Step]) -> None:
    tagged = [step for step in steps if step.tags is not None]
    names = sorted({name for step in tagged for name in step.tags})
    tags = _tags_get_or_create(names)
    retagged = [step.question.pk for step in tagged if step.action == UPDATE]
    for chunk in _chunks(retagged):
        QuestionTag.objects.filter(content_object_id__in=chunk).delete()
    rows = []
    for step in steps:
        if step.tags is None:
            if step.action == CREATE:
                step.question.tagged_items = []
            continue
        items = [
            QuestionTag(content_object=step.question, tag=tags[name])
            for name in dict.fromkeys(step.tags)
        ]
        rows.extend(items)
        step.question.tagged_items = items
    QuestionTag.objects.bulk_create(rows, batch_size=BATCH)


def _tags_get_or_create(names: list[str]) -> dict[str, Tag]:
    """The tags named ``names``, by name, the missing ones created in one bulk write: a few
    queries for any number of names.

    Each new tag gets the slug taggit would give it: its name slugified, with ``_1``, ``_2``…
    after it when another tag has that slug already. A tag another import creates meanwhile is
    taken as it is; a name whose slug it took is left to taggit, one by one."""
    tags: dict[str, Tag] = {}
    for chunk in _chunks(names):
        tags.update((tag.name, tag) for tag in Tag.objects.filter(name__in=chunk))
    missing = [name for name in names if name not in tags]
    if not missing:
        return tags
    bases = {name: Tag().slugify(name) for name in missing}
    taken: set[str] = set()
    for chunk in _chunks(sorted(set(bases.values()))):
        taken.update(Tag.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    seen: set[str] = set()
    clashing = set()
    for base in bases.values():
        if base in taken or base in seen:
            clashing.add(base)
        seen.add(base)
    clashing = sorted(clashing)
    for start in range(0, len(clashing), 100):  # rare: two names, one slug
        starts = Q()
        for base in clashing[start : start + 100]:
            starts |= Q(slug__startswith=base)
        taken.update(Tag.objects.filter(starts).values_list("slug", flat=True))
    made = []
    for name in missing:
        slug, number = bases[name][:TAG_SLUG_MAX_LENGTH], 0
        while slug in taken:
            number += 1
            suffix = f"_{number}"
            slug = bases[name][: TAG_SLUG_MAX_LENGTH - len(suffix)] + suffix
        taken.add(slug)
        made.append(Tag(name=name, slug=slug))
    # Another import may create one of these names at the same time: skip it, read it below.
    Tag.objects.bulk_create(made, batch_size=BATCH, ignore_conflicts=True)
    for chunk in _chunks(missing):
        tags.update((tag.name, tag) for tag in Tag.objects.filter(name__in=chunk))
    for name in missing:
        if name not in tags:  # its slug was taken meanwhile by another name
            tags[name] = Tag.objects.create(name=name)
    return tags


def _revisions_write(questions: list[Question], created: list[Question], user, now) -> None:
    """A revision and a log entry per question, as saving it in the admin makes: the history
    shows it created or changed by ``user``, all of one import under one id."""
    content_type = ContentType.objects.get_for_model(Question)
    created_ids = {question.pk for question in created}
    # How the history names each one: its title, else its first words (``str()`` renders the
    # Markdown, a few milliseconds a question).
    names = [question_label(title=q.title, text=q.text)[:80] for q in questions]
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(question.pk),
            user=user,
            created_at=now,
            content=question.serializable_data(),
            object_str=name,
        )
        for question, name in zip(questions, names, strict=True)
    ]
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    for question, revision in zip(questions, revisions, strict=True):
        question.latest_revision = revision
    _rows_update(questions, ["latest_revision"])
    action_id = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(question.pk),
                label=name,
                action="wagtail.create" if question.pk in created_ids else "wagtail.edit",
                timestamp=now,
                data={},
                user=user,
                revision=revision,
                content_changed=True,
                uuid=action_id,
            )
            for question, revision, name in zip(questions, revisions, names, strict=True)
        ],
        batch_size=BATCH,
    )
