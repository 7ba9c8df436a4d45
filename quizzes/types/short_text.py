"""Short text: the learner types a word or phrase; it is right when it matches an accepted
answer, ignoring case, spacing, ё/е and trailing punctuation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.types import register, rows
from quizzes.types.base import (
    ERROR_TOO_LONG,
    MAX_TEXT_ANSWER,
    AnswerInvalid,
    Grade,
    QuestionType,
    ReviewDisplay,
    text_normalise,
)

ERROR_ACCEPTED_MIN = _("Add at least one accepted answer.")
ERROR_GIFT_NO_ANSWER_TEXT = _("an accepted answer has no text")
NOTE_CASE = _("Moodle compares these answers case-sensitively; here case is ignored")


@register
class ShortTextType(QuestionType):
    code = "short_text"
    parts = ("accepted_answers",)
    template = "quizzes/types/short_text.html"
    answer_shape = _('Send {"text": "…"}.')

    def snapshot(self, question, *, shuffle, rng, ids):
        return {"accepted": [answer.text for answer in question.accepted_answers.all()]}

    def clean(self, snapshot, data):
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str):
            raise AnswerInvalid(self.answer_shape)
        if len(text) > MAX_TEXT_ANSWER:
            raise AnswerInvalid(ERROR_TOO_LONG)
        return {"text": text}

    def grade(self, snapshot, response):
        given = text_normalise(response["text"])
        if given and any(given == text_normalise(a) for a in snapshot["accepted"]):
            return Grade.right()
        return Grade.wrong()

    def review(self, snapshot):
        accepted = snapshot["accepted"]
        return {"right_answer": {"text": accepted[0] if accepted else "", "accepted": accepted}}

    def form_fields(self, question, saved):
        field = forms.CharField(max_length=MAX_TEXT_ANSWER, required=False, strip=False)
        return {"": (field, saved.get("text", ""))}

    def form_answer(self, question, values):
        return {"text": values.get("") or ""}

    def review_display(self, review):
        response = review.get("response") or {}
        right_answer = review.get("right_answer")
        return ReviewDisplay(
            given=[response["text"]] if response.get("text", "").strip() else [],
            right=None if right_answer is None else list(right_answer["accepted"]),
        )

    def parts_errors(self, parts):
        return [] if parts.get("accepted_answers") else [(None, ERROR_ACCEPTED_MIN)]

    def option_counts(self, snapshot, response):
        text = (response or {}).get("text", "")
        return [text_normalise(text)] if text.strip() else []

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        return [
            f"={gift.answer_text(a.text, question.text_format)}"
            for a in question.accepted_answers.all()
        ]

    def moodle_xml_type(self, question):
        return "shortanswer"

    def moodle_xml_write(self, element, question, writer):
        writer.value(element, "usecase", "0")
        for answer in question.accepted_answers.all():
            writer.answer(element, 100, answer.text)

    # --- File formats: reading --------------------------------------------------------------

    # Last: in GIFT any answer the other types do not claim is a list of accepted answers.
    read_priority = 90

    def gift_claims(self, answer, draft, reader):
        return True

    def gift_read(self, answer, draft, reader):
        """``=`` answers (``%weight%`` and ``#feedback`` as written); one answer may be
        written without ``=``: ``{Paris}``."""
        content = answer.content
        head, parts = reader.answers(content)
        if not parts:
            draft.choices = [reader.choice("=", content, content.line_at(0, 0), draft.text_format)]
        else:
            reader.head_must_be_blank(head)
            draft.choices = [
                reader.choice(marker, part, line, draft.text_format) for marker, part, line in parts
            ]
        if any(not choice.text for choice in draft.choices):
            reader.error(ERROR_GIFT_NO_ANSWER_TEXT)

    moodle_xml_reads = ("shortanswer",)

    def moodle_xml_read(self, element, draft, reader):
        """Each ``<answer>`` is accepted, its fraction its weight; Moodle's case-sensitive
        comparison is noted (ours ignores case)."""
        draft.choices = [
            reader.choice(answer, right=True, weight=None if fraction == rows.FULL else fraction)
            for answer, fraction in reader.answers()
        ]
        if element.value("usecase") in ("1", "true"):
            draft.notes.append(str(NOTE_CASE))

    def rows_from_draft(self, draft, notes, errors):
        from quizzes.models import AcceptedAnswer

        full = [answer for answer in draft.choices if rows.is_full(answer.weight)]
        dropped = [answer for answer in draft.choices if not rows.is_full(answer.weight)]
        if dropped:
            listed = ", ".join(f"{a.text} ({a.weight}%)" for a in dropped)
            notes.append(str(rows.NOTE_PARTIAL_ANSWERS % {"answers": listed}))
        if any(answer.feedback for answer in draft.choices):
            notes.append(str(rows.NOTE_ANSWER_FEEDBACK))
        if not full:
            errors.append(str(rows.ERROR_NO_FULL_ANSWER))
        return rows.DraftRows(
            accepted=[
                AcceptedAnswer(
                    text=rows.plain(answer.text, answer.text_format, notes), sort_order=position
                )
                for position, answer in enumerate(full)
            ]
        )
