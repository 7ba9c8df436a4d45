"""The company glossary: terms with aliases, plain definitions in Russian and English, and the
version counter every process checks before linking terms into text."""

import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from lms import markdown
from lms.core.models import RelearnMixin

MARKDOWN_HELP = markdown.HELP_TEXT
ERROR_NO_TERM = _("Give the term in Russian, in English, or in both.")
ERROR_NO_DEFINITION = _("Write the definition in the language of the term (%(language)s).")


class GlossaryCategory(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("glossary category")
        verbose_name_plural = _("glossary categories")

    def __str__(self):
        return self.name


class GlossaryTermTag(TaggedItemBase):
    content_object = ParentalKey(
        "glossary.GlossaryTerm", on_delete=models.CASCADE, related_name="tagged_items"
    )


class GlossaryTerm(
    RelearnMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A word colleagues and customers use, explained plainly.

    A term exists in Russian, English or both; aliases (synonyms, abbreviations, spellings)
    link to it as well. Every word form links: authors type the dictionary form only.
    """

    term_ru = models.CharField(_("term (Russian)"), max_length=120, blank=True)
    term_en = models.CharField(_("term (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_(
            "Synonyms, abbreviations and other spellings, one per line or separated by commas. "
            "They link to this term too, in any word form."
        ),
    )
    definition_ru = models.TextField(_("definition (Russian)"), blank=True, help_text=MARKDOWN_HELP)
    definition_en = models.TextField(_("definition (English)"), blank=True, help_text=MARKDOWN_HELP)
    example = models.TextField(
        _("say it like this"),
        blank=True,
        help_text=_("How to use the word with a customer, in one or two sentences."),
    )
    not_to_confuse = models.TextField(
        _("don't confuse with"),
        blank=True,
        help_text=_("A word people mix this one up with, and the difference."),
    )
    category = models.ForeignKey(
        GlossaryCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="terms",
        verbose_name=_("category"),
    )
    related = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("related terms")
    )
    tags = ClusterTaggableManager(through=GlossaryTermTag, blank=True)
    # What an imported file said about each language's text (e.g. a translation status), kept
    # so that exporting gives the file back.
    source_status = models.JSONField(_("status in the source"), default=dict, blank=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="glossaryterm")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="glossaryterm",
        for_concrete_model=False,
    )

    content_panels = [
        MultiFieldPanel([FieldPanel("term_ru"), FieldPanel("definition_ru")], heading=_("Russian")),
        MultiFieldPanel([FieldPanel("term_en"), FieldPanel("definition_en")], heading=_("English")),
        FieldPanel("aliases"),
        FieldPanel("example"),
        FieldPanel("not_to_confuse"),
        FieldPanel("category"),
        FieldPanel("related"),
        FieldPanel("tags"),
        RelearnMixin.relearn_panel(),
    ]
    settings_panels = [FieldPanel("slug"), PublishingPanel()]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        index.SearchField("term_ru", boost=4),
        index.SearchField("term_en", boost=4),
        index.SearchField("aliases", boost=3),
        index.SearchField("definition_ru"),
        index.SearchField("definition_en"),
        index.AutocompleteField("term_ru"),
        index.AutocompleteField("term_en"),
        index.FilterField("live"),
        index.FilterField("category_id"),
    ]

    class Meta:
        ordering = ["term_ru", "term_en"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        indexes = [models.Index(fields=["live", "term_ru"])]

    def __str__(self):
        return self.display_term()

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        self.term_ru, self.term_en = self.term_ru.strip(), self.term_en.strip()
        if not self.term_ru and not self.term_en:
            raise ValidationError({"term_ru": ERROR_NO_TERM})
        if self.term_ru and not self.term_en and not self.definition_ru.strip():
            raise ValidationError({"definition_ru": ERROR_NO_DEFINITION % {"language": "ru"}})
        if self.term_en and not self.term_ru and not self.definition_en.strip():
            raise ValidationError({"definition_en": ERROR_NO_DEFINITION % {"language": "en"}})
        if (
            self.term_ru
            and self.term_en
            and not (self.definition_ru.strip() or self.definition_en.strip())
        ):
            raise ValidationError({"definition_ru": ERROR_NO_DEFINITION % {"language": "ru"}})

    def display_term(self, language: str | None = None) -> str:
        """The term in ``language`` (the active one by default), or in the other language."""
        language = (language or get_language() or "ru")[:2]
        if language == "en":
            return self.term_en or self.term_ru
        return self.term_ru or self.term_en

    def display_definition(self, language: str | None = None) -> str:
        language = (language or get_language() or "ru")[:2]
        if language == "en":
            return self.definition_en or self.definition_ru
        return self.definition_ru or self.definition_en

    def alias_list(self) -> list[str]:
        """Aliases as a clean list, in the order written."""
        parts = [p.strip() for line in self.aliases.splitlines() for p in line.split(",")]
        return [p for p in parts if p]

    def get_absolute_url(self) -> str:
        return reverse("glossary:term", kwargs={"slug": self.slug})

    def get_preview_template(self, request, mode_name):
        return "glossary/term_detail.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["term"] = self
        return context


class GlossaryState(models.Model):
    """One row: the glossary's version, bumped whenever the set of live terms changes. Each
    process compares it with the version its term matcher was built from."""

    version = models.PositiveBigIntegerField(default=1)
    # Changes with every bump: a cache key built from it never meets one from a restored backup
    # or a recreated database that happens to count to the same version.
    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("glossary state")

    def __str__(self):
        return f"glossary v{self.version}"
