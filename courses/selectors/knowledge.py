"""Reads for the knowledge pages. Each returns everything its page shows in a fixed number of
queries, whatever the number of products, steps, images or documents."""

import re
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from courses.models import (
    CheatSheetPage,
    CheatSheetProduct,
    CrmRelease,
    CrmTutorialIndexPage,
    CrmTutorialPage,
    CrmTutorialStep,
    DocumentGuideEntry,
    DocumentsGuidePage,
    KnowledgeIndexPage,
    ProductCardImage,
    ProductCardMaterial,
    ProductCardPage,
    ProductIndexPage,
)
from lms.people.models import JobRole
from lms.people.selectors import staff_profile_for_user

SEARCH_RESULTS_LIMIT = 50


SEARCH_WORD = re.compile(r"\w+(?:[-+.]\w+)*")


def _with_renditions(field: str) -> Prefetch:
    """Prefetch the image in ``field`` together with its existing renditions."""
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions())


def knowledge_sections(*, index: KnowledgeIndexPage | None = None) -> list[Page]:
    """The live sections of the knowledge base (children of its index), in tree order."""
    if index is None:
        index = KnowledgeIndexPage.objects.live().first()
        if index is None:
            return []
    return list(index.get_children().live().specific().order_by("path"))


def knowledge_search(*, query: str, index: KnowledgeIndexPage) -> list[Page]:
    """Live pages below ``index`` matching the words of ``query``, best first, as their
    specific types. Punctuation is dropped first: people type words, and a stray quote or
    operator must not reach the database's full-text syntax."""
    words = SEARCH_WORD.findall(query)
    if not words:
        return []
    pages = Page.objects.live().descendant_of(index).specific()
    return list(get_search_backend().search(" ".join(words), pages)[:SEARCH_RESULTS_LIMIT])


def product_card_list(*, index: ProductIndexPage) -> QuerySet[ProductCardPage]:
    """The live product cards of the catalogue, in the editors' order."""
    return ProductCardPage.objects.live().child_of(index).order_by("path")


def cheat_sheet_list(*, index: ProductIndexPage) -> QuerySet[CheatSheetPage]:
    """The live cheat-sheets of the catalogue, in the editors' order."""
    return CheatSheetPage.objects.live().child_of(index).order_by("path")


def product_card_images(*, card: ProductCardPage) -> list[ProductCardImage]:
    """The card's images in order, with their renditions loaded in the same query batch."""
    return list(
        ProductCardImage.objects.filter(page=card)
        .prefetch_related(_with_renditions("image"))
        .order_by("sort_order")
    )


def product_card_materials(*, card: ProductCardPage) -> list[ProductCardMaterial]:
    """The card's marketing materials in order, with their documents."""
    return list(
        ProductCardMaterial.objects.filter(page=card)
        .select_related("document")
        .order_by("sort_order")
    )


@dataclass(frozen=True)
class CheatSheetEntry:
    product: ProductCardPage
    usps: list


def cheat_sheet_products(*, sheet: CheatSheetPage) -> list[CheatSheetEntry]:
    """The sheet's live products in the author's order, each with its first N USPs."""
    rows = (
        CheatSheetProduct.objects.filter(page=sheet, product__live=True)
        .select_related("product")
        .order_by("sort_order")
    )
    return [
        CheatSheetEntry(product=row.product, usps=list(row.product.usps)[: row.usp_count])
        for row in rows
    ]


@dataclass(frozen=True)
class CrmTutorialListing:
    tutorials: QuerySet[CrmTutorialPage]
    job_role: JobRole | None
    show_all: bool


def crm_tutorial_list_for_user(
    *, index: CrmTutorialIndexPage, user, show_all: bool = False
) -> CrmTutorialListing:
    """The tutorials a person should see first: those for their own job role. ``show_all``
    (or having no job role) lists every tutorial."""
    profile = staff_profile_for_user(user=user)
    job_role = profile.job_role if profile else None
    show_all = show_all or job_role is None
    return CrmTutorialListing(
        tutorials=crm_tutorial_list(index=index, job_role=None if show_all else job_role),
        job_role=job_role,
        show_all=show_all,
    )


def crm_tutorial_list(
    *, index: CrmTutorialIndexPage, job_role: JobRole | None = None
) -> QuerySet[CrmTutorialPage]:
    """Live tutorials below ``index``; with ``job_role``, only those for that role."""
    tutorials = (
        CrmTutorialPage.objects.live()
        .child_of(index)
        .select_related("feature")
        .prefetch_related("job_roles")
        .order_by("path")
    )
    if job_role is not None:
        tutorials = tutorials.filter(job_roles=job_role)
    return tutorials


def crm_tutorial_detail(*, tutorial: CrmTutorialPage) -> dict:
    """Steps (screenshots and renditions loaded), roles, and the newest release that changed
    the tutorial's feature after the release the tutorial describes (None when that release
    is unknown or nothing changed since)."""
    steps = list(
        CrmTutorialStep.objects.filter(page=tutorial)
        .prefetch_related(_with_renditions("screenshot"))
        .order_by("sort_order")
    )
    described = CrmRelease.objects.filter(version=tutorial.crm_version).first()
    newer_release = None
    if described is not None:
        newer_release = (
            CrmRelease.objects.filter(
                changed_features=tutorial.feature_id, released_on__gt=described.released_on
            )
            .order_by("-released_on")
            .first()
        )
    return {
        "steps": steps,
        "job_roles": list(tutorial.job_roles.all()),
        "feature": tutorial.feature,
        "latest_release": newer_release,
    }


@dataclass(frozen=True)
class DocumentGroup:
    kind: str
    label: str
    entries: list[DocumentGuideEntry]


def documents_guide_entries(*, guide: DocumentsGuidePage) -> list[DocumentGroup]:
    """The guide's entries grouped by kind (contracts, forms, regulations, other)."""
    entries = list(
        DocumentGuideEntry.objects.filter(page=guide)
        .select_related("document")
        .order_by("sort_order")
    )
    groups = []
    for kind, label in DocumentGuideEntry.Kind.choices:
        members = [e for e in entries if e.kind == kind]
        if members:
            groups.append(DocumentGroup(kind=kind, label=label, entries=members))
    return groups
