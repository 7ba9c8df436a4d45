"""Number: the learner types a number. The question accepts several numbers (Moodle's numerical
answers), each within its tolerance, for its weight in percent of the points: the best one the
answer falls within counts."""

from decimal import Decimal, DecimalException

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from quizzes.types import register, rows
from quizzes.types.base import (
    AnswerInvalid,
    Grade,
    NotANumber,
    QuestionType,
    ReviewDisplay,
    number_parse,
)

ERROR_NUMBER = _("Add at least one right number.")
ERROR_NOT_A_NUMBER = _("Enter a number, for example 14 or 3,5.")
ERROR_NO_NUMBER = _("the numeric answer has no number")
ERROR_MOODLE_BAD_NUMBER = _("“%(text)s” is not a number")
NOTE_UNITS = _("units are not kept: the answer is the number alone")


def snapshot_numbers(snapshot: dict) -> list[dict]:
    """A numeric snapshot's accepted numbers; snapshots made before a question could accept
    several held one ``number`` and its ``tolerance``."""
    if "numbers" in snapshot:
        return snapshot["numbers"]
    if snapshot.get("number") is None:
        return []
    return [
        {"value": snapshot["number"], "tolerance": snapshot.get("tolerance") or "0",
         "weight": "100", "feedback": ""}
    ]  # fmt: skip


def number_match(snapshot: dict, given: str) -> dict | None:
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


def number_text(value) -> str:
    """A number as the reader's locale writes it, without trailing zeros."""
    return formats.number_format(Decimal(str(value)).normalize())


