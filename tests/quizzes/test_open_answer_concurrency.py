"""Several graders at once on one open answer: exactly one grade counts, the attempt is scored
once and the learner notified once. Real threads on PostgreSQL (see ``test_concurrency``)."""

import unittest
from decimal import Decimal

from django.db import connection
from django.test import TransactionTestCase

from lms.notifications.models import Notification
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services import OpenAnswerNotGradable, open_answer_grade
from tests.factories import TeamFactory, staff_user
from tests.mentoring.factories import mentor_create, pairing_make
from tests.quizzes.factories import quiz_create
from tests.quizzes.newtype_factories import open_answer_create
from tests.quizzes.test_concurrency import run_at_once
from tests.quizzes.test_open_answer_queue import attempt_with_open_answer


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "needs PostgreSQL: row locks and concurrent writers (SQLite serialises every writer)",
)
class ConcurrentGradingTests(TransactionTestCase):
    def test_six_graders_at_once_grade_the_answer_once(self):
        team = TeamFactory()
        learner = staff_user(team=team)
        graders = []
        for _ in range(3):
            manager = staff_user()
            team.managers.add(manager)
            graders.append(manager)
        mentor = mentor_create()
        pairing_make(mentee=learner, mentor=mentor)
        graders.append(mentor)
        quiz = quiz_create(questions=[open_answer_create(points=4)], pass_mark=50)
        attempt = attempt_with_open_answer(learner, quiz)
        row = AttemptQuestion.objects.get(attempt=attempt)
        turns = iter([*graders, *graders])

        def grade():
            grader = next(turns)
            stale = AttemptQuestion.objects.get(pk=row.pk)
            try:
                return open_answer_grade(
                    attempt_question=stale, grader=grader, points=Decimal(4)
                ).graded_by_id
            except OpenAnswerNotGradable:
                return None

        results, errors = run_at_once(grade, count=6)

        self.assertEqual(errors, [])
        self.assertEqual(len([r for r in results if r is not None]), 1)
        row.refresh_from_db()
        self.assertIn(row.graded_by_id, [g.pk for g in graders])
        self.assertEqual(Attempt.objects.get(pk=attempt.pk).score, 4)
        self.assertEqual(Notification.objects.filter(recipient=learner).count(), 1)
