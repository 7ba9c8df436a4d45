"""GIFT, Moodle's text format for questions: reading a file into drafts, writing questions.

Reading (``gift_parse``) only understands the text: it returns one ``QuestionDraft`` per
question and every problem with its line, and leaves the question bank alone. The answer in
braces is read by the question type that claims its form (``QuestionType.gift_claims`` and
``gift_read``, asked in ``read_priority`` order); this reader keeps GIFT's syntax. What a draft
becomes in the bank, and what the bank cannot keep, is decided in ``quizzes.importing``; the
Aiken reader produces the same drafts. The reading follows Moodle's importer
(question/format/gift/format.php): questions are separated by blank lines, ``//`` lines are
comments, ``\\`` escapes ``~ = # { } :`` and itself, ``\\n`` is a line break; other escapes
stay as written, for LaTeX. With Moodle's meaning:

- ``$CATEGORY: $course$/top/Sales/Basics`` files the following questions under the category
  "Sales / Basics": the whole path without Moodle's context (``$course$``, ``$system$``, …) and
  its "top", so that two "Basics" in different places stay apart. ``//`` in a path is a literal
  slash. An empty path (``$CATEGORY: $course$/top``) means "no category".
- ``// [id:x]`` and ``// [tag:x]`` in the comments above a question are its id (any text; the
  first one counts) and tags; ``\\]`` inside is a ``]``, ``\\\\`` a backslash. Our own
  ``// [type:x] [points:n] [partial_credit:no] [grading_notes:…]`` comments say what GIFT
  cannot (Moodle ignores them).
- ``[moodle]``, ``[html]``, ``[markdown]`` and ``[plain]`` before a text set its format, kept as
  written (the default is Moodle's own); the general feedback takes the question's format
  unless it names its own, an answer's text and feedback likewise.
- Line breaks typed in the file are joined into spaces outside Markdown, except inside
  ``<pre>…</pre>``, where they are kept; ``\\n`` always writes a real one.
- Choices (``~``): one answer worth all the points (``=`` or ``~%100%``) makes a
  single choice whose other options keep their partial or negative weights; several such
  answers, or positive weights adding up to 100 (``~%50%a ~%50%b ~%-100%c``), make a multiple
  choice with partial credit. Among choices ``=`` is always all the points: ``=%50%a`` is worth
  all of them and reads "%50%a" (with a note), as Moodle reads it; a weight goes after ``~``.
  Several ``=`` without ``~`` are accepted short answers (``=%50%`` weighs those); ``=a ->
  b`` pairs are matching; ``TRUE``/``FALSE`` (``T``/``F``) with up to two feedbacks.
- Numeric (``{#…}``): ``n``, ``n:tolerance`` or ``low..high``, one number or several
  ``=%weight%n:t#feedback``, the first ``=`` optional, and ``~#feedback`` for anything else.
- An answer in the middle of the text (``Grant is {~buried =entombed} in Grant's tomb.``) is a
  missing word when it is a single choice: the text reads ``Grant is _____ in Grant's tomb.``,
  spacing as written; other answers in the middle keep the blank in their text.
- ``{}`` (Moodle's essay) is an open answer; ``{####…}`` gives its explanation.
- A description (text without any answer) is read but is a problem at its line: the bank has
  no question without an answer.

Writing (``questions_gift``, ``quiz_gift_export``) writes only what Moodle reads back the same
way: ``// [id:N] [bank:KEY]`` with the question's id and this bank's key (an import here knows
the id as its own; Moodle ignores the key), its tags, a ``// [type:x]`` comment with what GIFT
cannot say, a ``$CATEGORY:`` line when the category changes, ``::title::`` and the text with its
own format prefix and every line break written as ``\\n``. A single choice writes ``=`` for its
right option and ``~%w%`` for weighted ones, never ``=%w%`` (Moodle reads that as full marks
with "%w%" in the text); a multiple choice writes every option as ``~%w%`` (an ``=`` would make
Moodle read a single choice), unweighted ones with the share the bank grades them by. A missing
word is written with its answer where the blank is; an open answer as ``{}`` with its grading
notes in ``// [grading_notes:…]`` (Moodle ignores the comment). Ordering, which GIFT lacks, is
written as matching with positions (``=1 -> first item``) under ``// [type:ordering]``: Moodle
reads it as a matching question, this reader as ordering again. A question GIFT cannot hold (a
cloze) is left out and named at the top of the file (``questions_gift_problems``). Reading an
exported file gives back the same questions, so importing it changes nothing.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.permissions import policy_registry

from quizzes.identity import bank_key
from quizzes.models import Question, Quiz
from quizzes.types import (
    NotWritable,
    QuestionType,
    matching,
    ordering,
    question_type,
    question_types,
    reading_types,
    short_text,
    single_choice,
    true_false,
)
from quizzes.types.rows import shared_weight

# The types' messages about their GIFT answers, named here too: they are GIFT's words.
ERROR_FEW_CHOICES = single_choice.ERROR_GIFT_FEW_CHOICES
ERROR_NO_RIGHT_CHOICE = single_choice.ERROR_GIFT_NO_RIGHT_CHOICE
ERROR_EMPTY_CHOICE = single_choice.ERROR_GIFT_EMPTY_CHOICE
ERROR_NO_ARROW = matching.ERROR_GIFT_NO_ARROW
ERROR_FEW_PAIRS = matching.ERROR_GIFT_FEW_PAIRS
ERROR_EMPTY_PAIR_SIDE = matching.ERROR_GIFT_EMPTY_PAIR_SIDE
ERROR_ORDERING_POSITIONS = ordering.ERROR_ORDERING_POSITIONS
ERROR_TRUE_FALSE_FEEDBACK = true_false.ERROR_GIFT_TRUE_FALSE_FEEDBACK
ERROR_NO_ANSWER_TEXT = short_text.ERROR_GIFT_NO_ANSWER_TEXT

# A description (text without an answer) is read but cannot be imported.
DESCRIPTION = "description"
UNSUPPORTED_KINDS = (DESCRIPTION,)

FORMATS = ("moodle", "html", "plain", "markdown")
DEFAULT_FORMAT = "moodle"
BLANK = "_____"
FULL_WEIGHT = Decimal(100)
CONTEXT_SEGMENT = re.compile(r"^\$[a-z0-9]+\$$", re.I)
# Moodle's ``[id:…]`` and ``[tag:…]`` (a ``]`` inside written ``\]``, a backslash ``\\``), and
# our own markers, in the comments above a question.
MARKER = re.compile(
    r"\[(id|bank|tag|type|points|partial_credit|grading_notes):((?:\\.|[^\]\\])*)\]", re.I
)
MARKER_ESCAPE = re.compile(r"\\([\]\\n])")
PRE_BLOCK = re.compile(r"<pre\b.*?(?:</pre\s*>|\Z)", re.I | re.S)
WEIGHT = re.compile(r"\s*%(-?\d+(?:[.,]\d+)?)%")
NUMBER = r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?"
NUMBER_VALUE = re.compile(rf"^({NUMBER})$")
NUMBER_TOLERANCE = re.compile(rf"^({NUMBER})\s*:\s*({NUMBER})$")
NUMBER_RANGE = re.compile(rf"^({NUMBER})\s*\.\.\s*({NUMBER})$")
# What a backslash makes literal: GIFT's own set, plus "-" so that "->" can be written in a
# matching question's left side (our extension; Moodle would show the backslash).
ESCAPABLE = set("~=#{}:\\-")
LABEL_WORDS = 8
YES = ("yes", "true", "1")
NO = ("no", "false", "0")

LINE_MESSAGE = _("line %(line)s: %(message)s")
QUESTION_MESSAGE = _("“%(question)s”: %(message)s")
ERROR_DESCRIPTION = _(
    "descriptions (text without an answer in {…}) are not supported; remove it from the file "
    "or give it answers"
)
ERROR_TITLE_OPEN = _("the title has no closing ::")
ERROR_NO_CLOSE = _("the answer has no closing }")
ERROR_BRACE_INSIDE = _("a { inside the answer must be written \\{")
ERROR_TWO_ANSWERS = _("the text has more than one answer in {…}; only one is supported")
ERROR_NO_TEXT = _("the question has no text")
ERROR_TEXT_BEFORE_ANSWER = _("“%(text)s” stands before the first = or ~")
ERROR_WEIGHT_RANGE = _("the weight %(weight)s%% is outside -100…100")
ERROR_BAD_NUMBER = _("“%(text)s” is not a number, number:tolerance or low..high")
ERROR_NO_NUMBER = _("the numeric answer has no number")
ERROR_UNKNOWN_TYPE = _("unknown [type:%(type)s]; known types: %(known)s")
ERROR_TYPE_MISMATCH = _("[type:%(type)s] does not fit the answer written, which reads as %(read)s")
ERROR_POINTS = _("[points:%(points)s] must be a whole number from 1 to 100")
ERROR_PARTIAL_CREDIT = _("[partial_credit:%(value)s] must be yes or no")
NOTE_EQUALS_WEIGHT = _(
    "“=%(weight)s%%” is worth all the points, as Moodle reads it, and “%(weight)s%%” stays in the "
    "answer's text; for part of the points write “~%(weight)s%%”"
)
ERROR_EXPORT_TYPE = _(
    "not exported: GIFT cannot hold a question of the type “%(type)s”; export it as Moodle XML"
)


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong in a file (or worth knowing about it), at the line a person sees in an
    editor: the first is 1; 0 means the file as a whole."""

    line: int
    message: str

    def __str__(self) -> str:
        if self.line < 1:  # about the whole file
            return self.message
        return str(LINE_MESSAGE % {"line": self.line, "message": self.message})


