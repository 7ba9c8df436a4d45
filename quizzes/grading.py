"""Questions frozen into attempts, what the learner may see of them, and grading.

A snapshot is plain JSON made when an attempt starts. It keeps the question's text and the
choices in the order shown, each under an opaque id made for the attempt, together with what is
right. ``snapshot_public`` is the only view of it that leaves the server before submission: it
drops everything that gives an answer away. ``response_grade`` scores an answer against the
snapshot; ``snapshot_review`` is what the learner may see afterwards.

Everything that differs by question type is the type's own (``quizzes.types``): this module
keeps the keys every snapshot shares and asks the question's type for the rest. Answers have
one shape per type (as the API takes them), e.g. ``{"choices": [ids]}``, ``{"value": bool}``,
``{"text": str}``, ``{"number": n}``, ``{"order": [ids]}`` and ``{"pairs": {left: right}}``.
"""

import random
from collections.abc import Mapping
from decimal import Decimal

from lms import markdown
from quizzes.models import Question
from quizzes.tooltips import terms_hidden_in
from quizzes.types import AnswerInvalid, OpaqueIds, question_type, question_types
from quizzes.types.base import (
    ERROR_NUMBER_RANGE,
    ERROR_TOO_LONG,
    ERROR_UNKNOWN_ID,
    MAX_NUMBER,
    MAX_NUMBER_CHARS,
    MAX_TEXT_ANSWER,
    share_of,
    text_normalise,
)
from quizzes.types.numeric import snapshot_numbers

__all__ = [
    "ERROR_NUMBER_RANGE",
    "ERROR_SHAPE",
    "ERROR_TOO_LONG",
    "ERROR_UNKNOWN_ID",
    "MAX_NUMBER",
    "MAX_NUMBER_CHARS",
    "MAX_TEXT_ANSWER",
    "AnswerInvalid",
    "question_snapshot",
    "response_clean",
    "response_grade",
    "snapshot_numbers",
    "snapshot_public",
    "snapshot_review",
    "text_normalise",
]


class _AnswerShapes(Mapping):
    """``{type code: the answer's JSON shape, as a message}``, read from the types."""

    def __getitem__(self, code):
        return question_type(code).answer_shape

    def __iter__(self):
        return iter(t.code for t in question_types())

    def __len__(self):
        return len(question_types())


ERROR_SHAPE = _AnswerShapes()


def question_snapshot(question: Question, *, shuffle: bool, rng: random.Random) -> dict:
    """Freeze ``question`` for one attempt. Needs ``choices``, ``accepted_answers``,
    ``numeric_answers`` and ``pairs`` prefetched. Choice order is shuffled when ``shuffle``
    (ordering and matching items are always shuffled: their right order is the answer)."""
    snapshot = {
        "question_id": question.pk,
        "type": question.type,
        "text": question.text,
        "text_format": question.text_format,
        "explanation": question.explanation,
        "explanation_format": question.explanation_format,
        "points": question.points,
    }
    snapshot.update(
        question_type(question.type).snapshot(question, shuffle=shuffle, rng=rng, ids=OpaqueIds())
    )
    return snapshot


def snapshot_public(snapshot: dict) -> dict:
    """What the learner may see before submitting: never anything that tells what is right."""
    public = {
        "id": snapshot["question_id"],
        "type": snapshot["type"],
        "text": snapshot["text"],
        # No glossary tooltip in the question says its answer (quizzes.tooltips).
        "html": markdown.render_format(
            snapshot["text"], snapshot.get("text_format"), suppress=terms_hidden_in(snapshot)
        ),
        "points": snapshot["points"],
        "choices": [],
        "left": [],
        "right": [],
        "items": [],
    }
    public.update(question_type(snapshot["type"]).public(snapshot))
    return public


def response_clean(snapshot: dict, data: dict) -> dict:
    """Check an answer's shape against the question and return it normalised, ready to store.

    Raises ``AnswerInvalid`` with a message for the learner."""
    qtype = question_type(snapshot["type"])
    if not isinstance(data, dict):
        raise AnswerInvalid(qtype.answer_shape)
    return qtype.clean(snapshot, data)


def response_grade(snapshot: dict, response: dict | None) -> tuple[Decimal | None, bool | None]:
    """Score ``response`` against the snapshot: ``(points earned, fully correct)``.

    No answer scores nothing. An answer a person grades (an open answer) is ``(None, None)``:
    not graded yet. A question never scores below zero nor above its points."""
    if not response:
        return Decimal(0), False
    grade = question_type(snapshot["type"]).grade(snapshot, response)
    if grade.pending:
        return None, None
    fraction = max(Decimal(0), min(Decimal(1), grade.fraction))
    if fraction == 1:
        return Decimal(snapshot["points"]), grade.correct
    if fraction == 0:
        return Decimal(0), False
    return share_of(snapshot["points"], fraction), False


def snapshot_review(
    snapshot: dict, response: dict | None, *, score, correct, show_answers: bool
) -> dict:
    """The question after submission: the learner's answer and score, and, when the quiz
    allows it, the right answer, per-choice feedback and the explanation."""
    review = snapshot_public(snapshot)
    review.update(
        {"response": response, "score": str(score) if score is not None else "0",
         "correct": bool(correct)}
    )  # fmt: skip
    if not show_answers:
        # Whether each question was right gives the answer away too (a true/false question,
        # two choices): without answers, only the attempt's total is shown.
        review["correct"] = None
        review["score"] = None
        return review
    review["explanation_html"] = markdown.render_format(
        snapshot["explanation"] or "", snapshot.get("explanation_format")
    )
    review.update(question_type(snapshot["type"]).review(snapshot))
    return review
