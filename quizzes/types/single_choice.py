"""Single choice: one option is picked. Each option may carry a weight (Moodle's fractions):
the chosen option's weight is the share of the points, so a question with one full-credit
option and a half-credit one stays single choice. Without weights, the right option scores all
and any other nothing."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.types import register
from quizzes.types.base import (
    ERROR_UNKNOWN_ID,
    AnswerInvalid,
    Grade,
    Option,
    QuestionType,
    ReviewChoice,
    ReviewDisplay,
    review_texts,
    single_value,
)

ERROR_CHOICES_MIN = _("Add at least two choices.")
ERROR_SINGLE_RIGHT = _("Mark exactly one choice as correct.")


def choice_snapshot(question, *, shuffle, rng, ids) -> list[dict]:
    """The question's choices, each under an opaque id, shuffled when ``shuffle``."""
    choices = [
        {
            "id": ids.new(),
            "text": choice.text,
            "correct": choice.is_correct,
            "weight": None if choice.weight is None else str(choice.weight),
            "feedback": choice.feedback,
        }
        for choice in question.choices.all()
    ]
    if shuffle:
        rng.shuffle(choices)
    return choices


def chosen_ids(data, *, shape_error: AnswerInvalid, snapshot: dict, most: int | None) -> list:
    """``{"choices": [ids]}`` checked: known ids, each once, at most ``most`` of them."""
    if not isinstance(data, dict):
        raise shape_error
    chosen = data.get("choices")
    if not isinstance(chosen, list) or not all(isinstance(c, str | int) for c in chosen):
        raise shape_error
    chosen = list(dict.fromkeys(str(c) for c in chosen))
    if most is not None and len(chosen) > most:
        raise shape_error
    if not set(chosen) <= {c["id"] for c in snapshot["choices"]}:
        raise AnswerInvalid(ERROR_UNKNOWN_ID)
    return chosen


def choice_weight(choice: dict) -> Decimal:
    """A choice's share of the points in percent: its weight, or all for a right choice and
    nothing for a wrong one when it has none (snapshots keep weights as strings or None)."""
    if choice.get("weight") is not None:
        return Decimal(choice["weight"])
    return Decimal(100) if choice["correct"] else Decimal(0)


@register
class SingleChoiceType(QuestionType):
    code = "single_choice"
    parts = ("choices",)
    template = "quizzes/types/single_choice.html"
    answer_shape = _('Send {"choices": [one id]}.')
    # How many options an answer may pick (None: any number).
    most_chosen: int | None = 1

    def snapshot(self, question, *, shuffle, rng, ids):
        return {
            "choices": choice_snapshot(question, shuffle=shuffle, rng=rng, ids=ids),
            "partial_credit": question.partial_credit,
        }

    def public(self, snapshot):
        return {"choices": [{"id": c["id"], "text": c["text"]} for c in snapshot["choices"]]}

    def clean(self, snapshot, data):
        shape_error = AnswerInvalid(self.answer_shape)
        chosen = chosen_ids(data, shape_error=shape_error, snapshot=snapshot, most=self.most_chosen)
        return {"choices": chosen}

    def grade(self, snapshot, response):
        chosen = [c for c in snapshot["choices"] if c["id"] in response.get("choices", [])]
        if not chosen:
            return Grade.wrong()
        weight = max(Decimal(0), min(Decimal(100), choice_weight(chosen[0])))
        if weight == 100 or (chosen[0]["correct"] and chosen[0].get("weight") is None):
            return Grade.right()
        return Grade(weight / 100, False)

    def review(self, snapshot):
        return {
            "choices": [
                {
                    "id": c["id"],
                    "text": c["text"],
                    "correct": c["correct"],
                    "feedback": c.get("feedback", ""),
                }
                for c in snapshot["choices"]
            ],  # fmt: skip
            "right_answer": {"choices": [c["id"] for c in snapshot["choices"] if c["correct"]]},
        }

    def form_fields(self, question, saved):
        choices = [(c["id"], c["text"]) for c in question["choices"]]
        return {"": (forms.ChoiceField(choices=choices, required=False),
                     (saved.get("choices") or [""])[0])}  # fmt: skip

    def form_answer(self, question, values):
        return {"choices": [values[""]]} if values.get("") else None

    def form_display(self, question, value):
        current = value("")
        chosen = set(current if isinstance(current, list) else [single_value(current)])
        return {
            "options": [Option(c["id"], c["text"], c["id"] in chosen) for c in question["choices"]]
        }

    def review_display(self, review):
        response = review.get("response") or {}
        texts = review_texts(review)
        picked = response.get("choices", [])
        right_answer = review.get("right_answer")
        return ReviewDisplay(
            given=[texts[c] for c in picked if c in texts],
            right=None if right_answer is None else [texts[c] for c in right_answer["choices"]],
            choices=[
                ReviewChoice(
                    text=c["text"],
                    chosen=c["id"] in picked,
                    correct=c.get("correct"),
                    feedback=c.get("feedback", "") if c["id"] in picked else "",
                )
                for c in review["choices"]
            ],
        )

    def parts_errors(self, parts):
        choices = parts.get("choices", [])
        errors = []
        if len(choices) < 2:
            errors.append((None, ERROR_CHOICES_MIN))
        if sum(1 for c in choices if c.get("is_correct")) != 1:
            errors.append((None, ERROR_SINGLE_RIGHT))
        return errors

    def option_counts(self, snapshot, response):
        picked = set((response or {}).get("choices", []))
        return [c["text"] for c in snapshot["choices"] if c["id"] in picked]
