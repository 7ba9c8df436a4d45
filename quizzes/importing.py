"""Importing questions into the bank from GIFT and Aiken files.

Reading (``quizzes.gift``, ``quizzes.aiken``) turns a file into drafts. Planning compares each
draft with the bank without writing anything and collects every error in the file, naming each
question by its line and its title or first words. Importing applies a plan that has no errors,
in one transaction: a question whose ``[id:N]`` is in the bank is updated, any other is created;
each created or changed question gets a revision (so its history shows the import), an
unchanged one gets nothing, so importing the same file twice changes nothing the second time.

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
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.permissions import policy_registry

from taggit.models import Tag

from lms import markdown
from lms.core import tabular
from quizzes.admin_forms import question_parts_errors
from quizzes.aiken import aiken_parse
from quizzes.gift import (
    ImportProblem,
    ParsedFile,
    QuestionDraft,
    choice_is_full,
    gift_parse,
    problem_for,
    shared_weight,
)
from quizzes.models import (
    AcceptedAnswer,
    Choice,
    MatchPair,
    NumericAnswer,
    Question,
    QuestionCategory,
)
from quizzes.moodle_xml import embedded_images_resolve, embedded_images_store, moodle_xml_parse

T = Question.Type

GIFT = "gift"
AIKEN = "aiken"
XML = "xml"
FORMATS = (GIFT, AIKEN, XML)
# .txt is what Moodle calls both; an Aiken file has ANSWER: lines and, unlike GIFT, no braces.
EXTENSIONS = {".gift": GIFT, ".txt": GIFT, ".aiken": AIKEN, ".xml": XML}
AIKEN_ANSWER_LINE = re.compile(r"^\s*ANSWER\s*:", re.MULTILINE | re.IGNORECASE)

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"

WEIGHT_STEP = Decimal("0.01")
FULL = Decimal(100)
CATEGORY_MAX_LENGTH = QuestionCategory._meta.get_field("name").max_length
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length

ERROR_UNKNOWN_FORMAT = _(
    "Cannot tell the format of “%(name)s”: name it .gift, .txt, .aiken or .xml, or choose the "
    "format."
)
ERROR_NOT_UTF8 = _("the file is not UTF-8 text; save it as UTF-8")
ERROR_NO_QUESTIONS = _("the file has no questions")
ERROR_DUPLICATE_ID = _("[id:%(id)s] is already used on line %(line)s")
ERROR_NO_PERMISSION = _("Only people who may add and change questions can import them.")
ERROR_NO_FULL_ANSWER = _("no accepted answer is worth the full points (= or =%100%)")
ERROR_NO_FULL_NUMBER = _("no number is worth the full points (= or =%100%)")
ERROR_CATEGORY_TOO_LONG = _("the category name is longer than %(max)s characters")
ERROR_TAG_TOO_LONG = _("the tag “%(tag)s” is longer than %(max)s characters")
ERROR_FIELD = _("%(field)s: %(message)s")
ERROR_CHILD_FIELD = _("%(child)s %(number)s, %(field)s: %(message)s")
ERROR_IMPORT_FAILED = _("The file has errors; nothing was imported.")

NOTE_ID_NOT_FOUND = _("[id:%(id)s] is not a question in this bank: the question is created anew")
NOTE_TRUE_FALSE_FEEDBACK = _(
    "the feedback for a true or a false answer is not kept (the bank has none); the explanation "
    "is shown to everyone"
)
NOTE_ANSWER_FEEDBACK = _("feedback on single answers is not kept (the bank has none)")
NOTE_PARTIAL_ANSWERS = _("answers worth part of the points are left out: %(answers)s")
NOTE_DISTRACTORS = _("answers that match nothing are left out: %(answers)s")
NOTE_HTML = _("HTML in choices and answers is turned into plain text")
NOTE_OTHER_NUMBER_FEEDBACK = _(
    "the feedback for any other number (~#…) is not kept (the bank has none); the explanation "
    "is shown to everyone"
)


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
        return str(T(self.type).label)


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
    """GIFT or AIKEN: ``file_format`` when given, else by the extension (a .txt with
    ``ANSWER:`` lines and no braces is Aiken). Raises ``QuestionImportError`` otherwise."""
    if file_format:
        if file_format.lower() in FORMATS:
            return file_format.lower()
    else:
        name = filename.lower()
        for extension, found in EXTENSIONS.items():
            if name.endswith(extension):
                if extension == ".txt" and "{" not in content and AIKEN_ANSWER_LINE.search(content):
                    return AIKEN
                return found
    name = file_format or filename
    raise QuestionImportError([ImportProblem(0, str(ERROR_UNKNOWN_FORMAT % {"name": name}))])


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
    if found == XML:
        parsed = embedded_images_resolve(moodle_xml_parse(content))
    else:
        parsed = aiken_parse(content) if found == AIKEN else gift_parse(content)
    return found, parsed


# --- Planning ------------------------------------------------------------------------------------


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


def _clean(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _plain(text: str, text_format: str, notes: list[str]) -> str:
    """Choices and answers are plain text in the bank: HTML is turned into text."""
    if text_format != "html":
        return text
    if str(NOTE_HTML) not in notes:
        notes.append(str(NOTE_HTML))
    return markdown.plain_text(text)


def _weight(weight: Decimal | None) -> Decimal | None:
    return None if weight is None else weight.quantize(WEIGHT_STEP, rounding=ROUND_HALF_UP)


def _is_full(weight: Decimal | None) -> bool:
    return weight is None or weight == FULL


def _choice_rows(draft: QuestionDraft, notes: list[str]) -> list[Choice]:
    """Choices with Moodle's weights. A single-answer question (and a missing word) has one
    right choice, the one worth all the points; its other options keep their partial or
    negative weights. Choice texts and feedback are plain text in the bank: HTML is turned
    into text, with a note."""
    single = draft.kind in (T.SINGLE_CHOICE, T.MISSING_WORD)
    full = [choice for choice in draft.choices if choice_is_full(choice)]
    rights = any(choice.right for choice in draft.choices)
    weighted = any(choice.weight is not None for choice in draft.choices)
    # Moodle's meaning of an unweighted choice beside weighted ones: "=" is all the points, "~"
    # none. Our own export names the type and writes weights exactly as stored: take them so.
    fill = draft.partial_credit and weighted and not draft.marked
    rows = []
    for position, choice in enumerate(draft.choices):
        weight = choice.weight
        if fill and weight is None:
            weight = FULL if choice.right else Decimal(0)
        if single:
            is_correct = choice.right if len(full) != 1 else choice is full[0]
            if is_correct and weight == FULL:
                weight = None  # the right choice of a single choice is worth all the points
        else:
            # Without any "=", the choices with a positive weight are the right ones (Moodle's
            # "several right answers", each "~%50%").
            is_correct = choice.right or (not rights and weight is not None and weight > 0)
        rows.append(
            Choice(
                text=_plain(choice.text, choice.text_format, notes),
                is_correct=is_correct,
                weight=_weight(weight),
                feedback=_plain(choice.feedback, choice.text_format, notes),
                sort_order=position,
            )
        )
    return rows


def _accepted_rows(draft: QuestionDraft, notes: list[str], errors: list[str]) -> list:
    full = [answer for answer in draft.choices if _is_full(answer.weight)]
    dropped = [answer for answer in draft.choices if not _is_full(answer.weight)]
    if dropped:
        listed = ", ".join(f"{a.text} ({a.weight}%)" for a in dropped)
        notes.append(str(NOTE_PARTIAL_ANSWERS % {"answers": listed}))
    if any(answer.feedback for answer in draft.choices):
        notes.append(str(NOTE_ANSWER_FEEDBACK))
    if not full:
        errors.append(str(ERROR_NO_FULL_ANSWER))
    return [
        AcceptedAnswer(text=_plain(answer.text, answer.text_format, notes), sort_order=position)
        for position, answer in enumerate(full)
    ]


def _number_rows(draft: QuestionDraft, notes: list[str], errors: list[str]) -> list[NumericAnswer]:
    """Every number the question accepts, each with its share of the points and feedback
    (Moodle's "anything else" ``~`` answers score nothing and are left out, their feedback
    with a note)."""
    accepted = [n for n in draft.numbers if n.right]
    if any(n.feedback for n in draft.numbers if not n.right):
        notes.append(str(NOTE_OTHER_NUMBER_FEEDBACK))
    if not any(_is_full(n.weight) for n in accepted):
        errors.append(str(ERROR_NO_FULL_NUMBER))
    return [
        NumericAnswer(
            value=n.value,
            tolerance=n.tolerance,
            weight=FULL if n.weight is None else _weight(n.weight),
            feedback=n.feedback,
            sort_order=position,
        )
        for position, n in enumerate(accepted)
    ]


def _pair_rows(draft: QuestionDraft, notes: list[str]) -> list[MatchPair]:
    distractors = [right for left, right in draft.pairs if not left]
    if distractors:
        notes.append(str(NOTE_DISTRACTORS % {"answers": ", ".join(distractors)}))
    pairs = [(left, right) for left, right in draft.pairs if left]
    return [
        MatchPair(
            left=_plain(left, draft.text_format, notes),
            right=_plain(right, draft.text_format, notes),
            sort_order=position,
        )
        for position, (left, right) in enumerate(pairs)
    ]


def _choice_state(question_type: str, choice: Choice, right_count: int) -> tuple:
    # An ordering item is only its text in its place: GIFT carries nothing else of it.
    if question_type == T.ORDERING:
        return (_clean(choice.text),)
    weight = choice.weight
    if question_type == T.MULTIPLE_CHOICE and weight is None:
        # An unweighted option is worth its share; an export writes the share as its weight.
        weight = shared_weight(choice.is_correct, right_count)
    if weight is not None:
        weight = _weight(Decimal(weight))
    return (_clean(choice.text), choice.is_correct, weight, _clean(choice.feedback))


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
            _choice_state(question.type, c, sum(1 for r in choices if r.is_correct))
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
            row.full_clean(exclude=exclude)
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
    if draft.kind == T.OPEN_ANSWER and draft.grading_notes is not None:
        question.grading_notes = draft.grading_notes
    if draft.points is not None:
        question.points = int(draft.points)
    question.partial_credit = draft.kind == T.MULTIPLE_CHOICE and draft.partial_credit
    question.correct_bool = draft.correct_bool if draft.kind == T.TRUE_FALSE else None
    choices, accepted, numbers, pairs = [], [], [], []
    if draft.kind in (T.SINGLE_CHOICE, T.MISSING_WORD, T.MULTIPLE_CHOICE):
        choices = _choice_rows(draft, notes)
    elif draft.kind == T.ORDERING:
        # Every item is "right" in its place, as the editor's ordering questions have them.
        choices = [
            Choice(text=item.text, is_correct=True, sort_order=position)
            for position, item in enumerate(draft.choices)
        ]
    elif draft.kind == T.SHORT_TEXT:
        accepted = _accepted_rows(draft, notes, errors)
    elif draft.kind == T.NUMERIC:
        numbers = _number_rows(draft, notes, errors)
    elif draft.kind == T.MATCHING:
        pairs = _pair_rows(draft, notes)
    elif draft.kind == T.TRUE_FALSE and any(draft.true_false_feedback):
        notes.append(str(NOTE_TRUE_FALSE_FEEDBACK))

    category = draft.category
    if category and len(category) > CATEGORY_MAX_LENGTH:
        errors.append(str(ERROR_CATEGORY_TOO_LONG % {"max": CATEGORY_MAX_LENGTH}))
    errors.extend(
        str(ERROR_TAG_TOO_LONG % {"tag": tag, "max": TAG_MAX_LENGTH})
        for tag in draft.tags or ()
        if len(tag) > TAG_MAX_LENGTH
    )
    try:
        question.full_clean(exclude=["category"])
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


def _plan(parsed: ParsedFile) -> tuple[list[_Step], list[ImportProblem]]:
    errors = list(parsed.errors)
    drafts = [d for d in parsed.questions if d.supported and not d.has_errors]
    if not parsed.questions and not errors:
        errors.append(ImportProblem(0, str(ERROR_NO_QUESTIONS)))
    wanted = {int(d.source_id) for d in drafts if d.source_id and d.source_id.isdigit()}
    existing = {
        question.pk: question
        for question in Question.objects.filter(pk__in=wanted)
        .select_related("category")
        .prefetch_related("choices", "accepted_answers", "numeric_answers", "pairs", "tags")
    }
    first_line: dict[str, int] = {}
    steps = []
    for draft in drafts:
        notes: list[str] = list(draft.notes)
        source_id = draft.source_id
        if source_id is not None:
            if source_id in first_line:
                message = ERROR_DUPLICATE_ID % {"id": source_id, "line": first_line[source_id]}
                errors.append(problem_for(draft.line, draft.label, message))
                continue
            first_line[source_id] = draft.line
        question = existing.get(int(source_id)) if source_id and source_id.isdigit() else None
        if source_id is not None and question is None:
            notes.append(str(NOTE_ID_NOT_FOUND % {"id": source_id}))
        step, step_errors = _step(draft, question, notes)
        errors.extend(problem_for(draft.line, draft.label, message) for message in step_errors)
        steps.append(step)
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
    *, content: str, filename: str, file_format: str | None = None
) -> ImportPreview:
    """What importing the file would do: each question's action (create, update, unchanged)
    and notes, and every error with its line. Writes nothing and never raises for the file's
    content (an unknown format is an error of the preview)."""
    try:
        found, parsed = question_file_parse(
            content=content, filename=filename, file_format=file_format
        )
    except QuestionImportError as exc:
        return ImportPreview(file_format=file_format or "", errors=exc.errors)
    steps, errors = _plan(parsed)
    return ImportPreview(file_format=found, questions=_outcomes(steps), errors=errors)


# --- Importing -----------------------------------------------------------------------------------


@transaction.atomic
def questions_import(
    *,
    content: str,
    filename: str,
    user: AbstractBaseUser | None,
    file_format: str | None = None,
) -> ImportResult:
    """Import a GIFT or Aiken file into the bank, all or nothing.

    Questions with an ``[id:N]`` of the bank are updated, the others created (categories by
    name as needed). Each created or changed question is saved with a revision recorded under
    ``user`` (``None``: the system, for a command), logged as created or edited; unchanged
    ones are not touched. Raises ``QuestionImportError`` with every error (nothing written)
    when the file has any, and ``PermissionDenied`` when ``user`` may not add and change
    questions."""
    if user is not None and not question_import_allowed(user=user):
        raise PermissionDenied(ERROR_NO_PERMISSION)
    found, parsed = question_file_parse(content=content, filename=filename, file_format=file_format)
    steps, errors = _plan(parsed)
    if errors:
        raise QuestionImportError(errors)
    categories: dict[str, QuestionCategory] = {}
    for step in steps:
        if step.action == UNCHANGED:
            continue
        _apply(step, user, categories)
    return ImportResult(file_format=found, questions=_outcomes(steps))


def _apply(step: _Step, user, categories: dict[str, QuestionCategory]) -> None:
    question = step.question
    if step.category is not None:
        name = step.category
        if name and name not in categories:
            categories[name] = QuestionCategory.objects.get_or_create(name=name)[0]
        question.category = categories[name] if name else None
    question.choices = step.choices
    question.accepted_answers = step.accepted
    question.numeric_answers = step.numbers
    question.pairs = step.pairs
    embedded_images_store(question, step.draft.files)
    if step.tags is not None:
        question.tags.set(step.tags)
    question.save()
    # Validated while planning; the revision is what the snippet history shows.
    question.save_revision(
        user=user, log_action="wagtail.create" if step.action == CREATE else True, clean=False
    )