@dataclass
class ChoiceDraft:
    """A choice, an accepted answer or (for ordering) an item, as written."""

    text: str
    right: bool = False  # written with "=" (GIFT) or named by ANSWER (Aiken)
    weight: Decimal | None = None  # "%50%" as written; None when not written
    feedback: str = ""
    line: int = 0
    text_format: str = DEFAULT_FORMAT


@dataclass
class NumberDraft:
    """One numeric answer: ``value`` ± ``tolerance`` (a range low..high is its middle ± half)."""

    value: Decimal
    tolerance: Decimal
    right: bool = True  # False for a "~" answer (Moodle's "anything else" feedback)
    weight: Decimal | None = None
    feedback: str = ""
    line: int = 0


@dataclass(frozen=True)
class EmbeddedFile:
    """A file a question's text embeds (Moodle XML's ``<file encoding="base64">``), referred
    to in the text as ``@@PLUGINFILE@@/name``; the import stores it."""

    name: str
    content: bytes
    line: int = 0


@dataclass
class QuestionDraft:
    """A question as read from a file, before it meets the bank.

    ``kind`` is the code of the type that read it (``quizzes.types``), or ``DESCRIPTION`` for what the bank cannot hold. ``None`` in ``tags``, ``category`` and ``points`` means the file says nothing about it
    (an update then leaves it as it is); ``category`` "" means "no category". ``marked`` says
    the file named the product's type (``// [type:x]``, as our export writes), so the choices'
    weights are taken exactly as written; ``has_errors`` that a problem was reported for it."""

    line: int
    kind: str
    title: str = ""
    text: str = ""
    text_format: str = DEFAULT_FORMAT
    explanation: str = ""
    explanation_format: str = DEFAULT_FORMAT
    source_id: str | None = None
    # ``[bank:KEY]`` beside the id: the bank that wrote it (quizzes.identity.bank_key).
    source_bank: str | None = None
    tags: list[str] | None = None
    category: str | None = None
    points: str | None = None
    partial_credit: bool = False
    choices: list[ChoiceDraft] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    correct_bool: bool | None = None
    # Moodle's order: the feedback for a wrong answer, then for a right one.
    true_false_feedback: tuple[str, str] = ("", "")
    numbers: list[NumberDraft] = field(default_factory=list)
    # An open answer's guide for the grader (``// [grading_notes:…]``); None: not said.
    grading_notes: str | None = None
    embedded: bool = False
    marked: bool = False
    has_errors: bool = False
    files: list[EmbeddedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader could not keep

    @property
    def label(self) -> str:
        """How messages name the question: its title, else the first words of its text."""
        return question_label(title=self.title, text=self.text)

    @property
    def supported(self) -> bool:
        return self.kind not in UNSUPPORTED_KINDS


@dataclass(frozen=True)
class CategoryLine:
    line: int
    path: str  # as written after "$CATEGORY:"
    name: str | None  # the category it means; None: no category


@dataclass
class ParsedFile:
    """Every question of a file (unsupported ones too) and every problem, in file order."""

    questions: list[QuestionDraft] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    categories: list[CategoryLine] = field(default_factory=list)


def question_label(*, title: str, text: str) -> str:
    """The title, else the first words of the text without markup, to name a question."""
    if title.strip():
        return " ".join(title.split())
    words = re.sub(r"<[^>]+>|[*_`#>\[\]]", " ", text).split()
    label = " ".join(words[:LABEL_WORDS])
    return label + "…" if len(words) > LABEL_WORDS else label


def problem_for(line: int, label: str, message) -> ImportProblem:
    """A problem of one question, named by ``label`` (see ``question_label``)."""
    text = str(message)
    if label:
        text = str(QUESTION_MESSAGE % {"question": label, "message": text})
    return ImportProblem(line, text)


# --- Reading -------------------------------------------------------------------------------------


class _Text:
    """Text with escapes resolved, remembering for each character whether it was escaped
    (and so is never a control character) and on which line it stood."""

    __slots__ = ("_string", "chars", "escaped", "lines")

    def __init__(self, chars: list[str], escaped: list[bool], lines: list[int]):
        self.chars, self.escaped, self.lines = chars, escaped, lines
        self._string: str | None = None

    @classmethod
    def read(cls, numbered_lines: list[tuple[int, str]]) -> "_Text":
        chars: list[str] = []
        escaped: list[bool] = []
        lines: list[int] = []
        for index, (number, line) in enumerate(numbered_lines):
            if index:
                chars.append("\n")
                escaped.append(False)
                lines.append(number)
            if "\\" not in line:
                chars.extend(line)
                escaped.extend([False] * len(line))
                lines.extend([number] * len(line))
                continue
            i = 0
            while i < len(line):
                char = line[i]
                if char == "\\" and i + 1 < len(line):
                    following = line[i + 1]
                    if following in ESCAPABLE or following == "n":
                        chars.append("\n" if following == "n" else following)
                        escaped.append(True)
                        lines.append(number)
                        i += 2
                        continue
                    # An unknown escape stays as written (LaTeX such as \( x \) in Moodle files).
                chars.append(char)
                escaped.append(char == "\\")
                lines.append(number)
                i += 1
        return cls(chars, escaped, lines)

    @classmethod
    def plain(cls, string: str, line: int) -> "_Text":
        """``string`` as text of its own (no escapes), standing on ``line``."""
        return cls(list(string), [False] * len(string), [line] * len(string))

    def __add__(self, other: "_Text") -> "_Text":
        return _Text(
            self.chars + other.chars, self.escaped + other.escaped, self.lines + other.lines
        )

    def __len__(self) -> int:
        return len(self.chars)

    def __getitem__(self, key: slice) -> "_Text":
        return _Text(self.chars[key], self.escaped[key], self.lines[key])

    def string(self) -> str:
        if self._string is None:
            self._string = "".join(self.chars)
        return self._string

    def line_at(self, index: int, default: int) -> int:
        if not self.lines:
            return default
        return self.lines[min(max(index, 0), len(self.lines) - 1)]

    def is_control(self, index: int, char: str) -> bool:
        return self.chars[index] == char and not self.escaped[index]

    def startswith(self, needle: str, at: int = 0) -> bool:
        """Whether ``needle``, written with no escaped character, stands at ``at``."""
        return self.string().startswith(needle, at) and not any(self.escaped[at : at + len(needle)])

    def find(self, needle: str, start: int = 0) -> int:
        """Index of ``needle`` written with no escaped character, or -1."""
        text = self.string()
        at = text.find(needle, start)
        while at != -1 and any(self.escaped[at : at + len(needle)]):
            at = text.find(needle, at + 1)
        return at

    def rfind(self, needle: str) -> int:
        """Index of the last ``needle`` written with no escaped character, or -1."""
        text = self.string()
        at = text.rfind(needle)
        while at != -1 and any(self.escaped[at : at + len(needle)]):
            at = text.rfind(needle, 0, at + len(needle) - 1)
        return at

    def find_any(self, needles: str, start: int = 0) -> int:
        """Index of the first of ``needles`` (single characters) not escaped, or -1."""
        found = [at for at in (self.find(needle, start) for needle in needles) if at != -1]
        return min(found, default=-1)

    def skip_space(self, start: int = 0) -> int:
        i = start
        while i < len(self.chars) and self.chars[i].isspace() and not self.escaped[i]:
            i += 1
        return i

    def is_blank(self) -> bool:
        return all(c.isspace() for c in self.chars)

    def split(self, separator: str) -> list["_Text"]:
        parts, start = [], 0
        while (at := self.find(separator, start)) != -1:
            parts.append(self[start:at])
            start = at + len(separator)
        parts.append(self[start:])
        return parts


def _format_prefix(text: _Text, default: str) -> tuple[_Text, str]:
    """Take a leading ``[html]``-style prefix off, returning the rest and the format."""
    start = text.skip_space()
    for name in FORMATS:
        prefix = f"[{name}]"
        if text.startswith(prefix, start):
            return text[start + len(prefix) :], name
    return text, default


def _fragment(text: _Text, text_format: str) -> str:
    """The text of one piece (stem, choice, feedback) as the bank keeps it: ends stripped;
    outside Markdown, line breaks typed in the file (not ``\\n``) joined into one space, except
    inside ``<pre>…</pre>``, where every line break and space is kept as written."""
    string = text.string()
    if text_format == "markdown" or "\n" not in string:
        return string.strip()
    kept = [False] * len(string)
    for block in PRE_BLOCK.finditer(string):
        kept[block.start() : block.end()] = [True] * (block.end() - block.start())
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.is_control(i, "\n") and not kept[i]:
            while out and out[-1] in " \t":
                out.pop()
            i += 1
            while i < len(text) and text.chars[i] in " \t" and not text.escaped[i]:
                i += 1
            out.append(" ")
            continue
        out.append(text.chars[i])
        i += 1
    return "".join(out).strip()


def _formatted(text: _Text, default: str) -> tuple[str, str]:
    rest, text_format = _format_prefix(text, default)
    return _fragment(rest, text_format), text_format


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def category_name(path: str) -> str | None:
    """The category a ``$CATEGORY:`` path means (see the module docstring); None for none."""
    segments, current, i = [], [], 0
    while i < len(path):
        if path[i] == "\\" and i + 1 < len(path) and path[i + 1] in ESCAPABLE:
            current.append(path[i + 1])  # GIFT's escapes hold in the path too
            i += 2
        elif path.startswith("//", i):
            current.append("/")
            i += 2
        elif path[i] == "/":
            segments.append("".join(current))
            current = []
            i += 1
        else:
            current.append(path[i])
            i += 1
    segments.append("".join(current))
    segments = [s.strip() for s in segments]
    if segments and CONTEXT_SEGMENT.match(segments[0]):
        segments = segments[1:]
    if segments and segments[0].lower() == "top":
        segments = segments[1:]
    segments = [s for s in segments if s]
    return " / ".join(segments) or None


def marker_unescape(written: str) -> str:
    """A marker's value as meant: ``\\]`` is ``]``, ``\\\\`` a backslash, ``\\n`` a line break
    (other backslashes stay as written, as Moodle keeps them)."""
    return MARKER_ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), written)


