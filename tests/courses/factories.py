"""Factories for the knowledge pages (``courses/models.py``).

Pages are created under the skeleton that ``migrate`` makes (``courses.services.
site_structure_ensure``): product cards and cheat-sheets under the ``ProductIndexPage``, CRM
tutorials under the ``CrmTutorialIndexPage``, the other pages under the ``KnowledgeIndexPage``.
Pass ``parent=`` to put a page elsewhere. Pages are live; titles (and so slugs) are unique.

StreamFields use wagtail-factories' syntax ``<field>__<index>__<block>__<child>=value``::

    ProductCardPageFactory(usps__0__usp__competitor="Ростелеком")   # change the first USP
    ProductCardPageFactory(usps__2="usp")                            # a third default USP
    ProductCardPageFactory(usps=[], benefits=[], objections=[])      # none at all

A product card has two benefits, two USPs and two objections by default. Indexes must be
contiguous (``usps__3`` needs ``usps__2``); for many blocks use ``product_card_create``.
Orderables (images, materials, steps, components, entries, cheat-sheet rows) are made by a
number or a list::

    ProductCardPageFactory(images=3, materials=2)
    CheatSheetPageFactory(products=[card_a, card_b])       # or products=2 for new cards
    CrmTutorialPageFactory(steps=4, job_roles=[operator])
    BonusSchemePageFactory(components=[{"metric": "FCR", "weight": 100, "target": 80}])
    DocumentsGuidePageFactory(entries=3)

Helpers build the common cases in one call: ``product_card_create(n_usps=5, n_images=5,
n_materials=5)`` and ``bonus_scheme_create()`` (three components, 50/30/20, one example).
Images and documents live in the root collection (``ImageFactory``, ``DocumentFactory``).
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Collection

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from courses import blocks as course_blocks
from courses.models import (
    BonusComponent,
    BonusSchemePage,
    CheatSheetPage,
    CheatSheetProduct,
    CourseIndexPage,
    CoursePage,
    CrmFeature,
    CrmRelease,
    CrmTutorialIndexPage,
    CrmTutorialPage,
    CrmTutorialStep,
    DocumentGuideEntry,
    DocumentsGuidePage,
    HomePage,
    KnowledgeIndexPage,
    LessonPage,
    ProductCardImage,
    ProductCardMaterial,
    ProductCardPage,
    ProductIndexPage,
    ServiceStandardsPage,
)
from quizzes.models import LessonGate

# A minimal PDF: enough for a download link and a file size.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _root_collection():
    return Collection.get_first_root_node()


def _knowledge_index():
    return KnowledgeIndexPage.objects.get()


def _product_index():
    return ProductIndexPage.objects.get()


def _crm_index():
    return CrmTutorialIndexPage.objects.get()


def _orderables(factory_class, page, extracted, defaults):
    """Create orderables for ``page`` from a count, or from a list of dicts / instances."""
    if not extracted:
        return []
    items = range(extracted) if isinstance(extracted, int) else extracted
    made = []
    for sort_order, item in enumerate(items):
        params = dict(defaults)
        if isinstance(item, dict):
            params.update(item)
        made.append(factory_class(page=page, sort_order=sort_order, **params))
    return made


# --- Images and documents --------------------------------------------------------------------


class ImageFactory(wagtail_factories.ImageFactory):
    """A real PNG in the root collection (wagtail-factories would make a new root each time)."""

    title = factory.Sequence(lambda n: f"Image {n}")
    collection = factory.LazyFunction(_root_collection)
    file = factory.django.ImageField(width=64, height=48, color="blue")


class DocumentFactory(DjangoModelFactory):
    """A small PDF in the root collection."""

    title = factory.Sequence(lambda n: f"Document {n}")
    collection = factory.LazyFunction(_root_collection)
    file = factory.LazyAttribute(
        lambda o: ContentFile(PDF_BYTES, name=f"{slugify(o.title) or 'document'}.pdf")
    )

    class Meta:
        model = get_document_model()


# --- Blocks ------------------------------------------------------------------------------


class BenefitBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"Benefit {n}")
    text = "What it means for the customer."

    class Meta:
        model = course_blocks.BenefitBlock


class UspBlockFactory(wagtail_factories.StructBlockFactory):
    competitor = factory.Sequence(lambda n: f"Competitor {n}")
    advantage = factory.Sequence(lambda n: f"Our advantage {n}")
    proof = "Clause 4.2 of the contract."

    class Meta:
        model = course_blocks.UspBlock


class ObjectionBlockFactory(wagtail_factories.StructBlockFactory):
    objection = factory.Sequence(lambda n: f"Objection {n}")
    answer = "Compare the **price per megabit**."

    class Meta:
        model = course_blocks.ObjectionBlock


class AdvantageBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"Company advantage {n}")
    text = "A live operator within 60 seconds."

    class Meta:
        model = course_blocks.AdvantageBlock


class PhraseBlockFactory(wagtail_factories.StructBlockFactory):
    situation = factory.Sequence(lambda n: f"Situation {n}")
    say = "Thank you for waiting."
    avoid = "Sorry, we are swamped."
    why = "Thanks the customer instead of blaming the company."

    class Meta:
        model = course_blocks.PhraseBlock


class SectionBlockFactory(wagtail_factories.StructBlockFactory):
    heading = factory.Sequence(lambda n: f"Section {n}")
    text = "The customer talks to **one** person."

    class Meta:
        model = course_blocks.SectionBlock


class BonusActualBlockFactory(wagtail_factories.StructBlockFactory):
    metric = "FCR"
    value = Decimal("80")

    class Meta:
        model = course_blocks.BonusActualBlock


class BonusExampleBlockFactory(wagtail_factories.StructBlockFactory):
    """``examples__0__example__actuals__0__metric="FCR"``, ``…__actuals__0__value=Decimal(90)``."""

    title = factory.Sequence(lambda n: f"Worked example {n}")
    job_role = None
    story = "An ordinary month."
    actuals = wagtail_factories.ListBlockFactory(BonusActualBlockFactory)

    class Meta:
        model = course_blocks.BonusExampleBlock


# --- Pages ---------------------------------------------------------------------------------


class ProductCardPageFactory(wagtail_factories.PageFactory):
    parent = factory.LazyFunction(_product_index)
    title = factory.Sequence(lambda n: f"Product {n}")
    pitch = factory.LazyAttribute(lambda o: f"{o.title}: fast internet without evening dips")
    description = "Home internet up to 500 Mbit/s with a router included. Plain and simple."
    audience = "Families who stream in the evening."
    benefits = wagtail_factories.StreamFieldFactory(
        {"benefit": factory.SubFactory(BenefitBlockFactory)}
    )
    benefits__0 = "benefit"
    benefits__1 = "benefit"
    usps = wagtail_factories.StreamFieldFactory({"usp": factory.SubFactory(UspBlockFactory)})
    usps__0 = "usp"
    usps__1 = "usp"
    objections = wagtail_factories.StreamFieldFactory(
        {"objection": factory.SubFactory(ObjectionBlockFactory)}
    )
    objections__0 = "objection"
    objections__1 = "objection"

    class Meta:
        model = ProductCardPage
        skip_postgeneration_save = True

    @factory.post_generation
    def images(obj, create, extracted, **kwargs):
        """``images=3`` or ``images=[{"caption": "…"}, …]``."""
        if create:
            _orderables(ProductCardImageFactory, obj, extracted, kwargs)

    @factory.post_generation
    def materials(obj, create, extracted, **kwargs):
        """``materials=3`` or ``materials=[{"title": "…"}, …]``."""
        if create:
            _orderables(ProductCardMaterialFactory, obj, extracted, kwargs)


class ProductCardImageFactory(DjangoModelFactory):
    page = factory.SubFactory(ProductCardPageFactory)
    image = factory.SubFactory(ImageFactory)
    caption = factory.Sequence(lambda n: f"Caption {n}")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = ProductCardImage


class ProductCardMaterialFactory(DjangoModelFactory):
    page = factory.SubFactory(ProductCardPageFactory)
    document = factory.SubFactory(DocumentFactory)
    title = factory.Sequence(lambda n: f"Leaflet {n}")
    when_to_show = "When the customer asks about the price."
    what_to_say = "Here is the price per month, all included."
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = ProductCardMaterial


class CheatSheetPageFactory(wagtail_factories.PageFactory):
    parent = factory.LazyFunction(_product_index)
    title = factory.Sequence(lambda n: f"Cheat-sheet {n}")
    intro = "Everything on one screen."
    company_advantages = wagtail_factories.StreamFieldFactory(
        {"advantage": factory.SubFactory(AdvantageBlockFactory)}
    )
    company_advantages__0 = "advantage"
    footer_note = "Hotline: 8 800 000-00-00"

    class Meta:
        model = CheatSheetPage
        skip_postgeneration_save = True

    @factory.post_generation
    def products(obj, create, extracted, **kwargs):
        """``products=[card, …]`` (existing cards), ``products=2`` (new cards) or dicts."""
        if not create or not extracted:
            return
        if isinstance(extracted, int):
            items = [{} for _ in range(extracted)]
        else:
            items = [item if isinstance(item, dict) else {"product": item} for item in extracted]
        _orderables(CheatSheetProductFactory, obj, items, kwargs)


class CheatSheetProductFactory(DjangoModelFactory):
    page = factory.SubFactory(CheatSheetPageFactory)
    product = factory.SubFactory(ProductCardPageFactory)
    usp_count = 2
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = CheatSheetProduct


class CrmFeatureFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"CRM feature {n}")
    module = "Customers"
    description = "Find a customer by phone number."

    class Meta:
        model = CrmFeature


class CrmReleaseFactory(DjangoModelFactory):
    """``CrmReleaseFactory(version="5.3", changed_features=[feature])``."""

    version = factory.Sequence(lambda n: f"5.{n}")
    released_on = factory.LazyFunction(timezone.localdate)
    summary = "The customer card has a new **history** tab."

    class Meta:
        model = CrmRelease
        skip_postgeneration_save = True

    @factory.post_generation
    def changed_features(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.changed_features.set(extracted)
            obj.save()


class CrmTutorialPageFactory(wagtail_factories.PageFactory):
    parent = factory.LazyFunction(_crm_index)
    title = factory.Sequence(lambda n: f"CRM tutorial {n}")
    feature = factory.SubFactory(CrmFeatureFactory)
    crm_version = "5.2"
    summary = "You will find a customer's card in ten seconds."
    not_needed = "The *Reports* menu."

    class Meta:
        model = CrmTutorialPage
        skip_postgeneration_save = True

    @factory.post_generation
    def job_roles(obj, create, extracted, **kwargs):
        """``job_roles=[role, …]``: the roles that use the tutorial."""
        if create and extracted:
            obj.job_roles.set(extracted)
            obj.save()

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        """``steps=3`` or ``steps=[{"title": "…", "screenshot": image}, …]``."""
        if create:
            _orderables(CrmTutorialStepFactory, obj, extracted, kwargs)


class CrmTutorialStepFactory(DjangoModelFactory):
    page = factory.SubFactory(CrmTutorialPageFactory)
    title = factory.Sequence(lambda n: f"Step {n}")
    text = "Open the **Customers** menu."
    screenshot = factory.SubFactory(ImageFactory)
    tip = "Type the last four digits."
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = CrmTutorialStep


class BonusSchemePageFactory(wagtail_factories.PageFactory):
    """No components by default; ``components=[{...}, …]`` or ``components=2``.

    Worked examples: ``examples__0__example__actuals__0__metric="FCR"`` etc.
    """

    parent = factory.LazyFunction(_knowledge_index)
    title = factory.Sequence(lambda n: f"Bonus scheme {n}")
    intro = "How your monthly bonus is counted."
    target_bonus = Decimal("10000.00")
    currency = "₽"
    payout_floor = 70
    payout_cap = 120
    examples = wagtail_factories.StreamFieldFactory(
        {"example": factory.SubFactory(BonusExampleBlockFactory)}
    )

    class Meta:
        model = BonusSchemePage
        skip_postgeneration_save = True

    @factory.post_generation
    def components(obj, create, extracted, **kwargs):
        if create:
            _orderables(BonusComponentFactory, obj, extracted, kwargs)


class BonusComponentFactory(DjangoModelFactory):
    page = factory.SubFactory(BonusSchemePageFactory)
    metric = factory.Sequence(lambda n: f"Metric {n}")
    meaning = "How often the customer's question is solved in one call."
    how_measured = "From the CRM, monthly."
    weight = 100
    target = Decimal("80.00")
    unit = "%"
    higher_is_better = True
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = BonusComponent


class ServiceStandardsPageFactory(wagtail_factories.PageFactory):
    parent = factory.LazyFunction(_knowledge_index)
    title = factory.Sequence(lambda n: f"Service standards {n}")
    intro = "How we talk to customers."
    phrases = wagtail_factories.StreamFieldFactory(
        {"phrase": factory.SubFactory(PhraseBlockFactory)}
    )
    phrases__0 = "phrase"
    phrases__1 = "phrase"
    one_window_rule = "The customer talks to **one** person from start to finish."
    apologising = "Apologise once, then solve the problem."
    upselling = "Offer more only when it solves the customer's problem."
    body = wagtail_factories.StreamFieldFactory(
        {"section": factory.SubFactory(SectionBlockFactory)}
    )
    body__0 = "section"

    class Meta:
        model = ServiceStandardsPage


class DocumentsGuidePageFactory(wagtail_factories.PageFactory):
    parent = factory.LazyFunction(_knowledge_index)
    title = factory.Sequence(lambda n: f"Documents guide {n}")
    intro = "Contracts, forms and regulations in plain words."

    class Meta:
        model = DocumentsGuidePage
        skip_postgeneration_save = True

    @factory.post_generation
    def entries(obj, create, extracted, **kwargs):
        """``entries=3`` or ``entries=[{"kind": "contract", "title": "…"}, …]``."""
        if create:
            _orderables(DocumentGuideEntryFactory, obj, extracted, kwargs)


class DocumentGuideEntryFactory(DjangoModelFactory):
    page = factory.SubFactory(DocumentsGuidePageFactory)
    title = factory.Sequence(lambda n: f"Form {n}")
    kind = DocumentGuideEntry.Kind.FORM
    document = factory.SubFactory(DocumentFactory)
    explanation = "Fill it in when the customer changes the tariff."
    when_needed = "The customer wants a cheaper tariff."
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = DocumentGuideEntry


# --- Helpers -------------------------------------------------------------------------------


def product_card_create(*, n_usps=5, n_images=5, n_materials=5, n_benefits=3, n_objections=3,
                        **kwargs) -> ProductCardPage:  # fmt: skip
    """A full product card: ``n_*`` USPs, images, materials, benefits and objections.

    Other keyword arguments go to ``ProductCardPageFactory`` (``parent=``, ``title=``,
    ``usps__0__usp__competitor=``, …).
    """
    streams = {}
    for field, block, count in (
        ("usps", "usp", n_usps),
        ("benefits", "benefit", n_benefits),
        ("objections", "objection", n_objections),
    ):
        if count == 0:
            streams[field] = []
        else:
            streams.update({f"{field}__{i}": block for i in range(count)})
    streams.update(kwargs)
    return ProductCardPageFactory(images=n_images, materials=n_materials, **streams)


BONUS_COMPONENTS = [
    {"metric": "FCR", "weight": 50, "target": Decimal("80"), "unit": "%"},
    {"metric": "CSAT", "weight": 30, "target": Decimal("4.5"), "unit": "points"},
    {
        "metric": "AHT",
        "weight": 20,
        "target": Decimal("300"),
        "unit": "s",
        "higher_is_better": False,
    },
]


def bonus_scheme_create(**kwargs) -> BonusSchemePage:
    """A bonus scheme with FCR 50 %, CSAT 30 %, AHT 20 % (less is better), target bonus
    10 000 ₽, floor 70 %, cap 120 %, and one worked example exactly on target (pays 10 000)."""
    params = {
        "components": BONUS_COMPONENTS,
        "examples__0__example__title": "On target",
        "examples__0__example__actuals__0__metric": "FCR",
        "examples__0__example__actuals__0__value": Decimal("80"),
        "examples__0__example__actuals__1__metric": "CSAT",
        "examples__0__example__actuals__1__value": Decimal("4.5"),
        "examples__0__example__actuals__2__metric": "AHT",
        "examples__0__example__actuals__2__value": Decimal("300"),
    }
    params.update(kwargs)
    return BonusSchemePageFactory(**params)


def every_page_type_create() -> list:
    """One live page of every knowledge page type (the skeleton's singletons included), each
    with a little content: for checks that must cover the whole page tree."""
    card = product_card_create(n_usps=2, n_images=1, n_materials=1)
    return [
        HomePage.objects.get(),
        KnowledgeIndexPage.objects.get(),
        ProductIndexPage.objects.get(),
        card,
        CheatSheetPageFactory(products=[card]),
        CrmTutorialIndexPage.objects.get(),
        CrmTutorialPageFactory(steps=2),
        bonus_scheme_create(),
        ServiceStandardsPageFactory(),
        DocumentsGuidePageFactory(entries=2),
    ]


# --- Courses and lessons -------------------------------------------------------------------


def _course_index():
    return CourseIndexPage.objects.get()


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Курс {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title, allow_unicode=True))
    summary = "Что нужно знать, чтобы продавать."
    estimated_minutes = 30
    parent = factory.LazyFunction(_course_index)

    class Meta:
        model = CoursePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Урок {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title, allow_unicode=True))
    estimated_minutes = 10
    body = factory.LazyFunction(lambda: [("text", "Говорите **о пользе** для клиента.")])

    class Meta:
        model = LessonPage


def course_create(*, lessons=3, gates=None, job_roles=(), **kwargs) -> CoursePage:
    """A live course with ``lessons`` live lessons. ``gates`` maps a lesson's index (from 0)
    to the quiz that ends it."""
    course = CoursePageFactory(**kwargs)
    if job_roles:
        course.job_roles.set(job_roles)
        course.save_revision().publish()
    for index in range(lessons):
        gate = (gates or {}).get(index)
        lesson = LessonPageFactory(parent=course, title=f"{course.title}: урок {index + 1}")
        if gate is not None:
            lesson_gate_set(lesson, gate)
    return course


def lesson_gate_set(lesson: LessonPage, quiz) -> None:
    """End ``lesson`` with ``quiz`` (``None``: no gate), as publishing it from the editor does."""
    LessonGate.objects.filter(lesson=lesson).delete()
    if quiz is not None:
        LessonGate.objects.create(lesson=lesson, quiz=quiz)


def course_lessons(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).order_by("path"))


def onboarding_plan_create(job_role, courses_due=()):
    """The onboarding plan of ``job_role``: ``courses_due`` is ``[(course, due_days), …]`` in
    plan order."""
    from courses.models import OnboardingPlan, OnboardingPlanItem

    plan = OnboardingPlan.objects.create(job_role=job_role)
    for sort_order, (course, due_days) in enumerate(courses_due):
        OnboardingPlanItem.objects.create(
            plan=plan, course=course, due_days=due_days, sort_order=sort_order
        )
    return plan
