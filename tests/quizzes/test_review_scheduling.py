"""FSRS scheduling (``quizzes/review.py``): ratings from answers, and what they do to a card."""

import datetime

from django.test import SimpleTestCase

from fsrs import Rating

from quizzes.models import ReviewCard
from quizzes.review import (
    EASY_WITHIN,
    HARD_AFTER,
    MAXIMUM_INTERVAL_DAYS,
    UNTIMED_AFTER,
    card_new,
    card_review,
    fsrs_card,
    rating_for_answer,
    rating_for_attempt,
)

T0 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)


def new_card() -> ReviewCard:
    return card_new(ReviewCard(pk=7), at=T0, due=T0)


def interval(card: ReviewCard) -> datetime.timedelta:
    return card.due - card.last_review


class RatingTests(SimpleTestCase):
    def test_attempt_answers(self):
        self.assertEqual(rating_for_attempt(correct=True, partial=True), Rating.Good)
        self.assertEqual(rating_for_attempt(correct=False, partial=True), Rating.Hard)
        self.assertEqual(rating_for_attempt(correct=False, partial=False), Rating.Again)

    def test_review_answers_by_time(self):
        cases = [
            (True, None, Rating.Good),
            (True, EASY_WITHIN, Rating.Easy),
            (True, EASY_WITHIN + SECOND, Rating.Good),
            (True, HARD_AFTER - SECOND, Rating.Good),
            (True, HARD_AFTER, Rating.Hard),
            (True, UNTIMED_AFTER, Rating.Hard),
            # Longer than that, the phone was put down: the time says nothing.
            (True, UNTIMED_AFTER + SECOND, Rating.Good),
            (False, SECOND, Rating.Again),
            (False, None, Rating.Again),
        ]
        for correct, elapsed, expected in cases:
            with self.subTest(correct=correct, elapsed=elapsed):
                rating = rating_for_answer(correct=correct, partial=False, elapsed=elapsed)
                self.assertEqual(rating, expected)

    def test_partly_right_is_hard_whatever_the_time(self):
        for elapsed in (None, SECOND, HARD_AFTER):
            with self.subTest(elapsed=elapsed):
                self.assertEqual(
                    rating_for_answer(correct=False, partial=True, elapsed=elapsed), Rating.Hard
                )


class CardReviewTests(SimpleTestCase):
    def test_wrong_comes_back_sooner_than_right(self):
        wrong = card_review(new_card(), Rating.Again, at=T0)
        hard = card_review(new_card(), Rating.Hard, at=T0)
        good = card_review(new_card(), Rating.Good, at=T0)
        easy = card_review(new_card(), Rating.Easy, at=T0)
        self.assertEqual(interval(wrong), datetime.timedelta(minutes=10))
        self.assertLess(wrong.due, hard.due)
        self.assertLess(hard.due, good.due)
        self.assertLess(good.due, easy.due)
        self.assertGreaterEqual(interval(good), datetime.timedelta(days=1))
        self.assertEqual(wrong.state, ReviewCard.State.LEARNING)
        self.assertEqual(good.state, ReviewCard.State.REVIEW)

    def test_intervals_grow_with_each_right_answer(self):
        card = card_review(new_card(), Rating.Good, at=T0)
        intervals = [interval(card)]
        for _ in range(3):
            card = card_review(card, Rating.Good, at=card.due)
            intervals.append(interval(card))
        # About 2, 10, 44 and 150 days (give or take the fuzz).
        self.assertEqual(intervals, sorted(intervals))
        self.assertEqual(len(set(intervals)), len(intervals))
        self.assertGreater(intervals[-1], datetime.timedelta(days=90))
        self.assertEqual(card.reps, 4)
        self.assertEqual(card.lapses, 0)

    def test_no_interval_is_longer_than_a_year(self):
        card = card_review(new_card(), Rating.Easy, at=T0)
        for _ in range(8):
            card = card_review(card, Rating.Easy, at=card.due)
            self.assertLessEqual(interval(card), datetime.timedelta(days=MAXIMUM_INTERVAL_DAYS))

    def test_a_lapse_relearns_and_shortens_the_next_interval(self):
        card = card_review(new_card(), Rating.Good, at=T0)
        card = card_review(card, Rating.Good, at=card.due)
        before = card.stability
        card = card_review(card, Rating.Again, at=card.due)
        self.assertEqual(card.state, ReviewCard.State.RELEARNING)
        self.assertEqual(interval(card), datetime.timedelta(minutes=10))
        self.assertLess(card.stability, before)
        self.assertEqual(card.lapses, 1)
        relearned = card_review(card, Rating.Good, at=card.due)
        self.assertEqual(relearned.state, ReviewCard.State.REVIEW)

    def test_the_memory_state_round_trips_through_fsrs(self):
        card = card_review(new_card(), Rating.Good, at=T0)
        fsrs = fsrs_card(card)
        self.assertEqual(fsrs.card_id, 7)
        self.assertEqual(int(fsrs.state), card.state)
        self.assertEqual((fsrs.stability, fsrs.difficulty), (card.stability, card.difficulty))
        self.assertEqual(fsrs.due, card.due)
        self.assertEqual(fsrs.last_review, T0)

    def test_any_time_zone_is_taken(self):
        moscow = datetime.timezone(datetime.timedelta(hours=3))
        card = card_review(new_card(), Rating.Good, at=T0.astimezone(moscow))
        self.assertEqual(card.last_review, T0)
