"""Matching: the learner matches each left item with a right-hand text. Per pair (the default,
as in Moodle) every right pair earns its share of the points; all or nothing scores only when
every pair is right. Several left items may share a right-hand text, shown once."""

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
    ReviewDisplay,
    SubField,
    field_name,
    review_texts,
    shuffled_away_from,
    single_value,
)

ERROR_PAIRS_MIN = _("Add at least two pairs.")
ERROR_GIFT_NO_ARROW = _("“%(text)s” is not a pair: write left -> right")
ERROR_GIFT_FEW_PAIRS = _("a matching question needs at least two pairs")
ERROR_GIFT_EMPTY_PAIR_SIDE = _("a pair needs text on both sides of ->")
PER_PAIR = "per_pair"
ALL_OR_NOTHING = "all_or_nothing"


@register
class MatchingType(QuestionType):
    code = "matching"
    parts = ("pairs",)
    fields = ("matching_credit",)
    template = "quizzes/types/matching.html"
    answer_shape = _('Send {"pairs": {"left id": "right id"}}.')

    def snapshot(self, question, *, shuffle, rng, ids):
        pairs = list(question.pairs.all())
        left = [{"id": ids.new(), "text": pair.left} for pair in pairs]
        right = [{"id": ids.new(), "text": pair.right} for pair in pairs]
        right_pairs = {lt["id"]: rt["id"] for lt, rt in zip(left, right, strict=True)}
        if shuffle:
            rng.shuffle(left)
        # Several left items may share a right text; the learner sees each text once.
        unique_right, seen = [], {}
        for item in right:
            if item["text"] in seen:
                for key, value in right_pairs.items():
                    if value == item["id"]:
                        right_pairs[key] = seen[item["text"]]
            else:
                seen[item["text"]] = item["id"]
                unique_right.append(item)
        return {
            "right_pairs": right_pairs,
            "left": left,
            "right": shuffled_away_from(unique_right, rng),
            "matching_credit": question.matching_credit,
        }

    def public(self, snapshot):
        return {
            "left": [{"id": i["id"], "text": i["text"]} for i in snapshot["left"]],
            "right": [{"id": i["id"], "text": i["text"]} for i in snapshot["right"]],
        }

    def clean(self, snapshot, data):
        pairs = data.get("pairs") if isinstance(data, dict) else None
        if not isinstance(pairs, dict):
            raise AnswerInvalid(self.answer_shape)
        cleaned = {str(k): str(v) for k, v in pairs.items()}
        left_ids = {item["id"] for item in snapshot["left"]}
        right_ids = {item["id"] for item in snapshot["right"]}
        if not set(cleaned) <= left_ids or not set(cleaned.values()) <= right_ids:
            raise AnswerInvalid(ERROR_UNKNOWN_ID)
        return {"pairs": cleaned}

    def grade(self, snapshot, response):
        right_pairs = snapshot["right_pairs"]
        given = response.get("pairs", {})
        if given == right_pairs:
            return Grade.right()
        # Snapshots made before the choice existed were graded all or nothing.
        if snapshot.get("matching_credit", ALL_OR_NOTHING) != PER_PAIR or not right_pairs:
            return Grade.wrong()
        hits = sum(1 for left, right in right_pairs.items() if given.get(left) == right)
        return Grade(Decimal(hits) / len(right_pairs), False)

    def review(self, snapshot):
        return {"right_answer": {"pairs": snapshot["right_pairs"]}}

    def form_fields(self, question, saved):
        rights = [("", "—")] + [(r["id"], r["text"]) for r in question["right"]]
        pairs = saved.get("pairs") or {}
        return {
            left["id"]: (forms.ChoiceField(choices=rights, required=False),
                         pairs.get(left["id"], ""))
            for left in question["left"]
        }  # fmt: skip

    def form_answer(self, question, values):
        pairs = {
            left["id"]: values[left["id"]] for left in question["left"] if values.get(left["id"])
        }
        return {"pairs": pairs} if pairs else None

    def form_display(self, question, value):
        selects = []
        for left in question["left"]:
            current = single_value(value(left["id"]))
            options = [Option("", "—", current == "")] + [
                Option(r["id"], r["text"], r["id"] == current) for r in question["right"]
            ]
            selects.append(
                SubField(name=field_name(question, left["id"]), label=left["text"], options=options)
            )
        return {"selects": selects}

    def review_display(self, review):
        response = review.get("response") or {}
        texts = review_texts(review)
        pairs = response.get("pairs", {})
        right_answer = review.get("right_answer")
        given = [
            f"{left['text']} → {texts.get(pairs[left['id']], '—')}"
            for left in review["left"]
            if left["id"] in pairs
        ]
        right = None
        if right_answer is not None:
            right = [
                f"{left['text']} → {texts.get(right_answer['pairs'].get(left['id']), '—')}"
                for left in review["left"]
            ]
        return ReviewDisplay(given=given, right=right)

    def parts_errors(self, parts):
        return [] if len(parts.get("pairs", [])) >= 2 else [(None, ERROR_PAIRS_MIN)]

    def option_counts(self, snapshot, response):
        texts = review_texts(snapshot)
        pairs = (response or {}).get("pairs", {})
        return [
            f"{left['text']} → {texts.get(pairs[left['id']], '—')}"
            for left in snapshot["left"]
            if left["id"] in pairs
        ]

    # --- File formats -----------------------------------------------------------------------

    def gift_answer_lines(self, question, gift):
        # "->" splits a pair, so one inside the left side is written "\->".
        return [
            "="
            + gift.escape(p.left.strip()).replace("->", "\\->")
            + f" -> {gift.answer_text(p.right)}"
            for p in question.pairs.all()
        ]

    def moodle_xml_type(self, question):
        return "matching"

    def moodle_xml_write(self, element, question, writer):
        writer.value(element, "shuffleanswers", "true")
        for pair in question.pairs.all():
            sub = writer.element(element, "subquestion", format="plain_text")
            writer.value(sub, "text", pair.left)
            writer.text(sub, "answer", pair.right)

    # --- File formats: reading --------------------------------------------------------------

    read_priority = 40

    def gift_claims(self, answer, draft, reader):
        return answer.has("=") and answer.has("->")

    def gift_read(self, answer, draft, reader):
        """``=left -> right`` pairs; an empty left side is a distractor (a right-hand option
        matching nothing)."""
        head, parts = reader.answers(answer.content)
        reader.head_must_be_blank(head)
        for _marker, part, line in parts:
            arrow = part.find("->")
            if arrow == -1:
                words = reader.label_of(part.string())
                reader.error(ERROR_GIFT_NO_ARROW % {"text": words}, line)
                continue
            left = reader.formatted(part[:arrow], draft.text_format)[0]
            right = reader.formatted(part[arrow + 2 :], draft.text_format)[0]
            if not right:
                reader.error(ERROR_GIFT_EMPTY_PAIR_SIDE, line)
            draft.pairs.append((left, right))
        if sum(1 for left, _right in draft.pairs if left) < 2:
            reader.error(ERROR_GIFT_FEW_PAIRS)

    moodle_xml_reads = ("matching",)

    def moodle_xml_read(self, element, draft, reader):
        """Each ``<subquestion>`` is a pair; one without text is a distractor."""
        for sub in element.all("subquestion"):
            left = reader.plain(sub.value("text"), reader.format(sub))
            answer = sub.child("answer")
            right = answer.value("text") if answer is not None else ""
            draft.pairs.append((left, right))

    def rows_from_draft(self, draft, notes, errors):
        from quizzes.models import MatchPair

        distractors = [right for left, right in draft.pairs if not left]
        if distractors:
            notes.append(str(rows.NOTE_DISTRACTORS % {"answers": ", ".join(distractors)}))
        pairs = [(left, right) for left, right in draft.pairs if left]
        return rows.DraftRows(
            pairs=[
                MatchPair(
                    left=rows.plain(left, draft.text_format, notes),
                    right=rows.plain(right, draft.text_format, notes),
                    sort_order=position,
                )
                for position, (left, right) in enumerate(pairs)
            ]
        )
