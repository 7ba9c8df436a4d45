"""Writes: the site's page skeleton."""

from django.db import transaction

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from courses.models import (
    CourseIndexPage,
    CrmTutorialIndexPage,
    HomePage,
    KnowledgeIndexPage,
    ProductIndexPage,
)
from lms.core.services import wagtail_roots_ensure


def _child_ensure(parent: Page, model: type[Page], *, title: str, slug: str) -> Page:
    existing = model.objects.child_of(parent).first()
    if existing is not None:
        return existing
    page = model(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def site_structure_ensure() -> HomePage:
    """Make the site's skeleton exist: the home page as the default site's root (replacing
    Wagtail's placeholder), the knowledge base with its product catalogue and CRM tutorial
    sections, and the rule that only signed-in people see any of it, documents included.
    Idempotent.

    Titles are Russian, the language of the content; authors rename them freely."""
    wagtail_roots_ensure()
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(title="Наставник", slug="home-nastavnik")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True,
            site_name="Наставник",
        )  # fmt: skip
    elif site.root_page_id != home.pk:
        placeholder = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" page, if nobody has used it.
        if type(placeholder.specific) is Page and placeholder.get_children_count() == 0:
            placeholder.delete()
    if not PageViewRestriction.objects.filter(page=home).exists():
        PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    # Documents (contracts, regulations, leaflets) are for signed-in staff too.
    root_collection = Collection.get_first_root_node()
    if not CollectionViewRestriction.objects.filter(collection=root_collection).exists():
        CollectionViewRestriction.objects.create(
            collection=root_collection, restriction_type=CollectionViewRestriction.LOGIN
        )

    knowledge = _child_ensure(home, KnowledgeIndexPage, title="База знаний", slug="knowledge")
    _child_ensure(knowledge, ProductIndexPage, title="Продукты", slug="products")
    _child_ensure(knowledge, CrmTutorialIndexPage, title="Работа в CRM", slug="crm")
    _child_ensure(home, CourseIndexPage, title="Курсы", slug="courses")
    return home
