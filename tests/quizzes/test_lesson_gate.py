"""A lesson's gating quiz is a child of the lesson page (``quizzes.LessonGate``): authors choose
it in the lesson editor, change it in a draft, preview it, and learners meet it once the lesson
is published."""

from django.test import TestCase
from django.urls import reverse

from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses import hooks
from courses.models import LessonPage
from courses.selectors import course_outline_for_learner, lesson_context_for_learner
from lms.people import roles
from quizzes.models import LessonGate
from quizzes.selectors import quiz_gated_lessons
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, true_false_create


def gate_quiz_ids(lesson) -> list[int]:
    return [gate.quiz_id for gate in lesson.quiz_gates.all()]


class LessonGateEditorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Content leads publish; authors submit for review.
        cls.author = staff_user(roles=[roles.AUTHORS, roles.CONTENT_LEADS])
        cls.learner = staff_user()
        cls.course = course_create(lessons=0, title="Тарифы")
        cls.first = quiz_create(questions=[true_false_create()], title="Проверка: тарифы")
        cls.second = quiz_create(questions=[true_false_create()], title="Проверка: скидки")

    def setUp(self):
        self.client.force_login(self.author)

    def form(self, gates, *, initial=0, publish=False, **fields):
        data = {
            "title": "Как читать тариф",
            "slug": "kak-chitat-tarif",
            "estimated_minutes": 10,
            "body": streamfield([("text", "Смотрите на **абонентскую плату**.")]),
            "quiz_gates": inline_formset(gates, initial=initial),
            **fields,
        }
        if publish:
            data["action-publish"] = "action-publish"
        return nested_form_data(data)

    def lesson_add(self, gates, *, publish=True):
        url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", self.course.pk])
        response = self.client.post(url, self.form(gates, publish=publish))
        self.assertEqual(response.status_code, 302)
        return LessonPage.objects.get(slug="kak-chitat-tarif")

    def lesson_edit(self, lesson, gates, *, publish=False):
        url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
        existing = LessonGate.objects.filter(lesson=lesson).count()
        response = self.client.post(url, self.form(gates, initial=existing, publish=publish))
        self.assertEqual(response.status_code, 302)
        return LessonPage.objects.get(pk=lesson.pk)

    def test_the_lesson_editor_offers_one_gating_quiz(self):
        url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", self.course.pk])
        response = self.client.get(url)
        self.assertContains(response, 'name="quiz_gates-TOTAL_FORMS"')
        self.assertContains(response, 'name="quiz_gates-MAX_NUM_FORMS" value="1"')
        # After the body, in the content tab, as the gate's field was before.
        content = response.content.decode()
        self.assertLess(
            content.index('-body-section"'), content.index('name="quiz_gates-TOTAL_FORMS"')
        )

    def test_the_editor_refuses_a_second_gate(self):
        url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", self.course.pk])
        gates = [{"quiz": self.first.pk}, {"quiz": self.second.pk}]
        response = self.client.post(url, self.form(gates, publish=True))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(LessonPage.objects.filter(slug="kak-chitat-tarif").exists())
        self.assertFalse(LessonGate.objects.exists())

    def test_a_published_lesson_ends_with_its_gate(self):
        lesson = self.lesson_add([{"quiz": self.first.pk}])
        self.assertTrue(lesson.live)
        self.assertEqual(gate_quiz_ids(lesson), [self.first.pk])
        outline = course_outline_for_learner(course=self.course, user=self.learner)
        self.assertEqual(outline.state_of(lesson.pk).gate_quiz_id, self.first.pk)
        self.assertEqual(quiz_gated_lessons(quiz=self.first), [lesson])
        # The gate travels in the published revision too.
        self.assertEqual(gate_quiz_ids(lesson.live_revision.as_object()), [self.first.pk])

    def test_a_gate_changed_in_a_draft_waits_for_publishing(self):
        lesson = self.lesson_add([{"quiz": self.first.pk}])
        gate = LessonGate.objects.get(lesson=lesson)

        lesson = self.lesson_edit(lesson, [{"id": gate.pk, "quiz": self.second.pk}])

        self.assertTrue(lesson.has_unpublished_changes)
        # Learners still meet the published gate…
        self.assertEqual(list(LessonGate.objects.values_list("quiz", flat=True)), [self.first.pk])
        outline = course_outline_for_learner(course=self.course, user=self.learner)
        self.assertEqual(outline.state_of(lesson.pk).gate_quiz_id, self.first.pk)
        self.assertEqual(quiz_gated_lessons(quiz=self.second), [])
        # …while the draft holds the new one.
        draft = lesson.get_latest_revision_as_object()
        self.assertEqual(hooks.lesson_gate_quiz(lesson=draft), self.second)
        self.assertEqual(hooks.lesson_gate_quiz(lesson=lesson), self.first)

        lesson.get_latest_revision().publish()

        self.assertEqual(list(LessonGate.objects.values_list("quiz", flat=True)), [self.second.pk])
        outline = course_outline_for_learner(course=self.course, user=self.learner)
        self.assertEqual(outline.state_of(lesson.pk).gate_quiz_id, self.second.pk)

    def test_a_gate_removed_in_a_draft_stays_until_publishing(self):
        lesson = self.lesson_add([{"quiz": self.first.pk}])
        gate = LessonGate.objects.get(lesson=lesson)
        removed = [{"id": gate.pk, "quiz": self.first.pk, "DELETE": "1"}]

        lesson = self.lesson_edit(lesson, removed)
        self.assertEqual(gate_quiz_ids(lesson), [self.first.pk])
        self.assertIsNone(hooks.lesson_gate_quiz(lesson=lesson.get_latest_revision_as_object()))

        lesson = self.lesson_edit(lesson, removed, publish=True)
        self.assertFalse(LessonGate.objects.exists())
        outline = course_outline_for_learner(course=self.course, user=self.learner)
        self.assertIsNone(outline.state_of(lesson.pk).gate_quiz_id)

    def test_the_preview_shows_the_draft_gate(self):
        lesson = self.lesson_add([{"quiz": self.first.pk}])
        gate = LessonGate.objects.get(lesson=lesson)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])
        form = self.form([{"id": gate.pk, "quiz": self.second.pk}], initial=1)
        self.assertEqual(self.client.post(url, form).json()["is_valid"], True)

        response = self.client.get(url)

        self.assertContains(response, "Проверка: скидки")
        self.assertNotContains(response, "Проверка: тарифы")
        self.assertEqual(list(LessonGate.objects.values_list("quiz", flat=True)), [self.first.pk])

    def test_learners_cannot_open_the_lesson_editor(self):
        lesson = self.lesson_add([{"quiz": self.first.pk}])
        self.client.force_login(self.learner)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])