def marker_escape(value: str) -> str:
    """``value`` written inside ``[id:…]``-style markers so that ``marker_unescape`` gives it
    back: ``]`` as ``\\]``, line breaks as ``\\n``, and a backslash doubled only where it would
    otherwise be read as an escape (Moodle reads ``\\]`` the same way and leaves the rest)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = re.sub(r"\\(?=[\]\\n\n]|$)", r"\\\\", value)
    return value.replace("]", "\\]").replace("\n", "\\n")


@dataclass
class _Markers:
    source_id: str | None = None
    bank: str | None = None
    tags: list[str] | None = None
    type: str | None = None
    points: str | None = None
    partial_credit: str | None = None
    grading_notes: str | None = None
    line: int = 0

    def add(self, comment: str, line: int) -> None:
        for key, written in MARKER.findall(comment):
            key, value = key.lower(), marker_unescape(written.strip())
            self.line = self.line or line
            if key == "tag":
                if value:
                    self.tags = [*(self.tags or []), value]
            elif key == "id":
                # Moodle takes the first id of a question's comments.
                if self.source_id is None:
                    self.source_id = value or None
            else:
                setattr(self, key, value)


class _Reader:
    """Reads one file, block by block (a block is the lines between blank lines)."""

    def __init__(self) -> None:
        self.result = ParsedFile()
        self.category: str | None = None
        self.category_given = False
        self.pending = _Markers()

    def read(self, content: str) -> ParsedFile:
        block: list[tuple[int, str]] = []
        block_markers = _Markers()
        for number, line in enumerate(content.lstrip("\ufeff").splitlines(), start=1):
            stripped = line.strip()
            if not stripped:
                self._block(block, block_markers)
                block = []
            elif stripped.startswith("//"):
                self.pending.add(stripped, number)
            elif not block and stripped.startswith("$CATEGORY:"):
                path = stripped[len("$CATEGORY:") :].strip()
                self.category = category_name(path)
                self.category_given = True
                self.result.categories.append(CategoryLine(number, path, self.category))
            else:
                if not block:
                    # The comments so far belong to this question; later ones to the next.
                    block_markers, self.pending = self.pending, _Markers()
                block.append((number, line))
        self._block(block, block_markers)
        return self.result

    def _block(self, block: list[tuple[int, str]], markers: _Markers) -> None:
        if not block:
            return
        draft = _QuestionReader(block, markers, self.result.errors).read()
        if draft is None:
            return
        if self.category_given:
            draft.category = self.category or ""
        self.result.questions.append(draft)


class _QuestionReader:
    def __init__(self, block: list[tuple[int, str]], markers: _Markers, errors: list):
        self.block = block
        self.first_line = block[0][0]
        self.markers = markers
        self.errors = errors
        self.label = question_label(title="", text=" ".join(line for _, line in block))
        self.failed = False

    def error(self, message, line: int | None = None) -> None:
        self.errors.append(problem_for(line or self.first_line, self.label, message))
        self.failed = True

    def read(self) -> QuestionDraft | None:
        draft = self._read()
        if draft is not None:
            draft.has_errors = self.failed
        return draft

    def _read(self) -> QuestionDraft | None:
        text = _Text.read(self.block)
        start = text.skip_space()
        title = ""
        if text.startswith("::", start):
            close = text.find("::", start + 2)
            if close == -1:
                self.error(ERROR_TITLE_OPEN)
                return None
            title = _fragment(text[start + 2 : close], "plain")
            start = close + 2
        body, text_format = _format_prefix(text[start:], DEFAULT_FORMAT)
        draft = QuestionDraft(
            line=self.first_line,
            kind=DESCRIPTION,
            title=title,
            text_format=text_format,
            explanation_format=text_format,
            source_id=self.markers.source_id,
            source_bank=self.markers.bank,
            tags=self.markers.tags,
        )
        opening = body.find("{")
        if opening == -1:
            draft.text = _fragment(body, text_format)
            self.label = draft.label or self.label
            self.error(ERROR_DESCRIPTION)
            return draft
        closing = body.find("}", opening + 1)
        stem, after = body[:opening], body[closing + 1 :] if closing != -1 else body[:0]
        if after and not after.is_blank():
            # Moodle's missing word: the answer stands where the blank goes.
            draft.embedded = True
            stem = stem + _Text.plain(BLANK, after.line_at(0, self.first_line)) + after
        draft.text = _fragment(stem, text_format)
        self.label = draft.label or self.label
        if closing == -1:
            self.error(ERROR_NO_CLOSE, body.line_at(opening, self.first_line))
            return draft
        answer = body[opening + 1 : closing]
        if answer.find("{") != -1:
            self.error(ERROR_BRACE_INSIDE, answer.line_at(answer.find("{"), self.first_line))
            return draft
        if after.find("{") != -1:
            self.error(ERROR_TWO_ANSWERS, after.line_at(after.find("{"), self.first_line))
            return draft
        self._answer(draft, answer)
        if not draft.text:
            self.error(ERROR_NO_TEXT)
        self._apply_markers(draft)
        return draft

    # --- The answer in braces --------------------------------------------------------------------

    def _answer(self, draft: QuestionDraft, answer: _Text) -> None:
        general = answer.rfind("####")  # Moodle takes the last one
        if general != -1:
            draft.explanation, draft.explanation_format = _formatted(
                answer[general + 4 :], draft.text_format
            )
            answer = answer[:general]
        start = answer.skip_space()
        claimed = GiftAnswer(answer[start:], self, draft.text_format)
        # Each type says whether the answer is its form, the more particular forms first;
        # the first that claims it reads it (see ``QuestionType.gift_claims``).
        for qtype in reading_types():
            if qtype.gift_claims(claimed, draft, self):
                draft.kind = qtype.code
                qtype.gift_read(claimed, draft, self)
                draft.notes.extend(claimed.notes)
                return
        self.error(ERROR_DESCRIPTION)

    # --- GIFT's syntax, for the types reading their answers ---------------------------------------

    def answers(self, content: _Text) -> tuple[_Text, list[tuple[str, _Text, int]]]:
        """Split at each ``=`` or ``~``: the text before the first, then (marker, rest, line)."""
        parts: list[tuple[str, _Text, int]] = []
        first = content.find_any("=~")
        if first == -1:
            return content, parts
        head = content[:first]
        at = first
        while at != -1:
            following = content.find_any("=~", at + 1)
            end = following if following != -1 else len(content)
            parts.append((content.chars[at], content[at + 1 : end], content.line_at(at, 0)))
            at = following
        return head, parts

    def weighted(self, part: _Text, line: int) -> tuple[Decimal | None, _Text]:
        """A leading ``%weight%`` of ``part`` (None when not written) and the rest."""
        match = WEIGHT.match(part.string())
        if not match:
            return None, part
        weight = _decimal(match.group(1))
        if weight is not None and not -100 <= weight <= 100:
            self.error(ERROR_WEIGHT_RANGE % {"weight": match.group(1)}, line)
        return weight, part[match.end() :]

    def choice(
        self, marker: str, part: _Text, line: int, text_format: str, *, weighted: bool = True
    ) -> ChoiceDraft:
        """One ``=`` or ``~`` answer: ``%weight%`` (when ``weighted``), text (with its own
        format) and ``#feedback``."""
        weight = None
        if weighted:
            weight, part = self.weighted(part, line)
        text_part, *feedback_parts = part.split("#")
        text, own_format = _formatted(text_part, text_format)
        feedback = ""
        if feedback_parts:
            # A "#" in the feedback itself was not escaped; keep the rest as written.
            feedback_text = part[len(text_part) + 1 :]
            feedback, _format = _formatted(feedback_text, own_format)
        return ChoiceDraft(
            text=text,
            right=marker == "=",
            weight=weight,
            feedback=feedback,
            line=line,
            text_format=own_format,
        )

    def head_must_be_blank(self, head: _Text) -> None:
        """Report text standing before the first ``=`` or ``~``."""
        if not head.is_blank():
            words = question_label(title="", text=head.string())
            self.error(ERROR_TEXT_BEFORE_ANSWER % {"text": words}, head.line_at(0, 0))

    formatted = staticmethod(_formatted)
    fragment = staticmethod(_fragment)

    @staticmethod
    def label_of(text: str) -> str:
        """The first words of ``text``, to name a piece of an answer in a message."""
        return question_label(title="", text=text)

    def number(self, written: str, line: int) -> tuple[Decimal, Decimal] | None:
        """GIFT's ``n``, ``n:tolerance`` or ``low..high`` as (value, tolerance), or None with
        the problem reported at ``line``."""
        try:
            number = self._number_read(written)
        except DecimalException:  # an exponent too large to compute with
            number = None
        if number is not None:
            return number
        if written:
            self.error(ERROR_BAD_NUMBER % {"text": written}, line)
        else:
            self.error(ERROR_NO_NUMBER, line)
        return None

    @staticmethod
    def _number_read(written: str) -> tuple[Decimal, Decimal] | None:
        if match := NUMBER_RANGE.match(written):
            low, high = _decimal(match.group(1)), _decimal(match.group(2))
            if low is not None and high is not None:
                low, high = min(low, high), max(low, high)
                return (low + high) / 2, (high - low) / 2
        elif match := NUMBER_TOLERANCE.match(written):
            value, tolerance = _decimal(match.group(1)), _decimal(match.group(2))
            if value is not None and tolerance is not None:
                return value, abs(tolerance)
        elif match := NUMBER_VALUE.match(written):
            value = _decimal(match.group(1))
            if value is not None:
                return value, Decimal(0)
        return None

    # --- Our own markers -------------------------------------------------------------------------

    def _apply_markers(self, draft: QuestionDraft) -> None:
        markers = self.markers
        line = markers.line or self.first_line
        if markers.points is not None:
            points = markers.points
            if not points.isdigit() or not 1 <= int(points) <= 100:
                self.error(ERROR_POINTS % {"points": points}, line)
            else:
                draft.points = points
        if markers.type is not None:
            draft.marked = True
            self._marked_type(draft, markers.type.lower(), line)
        if (qtype := _registered(draft.kind)) is not None:  # a description has no markers
            qtype.gift_read_markers(draft, self)

    def marker(self, name: str) -> str | None:
        """Our own ``[name:value]`` marker above the question as written, or None."""
        return getattr(self.markers, name)

    def marker_flag(self, name: str) -> bool | None:
        """A yes/no marker (``[partial_credit:no]``): None when absent; anything but yes or no
        is a problem at its line (and reads as no)."""
        written = self.marker(name)
        if written is None:
            return None
        value = written.lower()
        if value not in (*YES, *NO):
            line = self.markers.line or self.first_line
            self.error(ERROR_PARTIAL_CREDIT % {"value": written}, line)
        return value in YES

    def _marked_type(self, draft: QuestionDraft, wanted: str, line: int) -> None:
        qtype = _registered(wanted)
        if qtype is None:
            known = ", ".join(sorted(t.code for t in question_types()))
            self.error(ERROR_UNKNOWN_TYPE % {"type": wanted, "known": known}, line)
            return
        read = draft.kind
        if wanted == read:
            return
        if read in qtype.gift_read_from:
            qtype.gift_take_draft(draft, self, line)
        else:
            self.error(ERROR_TYPE_MISMATCH % {"type": wanted, "read": read}, line)

    @staticmethod
    def choice_draft(text: str, line: int = 0, **kwargs) -> ChoiceDraft:
        """A choice, an accepted answer or an item, as read."""
        return ChoiceDraft(text=text, line=line, **kwargs)

    number_draft = NumberDraft


