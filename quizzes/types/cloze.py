"""Fill in the gaps: Moodle's embedded answers (cloze), kept verbatim in the question's text.

A gap is ``{weight:TYPE:answers}``: the leading number is the gap's weight among the gaps (empty
means 1), TYPE one of Moodle's (below), the answers separated by ``~``, each ``=`` (right),
``%50%`` (that share of the gap; negative in a multi-response gap) or nothing (wrong), then the
answer and an optional ``#feedback``. A NUMERICAL answer is ``value:tolerance``. Inside a gap
``\\}``, ``\\#``, ``\\~``, ``\\/``, ``\\"`` and ``\\\\`` stand for the character itself. Example:
``Столица {1:SHORTANSWER:=Москва#Верно~%50%Moscow} и {2:MULTICHOICE:=да~нет}``.

``cloze_gaps(text)`` parses the gaps (importers and the editor call it for its errors); the
snapshot keeps them, with the text holding ``_____`` in their places so that nothing of an
answer reaches the learner through the text. Each gap is graded on its own; the question's
share is the gaps' shares weighted by their weights.
"""

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from quizzes.types import AnswerInvalid, Grade, OpaqueIds, QuestionType, register
from quizzes.types.base import ReviewDisplay, single_value
from quizzes.types.missing_word import BLANK, text_parts

SHORT, NUMERIC, CHOICE, MULTI = "short", "numeric", "choice", "multi"
SELECT, VERTICAL, HORIZONTAL = "select", "vertical", "horizontal"

# Moodle's gap types and their aliases: (kind, case-sensitive, display, shuffled).
GAP_TYPES = {
    **dict.fromkeys(("SHORTANSWER", "SA", "MW"), (SHORT, False, "", False)),
    **dict.fromkeys(("SHORTANSWER_C", "SAC", "MWC"), (SHORT, True, "", False)),
    **dict.fromkeys(("NUMERICAL", "NM"), (NUMERIC, False, "", False)),
    **dict.fromkeys(("MULTICHOICE", "MC"), (CHOICE, False, SELECT, False)),
    **dict.fromkeys(("MULTICHOICE_V", "MCV"), (CHOICE, False, VERTICAL, False)),
    **dict.fromkeys(("MULTICHOICE_H", "MCH"), (CHOICE, False, HORIZONTAL, False)),
    **dict.fromkeys(("MULTICHOICE_S", "MCS"), (CHOICE, False, SELECT, True)),
    **dict.fromkeys(("MULTICHOICE_VS", "MCVS"), (CHOICE, False, VERTICAL, True)),
    **dict.fromkeys(("MULTICHOICE_HS", "MCHS"), (CHOICE, False, HORIZONTAL, True)),
    **dict.fromkeys(("MULTIRESPONSE", "MR"), (MULTI, False, VERTICAL, False)),
    **dict.fromkeys(("MULTIRESPONSE_H", "MRH"), (MULTI, False, HORIZONTAL, False)),
    **dict.fromkeys(("MULTIRESPONSE_S", "MRS"), (MULTI, False, VERTICAL, True)),
    **dict.fromkeys(("MULTIRESPONSE_HS", "MRHS"), (MULTI, False, HORIZONTAL, True)),
}
MAX_GAPS = 100
MAX_ANSWER = 500

ERROR_SHAPE = _('Send {"gaps": {"gap id": "your answer"}} (a list of ids for a gap with several).')
ERROR_UNKNOWN_ID = _("That answer names a choice this question does not have.")
ERROR_TOO_LONG = _("The answer is too long.")
ERROR_NO_GAPS = _("Write at least one gap, for example {1:SHORTANSWER:=Москва}.")
ERROR_TOO_MANY = ngettext_lazy(
    "A question may have at most %(max)s gap.", "A question may have at most %(max)s gaps.", "max"
)
ERROR_UNCLOSED = _("Gap %(number)s is not closed: end it with }.")
ERROR_TYPE = _(
    "Gap %(number)s: “%(type)s” is not a gap type (use SHORTANSWER, NUMERICAL, MULTICHOICE or MULTIRESPONSE)."
)
ERROR_FORM = _(
    "Gap %(number)s: write it as {weight:TYPE:answers}, for example {1:SHORTANSWER:=Москва}."
)
ERROR_NO_ANSWERS = _("Gap %(number)s has no answers.")
ERROR_NO_RIGHT = _("Gap %(number)s has no right answer: mark one with = or %%100%%.")
ERROR_PERCENT = _("Gap %(number)s: “%(weight)s” is not a share in per cent from -100 to 100.")
ERROR_NUMBER = _(
    "Gap %(number)s: “%(answer)s” is not a number (write 14 or 3.5, a tolerance after a colon: 14:0.5)."
)
ERROR_EMPTY_ANSWER = _("Gap %(number)s has an empty answer.")
ERROR_MOODLE_NO_GAPS = _("the cloze question has no gaps {1:SHORTANSWER:…} in its text")

