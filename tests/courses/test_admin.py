"""The editor side of the knowledge content: who may edit, submit, approve and publish."""

from django.test import TestCase
from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.models import DocumentsGuidePage, KnowledgeIndexPage
from lms.people import roles
from tests.courses.factories import CrmFeatureFactory, DocumentsGuidePageFactory
from tests.factories import staff_user


def _guide_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "entries": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


class PageEditorPermissionTests(TestCase):
    """Anonymous, learner, manager, author, content lead against the page editor."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.guide = DocumentsGuidePageFactory(title="Документы", intro="Старое")

    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.guide.pk])

    def test_anonymous_goes_to_admin_login(self):
        response = self.client.get(self.edit_url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_learner_and_manager_cannot_open_the_editor(self):
        for user in (self.learner, self.manager):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(self.edit_url())
                self.assertIn(response.status_code, (302, 403))
                if response.status_code == 302:
                    self.assertNotEqual(response["Location"], self.edit_url())
                self.assertEqual(DocumentsGuidePage.objects.get(pk=self.guide.pk).intro, "Старое")

    def test_manager_cannot_save_a_page(self):
        self.client.force_login(self.manager)
        self.client.post(self.edit_url(), _guide_form(self.guide, intro="Правка менеджера"))
        self.assertFalse(self.guide.revisions.filter(content__intro="Правка менеджера").exists())

    def test_author_edits_and_submits_but_cannot_publish(self):
        self.client.force_login(self.author)
        self.assertEqual(self.client.get(self.edit_url()).status_code, 200)
        self.client.post(
            self.edit_url(), _guide_form(self.guide, intro="Новое", **{"action-publish": "1"})
        )
        self.guide.refresh_from_db()
        self.assertEqual(self.guide.intro, "Старое")  # the live version did not change
        self.client.post(
            self.edit_url(), _guide_form(self.guide, intro="Новое", **{"action-submit": "1"})
        )
        state = WorkflowState.objects.get(
            base_content_type__model="page", object_id=str(self.guide.pk)
        )
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, roles.REVIEW_TASK_NAME)

    def test_content_lead_publishes(self):
        self.client.force_login(self.lead)
        self.client.post(
            self.edit_url(),
            _guide_form(self.guide, intro="Опубликовано", **{"action-publish": "1"}),
        )
        self.guide.refresh_from_db()
        self.assertEqual(self.guide.intro, "Опубликовано")
        self.assertTrue(self.guide.live)

    def test_content_lead_can_approve_what_an_author_submitted(self):
        self.client.force_login(self.author)
        self.client.post(
            self.edit_url(), _guide_form(self.guide, intro="На проверку", **{"action-submit": "1"})
        )
        state = WorkflowState.objects.get(
            base_content_type__model="page", object_id=str(self.guide.pk)
        )
        task_state = state.current_task_state
        self.assertTrue(task_state.task.specific.user_can_access_editor(self.guide, self.lead))
        self.assertIn(
            "approve", [a[0] for a in task_state.task.specific.get_actions(self.guide, self.lead)]
        )
        self.assertEqual(task_state.task.specific.get_actions(self.guide, self.author), [])

    def test_author_can_add_a_page_under_the_knowledge_base(self):
        self.client.force_login(self.author)
        parent = KnowledgeIndexPage.objects.get()
        url = reverse("wagtailadmin_pages:add", args=["courses", "documentsguidepage", parent.pk])
        self.assertEqual(self.client.get(url).status_code, 200)


class CrmSnippetPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.feature = CrmFeatureFactory()

    def test_matrix(self):
        feature_edit = reverse("wagtailsnippets_courses_crmfeature:edit", args=[self.feature.pk])
        release_add = reverse("wagtailsnippets_courses_crmrelease:add")
        cases = [
            (None, feature_edit, 302),
            (self.learner, feature_edit, 302),
            (self.author, feature_edit, 200),
            (self.author, release_add, 302),
            (self.lead, release_add, 200),
        ]
        for user, url, expected in cases:
            with self.subTest(user=getattr(user, "username", "anonymous"), url=url):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, expected)
