"""Template filters for questions with gaps (missing word, cloze): what the person has
entered in one gap, whether they came back to the page or the form was shown again."""

from django import template

register = template.Library()


@register.filter
def gap_value(item, gap_id: str):
    """The value entered in gap ``gap_id`` of the displayed question ``item``: the posted
    value when the form is shown again (``item.values``, by field suffix), else the saved one."""
    values = getattr(item, "values", None) or {}
    if gap_id in values:
        return values[gap_id]
    question = getattr(item, "question", None) or {}
    saved = (question.get("response") or {}).get("gaps") or {}
    return saved.get(gap_id, "")


@register.filter
def is_chosen(value, option_id: str) -> bool:
    """Whether ``option_id`` is the value, or one of the values, of a gap."""
    if isinstance(value, list | tuple):
        return option_id in value
    return value == option_id