@register
class NumericType(QuestionType):
    code = "numeric"
    parts = ("numeric_answers",)
    template = "quizzes/types/numeric.html"
    answer_shape = _('Send {"number": 14}.')

    def snapshot(self, question, *, shuffle, rng, ids):
        # An author may leave the numbers out; such a question accepts no answer.
        return {
            "numbers": [
                {
                    "value": str(answer.value),
                    "tolerance": str(answer.tolerance or 0),
                    "weight": str(answer.weight),
                    "feedback": answer.feedback,
                }
                for answer in question.numeric_answers.all()
            ]
        }

    def clean(self, snapshot, data):
        if not isinstance(data, dict):
            raise AnswerInvalid(self.answer_shape)
        try:
            return {"number": str(number_parse(data.get("number")))}
        except NotANumber:
            raise AnswerInvalid(self.answer_shape) from None

    def grade(self, snapshot, response):
        best = number_match(snapshot, response["number"])
        if best is None:
            return Grade.wrong()
        weight = max(Decimal(0), min(Decimal(100), Decimal(best["weight"])))
        return Grade.right() if weight == 100 else Grade(weight / 100, False)

    def review(self, snapshot):
        numbers = snapshot_numbers(snapshot)
        full = [n for n in numbers if Decimal(n["weight"]) == 100] or numbers
        return {
            "right_answer": {
                "number": full[0]["value"] if full else None,
                "tolerance": full[0]["tolerance"] if full else "0",
                "numbers": numbers,
            }
        }

    def form_fields(self, question, saved):
        return {"": (forms.CharField(max_length=40, required=False), saved.get("number", ""))}

    def form_answer(self, question, values):
        typed = (values.get("") or "").strip()
        if not typed:
            return None
        try:
            number_parse(typed)
        except NotANumber:
            raise AnswerInvalid(ERROR_NOT_A_NUMBER) from None
        return {"number": typed}

    def review_display(self, review):
        response = review.get("response") or {}
        right_answer = review.get("right_answer")
        right = None
        if right_answer is not None and right_answer["number"] is not None:
            text = number_text(right_answer["number"])
            if Decimal(right_answer["tolerance"]):
                text = f"{text} ± {number_text(right_answer['tolerance'])}"
            right = [text]
        return ReviewDisplay(
            given=[number_text(response["number"])] if "number" in response else [], right=right
        )

    def parts_errors(self, parts):
        return [] if parts.get("numeric_answers") else [(None, ERROR_NUMBER)]

    def option_counts(self, snapshot, response):
        if not response or "number" not in response:
            return []
        best = number_match(snapshot, response["number"])
        return [best["value"]] if best else []

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        numbers = list(question.numeric_answers.all())
        if len(numbers) == 1 and numbers[0].weight == 100 and not numbers[0].feedback.strip():
            return [f"#{gift.number(numbers[0].value)}:{gift.number(numbers[0].tolerance)}"]
        # Moodle's form for several numbers: "#" and then one "=%weight%n:t#feedback" each.
        return ["#"] + [
            f"=%{gift.number(n.weight)}%{gift.number(n.value)}:{gift.number(n.tolerance)}"
            f"{gift.feedback(n.feedback)}"
            for n in numbers
        ]

    def moodle_xml_type(self, question):
        return "numerical"

    def moodle_xml_write(self, element, question, writer):
        for number in question.numeric_answers.all():
            answer = writer.answer(
                element, number.weight, writer.number(number.value), number.feedback
            )
            writer.value(answer, "tolerance", writer.number(number.tolerance))

    # --- File formats: reading --------------------------------------------------------------

    read_priority = 20

    def gift_claims(self, answer, draft, reader):
        return answer.starts_with("#")

    def gift_read(self, answer, draft, reader):
        """``{#n}``, ``{#n:t}``, ``{#low..high}``, or several ``=%weight%n:t#feedback`` with
        the first ``=`` optional, and ``~#feedback`` for anything else."""
        content = answer.content[1:]
        head, parts = reader.answers(content)
        if not head.is_blank():
            # Moodle's short form: the first number needs no "=" ({#3:2}, {#3:2#Верно~#Нет}).
            parts = [("=", head, head.line_at(0, reader.first_line)), *parts]
        for marker, part, line in parts:
            weight, part = reader.weighted(part, line)
            number_part, *feedback_parts = part.split("#")
            feedback = ""
            if feedback_parts:
                feedback = reader.formatted(part[len(number_part) + 1 :], draft.text_format)[0]
            written = reader.fragment(number_part, "plain")
            if marker == "~":
                # Moodle's "any other answer": only its feedback counts, and the bank has none.
                draft.numbers.append(
                    reader.number_draft(Decimal(0), Decimal(0), False, weight, feedback, line)
                )
                continue
            number = reader.number(written, line)
            if number is not None:
                value, tolerance = number
                draft.numbers.append(
                    reader.number_draft(value, tolerance, True, weight, feedback, line)
                )
        if not any(n.right for n in draft.numbers) and not reader.failed:
            reader.error(ERROR_NO_NUMBER)

    moodle_xml_reads = ("numerical",)

    def moodle_xml_read(self, element, draft, reader):
        """Each ``<answer>`` with its ``<tolerance>``, fraction and feedback; ``*`` is
        Moodle's "any other answer". Units are not kept (a note says so)."""
        for answer, fraction in reader.answers():
            written = answer.value("text")
            feedback = reader.choice(answer).feedback
            if written == "*":  # Moodle's "any other answer"
                draft.numbers.append(
                    reader.number_draft(
                        Decimal(0), Decimal(0), False, fraction, feedback, answer.line
                    )
                )
                continue
            value = reader.decimal(written)
            tolerance = reader.decimal(answer.value("tolerance") or "0")
            if value is None or tolerance is None:
                bad = written if value is None else answer.value("tolerance")
                reader.error(ERROR_MOODLE_BAD_NUMBER % {"text": bad}, answer.line)
                continue
            draft.numbers.append(
                reader.number_draft(value, abs(tolerance), True, fraction, feedback, answer.line)
            )
        if not any(n.right for n in draft.numbers) and not draft.has_errors:
            reader.error(ERROR_NO_NUMBER)
        units = element.child("units")
        if units is not None and units.all("unit"):
            draft.notes.append(str(NOTE_UNITS))

    def rows_from_draft(self, draft, notes, errors):
        """Every number the question accepts, each with its share of the points and feedback
        (Moodle's "anything else" ``~`` answers score nothing and are left out, their feedback
        with a note)."""
        from quizzes.models import NumericAnswer

        accepted = [n for n in draft.numbers if n.right]
        if any(n.feedback for n in draft.numbers if not n.right):
            notes.append(str(rows.NOTE_OTHER_NUMBER_FEEDBACK))
        if not any(rows.is_full(n.weight) for n in accepted):
            errors.append(str(rows.ERROR_NO_FULL_NUMBER))
        numbers = [
            NumericAnswer(
                value=n.value,
                tolerance=n.tolerance,
                weight=rows.FULL if n.weight is None else rows.weight_rounded(n.weight),
                feedback=n.feedback,
                sort_order=position,
            )
            for position, n in enumerate(accepted)
        ]
        return rows.DraftRows(numbers=numbers)
