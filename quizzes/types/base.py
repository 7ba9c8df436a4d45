"""What every question type is: the contract the grading, the attempt form, the API, the
statistics, the question editor and the file formats dispatch through.

A type is one subclass of ``QuestionType`` in its own module of this package, registered with
``@register``. Nothing outside this package compares ``question.type`` with a literal: it asks
``question_type(code)`` and calls the method. What a type does not support it says by the
default below (an importer or exporter that meets such a type reports a problem at its line
instead of guessing).

Snapshots are plain JSON frozen into an attempt (or a review card) when it is shown; every type
keeps its own keys beside the common ones (``question_id``, ``type``, ``text``,
``text_format``, ``explanation``, ``explanation_format``, ``points``). A snapshot written by an
older version of a type must still grade: a type reads old keys where it changed them.
"""

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from quizzes.types import rows
from quizzes.types.rows import DraftRows

ERROR_UNKNOWN_ID = _("That answer names a choice this question does not have.")
ERROR_TOO_LONG = _("The answer is too long.")
ERROR_NUMBER_RANGE = _("That number is too long or too large.")
MAX_TEXT_ANSWER = 500
# Right answers have at most 10 integer digits (the model's field), so a number this large is
# wrong anyway; refusing it keeps absurd exponents such as 1e9999999 away from the arithmetic.
MAX_NUMBER = Decimal("1e15")
MAX_NUMBER_CHARS = 50
_SPACES = re.compile(r"\s+")


class NotWritable(ValueError):
    """A file format cannot hold a question of this type (``format``: "GIFT", "Moodle XML");
    the writer leaves the question out and names it."""

    def __init__(self, format_name: str):
        super().__init__(f"not writable in {format_name}")
        self.format_name = format_name


class AnswerInvalid(ValueError):
    """The answer's shape does not fit the question; ``message`` says what to send."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Grade:
    """How one answer scored: ``fraction`` of the question's points (0…1, never below 0 for
    the question as a whole), whether it is fully right, and whether a person still has to
    grade it (an open answer: ``fraction`` and ``correct`` mean nothing until then)."""

    fraction: Decimal
    correct: bool
    pending: bool = False

    @classmethod
    def right(cls) -> "Grade":
        return cls(Decimal(1), True)

    @classmethod
    def wrong(cls) -> "Grade":
        return cls(Decimal(0), False)

    @classmethod
    def waiting(cls) -> "Grade":
        return cls(Decimal(0), False, pending=True)


class NotANumber(ValueError):
    """What the learner typed is not a number at all (the caller says what to send)."""


def number_parse(value) -> Decimal:
    """The one reading of a learner's number, for the form, the API and grading alike: a JSON
    number, or a string as people type it ("14,5", "1 000" with any space, such as the no-break
    one). Raises ``NotANumber``, or ``AnswerInvalid`` when it is absurdly long or large."""
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, str):
        value = _SPACES.sub("", value).replace(",", ".")
        if len(value) > MAX_NUMBER_CHARS:
            raise AnswerInvalid(ERROR_NUMBER_RANGE)
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise NotANumber(value) from None
    if not number.is_finite():
        raise NotANumber(value)
    # ``copy_abs`` is exact: ``abs()`` would itself overflow on such a number.
    if number.copy_abs() >= MAX_NUMBER or len(str(number)) > MAX_NUMBER_CHARS:
        raise AnswerInvalid(ERROR_NUMBER_RANGE)
    return number


def text_normalise(text: str) -> str:
    """Compare typed answers ignoring case, spacing, ё/е and trailing punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip().rstrip(".!").rstrip()


def shuffled_away_from(items: list[dict], rng: random.Random) -> list[dict]:
    """Shuffle so that, with three items or more, the order shown is not the right one. Two
    items are shuffled plainly: always swapping them would give the answer away."""
    shown = list(items)
    rng.shuffle(shown)
    while len(shown) >= 3 and shown == items:
        rng.shuffle(shown)
    return shown


def share_of(points, fraction: Decimal) -> Decimal:
    """``fraction`` of ``points``, to the cent."""
    return (Decimal(points) * fraction).quantize(Decimal("0.01"))


@dataclass
class Option:
    """One radio button, checkbox or ``<option>`` of the attempt form."""

    value: str
    text: str
    checked: bool = False