# A gap as Moodle finds it: an optional weight, a type, then anything up to an unescaped "}".
_GAP_START = re.compile(r"\{(\d*):([A-Za-z_]+):")
_LOOSE_START = re.compile(r"\{[^{}\s]*:")
_ESCAPES = {"}": "}", "#": "#", "~": "~", "/": "/", '"': '"', "\\": "\\", "=": "=", "%": "%"}


class ClozeError(ValueError):
    """A gap the parser cannot read; ``message`` names it by its number, for the author."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class GapAnswer:
    text: str
    fraction: Decimal  # per cent of the gap, -100..100
    feedback: str = ""
    tolerance: Decimal = Decimal(0)


@dataclass
class Gap:
    weight: int
    kind: str
    case_sensitive: bool
    display: str
    shuffle: bool
    start: int
    end: int  # the gap's place in the text: text[start:end] is "{…}"
    answers: list[GapAnswer] = field(default_factory=list)


def _split_unescaped(body: str, separator: str) -> list[str]:
    """Split on ``separator`` where it is not escaped by a backslash; escapes are kept."""
    pieces, current, index = [], [], 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            current.append(body[index : index + 2])
            index += 2
            continue
        if char == separator:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    pieces.append("".join(current))
    return pieces


def _unescape(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPES:
            out.append(_ESCAPES[text[index + 1]])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _gap_end(text: str, start: int) -> int | None:
    """The index just past the unescaped ``}`` closing the gap whose body starts at ``start``."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == "}":
            return index + 1
        index += 1
    return None


def _answer(raw: str, *, number: int, kind: str) -> GapAnswer:
    raw = raw.strip()
    fraction = Decimal(0)
    if raw.startswith("="):
        fraction, raw = Decimal(100), raw[1:]
    elif raw.startswith("%"):
        closing = raw.find("%", 1)
        weight = raw[1:closing] if closing > 0 else raw[1:]
        try:
            fraction = Decimal(weight)
        except InvalidOperation:
            fraction = None
        if closing < 0 or fraction is None or not fraction.is_finite() or abs(fraction) > 100:
            raise ClozeError(ERROR_PERCENT % {"number": number, "weight": weight})
        raw = raw[closing + 1 :]
    answer, *feedback = _split_unescaped(raw, "#")
    feedback_text = _unescape("#".join(feedback)).strip()
    if kind == NUMERIC:
        value, _sep, tolerance = _unescape(answer).strip().partition(":")
        try:
            number_value = Decimal(value.replace(",", "."))
            tolerance_value = Decimal(tolerance.replace(",", ".")) if tolerance else Decimal(0)
        except InvalidOperation:
            raise ClozeError(ERROR_NUMBER % {"number": number, "answer": value}) from None
        if not number_value.is_finite() or not tolerance_value.is_finite():
            raise ClozeError(ERROR_NUMBER % {"number": number, "answer": value})
        return GapAnswer(str(number_value), fraction, feedback_text, abs(tolerance_value))
    text = _unescape(answer).strip()
    if not text:
        raise ClozeError(ERROR_EMPTY_ANSWER % {"number": number})
    return GapAnswer(text, fraction, feedback_text)


