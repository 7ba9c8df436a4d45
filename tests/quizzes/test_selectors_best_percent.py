"""``best_percent_by_quiz``: a person's best result at each quiz, for the certificates' score."""

import datetime
from decimal import Decimal

from django.test import TestCase

from quizzes.models import Attempt
from quizzes.selectors import best_percent_by_quiz
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create


def attempt(user, quiz, number, percent, status=Attempt.Status.SUBMITTED, submitted_at=None):
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        number=number,
        status=status,
        max_score=10,
        percent=percent,
        submitted_at=submitted_at,
    )


class BestPercentByQuizTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.other = staff_user()
        cls.quiz = quiz_create(title="Первый")
        cls.second = quiz_create(title="Второй")
        cls.untouched = quiz_create(title="Третий")

    def test_the_best_submitted_attempt_of_each_quiz(self):
        attempt(self.user, self.quiz, 1, Decimal("40"))
        attempt(self.user, self.quiz, 2, Decimal("85.5"))
        attempt(self.user, self.quiz, 3, Decimal("70"))
        attempt(self.user, self.second, 1, Decimal("60"))
        attempt(self.user, self.second, 2, Decimal("99"), status=Attempt.Status.IN_PROGRESS)
        attempt(self.other, self.second, 1, Decimal("100"))

        with self.assertNumQueries(1):
            best = best_percent_by_quiz(
                user_id=self.user.pk, quiz_ids=[self.quiz.pk, self.second.pk, self.untouched.pk]
            )

        self.assertEqual(best, {self.quiz.pk: Decimal("85.5"), self.second.pk: Decimal("60")})

    def test_no_quizzes_no_query(self):
        with self.assertNumQueries(0):
            self.assertEqual(best_percent_by_quiz(user_id=self.user.pk, quiz_ids=[]), {})

    def test_since_counts_only_attempts_submitted_at_or_after_it(self):
        since = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC)
        before = since - datetime.timedelta(days=1)
        attempt(self.user, self.quiz, 1, Decimal("100"), submitted_at=before)
        attempt(self.user, self.quiz, 2, Decimal("50"), submitted_at=since)
        attempt(self.user, self.second, 1, Decimal("90"), submitted_at=before)

        with self.assertNumQueries(1):
            best = best_percent_by_quiz(
                user_id=self.user.pk, quiz_ids=[self.quiz.pk, self.second.pk], since=since
            )

        self.assertEqual(best, {self.quiz.pk: Decimal("50")})
