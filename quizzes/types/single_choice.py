"""Single choice: one option is picked. Each option may carry a weight (Moodle's fractions):
the chosen option's weight is the share of the points, so a question with one full-credit
option and a half-credit one stays single choice. Without weights, the right option scores all
and any other nothing."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.types import register, rows
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

FULL = Decimal(100)
ERROR_CHOICES_MIN = _("Add at least two choices.")
ERROR_SINGLE_RIGHT = _("Mark exactly one choice as correct.")
ERROR_GIFT_FEW_CHOICES = _("a choice question needs at least two choices")
ERROR_GIFT_NO_RIGHT_CHOICE = _("no choice is marked right with = or given a positive %weight%")
ERROR_GIFT_EMPTY_CHOICE = _("a choice has no text")


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


def gift_choice_lines(question, gift, *, every_weighted: bool) -> list[str]:
    """Moodle's writing of choices: in a single-answer question (and a missing word) ``=`` for
    the right one, never with a weight, ``~`` for a wrong one and ``~%w%`` for a partial or
    negative one; in a multi-answer question (``every_weighted``) every option ``~%w%`` (an
    ``=`` would make Moodle read a single-answer question), unweighted ones with the share
    the bank grades them by."""
    choices = list(question.choices.all())
    right_count = sum(1 for choice in choices if choice.is_correct)
    lines = []
    for choice in choices:
        if not every_weighted and choice.is_correct:
            marker = "="
        else:
            weight = choice.weight
            if every_weighted and weight is None:
                weight = gift.shared_weight(choice.is_correct, right_count)
            marker = "~" if weight is None else f"~%{gift.number(weight)}%"
        text = gift.answer_text(choice.text, question.text_format)
        lines.append(f"{marker}{text}{gift.feedback(choice.feedback)}")
    return lines


def draft_choice_rows(draft, notes: list[str], *, single: bool) -> list:
    """Choices with Moodle's weights. A single-answer question (``single``, and a missing
    word) has one right choice, the one worth all the points; its other options keep their
    partial or negative weights. Choice texts and feedback are plain text in the bank: HTML is
    turned into text, with a note."""
    from quizzes.models import Choice

    full = [choice for choice in draft.choices if rows.choice_is_full(choice)]
    rights = any(choice.right for choice in draft.choices)
    weighted = any(choice.weight is not None for choice in draft.choices)
    # Moodle's meaning of an unweighted choice beside weighted ones: "=" is all the points, "~"
    # none. Our own export names the type and writes weights exactly as stored: take them so.
    fill = draft.partial_credit and weighted and not draft.marked
    made = []
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
        made.append(
            Choice(
                text=rows.plain(choice.text, choice.text_format, notes),
                is_correct=is_correct,
                weight=rows.weight_rounded(weight),
                feedback=rows.plain(choice.feedback, choice.text_format, notes),
                sort_order=position,
            )
        )
    return made


def moodle_xml_choices(element, question, writer, *, single: bool) -> None:
    """Moodle XML's ``multichoice``: ``single`` says one answer (the right one full marks,
    others their weight or nothing); with several, each its weight or the share the bank
    grades it by."""
    choices = list(question.choices.all())
    writer.value(element, "single", "true" if single else "false")
    writer.value(element, "shuffleanswers", "true")
    writer.value(element, "answernumbering", "abc")
    rights = sum(1 for c in choices if c.is_correct) or 1
    for choice in choices:
        if single:
            fraction = FULL if choice.is_correct else (choice.weight or 0)
        elif choice.weight is not None:
            fraction = choice.weight
        else:
            fraction = (FULL if choice.is_correct else -FULL) / rights
            fraction = fraction.quantize(Decimal("0.0000001"))
        writer.answer(element, fraction, choice.text, choice.feedback)


def gift_single_answer(answer) -> bool:
    """Whether GIFT's ``~`` answer has exactly one choice worth all the points: Moodle then
    reads a single-answer question, its partial and negative options keeping their weights;
    several such choices, or positive weights adding up to 100, make a multi-answer one."""
    return answer.has("~") and sum(1 for c in answer.choices if rows.choice_is_full(c)) == 1


def gift_choices_read(answer, draft, reader) -> None:
    """GIFT's ``=`` and ``~`` choices into ``draft``, each problem reported."""
    draft.choices = answer.choices
    if any(not choice.text for choice in draft.choices):
        reader.error(ERROR_GIFT_EMPTY_CHOICE)
    if len(draft.choices) < 2:
        reader.error(ERROR_GIFT_FEW_CHOICES)
    rights = sum(1 for c in draft.choices if c.right)
    if rights == 0 and not any(c.weight and c.weight > 0 for c in draft.choices):
        reader.error(ERROR_GIFT_NO_RIGHT_CHOICE)


def moodle_xml_single(element, reader) -> bool:
    """Whether a ``multichoice`` ``<question>`` has one answer (``<single>``, true unless said)."""
    return reader.flag(element, "single", default=True)


def moodle_xml_single_read(draft, reader) -> None:
    """A single-answer ``multichoice``: the answer at 100 % is the right one, other positive
    fractions are partial credit."""
    draft.choices = [
        reader.choice(
            answer,
            right=fraction == FULL,
            weight=None if fraction in (0, FULL) else fraction,
        )
        for answer, fraction in reader.answers()
    ]
    if len(draft.choices) < 2:
        reader.error(rows.ERROR_MOODLE_FEW_ANSWERS)


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

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        return gift_choice_lines(question, gift, every_weighted=False)

    def moodle_xml_type(self, question):
        return "multichoice"

    def moodle_xml_write(self, element, question, writer):
        moodle_xml_choices(element, question, writer, single=True)

    def rows_from_draft(self, draft, notes, errors):
        return rows.DraftRows(choices=draft_choice_rows(draft, notes, single=True))

    # GIFT's choices read as single or multiple choice by their weights; the marker decides.
    gift_read_from = ("single_choice", "missing_word", "multiple_choice")

    # --- File formats: reading --------------------------------------------------------------

    read_priority = 31

    def gift_claims(self, answer, draft, reader):
        return gift_single_answer(answer)

    def gift_read(self, answer, draft, reader):
        gift_choices_read(answer, draft, reader)

    def aiken_claims(self, question, draft, reader):
        return True  # Aiken has single-choice questions only

    def aiken_read(self, question, draft, reader):
        draft.choices = [
            reader.choice_draft(
                text=text,
                right=letter == question.answer,
                line=line,
                text_format=reader.text_format(text),
            )
            for letter, text, line in question.options
        ]

    moodle_xml_reads = ("multichoice",)

    def moodle_xml_claims(self, element, draft, reader):
        return moodle_xml_single(element, reader)

    def moodle_xml_read(self, element, draft, reader):
        moodle_xml_single_read(draft, reader)

    def gift_take_draft(self, draft, reader, line):
        draft.kind = self.code
        draft.partial_credit = False  # a single choice never has partial credit