def cloze_gaps(text: str) -> list[Gap]:
    """The gaps of a cloze text, in order. Raises ``ClozeError`` naming the first gap (by its
    number, counted from 1) that cannot be read, and for a text without gaps."""
    gaps: list[Gap] = []
    index = 0
    while True:
        loose = _LOOSE_START.search(text, index)
        if loose is None:
            break
        number = len(gaps) + 1
        match = _GAP_START.match(text, loose.start())
        if match is None:
            raise ClozeError(ERROR_FORM % {"number": number})
        gap_type = match.group(2).upper()
        if gap_type not in GAP_TYPES:
            raise ClozeError(ERROR_TYPE % {"number": number, "type": match.group(2)})
        end = _gap_end(text, match.end())
        if end is None:
            raise ClozeError(ERROR_UNCLOSED % {"number": number})
        kind, case_sensitive, display, shuffle = GAP_TYPES[gap_type]
        gap = Gap(
            weight=int(match.group(1)) if match.group(1) else 1,
            kind=kind,
            case_sensitive=case_sensitive,
            display=display,
            shuffle=shuffle,
            start=loose.start(),
            end=end,
        )
        body = text[match.end() : end - 1]
        gap.answers = [
            _answer(raw, number=number, kind=kind)
            for raw in _split_unescaped(body, "~")
            if raw.strip()
        ]
        if not gap.answers:
            raise ClozeError(ERROR_NO_ANSWERS % {"number": number})
        if not any(a.fraction == 100 for a in gap.answers) and kind != MULTI:
            raise ClozeError(ERROR_NO_RIGHT % {"number": number})
        if kind == MULTI and not any(a.fraction > 0 for a in gap.answers):
            raise ClozeError(ERROR_NO_RIGHT % {"number": number})
        gaps.append(gap)
        if len(gaps) > MAX_GAPS:
            raise ClozeError(ERROR_TOO_MANY % {"max": MAX_GAPS})
        index = end
    if not gaps:
        raise ClozeError(ERROR_NO_GAPS)
    return gaps


def cloze_text_without_gaps(text: str, gaps: list[Gap]) -> str:
    """``text`` with each gap replaced by ``BLANK``: what the learner may read."""
    out, index = [], 0
    for gap in gaps:
        out.append(text[index : gap.start])
        out.append(BLANK)
        index = gap.end
    out.append(text[index:])
    return "".join(out)


def _short_matches(given: str, expected: str, *, case_sensitive: bool) -> bool:
    """Moodle's short answer: spaces at the ends ignored, ``*`` matches anything."""
    given = " ".join(given.split())
    expected = " ".join(expected.split())
    pattern = ".*".join(re.escape(piece) for piece in expected.split("*"))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(pattern, given, flags) is not None


