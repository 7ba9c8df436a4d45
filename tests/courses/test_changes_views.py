"""The learner's refresher page of a content change, its place in my plan, and the admin's
re-learning page."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment, ContentChange, ProductCardPage
from courses.services import crm_release_flag
from lms.people import roles
from quizzes.models import ChangeQuiz
from tests.courses.factories import (
    CrmFeatureFactory,
    CrmReleaseFactory,
    CrmTutorialPageFactory,
    ProductCardPageFactory,
)
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, single_choice_create

ADMIN_URL = "/admin/courses/relearning/"
# Session, user, the assignment with its change, the live page for the link and the site's root
# paths, the menu's links and counts, the user's permissions (two), the glossary's version.
CHANGE_PAGE_QUERIES = 9


def change_create(*, card, quiz=None, note="Цена **выросла**.<script>alert(1)</script>"):
    change = ContentChange.objects.create(
        content_type=ContentType.objects.get_for_model(ProductCardPage),
        object_id=str(card.pk),
        title=card.title,
        change_note=note,
    )
    if quiz is not None:
        ChangeQuiz.objects.create(change=change, quiz=quiz)
    return change


def assign(user, change):
    return Assignment.objects.create(
        user=user,
        content_change=change,
        source=Assignment.Source.CONTENT_CHANGE,
        due_at=timezone.now() + timezone.timedelta(days=7),
    )


class ChangePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.card = ProductCardPageFactory(title="Тариф «Семейный»")
        cls.owner = staff_user()
        cls.colleague = staff_user()
        cls.read_only = assign(cls.owner, change_create(card=cls.card))
        cls.quiz = quiz_create(questions=[single_choice_create()], title="Что изменилось: тариф")
        cls.with_quiz = assign(cls.owner, change_create(card=cls.card, quiz=cls.quiz))

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def url(self, assignment):
        return reverse("courses:change", args=[assignment.pk])

    def test_anonymous_goes_to_log_in(self):
        response = self.client.get(self.url(self.read_only))
        self.assertEqual(response.status_code, 302)
        self.assertIn(settings.LOGIN_URL, response["Location"])
        self.client.post(self.url(self.read_only))
        self.read_only.refresh_from_db()
        self.assertEqual(self.read_only.status, Assignment.Status.ASSIGNED)

    def test_someone_elses_refresher_is_not_found(self):
        self.client.force_login(self.colleague)
        self.assertEqual(self.client.get(self.url(self.read_only)).status_code, 404)
        self.assertEqual(self.client.post(self.url(self.read_only)).status_code, 404)
        self.read_only.refresh_from_db()
        self.assertEqual(self.read_only.status, Assignment.Status.ASSIGNED)

    def test_a_course_assignment_is_not_a_change(self):
        self.client.force_login(self.owner)
        self.assertEqual(
            self.client.get(reverse("courses:change", args=[999_999])).status_code, 404
        )

    def test_the_owner_reads_the_note_sanitised_with_a_link_to_the_page(self):
        self.client.force_login(self.owner)
        self.client.get(self.url(self.read_only))  # the glossary's state and the site, cached
        with self.assertNumQueries(CHANGE_PAGE_QUERIES):
            response = self.client.get(self.url(self.read_only))
        self.assertContains(response, "<strong>выросла</strong>", html=True)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, f'href="{self.card.url}"')
        self.assertContains(response, "Read and understood")

    def test_reading_a_change_without_questions_completes_it_once(self):
        self.client.force_login(self.owner)
        response = self.client.post(self.url(self.read_only))
        self.assertRedirects(response, self.url(self.read_only))
        self.read_only.refresh_from_db()
        self.assertEqual(self.read_only.status, Assignment.Status.COMPLETED)
        completed_at = self.read_only.completed_at
        self.client.post(self.url(self.read_only))
        self.read_only.refresh_from_db()
        self.assertEqual(self.read_only.completed_at, completed_at)
        self.assertNotContains(self.client.get(self.url(self.read_only)), "Read and understood")

    def test_a_change_with_questions_is_completed_by_passing_them_not_by_a_click(self):
        self.client.force_login(self.owner)
        response = self.client.get(self.url(self.with_quiz))
        self.assertContains(response, reverse("quizzes:quiz", args=[self.quiz.pk]))
        self.assertNotContains(response, "Read and understood")
        self.client.post(self.url(self.with_quiz))
        self.with_quiz.refresh_from_db()
        self.assertEqual(self.with_quiz.status, Assignment.Status.ASSIGNED)

    def test_my_plan_lists_it_with_a_link(self):
        self.client.force_login(self.owner)
        response = self.client.get("/")
        self.assertContains(response, "What changed: Тариф «Семейный»")
        self.assertContains(response, self.url(self.read_only))

    def test_the_plan_api_names_it(self):
        self.client.force_login(self.owner)
        rows = self.client.get("/api/v1/me/plan").json()["assignments"]
        row = next(r for r in rows if r["id"] == self.read_only.pk)
        self.assertEqual(row["kind"], "content_change")
        self.assertEqual(row["title"], "Тариф «Семейный»")
        self.assertEqual(row["url"], self.url(self.read_only))
        self.assertIsNone(row["course"])
        self.assertIsNone(row["progress"])


class RelearningAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.staff = staff_user()
        feature = CrmFeatureFactory(name="Поиск клиента")
        cls.tutorial = CrmTutorialPageFactory(title="Найти клиента", feature=feature)
        crm_release_flag(release=CrmReleaseFactory(version="7.0", changed_features=[feature]))
        cls.card = ProductCardPageFactory(title="Тариф «Домашний»")

    def test_anonymous_goes_to_the_admin_log_in(self):
        response = self.client.get(ADMIN_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    def test_staff_without_admin_access_is_refused(self):
        self.client.force_login(self.staff)
        response = self.client.get(ADMIN_URL)
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("Найти клиента", response.content.decode())

    def test_authors_and_managers_see_tutorials_to_review_and_changes(self):
        for user in (self.author, self.manager):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(ADMIN_URL)
                self.assertContains(response, "Найти клиента")
                self.assertContains(response, "7.0")

    def test_a_fixed_number_of_queries(self):
        self.client.force_login(self.author)
        change_create(card=self.card)
        self.client.get(ADMIN_URL)  # warm caches
        with self.assertNumQueries(NUM := 12) as small:  # noqa: F841
            self.client.get(ADMIN_URL)
        for index in range(10):
            change_create(card=self.card, note=f"Изменение {index}")
            tutorial = CrmTutorialPageFactory(title=f"Урок CRM {index}")
            crm_release_flag(
                release=CrmReleaseFactory(version=f"8.{index}", changed_features=[tutorial.feature])
            )
        with self.assertNumQueries(NUM):
            response = self.client.get(ADMIN_URL)
        self.assertContains(response, "Урок CRM 9")
