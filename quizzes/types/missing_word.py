"""Select the missing word: a sentence with a gap (``_____``, ``quizzes.gift.BLANK``) and a
select in its place offering the question's choices, exactly one of them right (GIFT's
``Grant is {~buried =entombed} in Grant's tomb.``)."""

import random
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lms import markdown
from quizzes.types import AnswerInvalid, Grade, OpaqueIds, QuestionType, register, rows
from quizzes.types.base import ReviewChoice, ReviewDisplay, review_texts

BLANK = "_____"
# Stands for the gap while the text is rendered: no text format touches these brackets.
GAP_MARK = "\u27e6{}\u27e7"

ERROR_SHAPE = _('Send {"choices": [one id]}.')
ERROR_UNKNOWN_ID = _("That answer names a choice this question does not have.")
ERROR_NO_BLANK = _("Mark the place of the missing word with five underscores: _____.")
ERROR_ONE_BLANK = _("A missing-word question has one gap: write _____ only once.")
ERROR_ONE_RIGHT = _("Mark exactly one option as the right word.")
ERROR_TWO_OPTIONS = _("Give at least two options to choose from.")
ERROR_MOODLE_GAPS = _(
    "only a text with exactly one gap [[1]] becomes a missing-word question; this one has %(gaps)s"
)
ERROR_MOODLE_GAP_OPTION = _("the gap [[%(number)s]] names no option")
# Moodle's numbered gaps ("gapselect", "ddwtos"), and the element naming each one's options.
MOODLE_GAP = re.compile(r"\[\[(\d+)\]\]")
MOODLE_GAP_OPTIONS = {"gapselect": "selectoption", "ddwtos": "dragbox"}


def text_parts(text: str, text_format: str | None, gaps: list[str]) -> list[dict]:
    """The question's HTML cut at its gaps: ``[{"html": …}, {"gap": id}, {"html": …}, …]``.
    ``text`` holds the gaps, in order, as ``BLANK``; ``gaps`` are their ids. The pieces are
    rendered as one text, so a gap inside a paragraph stays inside it."""
    pieces = text.split(BLANK)
    marked = pieces[0]
    for index, piece in enumerate(pieces[1:]):
        marked += (GAP_MARK.format(index) if index < len(gaps) else BLANK) + piece
    html = markdown.render_format(marked, text_format)
    parts: list[dict] = []
    for index, gap_id in enumerate(gaps):
        before, _sep, html = html.partition(GAP_MARK.format(index))
        parts.append({"html": before})
        parts.append({"gap": gap_id})
    parts.append({"html": html})
    return parts