def _gap_fraction(gap: dict, value) -> Decimal:
    """The share (0…1) of one gap that ``value`` earns."""
    if value in (None, "", []):
        return Decimal(0)
    answers = gap["answers"]
    if gap["kind"] == MULTI:
        chosen = set(value)
        total = sum((Decimal(a["fraction"]) for a in answers if a["id"] in chosen), Decimal(0))
        return max(Decimal(0), min(Decimal(100), total)) / 100
    if gap["kind"] == CHOICE:
        best = next((a for a in answers if a["id"] == value), None)
        return max(Decimal(0), Decimal(best["fraction"])) / 100 if best else Decimal(0)
    if gap["kind"] == NUMERIC:
        try:
            number = Decimal(str(value).replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            return Decimal(0)
        if not number.is_finite():
            return Decimal(0)
        shares = [
            Decimal(a["fraction"])
            for a in answers
            if abs(number - Decimal(a["text"])) <= Decimal(a["tolerance"])
        ]
        return max(Decimal(0), max(shares, default=Decimal(0))) / 100
    # The first matching answer counts, as in Moodle (a trailing "*" catches the rest).
    for answer in answers:
        if _short_matches(str(value), answer["text"], case_sensitive=gap["case_sensitive"]):
            return max(Decimal(0), Decimal(answer["fraction"])) / 100
    return Decimal(0)


def _right_value(gap: dict):
    if gap["kind"] == MULTI:
        return [a["id"] for a in gap["answers"] if Decimal(a["fraction"]) > 0]
    best = max(gap["answers"], key=lambda a: Decimal(a["fraction"]))
    return best["id"] if gap["kind"] == CHOICE else best["text"]


@register
class Cloze(QuestionType):
    code = "cloze"
    template = "quizzes/types/cloze.html"
    draws_text = True
    answer_shape = ERROR_SHAPE

    def snapshot(self, question, *, shuffle: bool, rng: random.Random, ids: OpaqueIds) -> dict:
        try:
            gaps = cloze_gaps(question.text)
        except ClozeError:
            # A question saved before its gaps were checked: shown without gaps, never right.
            return {"text": question.text.replace("{", "(").replace("}", ")"), "gaps": []}
        frozen = []
        for gap in gaps:
            answers = [
                {
                    "id": ids.new(),
                    "text": a.text,
                    "fraction": str(a.fraction),
                    "feedback": a.feedback,
                    "tolerance": str(a.tolerance),
                }
                for a in gap.answers
            ]
            if gap.kind in (CHOICE, MULTI) and (shuffle or gap.shuffle):
                rng.shuffle(answers)
            frozen.append(
                {"id": ids.new(), "weight": gap.weight, "kind": gap.kind,
                 "case_sensitive": gap.case_sensitive, "display": gap.display,
                 "answers": answers}
            )  # fmt: skip
        return {"text": cloze_text_without_gaps(question.text, gaps), "gaps": frozen}

    def public(self, snapshot: dict) -> dict:
        gaps = [
            {
                "id": gap["id"],
                "kind": gap["kind"],
                "display": gap["display"],
                "options": (
                    [{"id": a["id"], "text": a["text"]} for a in gap["answers"]]
                    if gap["kind"] in (CHOICE, MULTI)
                    else []
                ),
            }
            for gap in snapshot["gaps"]
        ]
        by_id = {gap["id"]: gap for gap in gaps}
        parts = text_parts(
            snapshot["text"], snapshot.get("text_format"), [g["id"] for g in snapshot["gaps"]]
        )
        for part in parts:
            if "gap" in part:
                part["field"] = by_id[part["gap"]]
        return {"gaps": gaps, "parts": parts}

    def clean(self, snapshot: dict, data) -> dict:
        if not isinstance(data, dict) or not isinstance(data.get("gaps"), dict):
            raise AnswerInvalid(ERROR_SHAPE)
        gaps = {gap["id"]: gap for gap in snapshot["gaps"]}
        cleaned = {}
        for key, value in data["gaps"].items():
            gap = gaps.get(str(key))
            if gap is None:
                raise AnswerInvalid(ERROR_UNKNOWN_ID)
            known = {a["id"] for a in gap["answers"]}
            if gap["kind"] == MULTI:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise AnswerInvalid(ERROR_SHAPE)
                if not set(value) <= known:
                    raise AnswerInvalid(ERROR_UNKNOWN_ID)
                cleaned[str(key)] = list(dict.fromkeys(value))
                continue
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise AnswerInvalid(ERROR_SHAPE)
            value = str(value)
            if len(value) > MAX_ANSWER:
                raise AnswerInvalid(ERROR_TOO_LONG)
            if gap["kind"] == CHOICE and value and value not in known:
                raise AnswerInvalid(ERROR_UNKNOWN_ID)
            cleaned[str(key)] = value
        return {"gaps": cleaned}

    def gap_fractions(self, snapshot: dict, response: dict) -> list[Decimal]:
        """Each gap's share (0…1) of its weight, in the order of the text."""
        given = response.get("gaps") or {}
        return [_gap_fraction(gap, given.get(gap["id"])) for gap in snapshot["gaps"]]

    def grade(self, snapshot: dict, response: dict) -> Grade:
        gaps = snapshot["gaps"]
        total_weight = sum(Decimal(g["weight"]) for g in gaps)
        if not total_weight:
            return Grade.wrong()
        fractions = self.gap_fractions(snapshot, response)
        earned = sum(
            (Decimal(g["weight"]) * f for g, f in zip(gaps, fractions, strict=True)), Decimal(0)
        )
        correct = all(f == 1 for f in fractions)
        return Grade(Decimal(1) if correct else earned / total_weight, correct)

    def review(self, snapshot: dict) -> dict:
        return {
            "gaps": [
                {
                    "id": gap["id"],
                    "kind": gap["kind"],
                    "answers": [
                        {
                            "id": a["id"],
                            "text": a["text"],
                            "fraction": a["fraction"],
                            "feedback": a["feedback"],
                        }
                        for a in gap["answers"]
                    ],  # fmt: skip
                }
                for gap in snapshot["gaps"]
            ],
            "right_answer": {"gaps": {gap["id"]: _right_value(gap) for gap in snapshot["gaps"]}},
        }

    def review_display(self, review: dict) -> ReviewDisplay:
        # Each gap in the order of the text: what was typed or chosen, and the right one.
        given = (review.get("response") or {}).get("gaps") or {}
        right_answer = review.get("right_answer")
        texts = {
            option["id"]: option["text"] for gap in review.get("gaps", []) for option in
            gap.get("options", []) + gap.get("answers", [])
        }  # fmt: skip

        def words(gap: dict, value) -> str:
            values = value if isinstance(value, list) else [value]
            shown = [texts.get(v, v) if gap["kind"] in (CHOICE, MULTI) else v for v in values]
            return ", ".join(str(v) for v in shown if v not in (None, "")) or "—"

        gaps = review.get("gaps", [])
        shown_given = [words(gap, given.get(gap["id"])) for gap in gaps]
        return ReviewDisplay(
            given=shown_given if any(v != "—" for v in shown_given) else [],
            right=None
            if right_answer is None
            else [words(gap, right_answer["gaps"].get(gap["id"])) for gap in gaps],
        )

    def form_fields(self, question: dict, saved: dict) -> dict:
        given = saved.get("gaps") or {}
        fields = {}
        for gap in question["gaps"]:
            options = [(o["id"], o["text"]) for o in gap["options"]]
            if gap["kind"] == MULTI:
                field_ = forms.MultipleChoiceField(choices=options, required=False)
                fields[gap["id"]] = (field_, given.get(gap["id"]) or [])
            elif gap["kind"] == CHOICE:
                field_ = forms.ChoiceField(choices=[("", "—"), *options], required=False)
                fields[gap["id"]] = (field_, given.get(gap["id"], ""))
            else:
                field_ = forms.CharField(max_length=MAX_ANSWER, required=False, strip=False)
                fields[gap["id"]] = (field_, given.get(gap["id"], ""))
        return fields

    def form_display(self, question: dict, value) -> dict:
        # One value per gap: a list for a gap with several options, else the one value.
        return {
            "values": {
                gap["id"]: (
                    [v for v in (value(gap["id"]) or []) if v]
                    if gap["kind"] == MULTI
                    else single_value(value(gap["id"]))
                )
                for gap in question["gaps"]
            }
        }

    def form_answer(self, question: dict, values: dict) -> dict | None:
        gaps = {
            gap["id"]: values[gap["id"]]
            for gap in question["gaps"]
            if values.get(gap["id"]) not in (None, "", [])
        }
        return {"gaps": gaps} if gaps else None

    def parts_errors(self, parts: dict) -> list:
        text = parts.get("text")
        if text is None:
            return []
        try:
            cloze_gaps(text)
        except ClozeError as error:
            return [("text", error.message)]
        return []

    def option_counts(self, snapshot: dict, response: dict) -> list[str]:
        return [text for _gap, text in self.option_counts_by_part(snapshot, response)]

    def option_counts_by_part(self, snapshot: dict, response: dict) -> list[tuple[int, str]]:
        """The options picked in the drop-down and tick-box gaps, by the gap's number (from 1,
        in the text's order); typed gaps have no options to count."""
        given = response.get("gaps") or {}
        picked = []
        for number, gap in enumerate(snapshot["gaps"], start=1):
            if gap["kind"] not in (CHOICE, MULTI):
                continue
            value = given.get(gap["id"])
            chosen = set(value) if isinstance(value, list) else {value}
            picked.extend((number, a["text"]) for a in gap["answers"] if a["id"] in chosen)
        return picked

    # --- File formats -----------------------------------------------------------------------
    # GIFT cannot hold a cloze (the default says so); Moodle XML keeps the gaps in the text.

    def moodle_xml_type(self, question):
        return "multianswer"

    def moodle_xml_write(self, element, question, writer):
        pass  # the gaps are in the text, in Moodle's own syntax

    moodle_xml_reads = ("multianswer",)

    def moodle_xml_read(self, element, draft, reader):
        """The text is kept in Moodle's embedded-answers syntax; it must hold a gap."""
        if not _GAP_START.search(draft.text):
            reader.error(ERROR_MOODLE_NO_GAPS)


__all__ = ["Cloze", "ClozeError", "Gap", "GapAnswer", "cloze_gaps", "cloze_text_without_gaps"]
