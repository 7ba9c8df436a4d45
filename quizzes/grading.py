"""Questions frozen into attempts, what the learner may see of them, and grading.

A snapshot is plain JSON made when an attempt starts. It keeps the question's text and the
choices in the order shown, each under an opaque id made for the attempt, together with what is
right. ``snapshot_public`` is the only view of it that leaves the server before submission: it
drops everything that gives an answer away. ``response_grade`` scores an answer against the
snapshot; ``snapshot_review`` is what the learner may see afterwards.

Answers have one shape per type (as the API takes them): ``{"choices": [ids]}``,
``{"value": bool}``, ``{"text": str}``, ``{"number": n}``, ``{"order": [ids]}`` and
``{"pairs": {left_id: right_id}}``.
"""

import random
import re
import secrets
import unicodedata
from decimal import Decimal, DecimalException, InvalidOperation

from django.utils.translation import gettext_lazy as _

from lms import markdown
from quizzes.models import Question
from quizzes.tooltips import terms_hidden_in

T = Question.Type

ERROR_SHAPE = {
    T.SINGLE_CHOICE: _('Send {"choices": [one id]}.'),
    T.MULTIPLE_CHOICE: _('Send {"choices": [ids]}.'),
    T.TRUE_FALSE: _('Send {"value": true} or {"value": false}.'),
    T.SHORT_TEXT: _('Send {"text": "…"}.'),
    T.NUMERIC: _('Send {"number": 14}.'),
    T.ORDERING: _('Send {"order": [every item id, in your order]}.'),
    T.MATCHING: _('Send {"pairs": {"left id": "right id"}}.'),
}
ERROR_UNKNOWN_ID = _("That answer names a choice this question does not have.")
ERROR_TOO_LONG = _("The answer is too long.")
ERROR_NUMBER_RANGE = _("That number is too long or too large.")
MAX_TEXT_ANSWER = 500
# Right answers have at most 10 integer digits (the model's field), so a number this large is
# wrong anyway; refusing it keeps absurd exponents such as 1e9999999 away from the arithmetic.
MAX_NUMBER = Decimal("1e15")
MAX_NUMBER_CHARS = 50
_SPACES = re.compile(r"\s+")


def _opaque_id(taken: set[str]) -> str:
    while True:
        token = secrets.token_hex(4)
        if token not in taken:
            taken.add(token)
            return token


def question_snapshot(question: Question, *, shuffle: bool, rng: random.Random) -> dict:
    """Freeze ``question`` for one attempt. Needs ``choices``, ``accepted_answers``,
    ``numeric_answers`` and ``pairs`` prefetched. Choice order is shuffled when ``shuffle`` (ordering and matching items
    are always shuffled: their right order is the answer)."""
    taken: set[str] = set()
    snapshot = {
        "question_id": question.pk,
        "type": question.type,
        "text": question.text,
        "text_format": question.text_format,
        "explanation": question.explanation,
        "explanation_format": question.explanation_format,
        "points": question.points,
    }
    if question.type in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
        choices = [
            {
                "id": _opaque_id(taken),
                "text": choice.text,
                "correct": choice.is_correct,
                "weight": None if choice.weight is None else str(choice.weight),
                "feedback": choice.feedback,
            }
            for choice in question.choices.all()
        ]
        if shuffle:
            rng.shuffle(choices)
        snapshot["choices"] = choices
        snapshot["partial_credit"] = question.partial_credit
    elif question.type == T.TRUE_FALSE:
        snapshot["correct"] = bool(question.correct_bool)
    elif question.type == T.SHORT_TEXT:
        snapshot["accepted"] = [answer.text for answer in question.accepted_answers.all()]
    elif question.type == T.NUMERIC:
        # An author may leave the numbers out; such a question accepts no answer.
        snapshot["numbers"] = [
            {
                "value": str(answer.value),
                "tolerance": str(answer.tolerance or 0),
                "weight": str(answer.weight),
                "feedback": answer.feedback,
            }
            for answer in question.numeric_answers.all()
        ]
    elif question.type == T.ORDERING:
        items = [{"id": _opaque_id(taken), "text": c.text} for c in question.choices.all()]
        snapshot["right_order"] = [item["id"] for item in items]
        snapshot["items"] = _shuffled_away_from(items, rng)
    elif question.type == T.MATCHING:
        pairs = list(question.pairs.all())
        left = [{"id": _opaque_id(taken), "text": pair.left} for pair in pairs]
        right = [{"id": _opaque_id(taken), "text": pair.right} for pair in pairs]
        snapshot["right_pairs"] = {lt["id"]: rt["id"] for lt, rt in zip(left, right, strict=True)}
        if shuffle:
            rng.shuffle(left)
        # Several left items may share a right text; the learner sees each text once.
        unique_right, seen = [], {}
        for item in right:
            if item["text"] in seen:
                for key, value in snapshot["right_pairs"].items():
                    if value == item["id"]:
                        snapshot["right_pairs"][key] = seen[item["text"]]
            else:
                seen[item["text"]] = item["id"]
                unique_right.append(item)
        snapshot["left"] = left
        snapshot["right"] = _shuffled_away_from(unique_right, rng)
    return snapshot