class GiftAnswer:
    """The answer in braces as the types see it when the reader asks which of them reads it
    (``QuestionType.gift_claims``): its text (``content``: escapes resolved, leading space and
    the general feedback taken off) and the readings of it several types look at, each made
    once whichever type asks."""

    def __init__(self, content: _Text, reader: _QuestionReader, text_format: str):
        self.content = content
        self.reader = reader
        self.text_format = text_format  # the question's: its answers' default
        self._choices: list[ChoiceDraft] | None = None
        self._word: str | None = None
        self.notes: list[str] = []  # what reading the choices noted for the preview

    def is_blank(self) -> bool:
        return self.content.is_blank()

    def starts_with(self, char: str) -> bool:
        """Whether the answer starts with ``char`` written unescaped."""
        return len(self.content) > 0 and self.content.is_control(0, char)

    def has(self, needle: str) -> bool:
        """Whether ``needle`` stands in the answer written unescaped."""
        return self.content.find(needle) != -1

    def word(self) -> str:
        """The answer before any ``#feedback``, as one upper-case word (``TRUE``, ``F``)."""
        if self._word is None:
            self._word = _fragment(self.content.split("#")[0], "plain").upper()
        return self._word

    @property
    def choices(self) -> list[ChoiceDraft]:
        """Every ``=`` and ``~`` answer as a choice. Reading them reports, once, text before
        the first and weights outside -100…100."""
        if self._choices is None:
            reader = self.reader
            head, parts = reader.answers(self.content)
            reader.head_must_be_blank(head)
            # Moodle reads an answer with a "~" as choices, where "=" is all the points and a
            # "%50%" after it stays in the text; only "~" takes a weight. Without a "~" (short
            # answers) "=" takes weights.
            choices = any(marker == "~" for marker, _part, _line in parts)
            self._choices = [
                reader.choice(
                    marker, part, line, self.text_format, weighted=marker == "~" or not choices
                )
                for marker, part, line in parts
            ]
            if choices:
                for marker, part, _line in parts:
                    if marker == "=" and (match := WEIGHT.match(part.string())):
                        self.notes.append(str(NOTE_EQUALS_WEIGHT % {"weight": match.group(1)}))
        return self._choices


