"""The quiz result page on a phone: one main button to what comes next after a pass (the next
lesson, the course, or the next thing in the plan), and after a fail a one-tap "Try again" or
the reason it is not allowed yet."""

import datetime

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, right_answer, true_false_create, wrong_answer


def _finished(user, quiz, make_answer) -> Attempt:
    attempt, _ = attempt_start(user=user, quiz=quiz)
    for row in AttemptQuestion.objects.filter(attempt=attempt):
        attempt_answer_save(
            attempt=attempt, question_id=row.question_id, data=make_answer(row.snapshot)
        )
    return attempt_submit(attempt=attempt)


class ResultNextStepTests(TestCase):
    def setUp(self):
        self.learner = staff_user()
        self.client.force_login(self.learner)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def _result(self, attempt):
        return self.client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))

    def test_a_passed_gate_leads_to_the_next_lesson(self):
        quiz = quiz_create(questions=[true_false_create()])
        course = course_create(lessons=2, gates={0: quiz})
        first, second = course_lessons(course)
        response = self._result(_finished(self.learner, quiz, right_answer))
        self.assertContains(response, f'href="{second.url}" data-next="lesson"')
        self.assertContains(response, f"Next lesson: {second.title}")
        self.assertNotContains(response, "Try again")

    def test_a_passed_gate_of_the_last_lesson_leads_to_the_course(self):
        quiz = quiz_create(questions=[true_false_create()])
        course = course_create(lessons=1, gates={0: quiz})
        response = self._result(_finished(self.learner, quiz, right_answer))
        self.assertContains(response, f'href="{course.url}" data-next="course"')
        self.assertNotContains(response, 'data-next="lesson"')

    def test_a_failed_attempt_retries_in_one_post(self):
        quiz = quiz_create(questions=[true_false_create()])
        course = course_create(lessons=2, gates={0: quiz})
        response = self._result(_finished(self.learner, quiz, wrong_answer))
        start_url = reverse("quizzes:attempt_start", args=[quiz.pk])
        self.assertContains(response, f'<form method="post" action="{start_url}"')
        self.assertContains(response, "Try again")
        self.assertContains(response, f'href="{course_lessons(course)[0].url}"')
        self.assertNotContains(response, 'data-next="lesson"')
        # The one tap starts the next attempt.
        started = self.client.post(start_url)
        attempt = Attempt.objects.filter(user=self.learner, quiz=quiz).latest("number")
        self.assertEqual(attempt.number, 2)
        self.assertRedirects(started, reverse("quizzes:attempt", args=[attempt.pk]))

    def test_a_used_up_limit_says_so_instead_of_try_again(self):
        quiz = quiz_create(questions=[true_false_create()], attempt_limit=1)
        response = self._result(_finished(self.learner, quiz, wrong_answer))
        self.assertNotContains(response, "Try again")
        self.assertNotContains(response, reverse("quizzes:attempt_start", args=[quiz.pk]))
        self.assertContains(response, "You have used every attempt this quiz allows (1).")

    def test_a_cooldown_says_when_the_next_attempt_is_allowed(self):
        quiz = quiz_create(questions=[true_false_create()], cooldown_minutes=30)
        response = self._result(_finished(self.learner, quiz, wrong_answer))
        self.assertNotContains(response, "Try again")
        self.assertContains(response, "You can try again in 30 min.")
        self.assertContains(response, "Next attempt from")

    def test_a_refresher_leads_to_the_next_due_item_of_the_plan(self):
        quiz = quiz_create(questions=[true_false_create()])
        later_quiz = quiz_create(questions=[true_false_create()], title="Кассовая дисциплина")
        now = timezone.now()
        Assignment.objects.create(
            user=self.learner,
            quiz_id=quiz.pk,
            source=Assignment.Source.REFRESHER,
            due_at=now + datetime.timedelta(days=1),
        )
        Assignment.objects.create(
            user=self.learner,
            quiz_id=later_quiz.pk,
            source=Assignment.Source.REFRESHER,
            due_at=now + datetime.timedelta(days=5),
        )
        response = self._result(_finished(self.learner, quiz, right_answer))
        later_url = reverse("quizzes:quiz", args=[later_quiz.pk])
        self.assertContains(response, f'href="{later_url}" data-next="assignment"')
        self.assertContains(response, "Кассовая дисциплина")

    def test_a_refresher_with_nothing_else_due_leads_back_to_the_plan(self):
        quiz = quiz_create(questions=[true_false_create()])
        Assignment.objects.create(
            user=self.learner, quiz_id=quiz.pk, source=Assignment.Source.REFRESHER
        )
        response = self._result(_finished(self.learner, quiz, right_answer))
        self.assertContains(response, 'href="/" data-next="plan"')
        self.assertContains(response, "Back to my plan")

    def _count(self, attempt) -> int:
        url = reverse("quizzes:attempt_result", args=[attempt.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_queries_do_not_grow_with_the_course_or_the_plan(self):
        small_quiz = quiz_create(questions=[true_false_create()])
        course_create(lessons=2, gates={0: small_quiz})
        small = self._count(_finished(self.learner, small_quiz, right_answer))
        large_quiz = quiz_create(questions=[true_false_create()])
        course_create(lessons=6, gates={0: large_quiz})
        large = self._count(_finished(self.learner, large_quiz, wrong_answer))
        self.assertEqual(small, large)
        lone = quiz_create(questions=[true_false_create()])
        plan_small = self._count(_finished(self.learner, lone, right_answer))
        for _n in range(4):
            extra = quiz_create(questions=[true_false_create()])
            Assignment.objects.create(
                user=self.learner, quiz_id=extra.pk, source=Assignment.Source.REFRESHER
            )
            course_create(lessons=2)
        plan_large = self._count(_finished(self.learner, lone, right_answer))
        self.assertEqual(plan_small, plan_large)
