"""Glossary tooltips inside a question never give its answer away.

A question's text links glossary terms like any text, and a term's tooltip shows its
definition. A term whose definition says an answer of the question (an option's text, an
accepted answer, a number, a pair, a gap's answer) is therefore not linked in that question.

The answers are read from the question's snapshot without knowing its type: every text and
number in it except the question's own text and explanation, the ids and the weights. A new
type's snapshot is covered as long as it keeps its answers in it.
"""

from decimal import Decimal, InvalidOperation

from glossary.linking import terms_revealing

# The question's own words (top level of the snapshot only: an option's "text" is an answer).
_QUESTION = {"text", "explanation"}
# Keys that hold no answer at any level: identifiers, formats and scoring.
_NOT_ANSWERS = {
    "text_format", "explanation_format", "type", "question_id", "id",
    "points", "weight", "tolerance", "right_order", "right_pairs", "title", "matching_credit",
    "grading_notes", "correct", "feedback", "partial_credit",
}  # fmt: skip


def _number(text: str) -> str:
    """A number as people write it ("14.50" → "14.5", "14.00" → "14"); other text as is."""
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    return f"{number.normalize():f}"


def answer_phrases(snapshot: dict) -> set[str]:
    """Every answer-like text or number in ``snapshot``."""
    phrases: set[str] = set()

    def walk(value, key=None):
        if key in _NOT_ANSWERS:
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item, key)
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, str | int | float):
            text = str(value).strip()
            if text:
                phrases.add(text)
                phrases.add(_number(text))

    for key, value in snapshot.items():
        if key not in _QUESTION:
            walk(value, key)
    return phrases


def terms_hidden_in(snapshot: dict) -> frozenset[str]:
    """The glossary slugs not to link in the question of ``snapshot``."""
    return terms_revealing(answer_phrases(snapshot))