def _registered(code: str) -> QuestionType | None:
    """The type registered for ``code``, or None (a description, a mistyped marker)."""
    try:
        return question_type(code)
    except KeyError:
        return None


def gift_parse(content: str) -> ParsedFile:
    """Read GIFT text into drafts (see the module docstring for the rules).

    Never raises on bad input: every problem is in ``errors`` with its line and the question's
    title or first words. Essay and description questions are drafts too (``supported`` is
    False), each with its problem."""
    return _Reader().read(content)


# --- Writing -------------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    """``text`` as GIFT writes it: control characters escaped, line breaks as ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char in "\\~=#{}:":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _answer_text(text: str, text_format: str = "markdown") -> str:
    """A choice's or answer's text (plain text in the bank), with a format prefix when it could
    otherwise be misread: a leading ``%50%`` would be a weight and a leading ``[html]`` a
    format; in an HTML question, markup characters would be read as HTML."""
    escaped = gift_escape(text.strip())
    if text_format == "html" and any(char in text for char in "<&"):
        return "[plain]" + escaped
    if WEIGHT.match(text) or any(text.lstrip().startswith(f"[{name}]") for name in FORMATS):
        return f"[{'plain' if text_format == 'html' else 'markdown'}]" + escaped
    return escaped


def _number_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def category_path(name: str) -> str:
    """The ``$CATEGORY:`` path for a category (``//`` keeps a slash in the name, ``\\\\`` a
    backslash)."""
    if not name:
        return "$course$/top"
    return "$course$/top/" + name.replace("\\", "\\\\").replace("/", "//")


