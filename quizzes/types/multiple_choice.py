"""Multiple choice: any number of options are ticked.

All or nothing (the default): only exactly the right options score. With partial credit, as in
Moodle, each ticked option adds its weight: an explicit weight (in percent, negative takes
away), or, without one, a right option its share of the points and a wrong one the same share
taken away. A wrong option that is ticked always costs something (an explicit weight of 0 or
more counts as that same share taken away), so ticking everything never scores full marks when
any option is wrong; the result never goes below zero."""

from copy import copy
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.types import register, rows
from quizzes.types.base import Grade, Option, single_value
from quizzes.types.numeric import number_text
from quizzes.types.single_choice import (
    ERROR_CHOICES_MIN,
    FULL,
    SingleChoiceType,
    draft_choice_rows,
    gift_choice_lines,
    gift_choices_read,
    moodle_xml_choices,
    moodle_xml_single,
)

ERROR_MULTIPLE_RIGHT = _("Mark at least one choice as correct.")
ERROR_RIGHT_WEIGHTS_SUM = _(
    "With partial credit, the weights of the correct choices must add up to 100 %% (now "
    "%(total)s %%)."
)
ERROR_WRONG_WEIGHT_POSITIVE = _(
    "A wrong choice cannot add points: give it a weight of 0 or below, or mark it as correct."
)


def multiple_choice_fraction(choices: list[dict], chosen: set[str], *, partial: bool) -> Grade:
    """Grade ticking ``chosen`` among ``choices`` (snapshot dicts)."""
    right = {c["id"] for c in choices if c["correct"]}
    if chosen == right:
        return Grade.right()
    if not partial:
        return Grade.wrong()
    share_each = Decimal(100) / max(len(right), 1)
    total = Decimal(0)
    wrong_ticked = False
    for choice in choices:
        if choice["id"] not in chosen:
            continue
        weight = None if choice.get("weight") is None else Decimal(choice["weight"])
        if choice["correct"]:
            total += share_each if weight is None else weight
        else:
            wrong_ticked = True
            total += -share_each if weight is None or weight >= 0 else weight
    total = max(Decimal(0), min(Decimal(100), total))
    if wrong_ticked and total >= 100:
        # Right weights that add up to more than the whole must not hide a wrong tick.
        total = max(Decimal(0), 100 - share_each)
    if total >= 100:
        # Every right option's weight without all of them (weights over 100 in sum): full
        # marks are for the right set only.
        total = 100 - share_each
    return Grade(total / 100, False)


def _weights_errors(choices: list[dict]) -> list:
    """Moodle's rule for weighted answers: the right choices together are worth all the points
    (when any of them has a weight), and a wrong choice never adds."""
    errors = []
    right = [c for c in choices if c.get("is_correct")]
    if right and any(c.get("weight") is not None for c in right):
        share = Decimal(100) / len(right)
        total = sum(
            (share if c.get("weight") is None else Decimal(c["weight"]) for c in right),
            Decimal(0),
        )
        if abs(total - 100) > Decimal("0.01") * len(right):
            errors.append((None, ERROR_RIGHT_WEIGHTS_SUM % {"total": number_text(total)}))
    if any(
        not c.get("is_correct") and c.get("weight") is not None and Decimal(c["weight"]) > 0
        for c in choices
    ):
        errors.append((None, ERROR_WRONG_WEIGHT_POSITIVE))
    return errors


