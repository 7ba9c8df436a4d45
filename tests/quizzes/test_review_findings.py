"""Defects a review found, each pinned by a test: a start racing a submit, one pass opening a
later lesson, clearing an answer, and absurd ids or numbers."""

import datetime
from unittest import mock

from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from wagtail.models import PageViewRestriction

from courses.models import LessonProgress
from courses.selectors import LessonState, course_outline_for_learner
from quizzes import services
from quizzes.gift import gift_parse
from quizzes.models import Attempt, AttemptQuestion
from quizzes.selectors import questions_for_attempt
from quizzes.services import AttemptNotAllowed, attempt_answer_save, attempt_start, attempt_submit
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import (
    attempt_take,
    numeric_create,
    quiz_create,
    true_false_create,
)


class StartRacingSubmitTests(TestCase):
    def test_the_limit_is_checked_again_when_the_attempt_is_written(self):
        user = staff_user()
        quiz = quiz_create(questions=[true_false_create()], attempt_limit=1)
        real = questions_for_attempt

        def meanwhile(**kwargs):
            # While this start builds its questions, another request starts, answers and
            # submits the one allowed attempt.
            if not Attempt.objects.filter(user=user).exists():
                with mock.patch.object(services, "questions_for_attempt", real):
                    attempt_take(user, quiz)
            return real(**kwargs)

        with (
            mock.patch.object(services, "questions_for_attempt", meanwhile),
            self.assertRaises(AttemptNotAllowed),
        ):
            attempt_start(user=user, quiz=quiz)
        self.assertEqual(Attempt.objects.filter(user=user).count(), 1)


class OneQuizEndingTwoLessonsTests(TestCase):
    def test_a_pass_completes_only_the_lesson_reached(self):
        user = staff_user()
        quiz = quiz_create(questions=[true_false_create()])
        course = course_create(lessons=3, gates={0: quiz, 1: quiz})
        attempt_take(user, quiz)
        states = [s.state for s in course_outline_for_learner(course=course, user=user).lessons]
        self.assertEqual(states, [LessonState.COMPLETED, LessonState.OPEN, LessonState.LOCKED])


class ClearingAnAnswerTests(TestCase):
    def test_an_emptied_answer_is_not_graded(self):
        user = staff_user()
        question = numeric_create(answer="14")
        quiz = quiz_create(questions=[question])
        attempt, _ = attempt_start(user=user, quiz=quiz)
        attempt_answer_save(attempt=attempt, question_id=question.pk, data={"number": 14})
        attempt_answer_save(attempt=attempt, question_id=question.pk, data=None)
        self.assertIsNone(AttemptQuestion.objects.get(attempt=attempt).response)
        self.assertEqual(attempt_submit(attempt=attempt).score, 0)

    def test_the_page_autosave_clears_an_emptied_field(self):
        user = staff_user()
        question = numeric_create(answer="14")
        quiz = quiz_create(questions=[question])
        attempt, _ = attempt_start(user=user, quiz=quiz)
        attempt_answer_save(attempt=attempt, question_id=question.pk, data={"number": 14})
        self.client.force_login(user)
        url = reverse("quizzes:answer_save", args=[attempt.pk, question.pk])
        response = self.client.post(url, {})
        self.assertEqual(response.json(), {"saved": True})
        self.assertIsNone(AttemptQuestion.objects.get(attempt=attempt).response)


class AbsurdInputTests(TestCase):
    HUGE = "99999999999999999999999"

    def test_huge_ids_are_404_or_422_not_500(self):
        self.client.force_login(staff_user())
        cases = [
            ("post", f"/learning/lessons/{self.HUGE}/complete/", 404),
            ("get", f"/api/v1/courses/{self.HUGE}", 422),
            ("post", f"/api/v1/lessons/{self.HUGE}/complete", 422),
            ("get", f"/quizzes/attempts/{self.HUGE}/", 404),
        ]
        for method, url, expected in cases:
            with self.subTest(url=url):
                response = getattr(self.client, method)(url, HTTP_X_CSRFTOKEN="x")
                self.assertEqual(response.status_code, expected)

    def test_a_gift_tolerance_too_large_to_compute_is_reported(self):
        parsed = gift_parse("Сколько?{#1:1e999999999}")
        self.assertEqual([problem.line for problem in parsed.errors], [1])


class NeverShowAnswersTests(TestCase):
    def test_no_question_is_marked_right_or_wrong(self):
        user = staff_user()
        quiz = quiz_create(questions=[true_false_create()], show_answers="never")
        attempt = attempt_take(user, quiz)
        self.client.force_login(user)
        self.client.cookies["django_language"] = "en"
        page = self.client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))
        self.assertContains(page, "does not show the right answers")
        self.assertNotContains(page, "review__item--right")
        self.assertNotContains(page, "badge--good")
        api = self.client.get(f"/api/v1/attempts/{attempt.pk}").json()
        self.assertEqual(
            [(q["correct"], q["score"]) for q in api["result"]["review"]], [(None, None)]
        )
        self.assertEqual(api["result"]["score"], "1.00")


class PagePrivacyTests(TestCase):
    """A course restricted to a group stays closed to others through every route."""

    @classmethod
    def setUpTestData(cls):
        cls.insider_group = Group.objects.create(name="Продажи B2B")
        cls.outsider = staff_user()
        cls.insider = staff_user()
        cls.insider.groups.add(cls.insider_group)
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.course = course_create(lessons=2, gates={0: cls.quiz})
        restriction = PageViewRestriction.objects.create(
            page=cls.course, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(cls.insider_group)
        cls.first = course_lessons(cls.course)[0]

    def test_outsiders_get_nothing_and_leave_no_trace(self):
        self.client.force_login(self.outsider)
        self.assertNotEqual(self.client.get(self.first.url).status_code, 200)
        self.assertEqual(self.client.get(f"/api/v1/courses/{self.course.pk}").status_code, 404)
        response = self.client.post(
            f"/api/v1/lessons/{self.first.pk}/complete", HTTP_X_CSRFTOKEN="x"
        )
        self.assertIn(response.status_code, (403, 404))
        with self.assertRaises(AttemptNotAllowed):
            attempt_start(user=self.outsider, quiz=self.quiz)
        self.assertFalse(LessonProgress.objects.filter(user=self.outsider).exists())

    def test_members_of_the_group_learn_as_usual(self):
        self.client.force_login(self.insider)
        self.assertEqual(self.client.get(self.first.url).status_code, 200)
        self.assertEqual(self.client.get(f"/api/v1/courses/{self.course.pk}").status_code, 200)
        self.assertTrue(attempt_take(self.insider, self.quiz).passed)


class ExpiredAttemptOnViewTests(TestCase):
    def test_opening_an_attempt_whose_time_ran_out_submits_it(self):
        user = staff_user()
        quiz = quiz_create(questions=[true_false_create()], time_limit_minutes=5)
        attempt, _ = attempt_start(user=user, quiz=quiz)
        Attempt.objects.filter(pk=attempt.pk).update(
            deadline=attempt.started_at - datetime.timedelta(seconds=1)
        )
        self.client.force_login(user)
        response = self.client.get(reverse("quizzes:attempt", args=[attempt.pk]))
        self.assertRedirects(response, reverse("quizzes:attempt_result", args=[attempt.pk]))
        attempt.refresh_from_db()
        self.assertTrue(attempt.is_submitted)
        self.assertTrue(attempt.timed_out)
