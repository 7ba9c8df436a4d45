"""The attempt screen's form: every question of an attempt as ordinary HTML fields.

The form reads and checks what the browser posts and turns it into the answer shapes that
``quizzes.grading`` takes; the services decide what counts. It is built from the public view of
the questions only (``attempt_questions_public``), so nothing it renders can give an answer away.

Field names, per question ``<id>``: ``q<id>`` for choices, true/false, text and numbers;
``q<id>-<item id>`` (a position, 1..n) for each item of an ordering question; and
``q<id>-<left id>`` (a right-hand id) for each left item of a matching question. The same form,
built for one question, parses what the page's script sends when that answer changes.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from quizzes.grading import MAX_TEXT_ANSWER, AnswerInvalid
from quizzes.models import Question
from quizzes.services import attempt_answer_save

T = Question.Type
# People type "1 000" and "3,5"; the grading reads them the same way.
_SPACES = re.compile(r"\s+")

ERROR_NOT_A_NUMBER = _("Enter a number, for example 14 or 3,5.")
ERROR_POSITIONS = _("Give every item a different position, from 1 to %(count)s.")
TRUE_FALSE_CHOICES = [("true", _("True")), ("false", _("False"))]


@dataclass
class Option:
    value: str
    text: str
    checked: bool = False


@dataclass
class SubField:
    """One select of an ordering or matching question."""

    name: str
    label: str
    options: list[Option]


@dataclass
class QuestionDisplay:
    """What the template needs to draw one question, with what the person has entered."""

    question: dict
    number: int
    name: str
    options: list[Option] = field(default_factory=list)
    value: str = ""
    selects: list[SubField] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.question["type"]

    @property
    def id(self) -> int:
        return self.question["id"]


def _name(question: dict, item_id: str | None = None) -> str:
    return f"q{question['id']}" if item_id is None else f"q{question['id']}-{item_id}"


class AttemptForm(forms.Form):
    """All questions of one attempt (or only those given). ``answers()`` gives the cleaned
    answers by question id; ``save()`` stores them through ``attempt_answer_save``."""

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        # Refusals by the services after the form itself was valid, by question id.
        self.question_errors: dict[int, list[str]] = {}
        for question in questions:
            self._add_fields(question)

    def _add_fields(self, question: dict) -> None:
        saved = question.get("response") or {}
        name = _name(question)
        qtype = question["type"]
        choices = [(c["id"], c["text"]) for c in question["choices"]]
        if qtype == T.SINGLE_CHOICE:
            self.fields[name] = forms.ChoiceField(choices=choices, required=False)
            self.initial[name] = (saved.get("choices") or [""])[0]
        elif qtype == T.MULTIPLE_CHOICE:
            self.fields[name] = forms.MultipleChoiceField(choices=choices, required=False)
            self.initial[name] = saved.get("choices") or []
        elif qtype == T.TRUE_FALSE:
            self.fields[name] = forms.ChoiceField(choices=TRUE_FALSE_CHOICES, required=False)
            if "value" in saved:
                self.initial[name] = "true" if saved["value"] else "false"
        elif qtype == T.SHORT_TEXT:
            self.fields[name] = forms.CharField(
                max_length=MAX_TEXT_ANSWER, required=False, strip=False
            )
            self.initial[name] = saved.get("text", "")
        elif qtype == T.NUMERIC:
            self.fields[name] = forms.CharField(max_length=40, required=False)
            self.initial[name] = saved.get("number", "")
        elif qtype == T.ORDERING:
            items = question["items"]
            order = saved.get("order") or [item["id"] for item in items]
            positions = [(str(n), str(n)) for n in range(1, len(items) + 1)]
            for item in items:
                item_name = _name(question, item["id"])
                self.fields[item_name] = forms.ChoiceField(choices=positions)
                self.initial[item_name] = (
                    str(order.index(item["id"]) + 1) if item["id"] in order else ""
                )
        elif qtype == T.MATCHING:
            rights = [("", "—")] + [(r["id"], r["text"]) for r in question["right"]]
            pairs = saved.get("pairs") or {}
            for left in question["left"]:
                left_name = _name(question, left["id"])
                self.fields[left_name] = forms.ChoiceField(choices=rights, required=False)
                self.initial[left_name] = pairs.get(left["id"], "")

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = _name(question)
            typed = (cleaned.get(name) or "") if question["type"] == T.NUMERIC else ""
            if typed.strip():
                try:
                    number = Decimal(_SPACES.sub("", typed).replace(",", "."))
                except InvalidOperation:
                    number = None
                if number is None or not number.is_finite():
                    self.add_error(name, ERROR_NOT_A_NUMBER)
            elif question["type"] == T.ORDERING:
                names = [_name(question, item["id"]) for item in question["items"]]
                given = [cleaned.get(n) for n in names]
                if None not in given and len(set(given)) != len(given):
                    self.add_error(names[0], ERROR_POSITIONS % {"count": len(question["items"])})
        return cleaned

    def answers(self) -> dict[int, dict | None]:
        """The cleaned answers by question id, in the grading shapes; ``None`` where the
        person gave nothing that can be stored (no choice, no number, no pair)."""
        data = self.cleaned_data
        result: dict[int, dict | None] = {}
        for question in self.questions:
            name, qtype = _name(question), question["type"]
            answer = None
            if qtype == T.SINGLE_CHOICE:
                answer = {"choices": [data[name]]} if data.get(name) else None
            elif qtype == T.MULTIPLE_CHOICE:
                answer = {"choices": list(data.get(name) or [])}
            elif qtype == T.TRUE_FALSE:
                answer = {"value": data[name] == "true"} if data.get(name) else None
            elif qtype == T.SHORT_TEXT:
                answer = {"text": data.get(name, "")}
            elif qtype == T.NUMERIC:
                answer = {"number": data[name]} if data.get(name, "").strip() else None
            elif qtype == T.ORDERING:
                by_position = sorted(
                    question["items"], key=lambda item: int(data[_name(question, item["id"])])
                )
                answer = {"order": [item["id"] for item in by_position]}
            elif qtype == T.MATCHING:
                pairs = {
                    left["id"]: data[_name(question, left["id"])]
                    for left in question["left"]
                    if data.get(_name(question, left["id"]))
                }
                answer = {"pairs": pairs} if pairs else None
            result[question["id"]] = answer
        return result

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

    def _single(self, name: str) -> str:
        value = self._value(name)
        if isinstance(value, list):
            value = value[-1] if value else ""
        return "" if value is None else str(value)

    def display(self) -> list[QuestionDisplay]:
        """Every question, ready to draw, with what the person entered (or saved before)."""
        shown = []
        for number, question in enumerate(self.questions, start=1):
            name, qtype = _name(question), question["type"]
            item = QuestionDisplay(question=question, number=number, name=name)
            if qtype in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
                value = self._value(name)
                chosen = set(value if isinstance(value, list) else [value])
                item.options = [
                    Option(c["id"], c["text"], c["id"] in chosen) for c in question["choices"]
                ]
            elif qtype == T.TRUE_FALSE:
                current = self._single(name)
                item.options = [Option(v, str(t), v == current) for v, t in TRUE_FALSE_CHOICES]
            elif qtype in (T.SHORT_TEXT, T.NUMERIC):
                item.value = self._single(name)
            elif qtype == T.ORDERING:
                count = len(question["items"])
                for entry in question["items"]:
                    sub_name = _name(question, entry["id"])
                    current = self._single(sub_name)
                    item.selects.append(
                        SubField(
                            name=sub_name,
                            label=entry["text"],
                            options=[
                                Option(str(n), str(n), str(n) == current)
                                for n in range(1, count + 1)
                            ],
                        )
                    )
            elif qtype == T.MATCHING:
                for left in question["left"]:
                    sub_name = _name(question, left["id"])
                    current = self._single(sub_name)
                    item.selects.append(
                        SubField(
                            name=sub_name,
                            label=left["text"],
                            options=[Option("", "—", current == "")]
                            + [
                                Option(r["id"], r["text"], r["id"] == current)
                                for r in question["right"]
                            ],
                        )
                    )
            for field_name in [name] + [s.name for s in item.selects]:
                item.errors.extend(str(e) for e in self.errors.get(field_name, []))
            item.errors.extend(self.question_errors.get(question["id"], []))
            shown.append(item)
        return shown


# --- The review after submission -------------------------------------------------------------


@dataclass
class ReviewChoice:
    text: str
    chosen: bool
    correct: bool | None  # None when the quiz does not show the right answers
    feedback: str = ""


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


def _number_text(value) -> str:
    return formats.number_format(Decimal(str(value)).normalize())


def review_rows(review: list[dict]) -> list[ReviewRow]:
    """The ``review`` of ``attempt_result`` with every id replaced by the text the person saw.
    Right answers appear only where the review carries them (the quiz allows it)."""
    rows = []
    for number, item in enumerate(review, start=1):
        response = item.get("response") or {}
        right_answer = item.get("right_answer")
        qtype = item["type"]
        texts = {c["id"]: c["text"] for c in item["choices"]}
        texts.update({i["id"]: i["text"] for i in item["items"]})
        texts.update({i["id"]: i["text"] for i in item["left"] + item["right"]})
        given: list[str] = []
        right: list[str] | None = None
        choices: list[ReviewChoice] = []
        if qtype in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
            chosen = set(response.get("choices", []))
            given = [texts[c] for c in response.get("choices", []) if c in texts]
            choices = [
                ReviewChoice(
                    text=c["text"],
                    chosen=c["id"] in chosen,
                    correct=c.get("correct"),
                    feedback=c.get("feedback", "") if c["id"] in chosen else "",
                )
                for c in item["choices"]
            ]
            if right_answer is not None:
                right = [texts[c] for c in right_answer["choices"]]
        elif qtype == T.TRUE_FALSE:
            labels = dict(TRUE_FALSE_CHOICES)
            if "value" in response:
                given = [str(labels["true" if response["value"] else "false"])]
            if right_answer is not None:
                right = [str(labels["true" if right_answer["value"] else "false"])]
        elif qtype == T.SHORT_TEXT:
            if response.get("text", "").strip():
                given = [response["text"]]
            if right_answer is not None:
                right = list(right_answer["accepted"])
        elif qtype == T.NUMERIC:
            if "number" in response:
                given = [_number_text(response["number"])]
            if right_answer is not None and right_answer["number"] is not None:
                text = _number_text(right_answer["number"])
                if Decimal(right_answer["tolerance"]):
                    text = f"{text} ± {_number_text(right_answer['tolerance'])}"
                right = [text]
        elif qtype == T.ORDERING:
            given = [texts[i] for i in response.get("order", []) if i in texts]
            if right_answer is not None:
                right = [texts[i] for i in right_answer["order"]]
        elif qtype == T.MATCHING:
            pairs = response.get("pairs", {})
            given = [
                f"{left['text']} → {texts.get(pairs[left['id']], '—')}"
                for left in item["left"]
                if left["id"] in pairs
            ]
            if right_answer is not None:
                right = [
                    f"{left['text']} → {texts.get(right_answer['pairs'].get(left['id']), '—')}"
                    for left in item["left"]
                ]
        rows.append(
            ReviewRow(number=number, review=item, given=given, right=right, choices=choices)
        )
    return rows
