"""Factories for the glossary (``glossary/models.py``).

- ``GlossaryCategoryFactory(name="Тарифы")``: a category, slug from the name.
- ``GlossaryTermFactory(term_ru="Тариф", tags=["b2c"], related=[other])``: a term published the
  way editors publish, through ``save_revision().publish()`` (so Wagtail's ``published`` signal
  bumps the glossary version). ``published=False`` leaves a draft with one revision. Defaults: a
  numbered Russian term with a Russian definition and an ASCII slug.
"""

from django.utils.text import slugify

import factory
from factory.django import DjangoModelFactory

from glossary.models import GlossaryCategory, GlossaryTerm


class GlossaryCategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Категория {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name, allow_unicode=True))

    class Meta:
        model = GlossaryCategory


class GlossaryTermFactory(DjangoModelFactory):
    term_ru = factory.Sequence(lambda n: f"Термин {n}")
    slug = factory.Sequence(lambda n: f"term-{n}")
    definition_ru = factory.LazyAttribute(lambda o: f"Определение: {o.term_ru or o.term_en}.")
    live = False  # until published below

    class Meta:
        model = GlossaryTerm
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(list(extracted))
            obj.save()

    @factory.post_generation
    def related(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.related = list(extracted)
            obj.save()

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.full_clean()
        revision = obj.save_revision()
        if extracted is not False:
            revision.publish()
            obj.refresh_from_db()
