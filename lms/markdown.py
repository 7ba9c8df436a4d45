"""The one Markdown pipeline: ``render(text) -> str`` gives safe HTML.

Markdown is converted by Python-Markdown, then everything passes through nh3, an allow-list
sanitiser: raw HTML outside the list, ``javascript:`` and ``data:`` URLs, event-handler and style
attributes never survive, whatever the author typed.

Other apps extend the pipeline without this module importing them: ``register_html_transform``
adds a function that receives sanitised HTML and returns HTML (the glossary uses it to link terms).
Its output is sanitised again, so a transform cannot open a hole either.
"""

from collections.abc import Callable

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dfn", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre",
    "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "code": {"class"},
    "span": {"class", "data-term", "tabindex", "role", "aria-describedby"},
    "dfn": {"class", "id", "role"},
    "div": {"class"},
}
# "class" is limited to names our own transforms and the code highlighter produce.
ALLOWED_CLASS_PREFIXES = ("language-", "term", "glossary-")
URL_SCHEMES = {"http", "https", "mailto", "tel"}
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "nl2br"]

HtmlTransform = Callable[[str], str]
_transforms: list[HtmlTransform] = []


def register_html_transform(transform: HtmlTransform) -> HtmlTransform:
    """Add ``transform`` to every later ``render`` call; usable as a decorator. Idempotent."""
    if transform not in _transforms:
        _transforms.append(transform)
    return transform


def unregister_html_transform(transform: HtmlTransform) -> None:
    """Remove a transform added by ``register_html_transform``; missing ones are ignored."""
    if transform in _transforms:
        _transforms.remove(transform)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [c for c in value.split() if c.startswith(ALLOWED_CLASS_PREFIXES)]
        return " ".join(kept) or None
    return value


def sanitise(html: str) -> str:
    """Return ``html`` with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(text: str | None) -> str:
    """Render Markdown ``text`` to sanitised HTML; empty input gives an empty string.

    Headings start at ``<h2>``: the page title is the only ``<h1>``.
    """
    if not text or not text.strip():
        return ""
    converter = markdown_lib.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    html = sanitise(_demote_h1(converter.convert(text)))
    for transform in _transforms:
        html = sanitise(transform(html))
    return html


def _demote_h1(html: str) -> str:
    return html.replace("<h1>", "<h2>").replace("<h1 ", "<h2 ").replace("</h1>", "</h2>")
