from django.test import TestCase

from wagtail.models import Page, PageViewRestriction, Site

from courses.models import CrmTutorialIndexPage, HomePage, KnowledgeIndexPage, ProductIndexPage
from courses.services import site_structure_ensure


def _tree() -> list[tuple[int, str, str]]:
    return list(Page.objects.order_by("path").values_list("depth", "slug", "content_type__model"))


class SiteStructureEnsureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()

    def test_migrate_left_the_skeleton(self):
        home = HomePage.objects.get()
        knowledge = KnowledgeIndexPage.objects.get()

        self.assertEqual(home.get_parent(), self.root)
        self.assertEqual(knowledge.get_parent().specific, home)
        self.assertEqual(knowledge.slug, "knowledge")
        self.assertEqual(ProductIndexPage.objects.child_of(knowledge).get().slug, "products")
        self.assertEqual(CrmTutorialIndexPage.objects.child_of(knowledge).get().slug, "crm")
        for page in Page.objects.exclude(depth=1):
            with self.subTest(page=page.slug):
                self.assertTrue(page.live)
                self.assertIsNotNone(page.live_revision_id)

    def test_is_idempotent(self):
        before = _tree()
        pks = set(Page.objects.values_list("pk", flat=True))

        home = site_structure_ensure()
        site_structure_ensure()

        self.assertEqual(_tree(), before)
        self.assertEqual(set(Page.objects.values_list("pk", flat=True)), pks)
        self.assertEqual(home, HomePage.objects.get())
        self.assertEqual(PageViewRestriction.objects.filter(page=home).count(), 1)
        self.assertEqual(Site.objects.count(), 1)

    def test_home_page_is_the_default_sites_root(self):
        site = Site.objects.get(is_default_site=True)

        self.assertEqual(site.root_page.specific, HomePage.objects.get())
        self.assertEqual(HomePage.objects.get().url, "/")

    def test_home_page_is_for_signed_in_people_only(self):
        restriction = PageViewRestriction.objects.get(page=HomePage.objects.get())

        self.assertEqual(restriction.restriction_type, PageViewRestriction.LOGIN)

    def test_the_restriction_covers_every_page_below_home(self):
        knowledge = KnowledgeIndexPage.objects.get()

        restrictions = knowledge.get_view_restrictions()

        self.assertEqual([r.restriction_type for r in restrictions], [PageViewRestriction.LOGIN])

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.client.get("/knowledge/")

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))

    def test_recreates_a_removed_restriction(self):
        PageViewRestriction.objects.all().delete()

        site_structure_ensure()

        restriction = PageViewRestriction.objects.get()
        self.assertEqual(restriction.page.specific, HomePage.objects.get())
        self.assertEqual(restriction.restriction_type, PageViewRestriction.LOGIN)

    def test_recreates_a_removed_section(self):
        CrmTutorialIndexPage.objects.get().delete()

        site_structure_ensure()

        crm = CrmTutorialIndexPage.objects.get()
        self.assertEqual(crm.slug, "crm")
        self.assertTrue(crm.live)
        self.assertEqual(crm.get_parent().specific, KnowledgeIndexPage.objects.get())

    def test_keeps_renamed_sections(self):
        knowledge = KnowledgeIndexPage.objects.get()
        knowledge.title = "Knowledge base"
        knowledge.slug = "kb"
        knowledge.save()

        site_structure_ensure()

        self.assertEqual(KnowledgeIndexPage.objects.get().slug, "kb")
        self.assertEqual(KnowledgeIndexPage.objects.count(), 1)

    def test_takes_over_the_default_site_from_wagtails_placeholder(self):
        placeholder = self.root.add_child(instance=Page(title="Welcome", slug="welcome"))
        Site.objects.filter(is_default_site=True).update(root_page=placeholder)

        home = site_structure_ensure()

        self.assertEqual(Site.objects.get(is_default_site=True).root_page_id, home.pk)
        self.assertFalse(Page.objects.filter(pk=placeholder.pk).exists())

    def test_keeps_a_former_root_that_has_children(self):
        former = self.root.add_child(instance=Page(title="Old site", slug="old-site"))
        former.add_child(instance=Page(title="Old page", slug="old-page"))
        Site.objects.filter(is_default_site=True).update(root_page=former)

        home = site_structure_ensure()

        self.assertEqual(Site.objects.get(is_default_site=True).root_page_id, home.pk)
        self.assertTrue(Page.objects.filter(pk=former.pk).exists())

    def test_creates_the_default_site_when_there_is_none(self):
        Site.objects.all().delete()

        home = site_structure_ensure()

        site = Site.objects.get()
        self.assertTrue(site.is_default_site)
        self.assertEqual(site.root_page_id, home.pk)
