"""Glossary data for tests, made the way editors make it.

- ``term_create(term_ru="Тариф", definition_ru="…", related=[other], tags=["b2c"])``: a term
  validated with ``full_clean`` and published through ``save_revision().publish()``, so
  Wagtail's ``published`` signal bumps the glossary version exactly as the admin does.
- ``term_draft_create(...)``: the same, saved with a revision but never published.
- ``category_create(name="Тарифы")``: a category (slug from the name unless given).

Defaults: a numbered Russian term with a Russian definition; the slug is an ASCII one built
from a counter unless ``slug`` is given.
"""

import itertools

from django.utils.text import slugify

from glossary.models import GlossaryCategory, GlossaryTerm

_numbers = itertools.count(1)


def _term_build(*, related=(), tags=(), **fields) -> GlossaryTerm:
    number = next(_numbers)
    if "term_ru" not in fields and "term_en" not in fields:
        fields["term_ru"] = f"Термин {number}"
    if "definition_ru" not in fields and "definition_en" not in fields:
        fields["definition_ru"] = f"Определение термина номер {number}."
    fields.setdefault("slug", f"term-{number}")
    term = GlossaryTerm(live=False, **fields)
    term.full_clean()
    term.save()
    if related or tags:
        term.related = list(related)
        term.tags.set(list(tags))
        term.save()
    return term


def term_draft_create(*, related=(), tags=(), **fields) -> GlossaryTerm:
    """A term with a saved revision that was never published (``live=False``)."""
    term = _term_build(related=related, tags=tags, **fields)
    term.save_revision()
    return term


def term_create(*, related=(), tags=(), **fields) -> GlossaryTerm:
    """A published term (``live=True``); see the module docstring."""
    term = _term_build(related=related, tags=tags, **fields)
    term.save_revision().publish()
    term.refresh_from_db()
    return term


def category_create(*, name: str | None = None, slug: str | None = None) -> GlossaryCategory:
    name = name or f"Категория {next(_numbers)}"
    return GlossaryCategory.objects.create(
        name=name, slug=slug or slugify(name, allow_unicode=True)
    )
