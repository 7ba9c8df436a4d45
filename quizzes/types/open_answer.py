"""Open answer (GIFT's essay ``{}``, Moodle's ``essay``): the learner writes what they would
say; a person (their mentor or manager) grades it against the question's grading notes, so
the attempt waits for them (``quizzes.services.open_answer_grade``)."""

import random

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from quizzes.types import AnswerInvalid, Grade, OpaqueIds, QuestionType, register
from quizzes.types.base import ReviewDisplay

MAX_OPEN_ANSWER = 5000

ERROR_SHAPE = _('Send {"text": "…"}.')
ERROR_TOO_LONG = ngettext_lazy(
    "The answer is too long: at most %(max)s character.",
    "The answer is too long: at most %(max)s characters.",
    "max",
)


@register
class OpenAnswer(QuestionType):
    code = "open_answer"
    fields = ("grading_notes",)
    graded_by_person = True
    template = "quizzes/types/open_answer.html"
    draws_text = True
    answer_shape = ERROR_SHAPE

    def snapshot(self, question, *, shuffle: bool, rng: random.Random, ids: OpaqueIds) -> dict:
        # The notes are frozen too: the grader reads what the question said when it was asked.
        return {"grading_notes": question.grading_notes}

    def public(self, snapshot: dict) -> dict:
        return {"max_length": MAX_OPEN_ANSWER}

    def clean(self, snapshot: dict, data) -> dict:
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise AnswerInvalid(ERROR_SHAPE)
        if len(data["text"]) > MAX_OPEN_ANSWER:
            raise AnswerInvalid(ERROR_TOO_LONG % {"max": MAX_OPEN_ANSWER})
        return {"text": data["text"]}

    def grade(self, snapshot: dict, response: dict) -> Grade:
        return Grade.waiting()

    def review(self, snapshot: dict) -> dict:
        # Nothing is "the" right answer; the grading notes are for the grader only.
        return {}

    def review_display(self, review: dict) -> ReviewDisplay:
        text = (review.get("response") or {}).get("text", "")
        return ReviewDisplay(given=[text] if text.strip() else [], right=None)

    def form_fields(self, question: dict, saved: dict) -> dict:
        field = forms.CharField(
            max_length=MAX_OPEN_ANSWER, required=False, strip=False, widget=forms.Textarea
        )
        return {"": (field, saved.get("text", ""))}

    def form_answer(self, question: dict, values: dict) -> dict | None:
        text = values.get("") or ""
        return {"text": text} if text.strip() else None

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        return []  # Moodle's essay, "{}"

    def gift_comments(self, question, gift):
        if not question.grading_notes.strip():
            return []
        return [f"// [grading_notes:{gift.marker_escape(question.grading_notes.strip())}]"]

    def moodle_xml_type(self, question):
        return "essay"

    def moodle_xml_write(self, element, question, writer):
        writer.value(element, "responseformat", "editor")
        writer.value(element, "responserequired", "1")
        writer.value(element, "responsefieldlines", "10")
        writer.value(element, "attachments", "0")
        writer.rich(element, "graderinfo", question.grading_notes, "markdown")
        writer.text(element, "responsetemplate", "", "html")

    def draft_apply(self, question, draft):
        # A file that says nothing of grading notes (None) leaves the bank's as they are.
        if draft.grading_notes is not None:
            question.grading_notes = draft.grading_notes

    def gift_read_markers(self, draft, reader):
        draft.grading_notes = reader.marker("grading_notes")

    # --- File formats: reading --------------------------------------------------------------

    # First: GIFT's essay is an empty answer, {}.
    read_priority = 10

    def gift_claims(self, answer, draft, reader):
        return answer.is_blank()

    moodle_xml_reads = ("essay",)

    def moodle_xml_read(self, element, draft, reader):
        """Moodle's essay; its ``<graderinfo>`` is the grading notes."""
        draft.grading_notes = element.value("graderinfo")


__all__ = ["MAX_OPEN_ANSWER", "OpenAnswer"]
