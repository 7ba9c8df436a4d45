"""Spaced-review writes (``quizzes/review_services.py``) and the queue they feed
(``quizzes/review_selectors.py``): cards from attempts and the glossary, showing, answering,
rating, the daily limit, the day's figures, and the daily job."""

import datetime

from django.test import TestCase, override_settings

from courses.services import lesson_complete
from quizzes.grading import AnswerInvalid
from quizzes.models import ReviewCard, ReviewLog
from quizzes.review import EASY_WITHIN, HARD_AFTER, TERM_FIRST_DUE
from quizzes.review_selectors import (
    review_day_for_learner,
    review_due_count,
    review_queue_for_learner,
)
from quizzes.review_services import (
    ERROR_DAILY_LIMIT,
    ERROR_NOT_DUE,
    ERROR_NOT_SHOWN,
    ReviewNotAllowed,
    review_card_answer,
    review_card_rate,
    review_cards_backfill,
    review_cards_show,
    review_term_cards_sync,
    review_term_cards_sync_recent,
)
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from tests.courses.factories import LessonPageFactory, course_create
from tests.factories import staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.factories import (
    attempt_take,
    quiz_create,
    right_answer,
    single_choice_create,
    wrong_answer,
)
from tests.quizzes.review_factories import NOW, cards_create, due_now

MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)


def show(card, now=NOW):
    card = ReviewCard.objects.select_related("question", "term").get(pk=card.pk)
    review_cards_show(cards=[card], now=now)
    return card


def answer(card, *, right=True, after=datetime.timedelta(seconds=30), now=NOW):
    """Show ``card`` at ``now - after`` and answer it at ``now``."""
    card = show(card, now - after)
    data = (right_answer if right else wrong_answer)(card.snapshot)
    return review_card_answer(card=card, data=data, now=now)


def queue(user, now=NOW):
    day = review_day_for_learner(user=user, now=now)
    return review_queue_for_learner(user=user, now=now, day=day)


class CardsFromAttemptsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.at = NOW - 7 * DAY
        cls.cards = cards_create(cls.user, 3, wrong=[1], at=cls.at)

    def test_each_answered_question_becomes_a_card_reviewed_by_its_grade(self):
        right, wrong, _right = self.cards
        self.assertEqual(len(self.cards), 3)
        # The graded answer is the first review: a wrong one is due again within minutes, a
        # right one days later.
        self.assertEqual(wrong.due, self.at + 10 * MINUTE)
        self.assertGreaterEqual(right.due, self.at + DAY)
        for card in self.cards:
            self.assertEqual(card.last_review, self.at)
            self.assertEqual(card.reps, 1)
        logs = ReviewLog.objects.filter(user=self.user)
        self.assertEqual(
            sorted(logs.values_list("source", "rating", "correct")),
            [("attempt", 1, False), ("attempt", 3, True), ("attempt", 3, True)],
        )

    def test_submitting_the_attempt_again_makes_nothing_new(self):
        attempt = self.user.quiz_attempts.get()
        before = list(ReviewCard.objects.filter(user=self.user).values())
        attempt_submit(attempt=attempt, now=NOW)
        self.assertEqual(list(ReviewCard.objects.filter(user=self.user).values()), before)
        self.assertEqual(ReviewLog.objects.filter(user=self.user).count(), 3)

    def test_a_later_attempt_reviews_the_same_cards(self):
        quiz = self.user.quiz_attempts.get().quiz
        attempt_take(self.user, quiz, now=NOW - DAY)
        cards = ReviewCard.objects.filter(user=self.user)
        self.assertEqual(cards.count(), 3)
        self.assertEqual({card.reps for card in cards}, {2})
        self.assertEqual({card.last_review for card in cards}, {NOW - DAY})
        self.assertEqual(ReviewLog.objects.filter(user=self.user).count(), 6)

    def test_the_backfill_counts_only_what_is_not_counted_yet(self):
        self.assertEqual(review_cards_backfill(user=self.user), 0)
        ReviewCard.objects.filter(user=self.user).delete()
        self.assertEqual(review_cards_backfill(user=self.user), 3)
        self.assertEqual(ReviewCard.objects.filter(user=self.user).count(), 3)
        self.assertEqual(review_cards_backfill(user=self.user), 0)