def _shuffled_away_from(items: list[dict], rng: random.Random) -> list[dict]:
    """Shuffle so that, with three items or more, the order shown is not the right one. Two
    items are shuffled plainly: always swapping them would give the answer away."""
    shown = list(items)
    rng.shuffle(shown)
    while len(shown) >= 3 and shown == items:
        rng.shuffle(shown)
    return shown


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
    if snapshot["type"] in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
        public["choices"] = [{"id": c["id"], "text": c["text"]} for c in snapshot["choices"]]
    elif snapshot["type"] == T.ORDERING:
        public["items"] = [{"id": i["id"], "text": i["text"]} for i in snapshot["items"]]
    elif snapshot["type"] == T.MATCHING:
        public["left"] = [{"id": i["id"], "text": i["text"]} for i in snapshot["left"]]
        public["right"] = [{"id": i["id"], "text": i["text"]} for i in snapshot["right"]]
    return public


class AnswerInvalid(ValueError):
    """The answer's shape does not fit the question; ``message`` says what to send."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def response_clean(snapshot: dict, data: dict) -> dict:
    """Check an answer's shape against the question and return it normalised, ready to store.

    Raises ``AnswerInvalid`` with a message for the learner."""
    qtype = snapshot["type"]
    shape_error = AnswerInvalid(ERROR_SHAPE[qtype])
    if not isinstance(data, dict):
        raise shape_error
    if qtype in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
        chosen = data.get("choices")
        if not isinstance(chosen, list) or not all(isinstance(c, str | int) for c in chosen):
            raise shape_error
        chosen = list(dict.fromkeys(str(c) for c in chosen))
        if qtype == T.SINGLE_CHOICE and len(chosen) > 1:
            raise shape_error
        known = {c["id"] for c in snapshot["choices"]}
        if not set(chosen) <= known:
            raise AnswerInvalid(ERROR_UNKNOWN_ID)
        return {"choices": chosen}
    if qtype == T.TRUE_FALSE:
        if not isinstance(data.get("value"), bool):
            raise shape_error
        return {"value": data["value"]}
    if qtype == T.SHORT_TEXT:
        text = data.get("text")
        if not isinstance(text, str):
            raise shape_error
        if len(text) > MAX_TEXT_ANSWER:
            raise AnswerInvalid(ERROR_TOO_LONG)
        return {"text": text}
    if qtype == T.NUMERIC:
        number = data.get("number")
        if isinstance(number, bool):
            raise shape_error
        if isinstance(number, str):
            # "14,5" and "1 000" (with any space, such as the no-break one) as people type them.
            number = _SPACES.sub("", number).replace(",", ".")
            if len(number) > MAX_NUMBER_CHARS:
                raise AnswerInvalid(ERROR_NUMBER_RANGE)
        try:
            value = Decimal(str(number))
        except (InvalidOperation, ValueError):
            raise shape_error from None
        if not value.is_finite():
            raise shape_error
        # ``copy_abs`` is exact: ``abs()`` would itself overflow on such a number.
        if value.copy_abs() >= MAX_NUMBER or len(str(value)) > MAX_NUMBER_CHARS:
            raise AnswerInvalid(ERROR_NUMBER_RANGE)
        return {"number": str(value)}
    if qtype == T.ORDERING:
        order = data.get("order")
        if not isinstance(order, list):
            raise shape_error
        order = [str(item) for item in order]
        if sorted(order) != sorted(snapshot["right_order"]):
            raise shape_error
        return {"order": order}
    if qtype == T.MATCHING:
        pairs = data.get("pairs")
        if not isinstance(pairs, dict):
            raise shape_error
        left_ids = {item["id"] for item in snapshot["left"]}
        right_ids = {item["id"] for item in snapshot["right"]}
        cleaned = {str(k): str(v) for k, v in pairs.items()}
        if not set(cleaned) <= left_ids or not set(cleaned.values()) <= right_ids:
            raise AnswerInvalid(ERROR_UNKNOWN_ID)
        return {"pairs": cleaned}
    raise shape_error


def text_normalise(text: str) -> str:
    """Compare short answers ignoring case, spacing, ё/е and trailing punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip().rstrip(".!").rstrip()