def _feedback(feedback: str) -> str:
    return f"#{gift_escape(feedback.strip())}" if feedback.strip() else ""


class _GiftWriting:
    """GIFT's syntax for the question types writing their answers (``gift_answer_lines``):
    escaping, an answer's text, a ``#feedback``, a number, a multiple choice's shares."""

    escape = staticmethod(gift_escape)
    answer_text = staticmethod(_answer_text)
    number = staticmethod(_number_text)
    shared_weight = staticmethod(shared_weight)
    blank = BLANK

    @staticmethod
    def feedback(feedback: str) -> str:
        return _feedback(feedback)

    @staticmethod
    def marker_escape(value: str) -> str:
        return marker_escape(value)


GIFT_WRITING = _GiftWriting()


def _markers(question: Question) -> list[str]:
    qtype = question_type(question.type)
    lines = [f"// [id:{question.pk}] [bank:{bank_key()}]"]
    tags = sorted(tag.name for tag in question.tags.all())
    if tags:
        lines.append("// " + " ".join(f"[tag:{marker_escape(tag)}]" for tag in tags))
    product = [f"[type:{question.type}]", f"[points:{question.points}]"]
    product.extend(qtype.gift_markers(question))
    lines.append("// " + " ".join(product))
    lines.extend(qtype.gift_comments(question, GIFT_WRITING))
    return lines


