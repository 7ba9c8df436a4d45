"""The daily review in the demo: ``staff`` has review cards from her past attempts, a history of
reviews behind them, and several cards due today; a second load changes nothing."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, AttemptQuestion, ReviewCard, ReviewLog
from quizzes.review_selectors import review_day_for_learner, review_queue_for_learner


def _load_demo() -> None:
    call_command("load_demo", allow_production=True, stdout=StringIO())


def _state() -> list:
    return [
        list(ReviewCard.objects.order_by("pk").values()),
        ReviewLog.objects.count(),
    ]


class ReviewDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _load_demo()
        cls.staff = get_user_model().objects.get(username="staff")
        cls.after_first_run = _state()

    def test_staff_has_a_card_for_every_question_answered(self):
        answered = (
            AttemptQuestion.objects.filter(attempt__user=self.staff, response__isnull=False)
            .values("question_id")
            .distinct()
            .count()
        )
        self.assertEqual(Attempt.objects.filter(user=self.staff).count(), 16)
        cards = ReviewCard.objects.filter(user=self.staff)
        self.assertEqual(cards.filter(question__isnull=False).count(), answered)
        self.assertTrue(cards.filter(term__isnull=False).exists())
        # Months of reviews: every card has been reviewed since the attempts.
        self.assertFalse(cards.filter(last_review__isnull=True).exists())
        self.assertGreater(
            ReviewLog.objects.filter(user=self.staff, source="review").count(), cards.count()
        )

    def test_several_cards_are_due_today_and_the_page_shows_one(self):
        now = timezone.now()
        day = review_day_for_learner(user=self.staff, now=now)
        queue = review_queue_for_learner(user=self.staff, now=now, day=day)
        self.assertGreaterEqual(len(queue), 5)
        self.assertLessEqual(len(queue), day.limit)
        self.assertEqual(day.reviewed, 0)
        self.client.force_login(self.staff)
        response = self.client.get(reverse("quizzes:review"))
        self.assertContains(response, reverse("quizzes:review_answer", args=[queue[0].pk]))

    def test_a_second_load_changes_nothing(self):
        _load_demo()
        self.assertEqual(_state(), self.after_first_run)