class UnansweredQuestionsTests(TestCase):
    def test_a_question_left_blank_makes_no_card(self):
        user = staff_user()
        answered, blank = single_choice_create(), single_choice_create()
        quiz = quiz_create(questions=[answered, blank])
        attempt, _created = attempt_start(user=user, quiz=quiz, now=NOW)
        row = attempt.questions.get(question=answered)
        attempt_answer_save(
            attempt=attempt, question_id=answered.pk, data=right_answer(row.snapshot), now=NOW
        )
        attempt_submit(attempt=attempt, now=NOW)
        self.assertEqual(
            list(ReviewCard.objects.filter(user=user).values_list("question_id", flat=True)),
            [answered.pk],
        )


class TermCardsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.other = staff_user()
        cls.tested = GlossaryTermFactory(term_ru="Абонентская плата")
        cls.in_lesson = GlossaryTermFactory(term_ru="Роутер")
        cls.elsewhere = GlossaryTermFactory(term_ru="Сплиттер")
        course = course_create(lessons=0)
        cls.lesson = LessonPageFactory(
            parent=course,
            title="Урок о роутере",
            body=[("glossary_callout", {"term": cls.in_lesson, "note": ""})],
        )

    def term_ids(self, user):
        cards = ReviewCard.objects.filter(user=user, term__isnull=False)
        return set(cards.values_list("term_id", flat=True))

    def test_the_term_of_an_answered_question(self):
        cards_create(self.user, 1, at=NOW, glossary_term=self.tested)
        self.assertEqual(self.term_ids(self.user), {self.tested.pk})
        card = ReviewCard.objects.get(user=self.user, term=self.tested)
        self.assertEqual(card.due, NOW + TERM_FIRST_DUE)
        self.assertIsNone(card.last_review)
        self.assertEqual(self.term_ids(self.other), set())

    def test_the_terms_of_a_completed_lesson_through_the_reference_index(self):
        review_term_cards_sync(user=self.user, now=NOW)
        self.assertEqual(self.term_ids(self.user), set())  # not completed yet
        lesson_complete(user=self.user, lesson=self.lesson, at=NOW)
        self.assertEqual(review_term_cards_sync(user=self.user, now=NOW), 1)
        self.assertEqual(self.term_ids(self.user), {self.in_lesson.pk})
        self.assertEqual(review_term_cards_sync(user=self.user, now=NOW), 0)

    def test_the_daily_job_twice(self):
        lesson_complete(user=self.user, lesson=self.lesson, at=NOW - DAY)
        self.assertEqual(review_term_cards_sync_recent(now=NOW), 1)
        self.assertEqual(review_term_cards_sync_recent(now=NOW), 0)
        self.assertEqual(self.term_ids(self.user), {self.in_lesson.pk})
        self.assertEqual(self.term_ids(self.other), set())

    def test_an_unpublished_term_is_not_shown(self):
        lesson_complete(user=self.user, lesson=self.lesson, at=NOW - 2 * DAY)
        review_term_cards_sync(user=self.user, now=NOW - 2 * DAY)
        self.assertEqual([c.term_id for c in queue(self.user)], [self.in_lesson.pk])
        self.in_lesson.unpublish()
        self.assertEqual(queue(self.user), [])


class QueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.cards = cards_create(cls.user, 5)
        due_now(cls.cards[:4])
        # The fifth is due tomorrow.
        cls.cards[4].due = NOW + DAY
        cls.cards[4].save()

    def test_only_due_cards_most_overdue_first(self):
        self.assertEqual(queue(self.user), self.cards[:4])
        self.assertEqual(queue(staff_user()), [])

    @override_settings(REVIEW_DAILY_LIMIT=3)
    def test_the_daily_limit_counts_different_cards_since_local_midnight(self):
        self.assertEqual(queue(self.user), self.cards[:3])
        first = answer(self.cards[0], right=False)  # due again in ten minutes
        self.assertEqual(queue(self.user), self.cards[1:3])
        answer(self.cards[1])
        answer(self.cards[2])
        self.assertEqual(queue(self.user), [])
        # The card answered wrong comes back without taking a new place.
        later = NOW + 15 * MINUTE
        self.assertEqual(queue(self.user, later), [first])
        with self.assertRaisesMessage(ReviewNotAllowed, str(ERROR_DAILY_LIMIT % {"limit": 3})):
            answer(self.cards[3], now=later)
        # A new day, a new limit.
        tomorrow = NOW + DAY
        self.assertEqual(queue(self.user, tomorrow)[0], self.cards[3])

    @override_settings(REVIEW_DAILY_LIMIT=3)
    def test_the_navigation_count_is_the_queue_size(self):
        from django.contrib.auth import get_user_model

        def badge(now):
            users = get_user_model().objects.filter(pk=self.user.pk)
            return users.annotate(n=review_due_count(now=now)).values_list("n", flat=True).get()

        self.assertEqual(badge(NOW), 3)
        answer(self.cards[0], right=False)
        self.assertEqual(badge(NOW), len(queue(self.user)))
        answer(self.cards[1])
        answer(self.cards[2])
        self.assertEqual(badge(NOW), 0)
        self.assertEqual(badge(NOW + 15 * MINUTE), 1)
        self.assertEqual(badge(NOW + DAY), 3)


class AnswerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.cards = cards_create(cls.user, 4)
        due_now(cls.cards)

    def test_right_answers_are_rated_by_the_time_taken(self):
        fast = answer(self.cards[0], after=EASY_WITHIN)
        usual = answer(self.cards[1], after=30 * datetime.timedelta(seconds=1), now=NOW + MINUTE)
        slow = answer(self.cards[2], after=HARD_AFTER, now=NOW + 3 * MINUTE)
        self.assertEqual(
            [c.response["rating"] for c in (fast, usual, slow)], [4, 3, 2]
        )  # Easy, Good, Hard
        self.assertTrue(all(c.response["correct"] for c in (fast, usual, slow)))
        self.assertGreater(fast.due - fast.last_review, usual.due - usual.last_review)
        self.assertGreater(usual.due - usual.last_review, slow.due - slow.last_review)
        log = ReviewLog.objects.filter(card=usual, source="review").get()
        self.assertEqual((log.rating, log.correct, log.duration_ms), (3, True, 30_000))

    def test_a_wrong_answer_is_due_again_in_minutes(self):
        card = answer(self.cards[0], right=False)
        self.assertFalse(card.response["correct"])
        self.assertEqual(card.due, NOW + 10 * MINUTE)
        self.assertEqual(card.practised_at, NOW)

    def test_i_do_not_remember_counts_as_wrong(self):
        card = show(self.cards[0])
        card = review_card_answer(card=card, data=None, now=NOW)
        self.assertEqual(card.response["rating"], 1)
        self.assertFalse(card.response["correct"])

    def test_each_showing_is_fresh_and_a_reload_keeps_it(self):
        first = show(self.cards[0])
        again = show(self.cards[0], NOW + MINUTE)
        self.assertEqual(again.snapshot, first.snapshot)
        self.assertEqual(again.shown_at, NOW)
        answer(self.cards[0], now=NOW + 2 * MINUTE, after=MINUTE)
        card = ReviewCard.objects.get(pk=self.cards[0].pk)
        card.due = NOW
        card.save()
        fresh = show(card, NOW + 3 * MINUTE)
        ids = {c["id"] for c in first.snapshot["choices"]}
        self.assertTrue(ids.isdisjoint(c["id"] for c in fresh.snapshot["choices"]))
        self.assertIsNone(fresh.response)

    def test_a_card_takes_one_answer_per_showing(self):
        with self.assertRaisesMessage(ReviewNotAllowed, str(ERROR_NOT_SHOWN)):
            review_card_answer(card=self.cards[0], data={"choices": []}, now=NOW)
        card = answer(self.cards[1])
        with self.assertRaisesMessage(ReviewNotAllowed, str(ERROR_NOT_SHOWN)):
            review_card_answer(card=card, data=right_answer(card.snapshot), now=NOW)
        self.assertEqual(ReviewLog.objects.filter(card=card, source="review").count(), 1)

    def test_a_card_not_due_takes_no_answer(self):
        card = show(self.cards[0])
        ReviewCard.objects.filter(pk=card.pk).update(due=NOW + DAY)
        with self.assertRaisesMessage(ReviewNotAllowed, str(ERROR_NOT_DUE)):
            review_card_answer(card=card, data=right_answer(card.snapshot), now=NOW)

    def test_a_malformed_answer_saves_nothing(self):
        card = show(self.cards[0])
        with self.assertRaises(AnswerInvalid):
            review_card_answer(card=card, data={"choices": ["not-an-id"]}, now=NOW)
        card.refresh_from_db()
        self.assertTrue(card.is_waiting)
        self.assertEqual(card.reps, 1)
        self.assertFalse(ReviewLog.objects.filter(card=card, source="review").exists())

    def test_a_question_card_takes_no_rating(self):
        card = show(self.cards[0])
        with self.assertRaises(AnswerInvalid):
            review_card_rate(card=card, rating=3, now=NOW)


class FlashcardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.term = GlossaryTermFactory(term_ru="NPS")
        cls.question_card = cards_create(cls.user, 1, glossary_term=cls.term)[0]

    def setUp(self):
        self.card = ReviewCard.objects.select_related("term").get(user=self.user, term=self.term)
        self.card.due = NOW - MINUTE
        self.card.save()

    def test_rated_by_the_person(self):
        review_cards_show(cards=[self.card], now=NOW - 20 * datetime.timedelta(seconds=1))
        card = review_card_rate(card=self.card, rating=3, now=NOW)
        self.assertEqual(card.response, {"rating": 3})
        self.assertGreater(card.due, NOW + DAY / 2)
        log = ReviewLog.objects.get(card=card)
        self.assertEqual((log.rating, log.correct, log.duration_ms), (3, True, 20_000))

    def test_again_comes_back_soon(self):
        review_cards_show(cards=[self.card], now=NOW)
        card = review_card_rate(card=self.card, rating="1", now=NOW)
        self.assertEqual(card.due, NOW + 10 * MINUTE)

    def test_no_answer_and_no_bad_rating(self):
        review_cards_show(cards=[self.card], now=NOW)
        for call in (
            lambda: review_card_answer(card=self.card, data={"value": True}, now=NOW),
            lambda: review_card_rate(card=self.card, rating=5, now=NOW),
            lambda: review_card_rate(card=self.card, rating=None, now=NOW),
        ):
            with self.subTest(call=call), self.assertRaises(AnswerInvalid):
                call()


class ReviewDayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.card = cards_create(cls.user, 1)[0]

    def review_on(self, moment, duration_ms=90_000):
        ReviewLog.objects.create(
            card=self.card,
            user=self.user,
            source=ReviewLog.Source.REVIEW,
            rating=3,
            correct=True,
            reviewed_at=moment,
            duration_ms=duration_ms,
        )

    def test_the_streak_counts_consecutive_days_up_to_today(self):
        day = review_day_for_learner(user=self.user, now=NOW)
        self.assertEqual((day.streak, day.minutes, day.reviewed), (0, 0, 0))
        for days_ago in (1, 2, 3, 5):
            self.review_on(NOW - days_ago * DAY)
        # Not yet today: yesterday's streak still stands.
        self.assertEqual(review_day_for_learner(user=self.user, now=NOW).streak, 3)
        self.review_on(NOW - 2 * MINUTE)
        self.review_on(NOW - MINUTE, duration_ms=20_000)
        day = review_day_for_learner(user=self.user, now=NOW)
        self.assertEqual((day.streak, day.minutes, day.reviewed), (4, 2, 1))
        # A day missed breaks it.
        self.assertEqual(review_day_for_learner(user=self.user, now=NOW + 2 * DAY).streak, 0)

    def test_attempts_do_not_count(self):
        self.assertTrue(ReviewLog.objects.filter(user=self.user, source="attempt").exists())
        self.assertEqual(review_day_for_learner(user=self.user, now=NOW).streak, 0)

    def test_days_are_local(self):
        # 23:30 and 00:30 in Moscow are two days, though both fall on one UTC date.
        midnight = NOW.replace(hour=0)
        self.review_on(midnight - 30 * MINUTE)
        self.review_on(midnight + 30 * MINUTE)
        self.assertEqual(review_day_for_learner(user=self.user, now=NOW).streak, 2)


class TermCardsTaskTests(TestCase):
    def test_the_queue_runs_it_twice_and_it_is_daily(self):
        from django.utils import timezone
        from django.utils.module_loading import import_string

        from django_q.tasks import async_task

        from lms.core.scheduling import declared_jobs
        from quizzes import tasks

        user = staff_user()
        term = GlossaryTermFactory()
        lesson = LessonPageFactory(
            parent=course_create(lessons=0),
            body=[("glossary_callout", {"term": term, "note": ""})],
        )
        lesson_complete(user=user, lesson=lesson, at=timezone.now())
        # The test settings run django-q2 synchronously, so the task runs right here.
        async_task("quizzes.tasks.review_term_cards_sync")
        async_task("quizzes.tasks.review_term_cards_sync")
        self.assertEqual(
            list(ReviewCard.objects.filter(user=user).values_list("term_id", flat=True)),
            [term.pk],
        )
        job = next(job for job in declared_jobs() if job.name == "review-term-cards-sync")
        self.assertEqual(job.minutes, 24 * 60)
        self.assertIs(import_string(job.func), tasks.review_term_cards_sync)
