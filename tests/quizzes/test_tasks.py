"""The quizzes app's background job: attempts whose time ran out are submitted by the worker."""

import datetime

from django.test import TestCase
from django.utils import timezone
from django.utils.module_loading import import_string

from django_q.tasks import async_task

from lms.core.scheduling import declared_jobs
from quizzes import tasks
from quizzes.models import Attempt
from quizzes.services import attempt_start
from tests.factories import staff_user
from tests.quizzes.factories import attempt_answer_all, quiz_create, true_false_create


class AttemptsExpiredSubmitTaskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(
            questions=[true_false_create(), true_false_create()],
            time_limit_minutes=10,
            pass_mark=50,
        )

    def setUp(self):
        started = timezone.now() - datetime.timedelta(minutes=30)
        self.expired, _ = attempt_start(user=self.user, quiz=self.quiz, now=started)
        attempt_answer_all(self.expired, now=started)

    def assertSubmittedOnTime(self, attempt):
        attempt.refresh_from_db()
        self.assertEqual(attempt.status, Attempt.Status.SUBMITTED)
        self.assertTrue(attempt.timed_out)
        self.assertEqual(attempt.submitted_at, attempt.deadline)
        self.assertEqual(attempt.score, 2)
        self.assertTrue(attempt.passed)

    def test_the_task_submits_expired_attempts(self):
        running, _ = attempt_start(user=staff_user(), quiz=self.quiz)

        self.assertEqual(tasks.attempts_expired_submit(), 1)

        self.assertSubmittedOnTime(self.expired)
        running.refresh_from_db()
        self.assertEqual(running.status, Attempt.Status.IN_PROGRESS)
        self.assertEqual(tasks.attempts_expired_submit(), 0)

    def test_the_queue_runs_it_by_its_dotted_name(self):
        # The test settings run django-q2 synchronously, so the task runs right here.
        async_task("quizzes.tasks.attempts_expired_submit")

        self.assertSubmittedOnTime(self.expired)

    def test_it_is_scheduled_every_minute(self):
        job = next(job for job in declared_jobs() if job.name == "attempts-expired-submit")

        self.assertEqual(job.minutes, 1)
        self.assertIs(import_string(job.func), tasks.attempts_expired_submit)
