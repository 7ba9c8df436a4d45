"""The one Markdown pipeline: ``render(text) -> str`` gives safe HTML.

Markdown is converted by Python-Markdown, then everything passes through nh3, an allow-list
sanitiser: raw HTML outside the list, ``javascript:`` and ``data:`` URLs, event-handler and style
attributes never survive, whatever the author typed. Images load only from the site's own media
and static files, or over https from a host in ``MARKDOWN_IMAGE_HOSTS``: any other image (a
tracking pixel, say) is replaced by its alt text, so the reader loses nothing.

Other apps extend the pipeline without this module importing them: ``register_html_transform``
adds a function that receives sanitised HTML and returns HTML (the glossary uses it to link
terms). Its output is sanitised again with a profile that also keeps the transforms' own markup,
unless the transform declares ``escapes_output`` (it only inserts fixed markup and escaped
values; the glossary linker does, for speed on long lessons). Author text is always cleaned
with the narrower profile first, so authors cannot fake a transform's markup. A transform that
names a ``cache_key`` lets the whole result be cached: the key says what, besides the text, the
output depends on (the glossary's version and the language, say).

Authors keep a passage from being linked or otherwise transformed by wrapping it:
``{nolink}NPS{/nolink}``.
"""

import hashlib
import html as html_lib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

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
    "span": {"class"},
    "div": {"class"},
}
# What authors may write: "class" only for code languages and the {nolink} marker.
AUTHOR_CLASSES = ("language-", "glossary-nolink")
# What transforms may add on top (the glossary's links and tooltips); authors cannot fake it,
# since their text is cleaned with the narrower profile first.
TRANSFORM_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "a": {"href", "title", "class", "data-term", "aria-describedby"},
    "span": {"class", "id", "role"},
}
TRANSFORM_CLASSES = ("language-", "glossary-")
TRANSFORM_ID_PREFIX = "gt-"
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# The text formats of ``render_format`` (Moodle's four; the question bank's ``Question.Format``).
FORMAT_MARKDOWN, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MOODLE = "markdown", "html", "plain", "moodle"
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "nl2br"]
NOLINK = re.compile(r"\{nolink\}(.*?)\{/nolink\}", re.DOTALL)
NOLINK_CLASS = "glossary-nolink"
BLOCK_BREAKS = re.compile(r"<br\s*/?>|</(?:p|li|h\d|tr|td|th|dd|dt|blockquote|pre)>", re.I)
TAGS = re.compile(r"<[^>]+>")
# nh3's output escapes "<", ">" and quotes inside attribute values, so a tag ends at the first ">".
IMG_TAG = re.compile(r"<img\b[^>]*>")
IMG_ALT = re.compile(r'\salt="([^"]*)"')
# Browsers drop tabs and newlines inside URLs and treat "\" as "/": a source with any of them
# (or other spaces and control characters) is not one we can judge, so it goes.
URL_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")
CACHE_TIMEOUT = 60 * 60 * 24
HELP_TEXT = _(
    "Markdown: **bold**, *italic*, lists with “- ”, links as [text](https://…). Glossary terms "
    "link themselves; wrap a word in {nolink}…{/nolink} to keep it plain."
)


@dataclass(frozen=True)
class HtmlTransform:
    apply: Callable[..., str]
    cache_key: Callable[[], str] | None = None
    escapes_output: bool = False


_transforms: list[HtmlTransform] = []


def register_html_transform(
    apply: Callable[..., str],
    *,
    cache_key: Callable[[], str] | None = None,
    escapes_output: bool = False,
) -> Callable[..., str]:
    """Add ``apply(html, *, suppress) -> html`` to every later ``render``. Idempotent.

    ``suppress`` is the set of names the caller asked not to transform (e.g. glossary slugs).
    ``cache_key()``, if given, returns what else the output depends on; with it, results are
    cached per text and key. The output is sanitised again unless the transform declares
    ``escapes_output``: it only inserts fixed markup and escaped values into HTML it was given
    (the glossary linker, whose speed matters on long lessons)."""
    if all(t.apply is not apply for t in _transforms):
        _transforms.append(
            HtmlTransform(apply=apply, cache_key=cache_key, escapes_output=escapes_output)
        )
    return apply


def unregister_html_transform(apply: Callable[..., str]) -> None:
    """Remove a transform added by ``register_html_transform``; missing ones are ignored."""
    _transforms[:] = [t for t in _transforms if t.apply is not apply]


def image_source_allowed(src: str) -> bool:
    """Whether an image may load from ``src``: a URL under ``MEDIA_URL`` or ``STATIC_URL`` (the
    site's own files; no "." or ".." segments climbing out of them), or an https URL on a host
    in ``MARKDOWN_IMAGE_HOSTS`` exactly (no other port, no user part). Anything else would let
    whoever serves the image see who read the page and when."""
    if not src or URL_UNSAFE_CHARACTERS.search(src):
        return False
    parts = urlsplit(src)
    own = tuple(
        prefix
        for prefix in (settings.MEDIA_URL, settings.STATIC_URL)
        if prefix.startswith("https://") or (prefix.startswith("/") and prefix[1:2] != "/")
    )
    if src.startswith(own):
        segments = unquote(parts.path).split("/")
        return "." not in segments and ".." not in segments
    return parts.scheme == "https" and parts.netloc.lower() in settings.MARKDOWN_IMAGE_HOSTS