class RevisionBeforeTheMoveTests(TestCase):
    """A revision saved while the gate was the lesson's ``gate_quiz`` field, left as it was
    (the data migration rewrites them; one it missed must still publish)."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user(roles=[roles.AUTHORS])
        cls.quiz = quiz_create(questions=[true_false_create()], title="Проверка: тарифы")
        cls.course = course_create(lessons=1, gates={0: cls.quiz})
        cls.lesson = course_lessons(cls.course)[0]

    def old_revision(self) -> Revision:
        revision = self.lesson.save_revision(user=self.editor)
        content = dict(revision.content)
        content.pop("quiz_gates", None)
        content["gate_quiz"] = self.quiz.pk
        Revision.objects.filter(pk=revision.pk).update(content=content)
        return Revision.objects.get(pk=revision.pk)

    def test_publishing_it_does_not_crash_and_keeps_the_lessons_gate(self):
        revision = self.old_revision()
        # Without ``quiz_gates`` in the revision, modelcluster leaves the relation alone: the
        # lesson keeps the gate it has; the old field is ignored.
        self.assertEqual(hooks.lesson_gate_quiz(lesson=revision.as_object()), self.quiz)
        revision.publish()
        lesson = LessonPage.objects.get(pk=self.lesson.pk)
        self.assertTrue(lesson.live)
        self.assertEqual(lesson.live_revision_id, revision.pk)
        self.assertEqual(gate_quiz_ids(lesson), [self.quiz.pk])

    def test_the_editor_reverts_to_it(self):
        revision = self.old_revision()
        self.client.force_login(self.editor)
        url = reverse("wagtailadmin_pages:revisions_revert", args=[self.lesson.pk, revision.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="quiz_gates-TOTAL_FORMS"')


class LessonContextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.course = course_create(lessons=2, gates={1: cls.quiz})
        cls.learner = staff_user()

    def test_the_lesson_page_shows_its_gate_and_a_lesson_without_one_none(self):
        ungated, gated = course_lessons(self.course)
        context = lesson_context_for_learner(lesson=gated, user=self.learner)
        self.assertEqual(context["gate_quiz"], self.quiz)
        context = lesson_context_for_learner(lesson=ungated, user=self.learner)
        self.assertIsNone(context["gate_quiz"])

    def test_deleting_the_quiz_removes_the_gate(self):
        gated = course_lessons(self.course)[1]
        self.quiz.delete()
        outline = course_outline_for_learner(course=self.course, user=self.learner)
        self.assertIsNone(outline.state_of(gated.pk).gate_quiz_id)
        self.assertTrue(LessonPage.objects.filter(pk=gated.pk).exists())
