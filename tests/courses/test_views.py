"""The knowledge pages as people see them: who may open them, what they show, and that each
costs the same number of queries whatever the number of related items."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from courses.models import CrmTutorialIndexPage, KnowledgeIndexPage, ProductIndexPage
from lms.people.models import StaffProfile
from lms.people.services import staff_member_leave
from tests.courses.factories import (
    BonusSchemePageFactory,
    CheatSheetPageFactory,
    CrmFeatureFactory,
    CrmReleaseFactory,
    CrmTutorialPageFactory,
    DocumentsGuidePageFactory,
    ProductCardPageFactory,
    ServiceStandardsPageFactory,
    bonus_scheme_create,
    every_page_type_create,
    product_card_create,
)
from tests.factories import JobRoleFactory, staff_user

# The most any knowledge page may cost, warm (renditions already made), the one query of the
# navigation's links and badges included.
MAX_PAGE_QUERIES = 21


def _count_queries(client, url: str) -> int:
    client.get(url)  # warm up: renditions are created on the first view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


class KnowledgePageAccessTests(TestCase):
    """Every knowledge page: anonymous → login, a person who left → login, staff → 200."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.left = staff_user()
        staff_member_leave(profile=cls.left.staff_profile)
        cls.pages = every_page_type_create()

    def test_anonymous_is_sent_to_login(self):
        for page in self.pages:
            with self.subTest(page=page.specific_class.__name__):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/login/?next="))

    def test_a_person_who_left_is_sent_to_login(self):
        self.client.force_login(self.left)
        for page in self.pages:
            with self.subTest(page=page.specific_class.__name__):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])

    def test_staff_member_sees_every_page(self):
        self.client.force_login(self.learner)
        for page in self.pages:
            with self.subTest(page=page.specific_class.__name__):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, page.title)

    def test_draft_page_is_not_served(self):
        draft = ProductCardPageFactory(live=False)
        self.client.force_login(self.learner)
        self.assertEqual(
            self.client.get(draft.url or f"/knowledge/products/{draft.slug}/").status_code, 404
        )


class ProductCardPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.card = product_card_create(
            n_usps=2,
            n_images=1,
            n_materials=1,
            title="Домашний интернет 500",
            pitch="Быстро вечером, когда смотрят все",
            description="Интернет **без** провалов.\n\n<script>alert(1)</script>",
            usps__0__usp__competitor="ГорНет",
            usps__0__usp__advantage="Монтаж в день заявки",
            objections__0__objection__objection="Дорого",
            objections__0__objection__answer="Сравните цену за мегабит: [тарифы](javascript:alert(1))",
        )

    def setUp(self):
        self.client.force_login(self.learner)

    def test_shows_pitch_usps_objections_materials_and_images(self):
        response = self.client.get(self.card.url)
        self.assertContains(response, "Быстро вечером, когда смотрят все")
        self.assertContains(response, "ГорНет")
        self.assertContains(response, "Монтаж в день заявки")
        self.assertContains(response, "«Дорого»")
        material = self.card.materials.get()
        self.assertContains(response, material.title)
        self.assertContains(response, material.document.url)
        self.assertContains(response, "<img", count=1)

    def test_markdown_is_rendered_and_sanitised(self):
        response = self.client.get(self.card.url)
        self.assertContains(response, "<strong>без</strong>")
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertNotContains(response, "javascript:alert")

    def test_queries_do_not_grow_with_related_items(self):
        small = product_card_create(n_usps=5, n_images=5, n_materials=5, n_objections=5)
        large = product_card_create(n_usps=50, n_images=50, n_materials=50, n_objections=50)
        small_count = _count_queries(self.client, small.url)
        large_count = _count_queries(self.client, large.url)
        self.assertEqual(small_count, large_count)
        self.assertLessEqual(large_count, MAX_PAGE_QUERIES)


class ProductIndexPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()

    def test_lists_live_cards_only_and_queries_are_constant(self):
        self.client.force_login(self.learner)
        index = ProductIndexPage.objects.get()
        for _ in range(5):
            ProductCardPageFactory()
        hidden = ProductCardPageFactory(title="Снятый с продажи", live=False)
        small_count = _count_queries(self.client, index.url)
        for _ in range(45):
            ProductCardPageFactory()
        large_count = _count_queries(self.client, index.url)
        self.assertEqual(small_count, large_count)
        self.assertNotContains(self.client.get(index.url), hidden.title)


class CheatSheetPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()

    def setUp(self):
        self.client.force_login(self.learner)

    def test_shows_chosen_products_with_their_first_usps(self):
        card = ProductCardPageFactory(
            title="ТВ Плюс",
            usps__0__usp__advantage="Первое преимущество",
            usps__1__usp__advantage="Второе преимущество",
            usps__2__usp__advantage="Третье преимущество",
        )
        sheet = CheatSheetPageFactory(products=[{"product": card, "usp_count": 2}])
        response = self.client.get(sheet.url)
        self.assertContains(response, "ТВ Плюс")
        self.assertContains(response, "Первое преимущество")
        self.assertContains(response, "Второе преимущество")
        self.assertNotContains(response, "Третье преимущество")
        self.assertContains(response, sheet.footer_note)
        self.assertContains(response, "print.css")

    def test_unpublished_product_is_left_out(self):
        live = ProductCardPageFactory(title="В продаже")
        gone = ProductCardPageFactory(title="Снят с продажи")
        sheet = CheatSheetPageFactory(products=[live, gone])
        gone.unpublish()
        response = self.client.get(sheet.url)
        self.assertContains(response, "В продаже")
        self.assertNotContains(response, "Снят с продажи")

    def test_queries_do_not_grow_with_products(self):
        small = CheatSheetPageFactory(products=5)
        large = CheatSheetPageFactory(products=50)
        self.assertEqual(
            _count_queries(self.client, small.url), _count_queries(self.client, large.url)
        )


class CrmTutorialPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operator_role = JobRoleFactory(name="Оператор")
        cls.lead_role = JobRoleFactory(name="Руководитель группы")
        cls.operator = staff_user(job_role=cls.operator_role)
        cls.feature = CrmFeatureFactory(name="Смена тарифа")
        cls.for_operators = CrmTutorialPageFactory(
            title="Как сменить тариф", job_roles=[cls.operator_role], feature=cls.feature,
            crm_version="4.2", steps=2,
        )  # fmt: skip
        cls.for_leads = CrmTutorialPageFactory(
            title="Отчёт по смене", job_roles=[cls.lead_role], steps=1
        )

    def setUp(self):
        self.client.force_login(self.operator)

    def test_index_shows_only_the_learners_role_by_default(self):
        index = CrmTutorialIndexPage.objects.get()
        response = self.client.get(index.url)
        self.assertContains(response, "Как сменить тариф")
        self.assertNotContains(response, "Отчёт по смене")
        response = self.client.get(index.url + "?all=1")
        self.assertContains(response, "Отчёт по смене")

    def test_tutorial_warns_when_a_newer_release_changed_the_feature(self):
        CrmReleaseFactory(
            version="4.1", released_on=date(2026, 1, 10), changed_features=[self.feature]
        )
        CrmReleaseFactory(version="4.2", released_on=date(2026, 3, 1))
        response = self.client.get(self.for_operators.url)
        self.assertIsNone(response.context["latest_release"])  # 4.1 is older: no warning
        CrmReleaseFactory(
            version="4.3", released_on=date(2026, 6, 1), changed_features=[self.feature]
        )
        response = self.client.get(self.for_operators.url)
        self.assertEqual(response.context["latest_release"].version, "4.3")
        self.assertContains(response, "4.3")

    def test_no_warning_when_the_described_release_is_unknown(self):
        CrmReleaseFactory(version="9.9", changed_features=[self.feature])
        response = self.client.get(self.for_operators.url)
        self.assertIsNone(response.context["latest_release"])

    def test_queries_do_not_grow_with_steps(self):
        small = CrmTutorialPageFactory(steps=5)
        large = CrmTutorialPageFactory(steps=50)
        self.assertEqual(
            _count_queries(self.client, small.url), _count_queries(self.client, large.url)
        )

    def test_index_queries_do_not_grow_with_tutorials(self):
        index = CrmTutorialIndexPage.objects.get()
        small = _count_queries(self.client, index.url + "?all=1")
        for _ in range(30):
            CrmTutorialPageFactory(job_roles=[self.operator_role, self.lead_role])
        self.assertEqual(small, _count_queries(self.client, index.url + "?all=1"))


class BonusSchemePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.scheme = bonus_scheme_create(target_bonus=Decimal("10000"))

    def setUp(self):
        self.client.force_login(self.learner)

    def test_worked_example_is_computed(self):
        response = self.client.get(self.scheme.url)
        self.assertContains(response, "On target")
        # Targets read as people write them: 80, 4,5 — never 8E+1.
        self.assertNotContains(response, "E+")
        self.assertContains(response, "4,5")
        self.assertEqual(response.context["examples"][0].result.total, Decimal("10000.00"))

    def test_calculator_computes_from_the_components(self):
        components = {c.metric: c for c in self.scheme.components.all()}
        query = {
            f"c{components['FCR'].pk}": "96",  # 120 %: capped at 120 % → 6000
            f"c{components['CSAT'].pk}": "3",  # 66.7 %: below the floor → 0
            f"c{components['AHT'].pk}": "300",  # on target → 2000
        }
        response = self.client.get(self.scheme.url, query)
        self.assertEqual(response.context["calculation"].total, Decimal("8000.00"))
        self.assertContains(response, "<strong>8\xa0000,00 ₽</strong>", html=False)
        # The typed numbers stay in the fields.
        self.assertContains(response, 'value="96"')

    def test_bad_input_is_kept_with_a_message(self):
        fcr = self.scheme.components.get(metric="FCR")
        response = self.client.get(self.scheme.url, {f"c{fcr.pk}": "много"})
        self.assertIsNone(response.context["calculation"])
        self.assertContains(response, 'value="много"')
        self.assertTrue(response.context["calculator"].errors)

    def test_queries_do_not_grow_with_components(self):
        small = BonusSchemePageFactory(
            components=[{"metric": f"M{i}", "weight": 20} for i in range(5)]
        )
        large = BonusSchemePageFactory(
            components=[{"metric": f"M{i}", "weight": 2} for i in range(50)]
        )
        self.assertEqual(
            _count_queries(self.client, small.url), _count_queries(self.client, large.url)
        )


class DocumentsGuidePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()

    def setUp(self):
        self.client.force_login(self.learner)

    def test_groups_entries_by_kind(self):
        guide = DocumentsGuidePageFactory(
            entries=[
                {"title": "Договор на услуги", "kind": "contract"},
                {"title": "Заявление на подключение", "kind": "form"},
            ]
        )
        response = self.client.get(guide.url)
        groups = response.context["groups"]
        self.assertEqual([g.kind for g in groups], ["contract", "form"])
        self.assertContains(response, "Договор на услуги")

    def test_queries_do_not_grow_with_entries(self):
        small = DocumentsGuidePageFactory(entries=5)
        large = DocumentsGuidePageFactory(entries=50)
        self.assertEqual(
            _count_queries(self.client, small.url), _count_queries(self.client, large.url)
        )


class ServiceStandardsPageTests(TestCase):
    def test_queries_do_not_grow_with_phrases(self):
        self.client.force_login(staff_user())
        small = ServiceStandardsPageFactory(**{f"phrases__{i}": "phrase" for i in range(5)})
        large = ServiceStandardsPageFactory(**{f"phrases__{i}": "phrase" for i in range(50)})
        self.assertEqual(
            _count_queries(self.client, small.url), _count_queries(self.client, large.url)
        )


class KnowledgeSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        ProductCardPageFactory(title="Умный домофон", pitch="Открывайте дверь с телефона")
        ProductCardPageFactory(title="Роутер в аренду", pitch="Wi-Fi во всей квартире")
        ProductCardPageFactory(title="Черновик домофона", live=False)

    def setUp(self):
        self.client.force_login(self.learner)

    def test_finds_live_pages_by_title_and_pitch(self):
        index = KnowledgeIndexPage.objects.get()
        response = self.client.get(index.url, {"q": "домофон"})
        titles = [page.title for page in response.context["results"]]
        self.assertIn("Умный домофон", titles)
        self.assertNotIn("Роутер в аренду", titles)
        self.assertNotIn("Черновик домофона", titles)

    def test_empty_query_shows_the_sections(self):
        index = KnowledgeIndexPage.objects.get()
        response = self.client.get(index.url, {"q": "  "})
        self.assertIsNone(response.context["results"])
        self.assertContains(response, ProductIndexPage.objects.get().title)

    def test_anonymous_search_is_sent_to_login(self):
        self.client.logout()
        index = KnowledgeIndexPage.objects.get()
        response = self.client.get(index.url, {"q": "домофон"})
        self.assertEqual(response.status_code, 302)


