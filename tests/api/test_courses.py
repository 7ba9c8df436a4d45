"""The plan, course and lesson endpoints (``courses/api.py``)."""

import datetime

from django.test import TestCase
from django.utils import timezone

from courses.models import LessonProgress
from courses.services import (
    ERROR_GATE_NOT_PASSED,
    ERROR_LESSON_LOCKED,
    assignment_create,
    lesson_complete,
)
from tests.api.helpers import API, count_queries
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, true_false_create

# Session and user (2), then the selector's own: assignments with courses, lessons, progress
# (3), then the site's root paths for the page URLs (1).
PLAN_QUERIES = 6
# Session and user (2), the course (1), its lessons and my progress (2), root paths (1).
# Page privacy adds two: the restrictions on the course and its ancestors.
COURSE_QUERIES = 8


class PlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.soon = course_create(lessons=2, title="Скоро")
        cls.later = course_create(lessons=3, title="Позже")
        cls.done = course_create(lessons=1, title="Пройден")
        cls.draft = course_create(lessons=1, title="Черновик")
        cls.draft.unpublish()
        now = timezone.now().replace(microsecond=0)
        assignment_create(
            user=cls.user, course=cls.later, source="manual", due_at=now + datetime.timedelta(7)
        )
        cls.overdue, _ = assignment_create(
            user=cls.user, course=cls.soon, source="onboarding", due_at=now - datetime.timedelta(1)
        )
        assignment_create(user=cls.user, course=cls.done, source="refresher")
        assignment_create(user=cls.user, course=cls.draft, source="manual")
        lesson_complete(user=cls.user, lesson=course_lessons(cls.soon)[0])
        lesson_complete(user=cls.user, lesson=course_lessons(cls.done)[0])
        cls.other = staff_user()
        assignment_create(user=cls.other, course=course_create(lessons=1), source="manual")

    def test_shape_and_order(self):
        self.client.force_login(self.user)
        response = self.client.get(f"{API}/me/plan")
        self.assertEqual(response.status_code, 200)
        assignments = response.json()["assignments"]
        self.assertEqual([a["course"]["title"] for a in assignments], ["Скоро", "Позже", "Пройден"])
        first = assignments[0]
        self.assertEqual(
            first,
            {
                "id": self.overdue.pk,
                "kind": "course",
                "title": "Скоро",
                "url": self.soon.url,
                "course": {"id": self.soon.pk, "title": "Скоро", "url": self.soon.url},
                "quiz_id": None,
                "source": "onboarding",
                "due_at": first["due_at"],
                "status": "overdue",
                "progress": {"done": 1, "total": 2},
            },
        )
        self.assertEqual(datetime.datetime.fromisoformat(first["due_at"]), self.overdue.due_at)

    def test_statuses_and_progress(self):
        self.client.force_login(self.user)
        assignments = self.client.get(f"{API}/me/plan").json()["assignments"]
        self.assertEqual(
            [(a["status"], a["progress"]) for a in assignments],
            [
                ("overdue", {"done": 1, "total": 2}),
                ("assigned", {"done": 0, "total": 3}),
                ("completed", {"done": 1, "total": 1}),
            ],
        )

    def test_only_my_own_assignments(self):
        self.client.force_login(self.other)
        assignments = self.client.get(f"{API}/me/plan").json()["assignments"]
        self.assertEqual(len(assignments), 1)
        self.assertNotIn("Скоро", str(assignments))

    def test_empty_plan(self):
        self.client.force_login(staff_user())
        self.assertEqual(self.client.get(f"{API}/me/plan").json(), {"assignments": []})


class PlanQueryCountTests(TestCase):
    def count(self, user) -> int:
        self.client.force_login(user)
        self.client.get(f"{API}/me/plan")  # warm up the site's root paths
        return count_queries(lambda: self.client.get(f"{API}/me/plan"))

    def test_same_count_for_one_course_and_for_many(self):
        small = staff_user()
        assignment_create(user=small, course=course_create(lessons=1), source="manual")
        large = staff_user()
        for index in range(8):
            course = course_create(lessons=6, gates={2: quiz_create()})
            assignment_create(user=large, course=course, source="manual")
            if index % 2:
                lesson_complete(user=large, lesson=course_lessons(course)[0])
        self.assertEqual(self.count(small), PLAN_QUERIES)
        self.assertEqual(self.count(large), PLAN_QUERIES)


class CourseDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.course = course_create(lessons=3, gates={1: cls.quiz}, title="Продажи")
        cls.lessons = course_lessons(cls.course)
        lesson_complete(user=cls.user, lesson=cls.lessons[0])

    def setUp(self):
        self.client.force_login(self.user)

    def test_lessons_with_my_state(self):
        response = self.client.get(f"{API}/courses/{self.course.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "id": self.course.pk,
                "title": "Продажи",
                "lessons": [
                    {
                        "id": lesson.pk,
                        "title": lesson.title,
                        "url": lesson.url,
                        "state": state,
                        "gate_quiz_id": gate,
                    }
                    for lesson, state, gate in zip(
                        self.lessons,
                        ["completed", "open", "locked"],
                        [None, self.quiz.pk, None],
                        strict=True,
                    )
                ],
            },
        )

    def test_another_learner_sees_their_own_state(self):
        self.client.force_login(staff_user())
        lessons = self.client.get(f"{API}/courses/{self.course.pk}").json()["lessons"]
        self.assertEqual([item["state"] for item in lessons], ["open", "locked", "locked"])

    def test_draft_course_is_404(self):
        draft = course_create(lessons=1)
        draft.unpublish()
        response = self.client.get(f"{API}/courses/{draft.pk}")
        self.assertEqual(response.status_code, 404)
        self.assertIn("detail", response.json())

    def test_a_lesson_is_not_a_course(self):
        self.assertEqual(self.client.get(f"{API}/courses/{self.lessons[0].pk}").status_code, 404)

    def test_unknown_and_malformed_ids(self):
        self.assertEqual(self.client.get(f"{API}/courses/999999").status_code, 404)
        response = self.client.get(f"{API}/courses/abc")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"], ["path", "course_id"])

    def test_same_count_for_one_lesson_and_for_many(self):
        small = course_create(lessons=1)
        large = course_create(lessons=25, gates={3: self.quiz, 10: self.quiz})
        for lesson in course_lessons(large)[:3]:
            lesson_complete(user=self.user, lesson=lesson)
        for course in (small, large):
            with self.subTest(lessons=len(course_lessons(course))):
                url = f"{API}/courses/{course.pk}"
                self.client.get(url)
                self.assertEqual(
                    count_queries(lambda url=url: self.client.get(url)), COURSE_QUERIES
                )


class LessonCompleteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.course = course_create(lessons=3, gates={1: cls.quiz})
        cls.first, cls.gated, cls.last = course_lessons(cls.course)
        cls.assignment, _ = assignment_create(user=cls.user, course=cls.course, source="manual")

    def setUp(self):
        self.client.force_login(self.user)

    def complete(self, lesson):
        return self.client.post(f"{API}/lessons/{lesson.pk}/complete")

    def test_open_lesson_becomes_completed(self):
        response = self.complete(self.first)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "id": self.first.pk,
                "title": self.first.title,
                "url": self.first.url,
                "state": "completed",
                "gate_quiz_id": None,
            },
        )
        self.assertIsNotNone(LessonProgress.objects.get(user=self.user).completed_at)

    def test_completing_twice_changes_nothing(self):
        self.complete(self.first)
        completed_at = LessonProgress.objects.get(user=self.user).completed_at
        response = self.complete(self.first)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(LessonProgress.objects.get(user=self.user).completed_at, completed_at)

    def test_locked_lesson_is_403_and_nothing_is_saved(self):
        response = self.complete(self.last)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": str(ERROR_LESSON_LOCKED)})
        self.assertFalse(LessonProgress.objects.exists())

    def test_gate_not_passed_is_403_and_nothing_is_saved(self):
        self.complete(self.first)
        response = self.complete(self.gated)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": str(ERROR_GATE_NOT_PASSED)})
        self.assertFalse(LessonProgress.objects.filter(lesson=self.gated).exists())

    def test_last_lesson_completes_the_assignment(self):
        other = course_create(lessons=1)
        assignment, _ = assignment_create(user=self.user, course=other, source="manual")
        self.complete(course_lessons(other)[0])
        assignment.refresh_from_db()
        self.assertEqual(assignment.status, "completed")

    def test_draft_lesson_is_404(self):
        self.first.unpublish()
        self.assertEqual(self.complete(self.first).status_code, 404)
        self.assertFalse(LessonProgress.objects.exists())

    def test_get_is_not_allowed(self):
        response = self.client.get(f"{API}/lessons/{self.first.pk}/complete")
        self.assertEqual(response.status_code, 405)