@register
class MultipleChoiceType(SingleChoiceType):
    code = "multiple_choice"
    fields = ("partial_credit",)
    template = "quizzes/types/multiple_choice.html"
    answer_shape = _('Send {"choices": [ids]}.')
    most_chosen = None

    def grade(self, snapshot, response):
        return multiple_choice_fraction(
            snapshot["choices"],
            set(response.get("choices", [])),
            partial=bool(snapshot.get("partial_credit")),
        )

    def form_fields(self, question, saved):
        choices = [(c["id"], c["text"]) for c in question["choices"]]
        return {"": (forms.MultipleChoiceField(choices=choices, required=False),
                     saved.get("choices") or [])}  # fmt: skip

    def form_answer(self, question, values):
        return {"choices": list(values.get("") or [])}

    def form_display(self, question, value):
        current = value("")
        chosen = set(current if isinstance(current, list) else [single_value(current)])
        return {
            "options": [Option(c["id"], c["text"], c["id"] in chosen) for c in question["choices"]]
        }

    def parts_errors(self, parts):
        choices = parts.get("choices", [])
        errors = []
        if len(choices) < 2:
            errors.append((None, ERROR_CHOICES_MIN))
        if not any(c.get("is_correct") for c in choices):
            errors.append((None, ERROR_MULTIPLE_RIGHT))
        if parts.get("partial_credit"):
            errors.extend(_weights_errors(choices))
        return errors

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        return gift_choice_lines(question, gift, every_weighted=True)

    def gift_markers(self, question):
        return [f"[partial_credit:{'yes' if question.partial_credit else 'no'}]"]

    def moodle_xml_type(self, question):
        # Moodle's "multichoiceset" (all or nothing) is a multiple choice without partial credit.
        return "multichoice" if question.partial_credit else "multichoiceset"

    def moodle_xml_write(self, element, question, writer):
        if question.partial_credit:
            moodle_xml_choices(element, question, writer, single=False)
            return
        writer.value(element, "shuffleanswers", "true")
        writer.value(element, "answernumbering", "abc")
        choices = list(question.choices.all())
        rights = sum(1 for c in choices if c.is_correct) or 1
        for choice in choices:
            fraction = (FULL / rights).quantize(Decimal("0.0000001")) if choice.is_correct else 0
            writer.answer(element, fraction, choice.text, choice.feedback)

    def draft_apply(self, question, draft):
        question.partial_credit = bool(draft.partial_credit)

    def rows_from_draft(self, draft, notes, errors):
        return rows.DraftRows(choices=draft_choice_rows(draft, notes, single=False))

    def gift_read_markers(self, draft, reader):
        if (partial_credit := reader.marker_flag("partial_credit")) is not None:
            draft.partial_credit = partial_credit

    def import_choice_state(self, choice, right_count):
        if choice.weight is None:
            # An unweighted option is worth its share; an export writes the share as its weight.
            choice = copy(choice)
            choice.weight = rows.shared_weight(choice.is_correct, right_count)
        return super().import_choice_state(choice, right_count)

    def gift_take_draft(self, draft, reader, line):
        draft.kind = self.code
        # Set apart from the "~" rule: a marked multiple choice has partial credit unless
        # [partial_credit:no] says otherwise.
        draft.partial_credit = True

    # --- File formats: reading --------------------------------------------------------------

    # After missing word and single choice, which claim the "~" answers with one full choice.
    read_priority = 32

    def gift_claims(self, answer, draft, reader):
        return answer.has("~")

    def gift_read(self, answer, draft, reader):
        gift_choices_read(answer, draft, reader)
        draft.partial_credit = True

    def aiken_claims(self, question, draft, reader):
        return False  # Aiken's one ANSWER letter is a single choice

    moodle_xml_reads = ("multichoice", "multichoiceset")

    def moodle_xml_claims(self, element, draft, reader):
        return element.attrs.get("type") == "multichoiceset" or not moodle_xml_single(
            element, reader
        )

    def moodle_xml_read(self, element, draft, reader):
        """``multichoice`` with several answers: partial credit by each answer's fraction,
        negative ones too; ``multichoiceset`` (the "all-or-nothing multiple choice" plugin):
        without partial credit."""
        draft.marked = True  # the fractions are the weights exactly
        if element.attrs.get("type") == "multichoiceset":
            draft.choices = [reader.choice(a, right=f > 0) for a, f in reader.answers()]
        else:
            draft.partial_credit = True
            draft.choices = [
                reader.choice(
                    answer, right=fraction > 0, weight=fraction.quantize(rows.WEIGHT_STEP)
                )
                for answer, fraction in reader.answers()
            ]
        if len(draft.choices) < 2:
            reader.error(rows.ERROR_MOODLE_FEW_ANSWERS)
