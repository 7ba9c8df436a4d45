"""The attempt screen's form: every question of an attempt as ordinary HTML fields.

The form reads and checks what the browser posts and turns it into the answer shapes that
``quizzes.grading`` takes; the services decide what counts. It is built from the public view of
the questions only (``attempt_questions_public``), so nothing it renders can give an answer away.

Field names, per question ``<id>``: ``q<id>`` for choices, true/false, text and numbers;
``q<id>-<item id>`` (a position, 1..n) for each item of an ordering question; and
``q<id>-<left id>`` (a right-hand id) for each left item of a matching question. The same form,
built for one question, parses what the page's script sends when that answer changes.
"""

from dataclasses import dataclass, field

from django import forms

from quizzes.grading import AnswerInvalid
from quizzes.services import attempt_answer_save
from quizzes.types import question_type
from quizzes.types.base import Option, ReviewChoice, SubField, field_name
from quizzes.types.numeric import ERROR_NOT_A_NUMBER
from quizzes.types.ordering import ERROR_POSITIONS
from quizzes.types.true_false import TRUE_FALSE_CHOICES

__all__ = [
    "ERROR_NOT_A_NUMBER",
    "ERROR_POSITIONS",
    "TRUE_FALSE_CHOICES",
    "AttemptForm",
    "Option",
    "QuestionDisplay",
    "ReviewChoice",
    "ReviewRow",
    "SubField",
    "review_rows",
]


@dataclass
class QuestionDisplay:
    """What the template needs to draw one question, with what the person has entered: the
    type's ``template`` draws it from ``options``, ``value`` or ``selects`` (whatever the
    type's ``form_display`` gave; ``extra`` holds anything else it gave). A type whose
    template draws the question's text itself (``draws_text``) is not given it twice."""

    question: dict
    number: int
    name: str
    template: str = ""
    options: list[Option] = field(default_factory=list)
    value: str = ""
    selects: list[SubField] = field(default_factory=list)
    # The value of each field by its suffix, for a question with several (the gaps of a
    # fill-in-the-gaps question: ``quiz_gaps.gap_value``).
    values: dict = field(default_factory=dict)
    # The type's template draws the question's text itself (``QuestionType.draws_text``).
    draws_text: bool = False
    errors: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def type(self) -> str:
        return self.question["type"]

    @property
    def id(self) -> int:
        return self.question["id"]


class AttemptForm(forms.Form):
    """All questions of one attempt (or only those given). ``answers()`` gives the cleaned
    answers by question id; ``save()`` stores them through ``attempt_answer_save``."""

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        # Refusals by the services after the form itself was valid, by question id.
        self.question_errors: dict[int, list[str]] = {}
        # The field names of each question, by suffix (see ``QuestionType.form_fields``).
        self._names: dict[int, dict[str, str]] = {}
        self._answers: dict[int, dict | None] = {}
        for question in questions:
            self._add_fields(question)

    def _add_fields(self, question: dict) -> None:
        saved = question.get("response") or {}
        names = self._names[question["id"]] = {}
        for suffix, (form_field, initial) in (
            question_type(question["type"]).form_fields(question, saved).items()
        ):
            name = names[suffix] = field_name(question, suffix)
            self.fields[name] = form_field
            if initial is not None:
                self.initial[name] = initial

    def clean(self):
        cleaned = super().clean()
        self._answers = {}
        for question in self.questions:
            names = self._names[question["id"]]
            if any(name in self.errors for name in names.values()):
                continue  # a field of its own already says what is wrong
            values = {suffix: cleaned.get(name) for suffix, name in names.items()}
            try:
                answer = question_type(question["type"]).form_answer(question, values)
            except AnswerInvalid as invalid:
                first = next(iter(names.values()), None)
                self.add_error(first, str(invalid.message))
                continue
            self._answers[question["id"]] = answer
        return cleaned

    def answers(self) -> dict[int, dict | None]:
        """The cleaned answers by question id, in the grading shapes; ``None`` where the
        person gave nothing that can be stored (no choice, no number, no pair)."""
        return {question["id"]: self._answers.get(question["id"]) for question in self.questions}

    def save(self, *, attempt) -> bool:
        """Store every answer given. An answer the services refuse becomes an error on its
        question; returns whether all were stored. ``AttemptClosed`` (submitted, or time ran
        out) is left to the caller."""
        for question_id, answer in self.answers().items():
            # An empty field clears an answer saved earlier: what is on the form is graded.
            try:
                attempt_answer_save(attempt=attempt, question_id=question_id, data=answer)
            except AnswerInvalid as invalid:
                self.question_errors.setdefault(question_id, []).append(str(invalid.message))
        return not self.question_errors

    def _value(self, name: str):
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name)
        return self.initial.get(name)

    def display(self) -> list[QuestionDisplay]:
        """Every question, ready to draw, with what the person entered (or saved before)."""
        shown = []
        for number, question in enumerate(self.questions, start=1):
            qtype = question_type(question["type"])
            item = QuestionDisplay(
                question=question,
                number=number,
                name=field_name(question),
                template=qtype.template,
                draws_text=qtype.draws_text,
            )
            shown_values = qtype.form_display(
                question, lambda suffix, q=question: self._value(field_name(q, suffix))
            )
            for key, value in shown_values.items():
                if key in ("options", "value", "selects", "values"):
                    setattr(item, key, value)
                else:
                    item.extra[key] = value
            for name in self._names.get(question["id"], {}).values():
                item.errors.extend(str(e) for e in self.errors.get(name, []))
            item.errors.extend(self.question_errors.get(question["id"], []))
            shown.append(item)
        return shown


# --- The review after submission -------------------------------------------------------------


@dataclass
class ReviewRow:
    """One reviewed question as the result screen draws it."""

    number: int
    review: dict
    given: list[str]
    right: list[str] | None
    choices: list[ReviewChoice]

    @property
    def correct(self) -> bool | None:
        """Right or wrong; None when the quiz does not show answers."""
        return self.review["correct"]


def review_rows(review: list[dict]) -> list[ReviewRow]:
    """The ``review`` of ``attempt_result`` with every id replaced by the text the person saw.
    Right answers appear only where the review carries them (the quiz allows it)."""
    rows = []
    for number, item in enumerate(review, start=1):
        shown = question_type(item["type"]).review_display(item)
        rows.append(
            ReviewRow(
                number=number, review=item, given=shown.given, right=shown.right,
                choices=shown.choices,
            )
        )  # fmt: skip
    return rows