def response_grade(snapshot: dict, response: dict | None) -> tuple[Decimal, bool]:
    """Score ``response`` against the snapshot: ``(points earned, fully correct)``.

    No answer scores nothing. Multiple choice with partial credit adds the chosen choices'
    weights (never below zero); all-or-nothing needs exactly the right set."""
    points = Decimal(snapshot["points"])
    if not response:
        return Decimal(0), False
    qtype = snapshot["type"]
    if qtype == T.SINGLE_CHOICE:
        right = {c["id"] for c in snapshot["choices"] if c["correct"]}
        correct = bool(response["choices"]) and set(response["choices"]) <= right
    elif qtype == T.MULTIPLE_CHOICE:
        right = {c["id"] for c in snapshot["choices"] if c["correct"]}
        chosen = set(response["choices"])
        correct = chosen == right
        if snapshot.get("partial_credit") and not correct:
            share = sum(
                (_choice_weight(c, len(right)) for c in snapshot["choices"] if c["id"] in chosen),
                Decimal(0),
            )
            share = max(Decimal(0), min(Decimal(100), share))
            return (points * share / 100).quantize(Decimal("0.01")), False
    elif qtype == T.TRUE_FALSE:
        correct = response["value"] == snapshot["correct"]
    elif qtype == T.SHORT_TEXT:
        given = text_normalise(response["text"])
        correct = bool(given) and any(given == text_normalise(a) for a in snapshot["accepted"])
    elif qtype == T.NUMERIC:
        best = _number_match(snapshot, response["number"])
        if best is None:
            return Decimal(0), False
        weight = Decimal(best["weight"])
        return (points * weight / 100).quantize(Decimal("0.01")), weight == 100
    elif qtype == T.ORDERING:
        correct = response["order"] == snapshot["right_order"]
    elif qtype == T.MATCHING:
        correct = response["pairs"] == snapshot["right_pairs"]
    else:
        correct = False
    return (points if correct else Decimal(0)), correct


def snapshot_numbers(snapshot: dict) -> list[dict]:
    """A numeric snapshot's accepted numbers; snapshots made before a question could accept
    several held one ``number`` and its ``tolerance``."""
    if "numbers" in snapshot:
        return snapshot["numbers"]
    if snapshot.get("number") is None:
        return []
    return [
        {"value": snapshot["number"], "tolerance": snapshot["tolerance"], "weight": "100",
         "feedback": ""}
    ]  # fmt: skip


def _number_match(snapshot: dict, given: str) -> dict | None:
    """The accepted number ``given`` falls within that gives the most points, if any."""
    # A question without a right number, or an answer stored before the range check, must not
    # stop the whole attempt from being graded: it is simply not right.
    best = None
    for answer in snapshot_numbers(snapshot):
        try:
            within = abs(Decimal(given) - Decimal(answer["value"])) <= Decimal(answer["tolerance"])
        except DecimalException:
            return None
        if within and (best is None or Decimal(answer["weight"]) > Decimal(best["weight"])):
            best = answer
    return best


def _choice_weight(choice: dict, right_count: int) -> Decimal:
    if choice["weight"] is not None:
        return Decimal(choice["weight"])
    # Without explicit weights, right choices share the points and wrong ones take a share away.
    share = Decimal(100) / max(right_count, 1)
    return share if choice["correct"] else -share


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
    qtype = snapshot["type"]
    if qtype in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
        review["choices"] = [
            {"id": c["id"], "text": c["text"], "correct": c["correct"], "feedback": c["feedback"]}
            for c in snapshot["choices"]
        ]
        review["right_answer"] = {"choices": [c["id"] for c in snapshot["choices"] if c["correct"]]}
    elif qtype == T.TRUE_FALSE:
        review["right_answer"] = {"value": snapshot["correct"]}
    elif qtype == T.SHORT_TEXT:
        accepted = snapshot["accepted"]
        review["right_answer"] = {"text": accepted[0] if accepted else "", "accepted": accepted}
    elif qtype == T.NUMERIC:
        numbers = snapshot_numbers(snapshot)
        full = [n for n in numbers if Decimal(n["weight"]) == 100] or numbers
        review["right_answer"] = {
            "number": full[0]["value"] if full else None,
            "tolerance": full[0]["tolerance"] if full else "0",
            "numbers": numbers,
        }
    elif qtype == T.ORDERING:
        review["right_answer"] = {"order": snapshot["right_order"]}
    elif qtype == T.MATCHING:
        review["right_answer"] = {"pairs": snapshot["right_pairs"]}
    return review