def _replace_foreign_images(html: str) -> str:
    # The attribute filter has taken ``src`` off every image it refused; such an image becomes
    # its alt text (already escaped for an attribute, so safe as text).
    def replace(match: re.Match) -> str:
        tag = match.group(0)
        if ' src="' in tag:
            return tag
        alt = IMG_ALT.search(tag)
        return alt.group(1) if alt else ""

    return IMG_TAG.sub(replace, html)


def _attribute_filter(classes: tuple[str, ...], id_prefix: str | None):
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return value if image_source_allowed(value) else None
        if attribute == "class":
            kept = [c for c in value.split() if c.startswith(classes)]
            return " ".join(kept) or None
        if attribute == "id":
            return value if id_prefix and value.startswith(id_prefix) else None
        return value

    return keep


_author_filter = _attribute_filter(AUTHOR_CLASSES, None)
_transform_filter = _attribute_filter(TRANSFORM_CLASSES, TRANSFORM_ID_PREFIX)


def sanitise(html: str) -> str:
    """Return author ``html`` with everything outside the allow-list removed, and images from
    elsewhere than ``image_source_allowed`` permits replaced by their alt text."""
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_author_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _replace_foreign_images(html)


def sanitise_transformed(html: str) -> str:
    """Like ``sanitise``, also keeping the markup transforms add (glossary links, tooltips)."""
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=TRANSFORM_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_transform_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _replace_foreign_images(html)


def plain_text(text: str | None) -> str:
    """``text`` rendered and sanitised with no transforms, as plain text: for excerpts and
    tooltips. Entities are decoded (the caller escapes once, or the template does)."""
    if not text or not text.strip():
        return ""
    converter = markdown_lib.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    html = sanitise(converter.convert(NOLINK.sub(r"\1", text)))
    text = TAGS.sub("", BLOCK_BREAKS.sub(" ", html))
    return " ".join(html_lib.unescape(text).split())


def render(text: str | None, *, suppress: Iterable[str] = ()) -> str:
    """Render Markdown ``text`` to sanitised HTML; empty input gives an empty string.

    Headings start at ``<h2>``: the page title is the only ``<h1>``. ``suppress`` goes to the
    transforms (the glossary links no term whose slug is in it).
    """
    if not text or not text.strip():
        return ""
    suppress = frozenset(suppress)
    key = _cache_key(text, suppress)
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    html = _render_uncached(text, suppress)
    if key is not None:
        cache.set(key, html, CACHE_TIMEOUT)
    return html


def render_format(text: str | None, text_format: str = "markdown", *, suppress=()) -> str:
    """Render ``text`` written in one of Moodle's formats to sanitised HTML, with the same
    transforms as Markdown: ``markdown``; ``html`` (kept as written, ``<pre>`` and all);
    ``plain`` (shown exactly as typed: escaped, blank lines make paragraphs, line breaks stay);
    ``moodle`` (Moodle's auto-format: HTML allowed, line breaks kept)."""
    if text_format in (None, "", FORMAT_MARKDOWN):
        return render(text, suppress=suppress)
    if not text or not text.strip():
        return ""
    if text_format == FORMAT_HTML:
        html = text
    elif text_format == FORMAT_PLAIN:
        html = linebreaks(text, autoescape=True)
    else:
        html = linebreaks(text, autoescape=False)
    return _transformed(sanitise(_demote_h1(html)), frozenset(suppress))


def _render_uncached(text: str, suppress: frozenset[str]) -> str:
    text = NOLINK.sub(lambda m: f'<span class="{NOLINK_CLASS}">{m.group(1)}</span>', text)
    converter = markdown_lib.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return _transformed(sanitise(_demote_h1(converter.convert(text))), suppress)


def _transformed(html: str, suppress: frozenset[str]) -> str:
    for transform in _transforms:
        html = transform.apply(html, suppress=suppress)
        if not transform.escapes_output:
            html = sanitise_transformed(html)
    return html


def _cache_key(text: str, suppress: frozenset[str]) -> str | None:
    if any(t.cache_key is None for t in _transforms):
        return None
    # The image rule is part of the result: a changed host list must not serve old renderings.
    image_rule = ",".join(
        [settings.MEDIA_URL, settings.STATIC_URL, *sorted(settings.MARKDOWN_IMAGE_HOSTS)]
    )
    parts = [image_rule, *(t.cache_key() for t in _transforms)]
    digest = hashlib.sha1(  # noqa: S324 - a cache key, not a security boundary
        "\x00".join([text, ",".join(sorted(suppress)), *parts]).encode()
    ).hexdigest()
    return f"md:{digest}"


def _demote_h1(html: str) -> str:
    return html.replace("<h1>", "<h2>").replace("<h1 ", "<h2 ").replace("</h1>", "</h2>")