class StaffProfileStatusTests(TestCase):
    def test_profile_status_is_shown_on_the_profile_page(self):
        user = staff_user(status=StaffProfile.Status.SOLO)
        self.client.force_login(user)
        response = self.client.get("/accounts/profile/")
        self.assertContains(response, user.staff_profile.get_status_display())


class DocumentDownloadTests(TestCase):
    """Leaflets and regulations are served by Wagtail's document view: staff only."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.left = staff_user()
        staff_member_leave(profile=cls.left.staff_profile)
        cls.document = product_card_create(n_images=0, n_materials=1).materials.get().document

    def test_matrix(self):
        url = self.document.url
        self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(self.left)
        self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(self.learner)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF"))


class BonusCalculatorEscapingTests(TestCase):
    def test_author_text_in_the_calculator_is_escaped(self):
        # A unit is author-written text that ends up in the form's help text.
        scheme = BonusSchemePageFactory(
            components=[{"metric": "FCR", "weight": 100, "unit": "<svg/onload=alert()>"}]
        )
        self.client.force_login(staff_user())
        response = self.client.get(scheme.url)
        self.assertNotContains(response, "<svg/onload=alert()>")
        self.assertContains(response, "&lt;svg/onload=alert()&gt;")


class KnowledgeSearchRobustnessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()

    def setUp(self):
        self.client.force_login(self.learner)

    def test_punctuation_and_operators_do_not_break_search(self):
        ProductCardPageFactory(title="Wi-Fi без мёртвых зон")
        index = KnowledgeIndexPage.objects.get()
        for query in [
            '"',
            "'",
            '"wi-fi',
            "AND OR NOT",
            "*",
            "(зон",
            "зон)",
            "-",
            "%_",
            "NEAR(",
            "^",
        ]:
            with self.subTest(query=query):
                response = self.client.get(index.url, {"q": query})
                self.assertEqual(response.status_code, 200)
        response = self.client.get(index.url, {"q": '"зон"'})
        self.assertIn("Wi-Fi без мёртвых зон", [p.title for p in response.context["results"]])

    def test_search_results_cost_the_same_queries_for_5_or_50_hits(self):
        index = KnowledgeIndexPage.objects.get()
        for n in range(5):
            ProductCardPageFactory(title=f"Тариф номер {n}")
        small = _count_queries(self.client, index.url + "?q=тариф")
        for n in range(5, 50):
            ProductCardPageFactory(title=f"Тариф номер {n}")
        large = _count_queries(self.client, index.url + "?q=тариф")
        self.assertEqual(small, large)

    def test_home_page_queries_are_fixed(self):
        from courses.models import HomePage

        home = HomePage.objects.get()
        self.assertLessEqual(_count_queries(self.client, home.url), MAX_PAGE_QUERIES)


class MediaServingTests(TestCase):
    """Uploaded images are for signed-in staff; documents only through Wagtail's own view."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        card = product_card_create(n_images=1, n_materials=1)
        # The size the product card shows; originals are not served (tests/lms/test_media.py).
        cls.image_url = card.images.get().image.get_rendition("fill-640x400").url
        cls.document_file_url = card.materials.get().document.file.url

    def test_image_needs_login(self):
        self.assertEqual(self.client.get(self.image_url).status_code, 302)
        self.client.force_login(self.learner)
        self.assertEqual(self.client.get(self.image_url).status_code, 200)

    def test_document_files_are_never_served_directly(self):
        self.client.force_login(self.learner)
        self.assertEqual(self.client.get(self.document_file_url).status_code, 404)

    def test_path_tricks_find_nothing(self):
        self.client.force_login(self.learner)
        for path in (
            "/media/../manage.py",
            "/media/%2e%2e/manage.py",
            "/media/images/../../manage.py",
        ):
            with self.subTest(path=path):
                self.assertIn(self.client.get(path).status_code, (400, 404))
