from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.forms import ERROR_EXAMPLE_METRIC, ERROR_WEIGHTS
from courses.models import (
    DESCRIPTION_MAX_LENGTH,
    BonusComponent,
    BonusSchemePage,
    CheatSheetPage,
    CourseIndexPage,
    CoursePage,
    CrmTutorialIndexPage,
    CrmTutorialPage,
    DocumentsGuidePage,
    HomePage,
    KnowledgeIndexPage,
    LessonPage,
    ProductCardPage,
    ProductIndexPage,
    ServiceStandardsPage,
)
from tests.courses.factories import (
    BonusSchemePageFactory,
    CheatSheetPageFactory,
    CrmTutorialPageFactory,
    DocumentsGuidePageFactory,
    ProductCardPageFactory,
    ServiceStandardsPageFactory,
)

User = get_user_model()

# Each page type: (allowed parents, allowed children).
TREE = {
    HomePage: ({Page}, {KnowledgeIndexPage, CourseIndexPage}),
    KnowledgeIndexPage: (
        {HomePage},
        {
            ProductIndexPage,
            CrmTutorialIndexPage,
            BonusSchemePage,
            ServiceStandardsPage,
            DocumentsGuidePage,
        },
    ),
    ProductIndexPage: ({KnowledgeIndexPage}, {ProductCardPage, CheatSheetPage}),
    ProductCardPage: ({ProductIndexPage}, set()),
    CheatSheetPage: ({ProductIndexPage}, set()),
    CrmTutorialIndexPage: ({KnowledgeIndexPage}, {CrmTutorialPage}),
    CrmTutorialPage: ({CrmTutorialIndexPage}, set()),
    BonusSchemePage: ({KnowledgeIndexPage}, set()),
    ServiceStandardsPage: ({KnowledgeIndexPage}, set()),
    DocumentsGuidePage: ({KnowledgeIndexPage}, set()),
    CourseIndexPage: ({HomePage}, {CoursePage}),
    CoursePage: ({CourseIndexPage}, {LessonPage}),
    LessonPage: ({CoursePage}, set()),
}
SINGLETONS = [HomePage, KnowledgeIndexPage, ProductIndexPage, CrmTutorialIndexPage, CourseIndexPage]


