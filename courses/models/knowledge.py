"""Knowledge content authored in Wagtail: product cards, cheat-sheets, CRM tutorials, the bonus
scheme, service standards and the documents guide.

Repeating parts that carry an image or a document are orderables (so one prefetch loads them
all, renditions included); repeating text is StreamField (one column, no extra queries).
"""

import json
from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PreviewableMixin, RevisionMixin
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from courses import blocks as course_blocks
from courses.forms import BonusCalculatorForm, BonusSchemePageForm
from courses.panels import CrmReviewPanel
from lms import markdown
from lms.core.models import RelearnMixin

MARKDOWN_HELP = markdown.HELP_TEXT
DESCRIPTION_MAX_LENGTH = 1200
DESCRIPTION_HINT = (400, 800)

# Which count stands for each plural category the browser's Intl.PluralRules names, in Russian
# (1, 2, 5) and English (1, then 2 and 5 both "other"); "other" is only fractions in Russian.
PLURAL_SAMPLES = (("one", 1), ("few", 2), ("many", 5), ("other", 5))


def length_hint_forms() -> str:
    """The live length hint's words for each plural category, as JSON for
    ``data-length-hint-forms``: courses/js/length-hint.js picks one with Intl.PluralRules."""
    forms = {
        category: ngettext(
            "{n} character; a good description has {min}–{max}.",
            "{n} characters; a good description has {min}–{max}.",
            count,
        )
        for category, count in PLURAL_SAMPLES
    }
    return json.dumps(forms, ensure_ascii=False)


class IntroMixin(models.Model):
    """A short Markdown introduction shown at the top of a page."""

    intro = models.TextField(_("introduction"), blank=True, help_text=MARKDOWN_HELP)

    search_fields = [index.SearchField("intro")]

    class Meta:
        abstract = True


# --- The tree ------------------------------------------------------------------------------