@register
class MissingWord(QuestionType):
    code = "missing_word"
    parts = ("choices",)
    template = "quizzes/types/missing_word.html"
    draws_text = True
    answer_shape = ERROR_SHAPE

    def snapshot(self, question, *, shuffle: bool, rng: random.Random, ids: OpaqueIds) -> dict:
        choices = [
            {
                "id": ids.new(),
                "text": choice.text,
                "correct": choice.is_correct,
                "feedback": choice.feedback,
            }
            for choice in question.choices.all()
        ]
        if shuffle:
            rng.shuffle(choices)
        return {"choices": choices, "gap": ids.new()}

    def public(self, snapshot: dict) -> dict:
        return {
            "choices": [{"id": c["id"], "text": c["text"]} for c in snapshot["choices"]],
            "parts": text_parts(
                snapshot["text"], snapshot.get("text_format"), [snapshot.get("gap", "gap")]
            ),
        }

    def clean(self, snapshot: dict, data) -> dict:
        if not isinstance(data, dict):
            raise AnswerInvalid(ERROR_SHAPE)
        chosen = data.get("choices")
        if not isinstance(chosen, list) or not all(isinstance(c, str | int) for c in chosen):
            raise AnswerInvalid(ERROR_SHAPE)
        chosen = list(dict.fromkeys(str(c) for c in chosen))
        if len(chosen) > 1:
            raise AnswerInvalid(ERROR_SHAPE)
        if not set(chosen) <= {c["id"] for c in snapshot["choices"]}:
            raise AnswerInvalid(ERROR_UNKNOWN_ID)
        return {"choices": chosen}

    def grade(self, snapshot: dict, response: dict) -> Grade:
        right = {c["id"] for c in snapshot["choices"] if c["correct"]}
        if response.get("choices") and set(response["choices"]) <= right:
            return Grade.right()
        return Grade.wrong()

    def review(self, snapshot: dict) -> dict:
        return {
            "choices": [
                {
                    "id": c["id"],
                    "text": c["text"],
                    "correct": c["correct"],
                    "feedback": c["feedback"],
                }
                for c in snapshot["choices"]
            ],  # fmt: skip
            "right_answer": {"choices": [c["id"] for c in snapshot["choices"] if c["correct"]]},
        }

    def review_display(self, review: dict) -> ReviewDisplay:
        picked = (review.get("response") or {}).get("choices", [])
        texts = review_texts(review)
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

    def form_fields(self, question: dict, saved: dict) -> dict:
        choices = [("", "—"), *((c["id"], c["text"]) for c in question["choices"])]
        field = forms.ChoiceField(choices=choices, required=False)
        return {"": (field, (saved.get("choices") or [""])[0])}

    def form_answer(self, question: dict, values: dict) -> dict | None:
        value = values.get("")
        return {"choices": [value]} if value else None

    def parts_errors(self, parts: dict) -> list:
        errors = []
        text = parts.get("text") or ""
        if text and BLANK not in text:
            errors.append(("text", ERROR_NO_BLANK))
        elif text.count(BLANK) > 1:
            errors.append(("text", ERROR_ONE_BLANK))
        choices = parts.get("choices") or []
        if len(choices) < 2:
            errors.append((None, ERROR_TWO_OPTIONS))
        if sum(1 for c in choices if c.get("is_correct")) != 1:
            errors.append((None, ERROR_ONE_RIGHT))
        return errors

    def option_counts(self, snapshot: dict, response: dict) -> list[str]:
        chosen = set(response.get("choices") or [])
        return [c["text"] for c in snapshot["choices"] if c["id"] in chosen]

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        from quizzes.types.single_choice import gift_choice_lines

        return gift_choice_lines(question, gift, every_weighted=False)

    def gift_text(self, text):
        # The answer goes where the blank is, text following it, as Moodle reads a missing
        # word; a blank at the very end stays in the text, answers after it.
        before, blank, rest = text.partition(BLANK)
        if blank and rest.strip():
            return before, rest
        return text, ""

    def moodle_xml_type(self, question):
        # Moodle's own missing word ("gapselect") numbers its gaps; a single choice whose text
        # holds the blank reads back as a missing word here.
        return "multichoice"

    def moodle_xml_write(self, element, question, writer):
        from quizzes.types.single_choice import moodle_xml_choices

        moodle_xml_choices(element, question, writer, single=True)

    def rows_from_draft(self, draft, notes, errors):
        from quizzes.types.single_choice import draft_choice_rows

        return rows.DraftRows(choices=draft_choice_rows(draft, notes, single=True))

    gift_read_from = ("single_choice", "multiple_choice")

    def gift_take_draft(self, draft, reader, line):
        draft.kind = self.code
        draft.partial_credit = False

    # --- File formats: reading --------------------------------------------------------------

    # Before single choice: a missing word is a single choice standing in the text.
    read_priority = 30

    def gift_claims(self, answer, draft, reader):
        from quizzes.types.single_choice import gift_single_answer

        return draft.embedded and gift_single_answer(answer)

    def gift_read(self, answer, draft, reader):
        from quizzes.types.single_choice import gift_choices_read

        gift_choices_read(answer, draft, reader)

    # Moodle's own missing word is "gapselect" (or "ddwtos") with one gap; a single-answer
    # "multichoice" whose text holds the blank is what Moodle makes of GIFT's missing word.
    moodle_xml_reads = ("multichoice", *MOODLE_GAP_OPTIONS)

    def moodle_xml_claims(self, element, draft, reader):
        from quizzes.types.single_choice import moodle_xml_single

        if element.attrs.get("type") in MOODLE_GAP_OPTIONS:
            return True
        return moodle_xml_single(element, reader) and draft.text.count(BLANK) == 1

    def moodle_xml_read(self, element, draft, reader):
        from quizzes.types.single_choice import moodle_xml_single_read

        option_tag = MOODLE_GAP_OPTIONS.get(element.attrs.get("type"))
        if option_tag is None:
            moodle_xml_single_read(draft, reader)
            return
        # The gap's group gives the options; a text with more gaps is refused.
        options = [
            (o.value("text"), o.value("group") or "1", o.line) for o in element.all(option_tag)
        ]
        gaps = MOODLE_GAP.findall(draft.text)
        if len(gaps) != 1:
            reader.error(ERROR_MOODLE_GAPS % {"gaps": len(gaps)})
            return
        number = int(gaps[0])
        if not 1 <= number <= len(options):
            reader.error(ERROR_MOODLE_GAP_OPTION % {"number": number})
            return
        group = options[number - 1][1]
        draft.text = MOODLE_GAP.sub(BLANK, draft.text)
        draft.choices = [
            reader.choice_draft(
                text=text, right=index == number - 1, line=line, text_format="plain"
            )
            for index, (text, option_group, line) in enumerate(options)
            if option_group == group
        ]


__all__ = ["BLANK", "MissingWord", "text_parts"]
