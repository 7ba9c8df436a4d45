"""Authors write courses and lessons in the page editor; a lesson ends with a chosen quiz."""

from django.test import TestCase
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import CourseIndexPage, LessonPage
from lms.people import roles
from tests.courses.factories import DocumentFactory, course_create
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, true_false_create


class LessonEditorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.course = course_create(lessons=0, title="Тарифы")
        cls.quiz = quiz_create(questions=[true_false_create()], title="Проверка")

    def setUp(self):
        self.client.force_login(self.author)

    def add_url(self):
        return reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", self.course.pk])

    def post(self, body):
        data = nested_form_data(
            {
                "title": "Как читать тариф",
                "slug": "kak-chitat-tarif",
                "estimated_minutes": 10,
                "body": streamfield(body),
                "quiz_gates": inline_formset([{"quiz": self.quiz.pk}]),
            }
        )
        return self.client.post(self.add_url(), data)

    def test_author_adds_a_lesson_with_text_and_a_gating_quiz(self):
        response = self.post([("text", "Смотрите на **абонентскую плату**.")])
        self.assertEqual(response.status_code, 302)
        lesson = LessonPage.objects.get(slug="kak-chitat-tarif")
        self.assertEqual([gate.quiz for gate in lesson.quiz_gates.all()], [self.quiz])
        self.assertEqual(lesson.get_parent().pk, self.course.pk)
        self.assertEqual(lesson.body[0].block_type, "text")

    def test_a_video_block_refuses_a_file_that_is_not_a_video(self):
        pdf = DocumentFactory()
        response = self.post([("video", {"video": pdf.pk, "caption": ""})])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(LessonPage.objects.filter(slug="kak-chitat-tarif").exists())
        self.assertContains(response, "mp4")

    def test_courses_go_only_under_the_catalogue(self):
        catalogue = CourseIndexPage.objects.get()
        ok = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk])
        self.assertEqual(self.client.get(ok).status_code, 200)
        wrong = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", catalogue.pk])
        # Wagtail sends the editor away (to the admin home, with a message) instead of a form.
        self.assertEqual(self.client.get(wrong).status_code, 302)

    def test_learners_cannot_open_the_editor(self):
        self.client.force_login(staff_user())
        self.assertEqual(self.client.get(self.add_url()).status_code, 302)
