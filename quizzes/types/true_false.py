"""True or false: the learner says whether the statement is true."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.types import register, rows
from quizzes.types.base import (
    AnswerInvalid,
    Grade,
    Option,
    QuestionType,
    ReviewDisplay,
    single_value,
)

ERROR_TRUE_FALSE = _("Say whether the statement is true or false.")
TRUE_FALSE_CHOICES = [("true", _("True")), ("false", _("False"))]
ERROR_GIFT_TRUE_FALSE_FEEDBACK = _("a true/false answer takes at most two feedbacks")
ERROR_MOODLE_TRUE_FALSE = _("a true/false question needs a “true” and a “false” answer")
# GIFT's words: {T}, {TRUE}, {F}, {FALSE}.
GIFT_TRUE_WORDS = ("T", "TRUE")
GIFT_FALSE_WORDS = ("F", "FALSE")


def _label(value: bool) -> str:
    return str(dict(TRUE_FALSE_CHOICES)["true" if value else "false"])


@register
class TrueFalseType(QuestionType):
    code = "true_false"
    fields = ("correct_bool",)
    template = "quizzes/types/true_false.html"
    answer_shape = _('Send {"value": true} or {"value": false}.')

    def snapshot(self, question, *, shuffle, rng, ids):
        return {"correct": bool(question.correct_bool)}

    def clean(self, snapshot, data):
        if not isinstance(data, dict) or not isinstance(data.get("value"), bool):
            raise AnswerInvalid(self.answer_shape)
        return {"value": data["value"]}

    def grade(self, snapshot, response):
        return Grade.right() if response["value"] == snapshot["correct"] else Grade.wrong()

    def review(self, snapshot):
        return {"right_answer": {"value": snapshot["correct"]}}

    def form_fields(self, question, saved):
        initial = ("true" if saved["value"] else "false") if "value" in saved else None
        return {"": (forms.ChoiceField(choices=TRUE_FALSE_CHOICES, required=False), initial)}

    def form_answer(self, question, values):
        return {"value": values[""] == "true"} if values.get("") else None

    def form_display(self, question, value):
        current = single_value(value(""))
        return {"options": [Option(v, str(t), v == current) for v, t in TRUE_FALSE_CHOICES]}

    def review_display(self, review):
        response = review.get("response") or {}
        right_answer = review.get("right_answer")
        return ReviewDisplay(
            given=[_label(response["value"])] if "value" in response else [],
            right=None if right_answer is None else [_label(right_answer["value"])],
        )

    def parts_errors(self, parts):
        if parts.get("correct_bool") is None:
            return [("correct_bool", ERROR_TRUE_FALSE)]
        return []

    def option_counts(self, snapshot, response):
        if not response or "value" not in response:
            return []
        return [_label(response["value"])]

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        return ["TRUE" if question.correct_bool else "FALSE"]

    def moodle_xml_type(self, question):
        return "truefalse"

    def moodle_xml_write(self, element, question, writer):
        for word, value in (("true", True), ("false", False)):
            writer.answer(element, 100 if question.correct_bool is value else 0, word)

    # --- File formats: reading --------------------------------------------------------------

    read_priority = 50

    def gift_claims(self, answer, draft, reader):
        return answer.word() in (*GIFT_TRUE_WORDS, *GIFT_FALSE_WORDS)

    def gift_read(self, answer, draft, reader):
        """The word, then up to two feedbacks: for a wrong answer, then for a right one."""
        draft.correct_bool = answer.word() in GIFT_TRUE_WORDS
        parts = answer.content.split("#")[1:]
        if len(parts) > 2:
            reader.error(ERROR_GIFT_TRUE_FALSE_FEEDBACK)
            return
        feedback = [reader.formatted(part, draft.text_format)[0] for part in parts]
        feedback += [""] * (2 - len(feedback))
        draft.true_false_feedback = (feedback[0], feedback[1])

    moodle_xml_reads = ("truefalse",)

    def moodle_xml_read(self, element, draft, reader):
        """A "true" and a "false" ``<answer>``: the one with the larger fraction is right."""
        by_word = {}
        for answer, fraction in reader.answers():
            word = answer.value("text").lower()
            by_word[word] = (fraction, reader.choice(answer).feedback)
        if set(by_word) != {"true", "false"}:
            reader.error(ERROR_MOODLE_TRUE_FALSE)
            return
        draft.correct_bool = by_word["true"][0] > by_word["false"][0]
        right, wrong = ("true", "false") if draft.correct_bool else ("false", "true")
        draft.true_false_feedback = (by_word[wrong][1], by_word[right][1])

    def draft_apply(self, question, draft):
        question.correct_bool = draft.correct_bool

    def rows_from_draft(self, draft, notes, errors):
        if any(draft.true_false_feedback):
            notes.append(str(rows.NOTE_TRUE_FALSE_FEEDBACK))
        return rows.DraftRows()