def question_gift_problem(question: Question) -> str | None:
    """Why GIFT cannot hold ``question`` (its type has no GIFT form), or None."""
    try:
        question_type(question.type).gift_answer_lines(question, GIFT_WRITING)
    except NotWritable:
        pass
    else:
        return None
    label = question_label(title=question.title, text=question.text)
    return str(
        QUESTION_MESSAGE
        % {"question": label, "message": ERROR_EXPORT_TYPE % {"type": question.get_type_display()}}
    )


def question_gift(question: Question) -> str:
    """One question as GIFT, with its marker comments (no ``$CATEGORY:`` line). Needs
    ``choices``, ``accepted_answers``, ``numeric_answers``, ``pairs`` and ``tags`` prefetched
    to stay cheap. A question GIFT cannot hold (see ``question_gift_problem``) is an error."""
    if (problem := question_gift_problem(question)) is not None:
        raise ValueError(problem)
    qtype = question_type(question.type)
    lines = _markers(question)
    title = f"::{gift_escape(question.title.strip())}::" if question.title.strip() else ""
    text, after = qtype.gift_text(question.text.strip())
    lines.append(f"{title}[{question.text_format}]{gift_escape(text)}{{")
    lines.extend(f"\t{line}" for line in qtype.gift_answer_lines(question, GIFT_WRITING))
    if question.explanation.strip():
        explanation_format = ""
        if question.explanation_format != question.text_format:
            explanation_format = f"[{question.explanation_format}]"
        lines.append(f"\t####{explanation_format}{gift_escape(question.explanation.strip())}")
    lines.append("}" + gift_escape(after))
    return "\n".join(lines)


