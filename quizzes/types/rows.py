"""Turning an import draft (``quizzes.gift.QuestionDraft``, from GIFT, Aiken or Moodle XML)
into a question's rows: what the type modules share for ``QuestionType.draft_apply`` and
``QuestionType.rows_from_draft``. The importer (``quizzes.importing``) sets what every
question has and asks the type for the rest; what the bank cannot keep becomes a note, what
it cannot import at all an error."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from lms import markdown

WEIGHT_STEP = Decimal("0.01")
SHARE_STEP = Decimal("0.00001")
FULL = Decimal(100)

# Moodle XML: a choice or ordering question with fewer than two <answer>s.
ERROR_MOODLE_FEW_ANSWERS = _("a choice question needs at least two answers")
ERROR_NO_FULL_ANSWER = _("no accepted answer is worth the full points (= or =%100%)")
ERROR_NO_FULL_NUMBER = _("no number is worth the full points (= or =%100%)")
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


@dataclass
class DraftRows:
    """A question's related rows made from a draft, unsaved (``question`` not set yet)."""

    choices: list = field(default_factory=list)
    accepted: list = field(default_factory=list)
    numbers: list = field(default_factory=list)
    pairs: list = field(default_factory=list)


def plain(text: str, text_format: str, notes: list[str]) -> str:
    """Choices and answers are plain text in the bank: HTML is turned into text, with a note."""
    if text_format != "html":
        return text
    if str(NOTE_HTML) not in notes:
        notes.append(str(NOTE_HTML))
    return markdown.plain_text(text)


def weight_rounded(weight: Decimal | None) -> Decimal | None:
    """A weight as the bank stores it (to the hundredth of a per cent)."""
    return None if weight is None else weight.quantize(WEIGHT_STEP, rounding=ROUND_HALF_UP)


def is_full(weight: Decimal | None) -> bool:
    """Whether an answer's weight (None: unweighted) is worth all the points."""
    return weight is None or weight == FULL


def choice_is_full(choice) -> bool:
    """Whether a draft's choice is worth all the points: ``=`` (unweighted or ``=%100%``) or
    ``~%100%``."""
    if choice.right:
        return choice.weight is None or choice.weight == FULL
    return choice.weight == FULL


def shared_weight(is_correct: bool, right_count: int) -> Decimal:
    """What an unweighted multiple-choice option is worth in the bank's grading: the right ones
    share the points, each wrong one takes a share away. Written to five decimals, as Moodle
    reads weights (Moodle then picks its nearest grade, 33.33333 % being a third)."""
    share = (FULL / max(right_count, 1)).quantize(SHARE_STEP)
    return share if is_correct else -share


def clean_text(text: str | None) -> str:
    """A text as an import compares it: line endings as ``\\n``, no surrounding whitespace."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