@dataclass
class SubField:
    """One select of a question with several (an ordering or matching question)."""

    name: str
    label: str
    options: list[Option]


@dataclass
class ReviewChoice:
    """One option as the result screen draws it."""

    text: str
    chosen: bool
    correct: bool | None  # None when the quiz does not show the right answers
    feedback: str = ""


@dataclass
class ReviewDisplay:
    """One reviewed answer in words: what the person gave, the right answer (None when the
    quiz does not show it) and, for questions with options, every option."""

    given: list[str] = field(default_factory=list)
    right: list[str] | None = None
    choices: list[ReviewChoice] = field(default_factory=list)


def field_name(question: dict, suffix: str = "") -> str:
    """The attempt form's name of a question's field: ``q<id>``, or ``q<id>-<suffix>``."""
    return f"q{question['id']}" if not suffix else f"q{question['id']}-{suffix}"


def review_texts(review: dict) -> dict[str, str]:
    """Every opaque id of a reviewed (or public) question with the text it stands for."""
    texts = {c["id"]: c["text"] for c in review.get("choices", [])}
    texts.update({i["id"]: i["text"] for i in review.get("items", [])})
    texts.update({i["id"]: i["text"] for i in review.get("left", []) + review.get("right", [])})
    return texts


class OpaqueIds:
    """Ids made for one snapshot: short, random, never repeated inside it, so neither an id
    nor the order of ids tells anything about the answer."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def new(self) -> str:
        import secrets

        while True:
            token = secrets.token_hex(4)
            if token not in self.taken:
                self.taken.add(token)
                return token


class QuestionType:
    """One kind of question. Subclasses set ``code`` (a ``Question.Type`` value) and override
    what they support; every method takes and returns plain data."""

    code: ClassVar[str]
    # The question's related rows this type reads: any of "choices", "accepted_answers",
    # "numeric_answers", "pairs". The editor shows only these (and ``fields``).
    parts: ClassVar[tuple[str, ...]] = ()
    # The question's own fields this type uses besides the common ones (e.g. "correct_bool").
    fields: ClassVar[tuple[str, ...]] = ()
    # True when a person grades the answer (an open answer): the attempt waits for them.
    graded_by_person: ClassVar[bool] = False
    # The attempt page draws the question with this include; its context has ``item`` (a
    # ``quizzes.forms.QuestionDisplay``: ``name``, ``question``, and what ``form_display``
    # gave, such as ``options``, ``value`` and ``selects``).
    template: ClassVar[str] = ""
    # True when ``template`` draws the question's text itself (a text with gaps in it, or a
    # text the answer field belongs with): the page then does not draw it above the include.
    draws_text: ClassVar[bool] = False

    @property
    def label(self) -> str | Promise:
        from quizzes.models import Question

        return Question.Type(self.code).label

    # --- Attempts: freezing, showing, checking, grading ------------------------------------

    def snapshot(self, question, *, shuffle: bool, rng: random.Random, ids: OpaqueIds) -> dict:
        """This type's keys of the snapshot of ``question`` (parts prefetched)."""
        raise NotImplementedError

    def public(self, snapshot: dict) -> dict:
        """This type's keys of what the learner sees before submitting: never anything that
        tells what is right."""
        return {}

    def clean(self, snapshot: dict, data) -> dict:
        """The answer checked against the snapshot and normalised, ready to store. Raises
        ``AnswerInvalid`` with a message for the learner."""
        raise NotImplementedError

    def grade(self, snapshot: dict, response: dict) -> Grade:
        """Score a cleaned, non-empty answer. ``response_grade`` keeps the fraction within
        0…1 and turns ``Grade.waiting()`` into "not graded yet"."""
        raise NotImplementedError

    def review(self, snapshot: dict) -> dict:
        """This type's keys of the review when the quiz shows right answers: the right answer
        (``right_answer``) and per-option feedback."""
        return {}

    # --- The attempt form (HTML) ------------------------------------------------------------

    def form_fields(self, question: dict, saved: dict) -> dict:
        """``{field name suffix or "": (form field, initial)}`` for the public ``question``;
        "" is the question's own field ``q<id>``, a suffix ``x`` names ``q<id>-x``."""
        raise NotImplementedError

    def form_answer(self, question: dict, values: dict) -> dict | None:
        """The answer from the cleaned ``values`` (by the suffixes of ``form_fields``), or
        None when nothing was entered. Raises ``AnswerInvalid``."""
        raise NotImplementedError

    def form_display(self, question: dict, value: Callable[[str], str | list[str]]) -> dict:
        """What the template needs besides the question: ``{"options": [Option]}``,
        ``{"value": str}``, ``{"selects": [SubField]}`` or ``{"values": {suffix: value}}`` (one
        value per field of ``form_fields``; any other key lands in the
        display's ``extra``). ``value(suffix)`` is what the person entered in a field of
        ``form_fields`` (or saved before); ``field_name(question, suffix)`` is its HTML name."""
        return {"value": _single(value(""))}

    def review_display(self, review: dict) -> ReviewDisplay:
        """A reviewed question (``snapshot_review``) in words for the result screen."""
        return ReviewDisplay()

    # --- The API ----------------------------------------------------------------------------

    # The answer's JSON shape, as a message for a client that sent something else.
    answer_shape: ClassVar[str | Promise] = ""

    # --- Authoring --------------------------------------------------------------------------

    def parts_errors(self, parts: dict) -> list[tuple[str | None, str | Promise]]:
        """``(field or None, message)`` for every way the parts do not fit this type.
        ``parts`` holds the editor's (or an importer's) rows as dicts by part name, and the
        type's ``fields`` by name. Messages speak the author's language."""
        return []

    # --- Statistics -------------------------------------------------------------------------

    def option_counts(self, snapshot: dict, response: dict) -> list[str]:
        """The option texts an answer chose, for "how often each option was picked"."""
        return []

    def option_counts_by_part(self, snapshot: dict, response: dict) -> list[tuple[int, str]]:
        """``(part, option text)`` for each option an answer chose: a type whose question holds
        several sets of options (the gaps of a cloze) numbers them from 1, so that statistics
        count each set apart; a question with one set of options is all part 0."""
        return [(0, text) for text in self.option_counts(snapshot, response)]

    # --- File formats: writing --------------------------------------------------------------
    # The writers (``quizzes.gift``, ``quizzes.moodle_xml``) write what every question has
    # (title, text, explanation, points, tags, category) and ask the type for the rest. They
    # pass themselves as ``gift`` / ``writer``: the format's syntax (escaping, numbers,
    # elements) stays with the format, what a type's answers are stays here. A type a format
    # cannot hold raises ``NotWritable`` (the default), and the writer names the question.

    def gift_answer_lines(self, question, gift) -> list[str]:
        """The lines inside GIFT's braces for ``question`` (parts prefetched), without the
        explanation; ``gift`` is ``quizzes.gift.GIFT_WRITING``."""
        raise NotWritable("GIFT")

    def gift_markers(self, question) -> list[str]:
        """This type's own ``[name:value]`` markers after ``[type:…] [points:…]``."""
        return []

    def gift_comments(self, question, gift) -> list[str]:
        """Further ``// …`` comment lines above the question (e.g. grading notes)."""
        return []

    def gift_text(self, text: str) -> tuple[str, str]:
        """The question's text split into what goes before the braces and after them (a
        missing word writes its answer where the blank is)."""
        return text, ""

    # --- File formats: reading --------------------------------------------------------------
    # The readers (``quizzes.gift``, ``quizzes.aiken``, ``quizzes.moodle_xml``) read what every
    # question has (title, text, formats, explanation, ids, tags, category, points, embedded
    # files) and ask the types, in ``read_priority`` order, which one reads the rest: the first
    # whose ``…_claims`` says yes gets the draft, its ``kind`` already set to the type's code,
    # and reads its answers with ``…_read``. The readers pass themselves as ``reader``: the
    # format's syntax (splitting answers, weights, numbers, formats) and ``reader.error(message,
    # line)`` stay with the format, what the answers mean stays here. A reader names no type,
    # so a new type needs no change to any of them.

    # Lower is asked first: a type that reads a particular case of a form (a missing word: a
    # single choice in the middle of the text) stands before the one reading the form in
    # general (multiple choice reads any GIFT ``~`` answer, short text any answer at all).
    read_priority: ClassVar[int] = 100

    def gift_claims(self, answer, draft, reader) -> bool:
        """Whether GIFT's answer in braces is this type's form. ``answer`` is a
        ``quizzes.gift.GiftAnswer`` (``is_blank()``, ``starts_with(char)``, ``has(text)``,
        ``word()``, ``choices``); ``draft.embedded`` says the answer stood in the middle of the
        text. The default, no: GIFT has no form of its own for this type (a ``[type:…]``
        marker may still make one, see ``gift_read_from``)."""
        return False

    def gift_read(self, answer, draft, reader) -> None:
        """Read the answer this type claimed into ``draft``; ``reader.error(message, line)``
        reports what is wrong."""

    def aiken_claims(self, question, draft, reader) -> bool:
        """Whether this type reads an Aiken question (``question``: its ``options`` as
        ``(letter, text, line)`` and the ``answer`` letter). Default: no."""
        return False

    def aiken_read(self, question, draft, reader) -> None:
        """Read the claimed Aiken question's options into ``draft``."""

    # Moodle's ``<question type="…">`` values this type may read.
    moodle_xml_reads: ClassVar[tuple[str, ...]] = ()

    def moodle_xml_claims(self, element, draft, reader) -> bool:
        """Whether this type reads the ``<question>`` ``element``, whose type is one of
        ``moodle_xml_reads`` (for a Moodle type several of ours read, such as "multichoice").
        Default: yes."""
        return True

    def moodle_xml_read(self, element, draft, reader) -> None:
        """Read this type's elements of the ``<question>`` ``element`` into ``draft``;
        ``reader`` is ``quizzes.moodle_xml``'s (``answers``, ``choice``, ``flag``, ``error``)."""

    # --- File formats: importing ------------------------------------------------------------
    # ``quizzes.importing`` sets what every question has from a draft (type, title, texts,
    # points), clears ``partial_credit`` and ``correct_bool``, and asks the type for the rest.

    def draft_apply(self, question, draft) -> None:
        """Set this type's own fields of ``question`` from the import ``draft``."""

    def rows_from_draft(self, draft, notes: list[str], errors: list[str]) -> DraftRows:
        """The question's rows from the import ``draft`` (see ``quizzes.types.rows``),
        appending to ``notes`` what the bank does not keep and to ``errors`` why the draft
        cannot be imported."""
        return DraftRows()

    def import_choice_state(self, choice, right_count: int) -> tuple:
        """What a re-import compares of one of the question's choices (``right_count``: how
        many are right): its text, rightness, weight and feedback as a file can say them."""
        weight = choice.weight
        if weight is not None:
            weight = rows.weight_rounded(Decimal(weight))
        return (
            rows.clean_text(choice.text),
            choice.is_correct,
            weight,
            rows.clean_text(choice.feedback),
        )

    # The kinds the GIFT reader may have read a question of this type as, when GIFT has no
    # form of its own for it and a ``[type:…]`` marker names it (a multiple choice written
    # with one right answer, an ordering written as matching with positions).
    gift_read_from: ClassVar[tuple[str, ...]] = ()

    def gift_take_draft(self, draft, reader, line: int) -> None:
        """Make ``draft``, read as one of ``gift_read_from``, a question of this type;
        ``reader.error(message, line)`` reports what does not fit."""
        draft.kind = self.code

    def gift_read_markers(self, draft, reader) -> None:
        """Read this type's own GIFT markers (see ``gift_markers``, ``gift_comments``) into
        ``draft``: ``reader.marker(name)`` is one as written, ``reader.marker_flag(name)`` a
        yes/no one (a wrong value reported at its line)."""

    def moodle_xml_type(self, question) -> str:
        """Moodle's ``type`` attribute for ``question`` (e.g. "multichoice")."""
        raise NotWritable("Moodle XML")

    def moodle_xml_write(self, element, question, writer) -> None:
        """Add this type's elements to the ``<question>`` ``element``; ``writer`` is
        ``quizzes.moodle_xml``'s writer (``answer``, ``text``, ``rich``, ``value``)."""


def _single(value) -> str:
    if isinstance(value, list):
        value = value[-1] if value else ""
    return "" if value is None else str(value)


single_value = _single