def questions_gift(questions: Iterable[Question], *, heading: str = "") -> str:
    """Questions as one GIFT file, in the order given, each category named once when it
    changes; ``heading`` becomes a comment at the top. Questions GIFT cannot hold are left out
    and named in a comment at the top (``questions_gift_problems`` lists them too)."""
    questions = list(questions)
    problems = questions_gift_problems(questions)
    blocks = []
    comment = [*heading.splitlines(), *problems]
    if comment:
        blocks.append(
            "\n".join(f"// {line}".replace("[", "(").replace("]", ")") for line in comment)
        )
    current: str | None = None
    written = 0
    for question in questions:
        if question_gift_problem(question) is not None:
            continue
        name = question.category.name if question.category_id else ""
        if written == 0 or name != current:
            blocks.append(f"$CATEGORY: {category_path(name)}")
            current = name
        blocks.append(question_gift(question))
        written += 1
    return "\n\n".join(blocks) + "\n"


def questions_gift_problems(questions: Iterable[Question]) -> list[str]:
    """Every question GIFT cannot hold, each named with why (e.g. a cloze question)."""
    return [p for p in (question_gift_problem(q) for q in questions) if p is not None]


def quiz_questions_for_export(quiz: Quiz) -> list[Question]:
    """The questions a quiz may show, as saved in the database: the listed ones in their
    order, then every question of each category it draws from (by id), each once. Children,
    tags and the category are prefetched."""
    listed_ids = list(
        quiz.quiz_questions.order_by("sort_order", "pk").values_list("question_id", flat=True)
    )
    drawn = list(quiz.draws.order_by("sort_order", "pk").values_list("category_id", flat=True))
    questions = (
        Question.objects.filter(Q(pk__in=listed_ids) | Q(category_id__in=drawn))
        .select_related("category")
        .prefetch_related("choices", "accepted_answers", "numeric_answers", "pairs", "tags")
    )
    by_id = {question.pk: question for question in questions}
    ordered = [by_id[pk] for pk in listed_ids if pk in by_id]
    seen = set(listed_ids)
    for category_id in drawn:
        for question in sorted(by_id.values(), key=lambda q: q.pk):
            if question.category_id == category_id and question.pk not in seen:
                ordered.append(question)
                seen.add(question.pk)
    return ordered


def quiz_gift_export_allowed(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may export quizzes: the file holds the right answers, so only people
    who may change quizzes (authors, content leads, administrators)."""
    return policy_registry.get_by_type(Quiz).user_has_permission(user, "change")


def quiz_gift_export(quiz: Quiz) -> str:
    """The quiz's questions (see ``quiz_questions_for_export``) as a GIFT file.

    Importing the file into the same bank updates those questions by id and, while nothing
    changed in between, reports them all unchanged."""
    # Square brackets in the title would read as markers for the first question.
    title = quiz.title.replace("[", "(").replace("]", ")")
    heading = f"Quiz: {title}\nExported from Nastavnik; the comments above each question keep what GIFT lacks."
    return questions_gift(quiz_questions_for_export(quiz), heading=heading)


def quiz_gift_filename(quiz: Quiz) -> str:
    """A download name for the quiz's GIFT file, e.g. ``quiz-12-продажи.gift`` (may hold
    non-ASCII letters: send it with ``django.utils.http.content_disposition_header``)."""
    slug = slugify(quiz.title, allow_unicode=True)[:60].strip("-")
    return f"quiz-{quiz.pk}-{slug}.gift" if slug else f"quiz-{quiz.pk}.gift"
