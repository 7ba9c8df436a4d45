from django import template
from django.utils.safestring import mark_safe

from lms import markdown
from lms.people.models import person_name

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render Markdown through the one sanitising pipeline."""
    return mark_safe(markdown.render(text))  # noqa: S308 - render() returns sanitised HTML


@register.filter(name="markdown_text")
def markdown_text_filter(text):
    """Markdown as plain text, with no glossary links or tooltips: for excerpts."""
    return markdown.plain_text(text)


@register.filter(name="person_name")
def person_name_filter(user):
    """How the product names a person (``lms.people.models.person_name``)."""
    return person_name(user) if user is not None else ""
