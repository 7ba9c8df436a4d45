"""Put in order: the learner gives every item its position; only the right order scores. The
items are always shown shuffled (their right order is the answer)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.types import register, rows
from quizzes.types.base import (
    AnswerInvalid,
    Grade,
    Option,
    QuestionType,
    ReviewDisplay,
    SubField,
    field_name,
    review_texts,
    shuffled_away_from,
    single_value,
)

ERROR_ORDERING_POSITIONS = _(
    "an ordering question is written as pairs 1 -> first item, 2 -> second item, … with every "
    "position once"
)
ERROR_ITEMS_MIN = _("Add at least two items, in the right order.")
ERROR_POSITIONS = _("Give every item a different position, from 1 to %(last)s.")


@register
class OrderingType(QuestionType):
    code = "ordering"
    parts = ("choices",)
    template = "quizzes/types/ordering.html"
    answer_shape = _('Send {"order": [every item id, in your order]}.')

    def snapshot(self, question, *, shuffle, rng, ids):
        items = [{"id": ids.new(), "text": c.text} for c in question.choices.all()]
        return {
            "right_order": [item["id"] for item in items],
            "items": shuffled_away_from(items, rng),
        }

    def public(self, snapshot):
        return {"items": [{"id": i["id"], "text": i["text"]} for i in snapshot["items"]]}

    def clean(self, snapshot, data):
        order = data.get("order") if isinstance(data, dict) else None
        if not isinstance(order, list):
            raise AnswerInvalid(self.answer_shape)
        order = [str(item) for item in order]
        if sorted(order) != sorted(snapshot["right_order"]):
            raise AnswerInvalid(self.answer_shape)
        return {"order": order}

    def grade(self, snapshot, response):
        return Grade.right() if response["order"] == snapshot["right_order"] else Grade.wrong()

    def review(self, snapshot):
        return {"right_answer": {"order": snapshot["right_order"]}}

    def form_fields(self, question, saved):
        items = question["items"]
        order = saved.get("order") or [item["id"] for item in items]
        positions = [(str(n), str(n)) for n in range(1, len(items) + 1)]
        return {
            item["id"]: (
                forms.ChoiceField(choices=positions),
                str(order.index(item["id"]) + 1) if item["id"] in order else "",
            )
            for item in items
        }

    def form_answer(self, question, values):
        items = question["items"]
        given = [values.get(item["id"]) for item in items]
        if len(set(given)) != len(given):
            raise AnswerInvalid(ERROR_POSITIONS % {"last": len(items)})
        by_position = sorted(items, key=lambda item: int(values[item["id"]]))
        return {"order": [item["id"] for item in by_position]}

    def form_display(self, question, value):
        count = len(question["items"])
        selects = []
        for entry in question["items"]:
            current = single_value(value(entry["id"]))
            options = [Option(str(n), str(n), str(n) == current) for n in range(1, count + 1)]
            selects.append(
                SubField(
                    name=field_name(question, entry["id"]), label=entry["text"], options=options
                )
            )
        return {"selects": selects}

    def review_display(self, review):
        response = review.get("response") or {}
        texts = review_texts(review)
        right_answer = review.get("right_answer")
        return ReviewDisplay(
            given=[texts[i] for i in response.get("order", []) if i in texts],
            right=None if right_answer is None else [texts[i] for i in right_answer["order"]],
        )

    def parts_errors(self, parts):
        return [] if len(parts.get("choices", [])) >= 2 else [(None, ERROR_ITEMS_MIN)]

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        # GIFT has no ordering: matching with positions, under the "[type:ordering]" marker.
        return [
            f"={position} -> {gift.answer_text(choice.text)}"
            for position, choice in enumerate(question.choices.all(), start=1)
        ]

    def moodle_xml_type(self, question):
        return "ordering"

    def moodle_xml_write(self, element, question, writer):
        for tag, value in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", "0"),
            ("gradingtype", "ABSOLUTE_POSITION"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            writer.value(element, tag, value)
        for position, choice in enumerate(question.choices.all(), start=1):
            writer.answer(element, position, choice.text)

    def rows_from_draft(self, draft, notes, errors):
        from quizzes.models import Choice

        # Every item is "right" in its place, as the editor's ordering questions have them.
        return rows.DraftRows(
            choices=[
                Choice(text=item.text, is_correct=True, sort_order=position)
                for position, item in enumerate(draft.choices)
            ]
        )

    def import_choice_state(self, choice, right_count):
        # An ordering item is only its text in its place: GIFT carries nothing else of it.
        return (rows.clean_text(choice.text),)

    # GIFT has no ordering: it is written as matching with positions (``=1 -> first item``).
    gift_read_from = ("matching",)

    # --- File formats: reading --------------------------------------------------------------

    moodle_xml_reads = ("ordering",)

    def moodle_xml_read(self, element, draft, reader):
        """Moodle's qtype_ordering: the answers' fractions are their places."""
        answers = reader.answers()
        ordered = sorted(enumerate(answers), key=lambda item: (item[1][1], item[0]))
        draft.choices = [reader.choice(answer) for _i, (answer, _fraction) in ordered]
        if len(draft.choices) < 2:
            reader.error(rows.ERROR_MOODLE_FEW_ANSWERS)

    def gift_take_draft(self, draft, reader, line):
        positions = [left for left, _right in draft.pairs]
        expected = [str(n) for n in range(1, len(positions) + 1)]
        if sorted(positions, key=lambda p: (len(p), p)) != expected:
            reader.error(ERROR_ORDERING_POSITIONS, line)
            return
        ordered = sorted(draft.pairs, key=lambda pair: int(pair[0]))
        draft.kind = self.code
        draft.choices = [reader.choice_draft(right, line) for _left, right in ordered]
        draft.pairs = []
