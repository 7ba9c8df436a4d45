"""Reads: the glossary terms a lesson's Markdown mentions, exactly as the glossary's auto-linker
links them when the text is shown (``lms.markdown.render``). A lesson's body gives them to
Wagtail's reference index (``LessonStreamBlock.extract_references``), beside the terms its
callout blocks choose, so a change to a term reaches whoever learned a lesson that mentions
it."""

import html
import re
from collections.abc import Iterable, Iterator

from wagtail import blocks

from lms import markdown
from lms.blocks import MarkdownBlock

# The auto-linker's anchor names the term by its slug (``glossary.linking._anchor``).
TERM_LINK = re.compile(r'<a [^>]*class="glossary-term"[^>]*\sdata-term="([^"]+)"')


def markdown_texts(block: blocks.Block, value) -> Iterator[str]:
    """Every Markdown text inside ``value`` of ``block``, however deeply nested."""
    if value is None:
        return
    if isinstance(block, MarkdownBlock):
        if value:
            yield value
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from markdown_texts(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from markdown_texts(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from markdown_texts(block.child_block, item)


def glossary_slugs_linked(*, texts: Iterable[str]) -> set[str]:
    """The slugs of the live terms the auto-linker links in ``texts`` (rendered as shown)."""
    return {
        html.unescape(slug) for text in texts for slug in TERM_LINK.findall(markdown.render(text))
    }


def glossary_mention_references(*, block: blocks.StreamBlock, value) -> Iterator[tuple]:
    """The reference-index entries for the terms each child of a stream ``value`` mentions in
    its Markdown: ``(GlossaryTerm, id, block type, block id)``, one per term and child. One
    query for the whole stream, none when it mentions nothing."""
    from glossary.models import GlossaryTerm

    by_child = []
    for child in value:
        slugs = glossary_slugs_linked(texts=markdown_texts(child.block, child.value))
        if slugs:
            by_child.append((child, slugs))
    if not by_child:
        return
    wanted = set().union(*(slugs for _child, slugs in by_child))
    ids = dict(GlossaryTerm.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    for child, slugs in by_child:
        for pk in sorted({ids[slug] for slug in slugs if slug in ids}):
            yield GlossaryTerm, str(pk), child.block_type, child.id or ""