class HomePage(IntroMixin, Page):
    """The site root: the entrance to the knowledge base (and, later, the learner's plan)."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.KnowledgeIndexPage", "courses.CourseIndexPage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + IntroMixin.search_fields

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import (
            certifications_for_person,
            knowledge_sections,
            plan_for_learner,
        )

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = knowledge_sections()
        # The page is private, but Wagtail may render it for a request without a signed-in user.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        context["plan"] = plan_for_learner(user=user) if signed_in else None
        context["certifications"] = certifications_for_person(user=user) if signed_in else []
        return context


class KnowledgeIndexPage(IntroMixin, Page):
    """The knowledge base: its sections and a search over everything below it."""

    parent_page_types = ["courses.HomePage"]
    subpage_types = [
        "courses.ProductIndexPage",
        "courses.CrmTutorialIndexPage",
        "courses.BonusSchemePage",
        "courses.ServiceStandardsPage",
        "courses.DocumentsGuidePage",
    ]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + IntroMixin.search_fields

    class Meta:
        verbose_name = _("knowledge base")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import knowledge_search, knowledge_sections

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        context["query"] = query
        # Search results replace the sections: load only what the page shows.
        context["results"] = knowledge_search(query=query, index=self) if query else None
        context["sections"] = knowledge_sections(index=self) if not query else []
        return context


class ProductIndexPage(IntroMixin, Page):
    parent_page_types = ["courses.KnowledgeIndexPage"]
    subpage_types = ["courses.ProductCardPage", "courses.CheatSheetPage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + IntroMixin.search_fields

    class Meta:
        verbose_name = _("product catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import cheat_sheet_list, product_card_list

        context = super().get_context(request, *args, **kwargs)
        context["products"] = product_card_list(index=self)
        context["cheat_sheets"] = cheat_sheet_list(index=self)
        return context


# --- Product cards and the cheat-sheet -------------------------------------------------------


class ProductCardPage(RelearnMixin, Page):
    parent_page_types = ["courses.ProductIndexPage"]
    subpage_types = []

    pitch = models.CharField(
        _("one-line pitch"),
        max_length=140,
        help_text=_("What the customer gets, in one line a customer would say back to you."),
    )
    description = models.TextField(
        _("plain description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        # A TextField's max_length only shapes the admin widget; the validator enforces it.
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        help_text=format_lazy(
            # The noun follows the range's upper end: «400–800 символов», «400–801 символ».
            ngettext_lazy(
                "Short and plain: aim for {min}–{good} character, {max} at most. No jargon; "
                "write it as you would explain it to a friend. Markdown allowed.",
                "Short and plain: aim for {min}–{good} characters, {max} at most. No jargon; "
                "write it as you would explain it to a friend. Markdown allowed.",
                DESCRIPTION_HINT[1],
            ),
            min=DESCRIPTION_HINT[0],
            good=DESCRIPTION_HINT[1],
            max=DESCRIPTION_MAX_LENGTH,
        ),
    )
    audience = models.TextField(
        _("who it is for"),
        blank=True,
        help_text=_("Which customers this suits, and how to recognise them in a conversation."),
    )
    benefits = StreamField(
        [("benefit", course_blocks.BenefitBlock())], blank=True, verbose_name=_("key benefits")
    )
    usps = StreamField(
        [("usp", course_blocks.UspBlock())], blank=True, verbose_name=_("USPs against competitors")
    )
    objections = StreamField(
        [("objection", course_blocks.ObjectionBlock())],
        blank=True,
        verbose_name=_("objections and answers"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("pitch"),
        FieldPanel(
            "description",
            widget=forms.Textarea(
                attrs={
                    "rows": 8,
                    "data-length-hint": f"{DESCRIPTION_HINT[0]},{DESCRIPTION_HINT[1]}",
                    "data-length-hint-forms": lazy(length_hint_forms, str)(),
                }
            ),
        ),
        FieldPanel("audience"),
        FieldPanel("benefits"),
        FieldPanel("usps"),
        FieldPanel("objections"),
        InlinePanel("images", label=_("Images")),
        InlinePanel("materials", label=_("Marketing materials")),
        RelearnMixin.relearn_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("pitch"),
        index.SearchField("description"),
        index.SearchField("audience"),
        index.SearchField("usps"),
        index.SearchField("objections"),
    ]

    class Meta:
        verbose_name = _("product card")
        verbose_name_plural = _("product cards")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import product_card_images, product_card_materials

        context = super().get_context(request, *args, **kwargs)
        context["images"] = product_card_images(card=self)
        context["materials"] = product_card_materials(card=self)
        return context


class ProductCardImage(Orderable):
    page = ParentalKey(ProductCardPage, on_delete=models.CASCADE, related_name="images")
    # related_name="+": an image does not need a reverse accessor back to every card using it.
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class ProductCardMaterial(Orderable):
    page = ParentalKey(ProductCardPage, on_delete=models.CASCADE, related_name="materials")
    # SET_NULL: deleting a file from the library keeps the advice written around it.
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(_("title"), max_length=160)
    when_to_show = models.TextField(
        _("when to show it"), help_text=_("The moment in the conversation this helps.")
    )
    what_to_say = models.TextField(
        _("what to say"), help_text=_("The words that go with it while the customer looks.")
    )

    panels = [
        FieldPanel("document"),
        FieldPanel("title"),
        FieldPanel("when_to_show"),
        FieldPanel("what_to_say"),
    ]


class CheatSheetPage(IntroMixin, Page):
    """One printable screen: chosen products' pitches and USPs plus company-wide advantages."""

    parent_page_types = ["courses.ProductIndexPage"]
    subpage_types = []

    company_advantages = StreamField(
        [("advantage", course_blocks.AdvantageBlock())],
        blank=True,
        verbose_name=_("company advantages"),
    )
    footer_note = models.CharField(
        _("footer note"),
        max_length=200,
        blank=True,
        help_text=_("Printed at the bottom, e.g. the hotline number."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("products", label=_("Products"), min_num=1),
        FieldPanel("company_advantages"),
        FieldPanel("footer_note"),
    ]
    search_fields = Page.search_fields + IntroMixin.search_fields

    class Meta:
        verbose_name = _("USP cheat-sheet")
        verbose_name_plural = _("USP cheat-sheets")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import cheat_sheet_products

        context = super().get_context(request, *args, **kwargs)
        context["products"] = cheat_sheet_products(sheet=self)
        return context


class CheatSheetProduct(Orderable):
    page = ParentalKey(CheatSheetPage, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey(
        ProductCardPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    usp_count = models.PositiveSmallIntegerField(
        _("USPs to show"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text=_("How many of the card's USPs fit on the sheet, from the top."),
    )

    panels = [FieldPanel("product"), FieldPanel("usp_count")]


# --- CRM ----------------------------------------------------------------------------------


class CrmFeature(index.Indexed, models.Model):
    """One function of the CRM that some job role uses."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    module = models.CharField(
        _("CRM module"), max_length=120, blank=True, help_text=_("Where it lives in the CRM menu.")
    )
    description = models.TextField(_("description"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("CRM feature")
        verbose_name_plural = _("CRM features")

    def __str__(self):
        return self.name


class CrmRelease(RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """A CRM version: what changed, and which features it touched."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    released_on = models.DateField(_("released on"))
    summary = models.TextField(_("what changed"), blank=True, help_text=MARKDOWN_HELP)
    changed_features = ParentalManyToManyField(
        CrmFeature, blank=True, related_name="releases", verbose_name=_("changed features")
    )

    panels = [
        FieldPanel("version"),
        FieldPanel("released_on"),
        FieldPanel("summary"),
        FieldPanel("changed_features"),
    ]
    search_fields = [index.SearchField("version"), index.SearchField("summary")]

    class Meta:
        ordering = ["-released_on"]
        verbose_name = _("CRM release")
        verbose_name_plural = _("CRM releases")

    def __str__(self):
        return self.version

    def get_preview_template(self, request, mode_name):
        return "courses/crm_release_preview.html"


class CrmTutorialIndexPage(IntroMixin, Page):
    parent_page_types = ["courses.KnowledgeIndexPage"]
    subpage_types = ["courses.CrmTutorialPage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + IntroMixin.search_fields

    class Meta:
        verbose_name = _("CRM tutorials")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import crm_tutorial_list_for_user

        context = super().get_context(request, *args, **kwargs)
        listing = crm_tutorial_list_for_user(
            index=self, user=request.user, show_all=request.GET.get("all") == "1"
        )
        context.update(
            tutorials=listing.tutorials, job_role=listing.job_role, show_all=listing.show_all
        )
        return context


class CrmTutorialPage(RelearnMixin, Page):
    parent_page_types = ["courses.CrmTutorialIndexPage"]
    subpage_types = []

    feature = models.ForeignKey(
        CrmFeature,
        on_delete=models.PROTECT,
        related_name="tutorials",
        verbose_name=_("CRM feature"),
    )
    job_roles = ParentalManyToManyField(
        "people.JobRole",
        blank=True,
        related_name="crm_tutorials",
        verbose_name=_("job roles that use it"),
    )
    crm_version = models.CharField(
        _("CRM version"), max_length=40, help_text=_("The version the screenshots show.")
    )
    summary = models.TextField(
        _("what you will be able to do"),
        help_text=MARKDOWN_HELP,
        max_length=600,
        validators=[MaxLengthValidator(600)],
    )
    not_needed = models.TextField(
        _("what your role does not need"),
        blank=True,
        help_text=_("Buttons and screens to ignore, so nobody learns more than the job needs."),
    )

    content_panels = Page.content_panels + [
        CrmReviewPanel(),
        FieldPanel("feature"),
        FieldPanel("job_roles"),
        FieldPanel("crm_version"),
        FieldPanel("summary"),
        InlinePanel("steps", label=_("Steps"), min_num=1),
        FieldPanel("not_needed"),
        RelearnMixin.relearn_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("not_needed"),
        index.RelatedFields("feature", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("CRM tutorial")
        verbose_name_plural = _("CRM tutorials")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import crm_tutorial_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(crm_tutorial_detail(tutorial=self))
        return context


class CrmTutorialStep(Orderable):
    page = ParentalKey(CrmTutorialPage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=160)
    text = models.TextField(_("what to do"), help_text=MARKDOWN_HELP)
    screenshot = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screenshot"),
    )
    tip = models.CharField(_("tip"), max_length=240, blank=True)

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("screenshot"), FieldPanel("tip")]


# --- Bonus scheme ----------------------------------------------------------------------------


class BonusSchemePage(RelearnMixin, IntroMixin, Page):
    """The bonus scheme in plain words, with worked examples and a what-if calculator."""

    parent_page_types = ["courses.KnowledgeIndexPage"]
    subpage_types = []

    target_bonus = models.DecimalField(
        _("bonus at 100 %"),
        max_digits=10,
        decimal_places=2,
        help_text=_("What a person earns in a month when every component is exactly on target."),
    )
    currency = models.CharField(_("currency"), max_length=8, default="₽")
    payout_floor = models.PositiveSmallIntegerField(
        _("payout floor, %"),
        default=70,
        validators=[MaxValueValidator(100)],
        help_text=_("Below this share of its target a component pays nothing."),
    )
    payout_cap = models.PositiveSmallIntegerField(
        _("payout cap, %"),
        default=120,
        validators=[MinValueValidator(100), MaxValueValidator(300)],
        help_text=_("Results above this share of the target pay no more."),
    )
    examples = StreamField(
        [("example", course_blocks.BonusExampleBlock())],
        blank=True,
        verbose_name=_("worked examples"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("target_bonus"),
                FieldPanel("currency"),
                FieldPanel("payout_floor"),
                FieldPanel("payout_cap"),
            ],
            heading=_("How the money is counted"),
        ),
        InlinePanel("components", label=_("Components"), min_num=1),
        FieldPanel("examples"),
        RelearnMixin.relearn_panel(),
    ]
    search_fields = (
        Page.search_fields
        + IntroMixin.search_fields
        + [
            index.RelatedFields(
                "components", [index.SearchField("metric"), index.SearchField("meaning")]
            ),
        ]
    )
    base_form_class = BonusSchemePageForm

    class Meta:
        verbose_name = _("bonus-scheme explainer")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import bonus_components, bonus_scheme_detail

        context = super().get_context(request, *args, **kwargs)
        components = bonus_components(scheme=self)
        # The what-if calculator is a GET form: a person's numbers stay in the address bar
        # and in the fields, valid or not.
        submitted = any(key.startswith("c") for key in request.GET)
        form = BonusCalculatorForm(request.GET if submitted else None, components=components)
        actuals = form.actuals() if submitted and form.is_valid() else None
        context.update(bonus_scheme_detail(scheme=self, components=components, actuals=actuals))
        context["calculator"] = form
        return context


class BonusComponent(Orderable):
    page = ParentalKey(BonusSchemePage, on_delete=models.CASCADE, related_name="components")
    metric = models.CharField(_("metric"), max_length=80, help_text=_("E.g. CSAT, FCR, sales."))
    meaning = models.TextField(_("what it means"), help_text=_("In words a newcomer uses."))
    how_measured = models.TextField(_("how it is measured"))
    weight = models.PositiveSmallIntegerField(
        _("weight, %"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the bonus this component carries; all weights add up to 100."),
    )
    target = models.DecimalField(
        _("target"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("E.g. %, points."))
    higher_is_better = models.BooleanField(
        _("higher is better"),
        default=True,
        help_text=_("Untick for metrics where less is better, such as waiting time."),
    )

    panels = [
        FieldPanel("metric"),
        FieldPanel("meaning"),
        FieldPanel("how_measured"),
        FieldPanel("weight"),
        FieldPanel("target"),
        FieldPanel("unit"),
        FieldPanel("higher_is_better"),
    ]

    def __str__(self):
        return self.metric


# --- Service standards and documents -----------------------------------------------------------


class ServiceStandardsPage(RelearnMixin, IntroMixin, Page):
    parent_page_types = ["courses.KnowledgeIndexPage"]
    subpage_types = []

    phrases = StreamField(
        [("phrase", course_blocks.PhraseBlock())],
        blank=True,
        verbose_name=_("phrases to use and to avoid"),
    )
    one_window_rule = models.TextField(
        _("the “one window” rule"), blank=True, help_text=MARKDOWN_HELP
    )
    apologising = models.TextField(_("how to apologise"), blank=True, help_text=MARKDOWN_HELP)
    upselling = models.TextField(
        _("when an upsell helps the customer"), blank=True, help_text=MARKDOWN_HELP
    )
    body = StreamField(
        [("section", course_blocks.SectionBlock())], blank=True, verbose_name=_("more sections")
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("phrases"),
        FieldPanel("one_window_rule"),
        FieldPanel("apologising"),
        FieldPanel("upselling"),
        FieldPanel("body"),
        RelearnMixin.relearn_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("phrases"),
        index.SearchField("one_window_rule"),
        index.SearchField("apologising"),
        index.SearchField("upselling"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("service standards")
        verbose_name_plural = _("service standards")


class DocumentsGuidePage(IntroMixin, Page):
    """Contracts, forms and regulations, each with a plain explanation."""

    parent_page_types = ["courses.KnowledgeIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("entries", label=_("Documents")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields(
            "entries", [index.SearchField("title"), index.SearchField("explanation")]
        ),
    ]

    class Meta:
        verbose_name = _("documents guide")
        verbose_name_plural = _("documents guides")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import documents_guide_entries

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = documents_guide_entries(guide=self)
        return context


class DocumentGuideEntry(Orderable):
    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Contract")
        FORM = "form", _("Form")
        REGULATION = "regulation", _("Regulation")
        OTHER = "other", _("Other")

    page = ParentalKey(DocumentsGuidePage, on_delete=models.CASCADE, related_name="entries")
    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FORM)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    explanation = models.TextField(_("in plain words"), help_text=MARKDOWN_HELP)
    when_needed = models.CharField(
        _("when you need it"), max_length=240, blank=True, help_text=_("The customer situation.")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("document"),
        FieldPanel("explanation"),
        FieldPanel("when_needed"),
    ]

    def __str__(self):
        return self.title