def list_block(items):
    """ListBlock form data, the counterpart of ``streamfield`` for a list of child values."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def component(metric, weight, target="80", **extra):
    return {
        "id": "",
        "metric": metric,
        "meaning": f"What {metric} means",
        "how_measured": "From the CRM",
        "weight": str(weight),
        "target": target,
        "unit": "%",
        "higher_is_better": "on",
        **extra,
    }


def example(title, actuals):
    return (
        "example",
        {
            "title": title,
            "job_role": "",
            "story": "An ordinary month.",
            "actuals": list_block([{"metric": m, "value": v} for m, v in actuals]),
        },
    )


def bonus_scheme_data(*, components, examples=(), title="Премия операторов"):
    return nested_form_data(
        {
            "title": title,
            "slug": "bonus",
            "intro": "Как считается премия.",
            "target_bonus": "10000",
            "currency": "₽",
            "payout_floor": "70",
            "payout_cap": "120",
            "components": inline_formset(components, min=1),
            "examples": streamfield(list(examples)),
            "comments": inline_formset([]),
        }
    )


def product_card_data(*, description, title="Домашний интернет"):
    return nested_form_data(
        {
            "title": title,
            "slug": "home-internet",
            "pitch": "Быстрый интернет без вечерних провалов",
            "description": description,
            "audience": "",
            "benefits": streamfield([]),
            "usps": streamfield([]),
            "objections": streamfield([]),
            "images": inline_formset([]),
            "materials": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


class PageTreeTests(WagtailPageTestCase):
    def test_allowed_parent_page_types(self):
        for model, (parents, _children) in TREE.items():
            with self.subTest(page_type=model.__name__):
                self.assertAllowedParentPageTypes(model, parents)

    def test_allowed_subpage_types(self):
        for model, (_parents, children) in TREE.items():
            with self.subTest(page_type=model.__name__):
                self.assertAllowedSubpageTypes(model, children)

    def test_content_pages_cannot_be_created_outside_their_section(self):
        self.assertCanNotCreateAt(KnowledgeIndexPage, ProductCardPage)
        self.assertCanNotCreateAt(ProductIndexPage, CrmTutorialPage)
        self.assertCanNotCreateAt(CrmTutorialIndexPage, ProductCardPage)
        self.assertCanNotCreateAt(HomePage, BonusSchemePage)
        self.assertCanNotCreateAt(Page, KnowledgeIndexPage)


class PageSingletonTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()
        cls.home = HomePage.objects.get()
        cls.knowledge = KnowledgeIndexPage.objects.get()
        cls.products = ProductIndexPage.objects.get()
        cls.crm = CrmTutorialIndexPage.objects.get()

    def test_the_skeleton_holds_one_of_each_singleton(self):
        for model in SINGLETONS:
            with self.subTest(page_type=model.__name__):
                self.assertEqual(model.max_count, 1)
                self.assertEqual(model.objects.count(), 1)

    def test_a_second_singleton_cannot_be_created(self):
        parents = {
            HomePage: self.root,
            KnowledgeIndexPage: self.home,
            ProductIndexPage: self.knowledge,
            CrmTutorialIndexPage: self.knowledge,
        }
        for model, parent in parents.items():
            with self.subTest(page_type=model.__name__):
                self.assertTrue(model.can_exist_under(parent))
                self.assertFalse(model.can_create_at(parent))

    def test_content_pages_can_be_created_many_times(self):
        ProductCardPageFactory()
        CheatSheetPageFactory()
        CrmTutorialPageFactory()
        BonusSchemePageFactory()
        ServiceStandardsPageFactory()
        DocumentsGuidePageFactory()

        for model, parent in (
            (ProductCardPage, self.products),
            (CheatSheetPage, self.products),
            (CrmTutorialPage, self.crm),
            (BonusSchemePage, self.knowledge),
            (ServiceStandardsPage, self.knowledge),
            (DocumentsGuidePage, self.knowledge),
        ):
            with self.subTest(page_type=model.__name__):
                self.assertTrue(model.can_create_at(parent))

    def test_the_admin_refuses_a_second_home_page(self):
        self.client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))

        response = self.client.get(
            reverse("wagtailadmin_pages:add", args=["courses", "homepage", self.root.pk])
        )

        # Wagtail's admin answers PermissionDenied with a redirect to the dashboard.
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)


class AdminFormTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = User.objects.create_superuser("root", "root@example.com", "pw")
        cls.knowledge = KnowledgeIndexPage.objects.get()
        cls.products = ProductIndexPage.objects.get()

    def setUp(self):
        self.client.force_login(self.superuser)

    def post_add(self, parent, model, data):
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        return self.client.post(url, {**data, "action-publish": "action-publish"})

    def form_errors(self, response):
        self.assertEqual(response.status_code, 200, "the form was accepted")
        return response.context["form"].errors


class BonusSchemePageFormTests(AdminFormTestCase):
    def test_valid_scheme_is_created_with_its_components(self):
        data = bonus_scheme_data(
            components=[component("FCR", 60), component("CSAT", 40, target="4.5")],
            examples=[example("Обычный месяц", [("FCR", "80"), ("csat ", "4.5")])],
        )

        self.assertCanCreate(self.knowledge, BonusSchemePage, data)

        scheme = BonusSchemePage.objects.get(slug="bonus")
        self.assertTrue(scheme.live)
        self.assertEqual(
            list(BonusComponent.objects.filter(page=scheme).values_list("metric", "weight")),
            [("FCR", 60), ("CSAT", 40)],
        )
        self.assertEqual(len(scheme.examples), 1)

    def test_weights_not_adding_up_to_100_are_rejected(self):
        data = bonus_scheme_data(components=[component("FCR", 60), component("CSAT", 30)])

        errors = self.form_errors(self.post_add(self.knowledge, BonusSchemePage, data))

        self.assertIn(str(ERROR_WEIGHTS % {"total": 90}), errors["__all__"])
        self.assertFalse(BonusSchemePage.objects.exists())

    def test_weights_above_100_are_rejected(self):
        data = bonus_scheme_data(components=[component("FCR", 70), component("CSAT", 40)])

        errors = self.form_errors(self.post_add(self.knowledge, BonusSchemePage, data))

        self.assertIn(str(ERROR_WEIGHTS % {"total": 110}), errors["__all__"])

    def test_deleted_components_do_not_count_towards_the_weights(self):
        data = bonus_scheme_data(
            components=[component("FCR", 100), component("CSAT", 50, DELETE="1")]
        )

        self.assertCanCreate(self.knowledge, BonusSchemePage, data)

        scheme = BonusSchemePage.objects.get(slug="bonus")
        self.assertEqual(
            list(BonusComponent.objects.filter(page=scheme).values_list("metric", flat=True)),
            ["FCR"],
        )

    def test_example_naming_an_unknown_metric_is_rejected(self):
        data = bonus_scheme_data(
            components=[component("FCR", 60), component("CSAT", 40)],
            examples=[example("Хороший месяц", [("FCR", "85"), ("NPS", "70")])],
        )

        errors = self.form_errors(self.post_add(self.knowledge, BonusSchemePage, data))

        expected = str(
            ERROR_EXAMPLE_METRIC
            % {"example": "Хороший месяц", "metric": "NPS", "known": "FCR, CSAT"}
        )
        self.assertIn(expected, errors["examples"])
        self.assertNotIn("__all__", errors)
        self.assertFalse(BonusSchemePage.objects.exists())

    def test_every_unknown_metric_is_reported(self):
        data = bonus_scheme_data(
            components=[component("FCR", 100)],
            examples=[
                example("Первый", [("AHT", "300")]),
                example("Второй", [("FCR", "80"), ("NPS", "70")]),
            ],
        )

        errors = self.form_errors(self.post_add(self.knowledge, BonusSchemePage, data))

        messages = " ".join(errors["examples"])
        self.assertIn("AHT", messages)
        self.assertIn("NPS", messages)
        self.assertIn("Первый", messages)
        self.assertIn("Второй", messages)

    def test_scheme_without_components_is_rejected(self):
        data = bonus_scheme_data(components=[])

        response = self.post_add(self.knowledge, BonusSchemePage, data)

        self.assertEqual(response.status_code, 200)
        self.assertFalse(BonusSchemePage.objects.exists())


class ProductCardPageFormTests(AdminFormTestCase):
    def test_description_at_the_limit_is_accepted(self):
        data = product_card_data(description="а" * DESCRIPTION_MAX_LENGTH)

        self.assertCanCreate(self.products, ProductCardPage, data)

        card = ProductCardPage.objects.get(slug="home-internet")
        self.assertEqual(len(card.description), DESCRIPTION_MAX_LENGTH)

    def test_description_over_the_limit_is_rejected(self):
        data = product_card_data(description="а" * (DESCRIPTION_MAX_LENGTH + 1))

        errors = self.form_errors(self.post_add(self.products, ProductCardPage, data))

        self.assertIn("description", errors)
        self.assertFalse(ProductCardPage.objects.filter(slug="home-internet").exists())

    def test_description_limit_is_1200(self):
        self.assertEqual(DESCRIPTION_MAX_LENGTH, 1200)
        self.assertEqual(
            ProductCardPage._meta.get_field("description").max_length, DESCRIPTION_MAX_LENGTH
        )
