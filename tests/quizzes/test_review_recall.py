"""Spaced-review aggregates for reports (``quizzes/review_selectors.py``:
``review_recall_by_category``, ``review_people_active``): FSRS recall computed by the database
matches the fsrs package's own."""

import datetime

from django.test import TestCase
from django.utils import timezone

from fsrs import Card, State

from quizzes.models import ReviewCard, ReviewLog
from quizzes.review import scheduler
from quizzes.review_selectors import review_people_active, review_recall_by_category
from tests.factories import staff_user
from tests.quizzes.factories import category_create, single_choice_create

NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def card(user, question, *, stability, days_ago):
    return ReviewCard.objects.create(
        user=user,
        question=question,
        state=ReviewCard.State.REVIEW,
        stability=stability,
        difficulty=5,
        due=NOW + DAY,
        last_review=NOW - days_ago * DAY,
    )


class ReviewRecallTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ann, cls.bob = staff_user(), staff_user()
        products = category_create("Продукты")
        cls.q1 = single_choice_create(category=products)
        cls.q2 = single_choice_create(category=None)
        cls.c1 = card(cls.ann, cls.q1, stability=3.0, days_ago=9)
        cls.c2 = card(cls.bob, cls.q1, stability=30.0, days_ago=1)
        cls.c3 = card(cls.ann, cls.q2, stability=12.0, days_ago=12)
        # Never reviewed: no memory state yet, left out.
        ReviewCard.objects.create(user=cls.bob, question=cls.q2, due=NOW)
        ReviewLog.objects.create(
            card=cls.c1, user=cls.ann, source="review", rating=3, reviewed_at=NOW - 2 * DAY
        )
        ReviewLog.objects.create(
            card=cls.c2, user=cls.bob, source="attempt", rating=3, reviewed_at=NOW - DAY
        )

    def fsrs(self, c):
        fsrs_card = Card(
            card_id=1,
            state=State.Review,
            stability=c.stability,
            difficulty=5,
            last_review=c.last_review,
        )
        return scheduler().get_card_retrievability(fsrs_card, NOW)

    def test_recall_per_category_matches_fsrs(self):
        topics = review_recall_by_category(user_ids=[self.ann.pk, self.bob.pk], now=NOW)
        by_name = {t.category: t for t in topics}
        self.assertAlmostEqual(
            by_name["Продукты"].recall, (self.fsrs(self.c1) + self.fsrs(self.c2)) / 2, places=6
        )
        self.assertAlmostEqual(by_name[""].recall, self.fsrs(self.c3), places=6)
        self.assertEqual(by_name["Продукты"].cards, 2)
        self.assertEqual(by_name[""].cards, 1)
        self.assertEqual(topics, sorted(topics, key=lambda t: t.recall))

    def test_only_the_people_asked_for(self):
        topics = review_recall_by_category(user_ids=[self.bob.pk], now=NOW)
        self.assertEqual([t.category for t in topics], ["Продукты"])

    def test_people_active_count_the_daily_review_only(self):
        since = NOW - 7 * DAY
        self.assertEqual(review_people_active(user_ids=[self.ann.pk, self.bob.pk], since=since), 1)
        self.assertEqual(review_people_active(user_ids=[self.ann.pk], since=NOW - DAY), 0)
