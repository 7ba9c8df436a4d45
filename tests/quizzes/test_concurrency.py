"""Many requests at once on one attempt: a double click, a retry and the worker's deadline sweep
must grade it once, and a burst of "start" clicks must make one attempt.

Real threads with their own database connections, so the tests commit (``TransactionTestCase``).
They need row locks that block (``SELECT … FOR UPDATE``) and concurrent writers, which is what
PostgreSQL gives production; SQLite serialises every writer, so there is no race to prove there.
"""

import threading
import time
import unittest
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase

from quizzes import grading, services
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services import attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.quizzes.factories import attempt_answer_all, one_of_each_type, quiz_create

THREADS = 10


def run_at_once(target, count=THREADS) -> tuple[list, list]:
    """Run ``target()`` in ``count`` threads released together; return (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []
    lock = threading.Lock()

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=30)
            outcome = target()
            with lock:
                results.append(outcome)
        except Exception as exc:  # the test reports it
            with lock:
                errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def slow_grading():
    """``response_grade`` that counts its calls and dawdles, so that without the row lock the
    other threads would certainly grade too."""
    calls = []
    lock = threading.Lock()

    def grade(snapshot, response):
        with lock:
            calls.append(snapshot["question_id"])
        time.sleep(0.02)
        return grading.response_grade(snapshot, response)

    return mock.patch.object(services, "response_grade", side_effect=grade), calls


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "needs PostgreSQL: row locks and concurrent writers (SQLite serialises every writer)",
)
class ConcurrentAttemptTests(TransactionTestCase):
    def setUp(self):
        self.user = UserFactory()
        self.questions = one_of_each_type()
        self.quiz = quiz_create(questions=self.questions, pass_mark=50)

    def test_ten_submits_of_one_attempt_grade_it_once(self):
        attempt, _ = attempt_start(user=self.user, quiz=self.quiz)
        attempt_answer_all(attempt)
        patch, calls = slow_grading()

        with patch:
            results, errors = run_at_once(
                lambda: attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
            )

        self.assertEqual(errors, [])
        self.assertEqual(len(results), THREADS)
        self.assertEqual(sorted(calls), sorted(q.pk for q in self.questions))
        self.assertEqual({r.pk for r in results}, {attempt.pk})
        self.assertEqual({r.score for r in results}, {Decimal(7)})
        self.assertEqual({r.percent for r in results}, {Decimal(100)})
        self.assertEqual({r.passed for r in results}, {True})
        self.assertEqual(len({r.submitted_at for r in results}), 1)
        stored = Attempt.objects.get(pk=attempt.pk)
        self.assertEqual(stored.submitted_at, results[0].submitted_at)
        self.assertEqual(stored.score, 7)
        rows = AttemptQuestion.objects.filter(attempt=attempt)
        self.assertEqual(rows.count(), len(self.questions))
        self.assertEqual({(r.score, r.correct) for r in rows}, {(Decimal(1), True)})

    def test_ten_starts_make_one_attempt(self):
        results, errors = run_at_once(lambda: attempt_start(user=self.user, quiz=self.quiz))

        self.assertEqual(errors, [])
        self.assertEqual(len(results), THREADS)
        attempt = Attempt.objects.get(user=self.user, quiz=self.quiz)
        self.assertEqual({a.pk for a, _created in results}, {attempt.pk})
        self.assertEqual([created for _a, created in results].count(True), 1)
        self.assertEqual(attempt.number, 1)
        self.assertEqual(
            AttemptQuestion.objects.filter(attempt__quiz=self.quiz).count(), len(self.questions)
        )
