"""StreamField blocks shared by more than one app."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from lms import markdown


class MarkdownBlock(blocks.TextBlock):
    """Plain-text Markdown, rendered through the one sanitising pipeline."""

    def __init__(self, rows=6, **kwargs):
        kwargs.setdefault("help_text", markdown.HELP_TEXT)
        super().__init__(rows=rows, **kwargs)

    def render_basic(self, value, context=None):
        return mark_safe(markdown.render(value))  # noqa: S308 - render() returns sanitised HTML

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        description = _("Text written in Markdown")
        preview_value = "Say **what the customer gains**, not what the product has."
