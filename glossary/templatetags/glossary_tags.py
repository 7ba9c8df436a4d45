from dataclasses import dataclass

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from glossary.linking import plain_tip
from lms import markdown

register = template.Library()


@dataclass(frozen=True)
class OtherLanguage:
    language: str
    text: str
    html: str = ""


def _languages() -> tuple[str, str]:
    current = (get_language() or "ru")[:2]
    return current, "en" if current == "ru" else "ru"


@register.simple_tag
def other_language_term(term):
    """The term in the language not shown, if it differs from the one shown."""
    current, other = _languages()
    text = getattr(term, f"term_{other}", "")
    if text and text != term.display_term(current):
        return OtherLanguage(language=other, text=text)
    return None


@register.simple_tag
def term_definition(term):
    """The definition in the active language (or the other), rendered; the term itself is not
    linked on its own page."""
    return mark_safe(markdown.render(term.display_definition(), suppress={term.slug}))  # noqa: S308


@register.simple_tag
def other_language_definition(term):
    current, other = _languages()
    text = getattr(term, f"definition_{other}", "")
    if text and text != term.display_definition(current):
        return OtherLanguage(
            language=other,
            text=text,
            html=mark_safe(markdown.render(text, suppress={term.slug})),  # noqa: S308
        )
    return None


@register.simple_tag
def term_tip(term):
    """The definition as one short plain line, as in the tooltips."""
    return plain_tip(term.display_definition())
