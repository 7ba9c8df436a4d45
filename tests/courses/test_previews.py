"""Authors preview every kind of knowledge page before it goes live."""

from django.test import RequestFactory, TestCase

from lms.people import roles
from tests.courses.factories import (
    CrmReleaseFactory,
    ProductCardPageFactory,
    every_page_type_create,
)
from tests.factories import staff_user


class PagePreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.pages = [
            *every_page_type_create(),
            ProductCardPageFactory(live=False, title="Черновик карточки"),
        ]

    def test_every_page_type_previews_for_an_editor(self):
        request = RequestFactory().get("/")
        request.user = self.lead
        for page in self.pages:
            with self.subTest(page=type(page.specific).__name__):
                response = page.specific.make_preview_request(original_request=request)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, page.title)

    def test_crm_release_snippet_previews(self):
        release = CrmReleaseFactory(version="5.0", summary="Новая **карточка** клиента")
        response = release.make_preview_request()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<strong>карточка</strong>", html=False)


class PreviewAccessTests(TestCase):
    """The editor's preview of a draft: only people who may edit the page see it."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.draft = ProductCardPageFactory(live=False, title="Секретный черновик")

    def test_matrix(self):
        from django.urls import reverse

        url = reverse("wagtailadmin_pages:view_draft", args=[self.draft.pk])
        self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(self.learner)
        response = self.client.get(url)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotContains(response, "Секретный черновик", status_code=response.status_code)
        self.client.force_login(self.lead)
        response = self.client.get(url)
        self.assertContains(response, "Секретный черновик")
        # and the public URL of a draft is not served to anyone
        self.assertEqual(
            self.client.get("/knowledge/products/" + self.draft.slug + "/").status_code, 404
        )
