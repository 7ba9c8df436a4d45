"""Attempts: starting, answering, submitting and the rules around them (limits, cool-down, time
limit, draws, shuffling, gates, showing the answers)."""

import datetime
from decimal import Decimal
from unittest import mock

from django.http import Http404
from django.test import TestCase

from courses.models import Assignment, LessonProgress
from courses.selectors import LessonState, course_outline_for_learner
from courses.services import assignment_create, lesson_complete
from quizzes import services
from quizzes.grading import ERROR_SHAPE, AnswerInvalid
from quizzes.models import Attempt, AttemptQuestion, Choice, Question, Quiz
from quizzes.selectors import (
    REASON_COOLDOWN,
    REASON_LESSON_LOCKED,
    REASON_LIMIT,
    REASON_NO_QUESTIONS,
    REASON_NOT_LIVE,
    attempt_for_learner,
    attempt_questions_public,
    attempt_result,
    attempt_shows_answers,
    attempt_start_check,
)
from quizzes.services import (
    ERROR_NOT_IN_ATTEMPT,
    ERROR_SUBMITTED,
    ERROR_TIME_UP,
    AttemptClosed,
    AttemptNotAllowed,
    QuestionNotInAttempt,
    attempt_answer_save,
    attempt_start,
    attempt_submit,
    attempts_expired_submit,
)
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import (
    attempt_answer_all,
    attempt_take,
    category_create,
    multiple_choice_create,
    one_of_each_type,
    quiz_create,
    right_answer,
    single_choice_create,
    true_false_create,
    wrong_answer,
)

T = Question.Type
PUBLIC_KEYS = {"id", "type", "text", "html", "points", "choices", "left", "right", "items"}
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


def rows(attempt: Attempt) -> list[AttemptQuestion]:
    return list(AttemptQuestion.objects.filter(attempt=attempt).order_by("position"))


def question_ids(attempt: Attempt) -> list[int]:
    return [row.question_id for row in rows(attempt)]


class AttemptStartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.questions = one_of_each_type()
        cls.quiz = quiz_create(questions=cls.questions)

    def test_a_new_attempt_freezes_every_question_in_order(self):
        attempt, created = attempt_start(user=self.user, quiz=self.quiz, now=T0)

        self.assertTrue(created)
        self.assertEqual(attempt.number, 1)
        self.assertEqual(attempt.status, Attempt.Status.IN_PROGRESS)
        self.assertEqual(attempt.started_at, T0)
        self.assertIsNone(attempt.deadline)
        self.assertEqual(attempt.max_score, len(self.questions))
        self.assertEqual(question_ids(attempt), [q.pk for q in self.questions])
        self.assertEqual([r.position for r in rows(attempt)], list(range(1, 8)))
        for row, question in zip(rows(attempt), self.questions, strict=True):
            self.assertEqual(row.snapshot["question_id"], question.pk)
            self.assertEqual(row.snapshot["type"], question.type)
            self.assertIsNone(row.response)

    def test_an_attempt_in_progress_is_resumed(self):
        attempt, _ = attempt_start(user=self.user, quiz=self.quiz, now=T0)
        first_row = rows(attempt)[0]
        attempt_answer_save(
            attempt=attempt,
            question_id=first_row.question_id,
            data=right_answer(first_row.snapshot),
            now=T0,
        )
        snapshots = [r.snapshot for r in rows(attempt)]

        again, created = attempt_start(user=self.user, quiz=self.quiz, now=T0 + minutes(30))

        self.assertFalse(created)
        self.assertEqual(again.pk, attempt.pk)
        self.assertEqual([r.snapshot for r in rows(again)], snapshots)
        self.assertIsNotNone(rows(again)[0].response)
        self.assertEqual(Attempt.objects.filter(user=self.user).count(), 1)

    def test_the_next_attempt_gets_the_next_number(self):
        attempt_take(self.user, self.quiz, now=T0)

        attempt, created = attempt_start(user=self.user, quiz=self.quiz, now=T0)

        self.assertTrue(created)
        self.assertEqual(attempt.number, 2)

    def test_attempts_of_different_people_are_separate(self):
        other = staff_user()
        mine, _ = attempt_start(user=self.user, quiz=self.quiz)

        theirs, created = attempt_start(user=other, quiz=self.quiz)

        self.assertTrue(created)
        self.assertNotEqual(mine.pk, theirs.pk)
        self.assertEqual(theirs.number, 1)

    def test_a_quiz_that_is_not_live_is_refused(self):
        quiz = quiz_create(questions=self.questions[:1], live=False)

        with self.assertRaises(AttemptNotAllowed) as caught:
            attempt_start(user=self.user, quiz=quiz)

        self.assertEqual(caught.exception.reason, str(REASON_NOT_LIVE))
        self.assertFalse(Attempt.objects.filter(quiz=quiz).exists())

    def test_a_quiz_without_questions_is_refused(self):
        quiz = quiz_create()

        with self.assertRaises(AttemptNotAllowed) as caught:
            attempt_start(user=self.user, quiz=quiz)

        self.assertEqual(caught.exception.reason, str(REASON_NO_QUESTIONS))
        self.assertFalse(Attempt.objects.filter(quiz=quiz).exists())


class AttemptLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()], attempt_limit=2)

    def test_the_limit_counts_submitted_attempts(self):
        attempt_take(self.user, self.quiz, wrong_answer, now=T0)
        second, created = attempt_start(user=self.user, quiz=self.quiz, now=T0)
        self.assertTrue(created)
        # An attempt in progress is not used up yet: it is resumed, not refused.
        self.assertEqual(attempt_start(user=self.user, quiz=self.quiz, now=T0)[0], second)
        attempt_submit(attempt=second, now=T0)

        with self.assertRaises(AttemptNotAllowed) as caught:
            attempt_start(user=self.user, quiz=self.quiz, now=T0 + minutes(600))

        self.assertEqual(caught.exception.reason, str(REASON_LIMIT % {"limit": 2}))
        self.assertIsNone(caught.exception.retry_after)
        self.assertEqual(Attempt.objects.filter(user=self.user).count(), 2)

    def test_the_limit_counts_passed_attempts_too(self):
        attempt_take(self.user, self.quiz, now=T0)
        attempt_take(self.user, self.quiz, now=T0)

        check = attempt_start_check(quiz=self.quiz, user=self.user, now=T0)

        self.assertFalse(check.allowed)

    def test_no_limit_means_unlimited(self):
        quiz = quiz_create(questions=[true_false_create()], attempt_limit=0)
        for _ in range(5):
            attempt_take(self.user, quiz, wrong_answer, now=T0)

        self.assertTrue(attempt_start_check(quiz=quiz, user=self.user, now=T0).allowed)


class AttemptCooldownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()], cooldown_minutes=30)

    def test_the_cooldown_refuses_with_the_seconds_left(self):
        attempt_take(self.user, self.quiz, wrong_answer, now=T0)

        with self.assertRaises(AttemptNotAllowed) as caught:
            attempt_start(user=self.user, quiz=self.quiz, now=T0 + minutes(10))

        self.assertEqual(caught.exception.retry_after, 20 * 60)
        self.assertEqual(caught.exception.reason, str(REASON_COOLDOWN % {"minutes": 20}))

    def test_part_of_a_minute_left_rounds_up(self):
        attempt_take(self.user, self.quiz, wrong_answer, now=T0)

        check = attempt_start_check(
            quiz=self.quiz, user=self.user, now=T0 + minutes(29) + datetime.timedelta(seconds=59)
        )

        self.assertFalse(check.allowed)
        self.assertEqual(check.retry_after, 1)
        self.assertEqual(check.reason, str(REASON_COOLDOWN % {"minutes": 1}))

    def test_the_cooldown_ends_exactly_on_time(self):
        attempt_take(self.user, self.quiz, wrong_answer, now=T0)

        attempt, created = attempt_start(user=self.user, quiz=self.quiz, now=T0 + minutes(30))

        self.assertTrue(created)
        self.assertEqual(attempt.number, 2)

    def test_the_first_attempt_has_no_cooldown(self):
        self.assertTrue(attempt_start_check(quiz=self.quiz, user=self.user, now=T0).allowed)


class AttemptTimeLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.questions = [true_false_create(), true_false_create()]
        cls.quiz = quiz_create(questions=cls.questions, time_limit_minutes=10, pass_mark=50)

    def setUp(self):
        self.attempt, _ = attempt_start(user=self.user, quiz=self.quiz, now=T0)
        self.first, self.second = rows(self.attempt)

    def save(self, row, now):
        return attempt_answer_save(
            attempt=self.attempt,
            question_id=row.question_id,
            data=right_answer(row.snapshot),
            now=now,
        )

    def test_the_deadline_is_the_start_plus_the_limit(self):
        self.assertEqual(self.attempt.deadline, T0 + minutes(10))

    def test_an_answer_exactly_at_the_deadline_counts(self):
        self.save(self.first, T0 + minutes(10))

        graded = attempt_submit(attempt=self.attempt, now=T0 + minutes(10))

        self.assertEqual(graded.score, 1)
        self.assertFalse(graded.timed_out)

    def test_an_answer_after_the_deadline_is_refused_and_the_attempt_submitted(self):
        self.save(self.first, T0 + minutes(5))

        with self.assertRaises(AttemptClosed) as caught:
            self.save(self.second, T0 + minutes(10) + datetime.timedelta(seconds=1))

        self.assertEqual(caught.exception.message, ERROR_TIME_UP)
        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.status, Attempt.Status.SUBMITTED)
        self.assertTrue(self.attempt.timed_out)
        self.assertEqual(self.attempt.submitted_at, T0 + minutes(10))
        self.assertEqual(self.attempt.score, 1)
        self.assertTrue(self.attempt.passed)
        self.second.refresh_from_db()
        self.assertIsNone(self.second.response)

    def test_resuming_an_expired_attempt_submits_it_and_starts_a_new_one(self):
        self.save(self.first, T0 + minutes(1))

        attempt, created = attempt_start(user=self.user, quiz=self.quiz, now=T0 + minutes(11))

        self.assertTrue(created)
        self.assertEqual(attempt.number, 2)
        self.attempt.refresh_from_db()
        self.assertTrue(self.attempt.is_submitted)
        self.assertTrue(self.attempt.timed_out)
        self.assertEqual(self.attempt.score, 1)

    def test_submitting_late_marks_the_attempt_timed_out(self):
        graded = attempt_submit(attempt=self.attempt, now=T0 + minutes(60))

        self.assertTrue(graded.timed_out)
        self.assertEqual(graded.submitted_at, T0 + minutes(10))

    def test_the_sweep_submits_only_expired_attempts(self):
        self.save(self.first, T0 + minutes(1))
        other = staff_user()
        fresh, _ = attempt_start(user=other, quiz=self.quiz, now=T0 + minutes(5))
        untimed_quiz = quiz_create(questions=self.questions)
        untimed, _ = attempt_start(user=self.user, quiz=untimed_quiz, now=T0)

        count = attempts_expired_submit(now=T0 + minutes(11))

        self.assertEqual(count, 1)
        self.attempt.refresh_from_db()
        self.assertTrue(self.attempt.is_submitted)
        self.assertTrue(self.attempt.timed_out)
        self.assertEqual(self.attempt.submitted_at, T0 + minutes(10))
        self.assertEqual(self.attempt.score, 1)
        for attempt in (fresh, untimed):
            attempt.refresh_from_db()
            self.assertEqual(attempt.status, Attempt.Status.IN_PROGRESS)

    def test_the_sweep_is_safe_to_run_again(self):
        self.assertEqual(attempts_expired_submit(now=T0 + minutes(11)), 1)
        self.attempt.refresh_from_db()
        graded_at = self.attempt.submitted_at

        self.assertEqual(attempts_expired_submit(now=T0 + minutes(12)), 0)

        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.submitted_at, graded_at)

    def test_the_sweep_leaves_an_attempt_before_its_deadline(self):
        self.assertEqual(attempts_expired_submit(now=T0 + minutes(10)), 0)

        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.status, Attempt.Status.IN_PROGRESS)


class AttemptAnswerSaveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=one_of_each_type())

    def setUp(self):
        self.attempt, _ = attempt_start(user=self.user, quiz=self.quiz)
        self.rows = {row.snapshot["type"]: row for row in rows(self.attempt)}

    def test_the_answer_is_stored_normalised(self):
        row = self.rows[T.NUMERIC]

        saved = attempt_answer_save(
            attempt=self.attempt, question_id=row.question_id, data={"number": "14,0"}, now=T0
        )

        row.refresh_from_db()
        self.assertEqual(row.response, {"number": "14.0"})
        self.assertEqual(row.answered_at, T0)
        self.assertEqual(saved.pk, row.pk)

    def test_a_second_answer_replaces_the_first(self):
        row = self.rows[T.TRUE_FALSE]
        for value in (True, False):
            attempt_answer_save(
                attempt=self.attempt, question_id=row.question_id, data={"value": value}
            )

        row.refresh_from_db()
        self.assertEqual(row.response, {"value": False})

    def test_a_question_outside_the_attempt_is_refused(self):
        stranger = true_false_create()

        with self.assertRaises(QuestionNotInAttempt) as caught:
            attempt_answer_save(attempt=self.attempt, question_id=stranger.pk, data={"value": True})

        self.assertEqual(str(caught.exception), str(ERROR_NOT_IN_ATTEMPT))

    def test_an_answer_of_the_wrong_shape_saves_nothing(self):
        row = self.rows[T.TRUE_FALSE]
        attempt_answer_save(attempt=self.attempt, question_id=row.question_id, data={"value": True})

        with self.assertRaises(AnswerInvalid) as caught:
            attempt_answer_save(
                attempt=self.attempt, question_id=row.question_id, data={"value": "no"}
            )

        self.assertEqual(caught.exception.message, ERROR_SHAPE[T.TRUE_FALSE])
        row.refresh_from_db()
        self.assertEqual(row.response, {"value": True})

    def test_a_submitted_attempt_takes_no_more_answers(self):
        row = self.rows[T.TRUE_FALSE]
        attempt_submit(attempt=self.attempt)

        with self.assertRaises(AttemptClosed) as caught:
            # The caller's copy of the attempt still says "in progress"; the row decides.
            attempt_answer_save(
                attempt=self.attempt, question_id=row.question_id, data={"value": True}
            )

        self.assertEqual(caught.exception.message, ERROR_SUBMITTED)
        row.refresh_from_db()
        self.assertIsNone(row.response)


class AttemptSnapshotTests(TestCase):
    """What an attempt shows is frozen when it starts."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.texts = [f"Вариант {n}" for n in range(8)]
        cls.question = single_choice_create(right=cls.texts[0], wrong=cls.texts[1:])
        cls.shuffled = quiz_create(questions=[cls.question], shuffle_choices=True)
        cls.in_order = quiz_create(questions=[cls.question], shuffle_choices=False)

    def shown(self, attempt) -> list[str]:
        return [c["text"] for c in attempt_questions_public(attempt=attempt)[0]["choices"]]

    def test_choices_keep_the_authors_order_unless_shuffled(self):
        attempt, _ = attempt_start(user=self.user, quiz=self.in_order)

        self.assertEqual(self.shown(attempt), self.texts)

    def test_shuffled_choices_differ_between_attempts_and_stay_put_within_one(self):
        orders = set()
        for _ in range(6):
            attempt, _ = attempt_start(user=self.user, quiz=self.shuffled)
            order = self.shown(attempt)
            self.assertEqual(self.shown(attempt), order)
            self.assertEqual(
                self.shown(attempt_start(user=self.user, quiz=self.shuffled)[0]), order
            )
            self.assertCountEqual(order, self.texts)
            orders.add(tuple(order))
            attempt_submit(attempt=attempt)

        self.assertGreater(len(orders), 1)

    def test_choice_ids_are_opaque_and_new_for_every_attempt(self):
        first, _ = attempt_start(user=self.user, quiz=self.shuffled)
        first_ids = {c["id"] for c in attempt_questions_public(attempt=first)[0]["choices"]}
        attempt_submit(attempt=first)
        second, _ = attempt_start(user=self.user, quiz=self.shuffled)
        second_ids = {c["id"] for c in attempt_questions_public(attempt=second)[0]["choices"]}

        pks = {str(pk) for pk in Choice.objects.values_list("pk", flat=True)}
        self.assertEqual(len(first_ids), len(self.texts))
        self.assertTrue(first_ids.isdisjoint(second_ids))
        self.assertTrue(first_ids.isdisjoint(pks))

    def test_editing_the_question_changes_neither_the_attempt_nor_its_grade(self):
        attempt, _ = attempt_start(user=self.user, quiz=self.in_order)
        before = attempt_questions_public(attempt=attempt)
        right_id = before[0]["choices"][0]["id"]

        self.question.text = "Новый текст вопроса"
        self.question.save()
        Choice.objects.filter(question=self.question).update(is_correct=False)
        Choice.objects.filter(question=self.question, text=self.texts[1]).update(
            is_correct=True, text="Теперь верно"
        )
        Choice.objects.filter(question=self.question, text=self.texts[7]).delete()
        Choice.objects.create(question=self.question, text="Новый", sort_order=99)

        self.assertEqual(attempt_questions_public(attempt=attempt), before)
        attempt_answer_save(
            attempt=attempt, question_id=self.question.pk, data={"choices": [right_id]}
        )
        graded = attempt_submit(attempt=attempt)
        self.assertEqual(graded.score, 1)
        self.assertTrue(graded.passed)
        # A new attempt sees the new version.
        fresh, _ = attempt_start(user=self.user, quiz=self.in_order)
        public = attempt_questions_public(attempt=fresh)[0]
        self.assertEqual(public["text"], "Новый текст вопроса")
        self.assertIn("Теперь верно", [c["text"] for c in public["choices"]])

    def test_the_public_questions_hold_no_answer_for_any_type(self):
        quiz = quiz_create(questions=one_of_each_type())
        attempt, _ = attempt_start(user=self.user, quiz=quiz)

        for public in attempt_questions_public(attempt=attempt):
            with self.subTest(type=public["type"]):
                self.assertEqual(set(public), PUBLIC_KEYS | {"response"})
                for key in ("choices", "left", "right", "items"):
                    for entry in public[key]:
                        self.assertEqual(set(entry), {"id", "text"})


class AttemptDrawTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.products = category_create("Продукты")
        cls.crm = category_create("CRM")
        cls.product_questions = [
            true_false_create(text=f"Продукт {n}?", category=cls.products) for n in range(10)
        ]
        cls.crm_questions = [
            true_false_create(text=f"CRM {n}?", category=cls.crm) for n in range(3)
        ]
        cls.listed = cls.product_questions[0]

    def test_a_draw_takes_n_different_questions_from_its_category(self):
        quiz = quiz_create(draws=[(self.products, 4)])

        attempt, _ = attempt_start(user=self.user, quiz=quiz)

        drawn = question_ids(attempt)
        self.assertEqual(len(drawn), 4)
        self.assertEqual(len(set(drawn)), 4)
        self.assertLessEqual(set(drawn), {q.pk for q in self.product_questions})
        self.assertEqual(attempt.max_score, 4)

    def test_listed_and_drawn_questions_never_repeat(self):
        quiz = quiz_create(questions=[self.listed], draws=[(self.products, 5), (self.products, 5)])

        attempt, _ = attempt_start(user=self.user, quiz=quiz)

        ids = question_ids(attempt)
        self.assertEqual(ids[0], self.listed.pk)
        self.assertEqual(sorted(ids), sorted(q.pk for q in self.product_questions))

    def test_a_draw_larger_than_its_pool_takes_the_whole_pool(self):
        quiz = quiz_create(draws=[(self.crm, 5), (self.products, 1)])

        attempt, _ = attempt_start(user=self.user, quiz=quiz)

        ids = question_ids(attempt)
        self.assertEqual(sorted(ids[:3]), sorted(q.pk for q in self.crm_questions))
        self.assertIn(ids[3], {q.pk for q in self.product_questions})

    def test_every_attempt_draws_afresh(self):
        quiz = quiz_create(draws=[(self.products, 3)])
        draws = set()
        for _ in range(6):
            attempt, _ = attempt_start(user=self.user, quiz=quiz)
            draws.add(frozenset(question_ids(attempt)))
            attempt_submit(attempt=attempt)

        self.assertGreater(len(draws), 1)


class QuestionOrderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.questions = [true_false_create(text=f"Утверждение {n}") for n in range(8)]

    def test_questions_keep_the_quiz_order_unless_shuffled(self):
        quiz = quiz_create(questions=self.questions, shuffle_questions=False)
        for _ in range(3):
            attempt, _ = attempt_start(user=self.user, quiz=quiz)
            self.assertEqual(question_ids(attempt), [q.pk for q in self.questions])
            attempt_submit(attempt=attempt)

    def test_shuffled_questions_differ_between_attempts_and_stay_put_within_one(self):
        quiz = quiz_create(questions=self.questions, shuffle_questions=True)
        orders = set()
        for _ in range(6):
            attempt, _ = attempt_start(user=self.user, quiz=quiz)
            order = [q["id"] for q in attempt_questions_public(attempt=attempt)]
            self.assertEqual([q["id"] for q in attempt_questions_public(attempt=attempt)], order)
            self.assertCountEqual(order, [q.pk for q in self.questions])
            orders.add(tuple(order))
            attempt_submit(attempt=attempt)

        self.assertGreater(len(orders), 1)


class AttemptSubmitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.statements = [true_false_create(text=f"Утверждение {n}") for n in range(5)]
        cls.quiz = quiz_create(questions=cls.statements, pass_mark=80)

    def take_with_right(self, count: int, quiz=None) -> Attempt:
        attempt, _ = attempt_start(user=self.user, quiz=quiz or self.quiz, now=T0)
        for index, row in enumerate(rows(attempt)):
            answer = right_answer if index < count else wrong_answer
            attempt_answer_save(
                attempt=attempt, question_id=row.question_id, data=answer(row.snapshot), now=T0
            )
        return attempt_submit(attempt=attempt, now=T0 + minutes(3))

    def test_the_grade_is_stored_on_the_attempt_and_its_questions(self):
        graded = self.take_with_right(4)

        self.assertEqual(graded.status, Attempt.Status.SUBMITTED)
        self.assertEqual(graded.submitted_at, T0 + minutes(3))
        self.assertFalse(graded.timed_out)
        self.assertEqual((graded.score, graded.max_score, graded.percent), (4, 5, 80))
        self.assertEqual([r.correct for r in rows(graded)], [True, True, True, True, False])
        self.assertEqual([r.score for r in rows(graded)], [1, 1, 1, 1, 0])
        stored = Attempt.objects.get(pk=graded.pk)
        self.assertEqual((stored.score, stored.percent, stored.passed), (4, 80, True))

    def test_exactly_the_pass_mark_passes(self):
        self.assertTrue(self.take_with_right(4).passed)

    def test_below_the_pass_mark_fails(self):
        graded = self.take_with_right(3)

        self.assertFalse(graded.passed)
        self.assertEqual(graded.percent, 60)

    def test_a_hair_below_the_pass_mark_fails_and_does_not_show_the_pass_mark(self):
        # 159.99 of 200 points is 79.995 %: it must neither pass at 80 % nor show as 80.00.
        partial = multiple_choice_create(
            right=("A", "B"), wrong=("C",), partial_credit=True, points=100
        )
        Choice.objects.filter(question=partial, text="A").update(weight=Decimal("59.99"))
        Choice.objects.filter(question=partial, text="B").update(weight=Decimal("40.01"))
        quiz = quiz_create(questions=[partial, true_false_create(points=100)], pass_mark=80)
        attempt, _ = attempt_start(user=self.user, quiz=quiz)
        first, second = rows(attempt)
        only_a = next(c["id"] for c in first.snapshot["choices"] if c["text"] == "A")
        attempt_answer_save(
            attempt=attempt, question_id=first.question_id, data={"choices": [only_a]}
        )
        attempt_answer_save(
            attempt=attempt, question_id=second.question_id, data=right_answer(second.snapshot)
        )

        graded = attempt_submit(attempt=attempt)

        self.assertEqual(graded.score, Decimal("159.99"))
        self.assertFalse(graded.passed)
        self.assertEqual(graded.percent, Decimal("79.99"))

    def test_unanswered_questions_score_nothing(self):
        attempt, _ = attempt_start(user=self.user, quiz=self.quiz)

        graded = attempt_submit(attempt=attempt)

        self.assertEqual((graded.score, graded.percent, graded.passed), (0, 0, False))
        self.assertEqual([r.correct for r in rows(graded)], [False] * 5)
        self.assertEqual([r.score for r in rows(graded)], [0] * 5)

    def test_a_second_submit_returns_the_same_grade_and_grades_nothing(self):
        first = self.take_with_right(5)

        with mock.patch.object(services, "response_grade", wraps=services.response_grade) as grade:
            again = attempt_submit(attempt=first, now=T0 + minutes(50))
            stale_copy = Attempt.objects.get(pk=first.pk)
            stale_copy.status = Attempt.Status.IN_PROGRESS
            third = attempt_submit(attempt=stale_copy, now=T0 + minutes(60))

        self.assertEqual(grade.call_count, 0)
        for repeat in (again, third):
            self.assertEqual(repeat.pk, first.pk)
            self.assertEqual(repeat.submitted_at, T0 + minutes(3))
            self.assertEqual((repeat.score, repeat.percent, repeat.passed), (5, 100, True))

    def test_grading_happens_once_per_question(self):
        attempt, _ = attempt_start(user=self.user, quiz=self.quiz)

        with mock.patch.object(services, "response_grade", wraps=services.response_grade) as grade:
            attempt_submit(attempt=attempt)
            attempt_submit(attempt=attempt)

        self.assertEqual(grade.call_count, 5)


class AttemptGateTests(TestCase):
    """Passing a quiz that ends a lesson completes the lesson; the course completes with the
    last lesson and gate."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.first_quiz = quiz_create(questions=[true_false_create()], title="Первый")
        cls.last_quiz = quiz_create(questions=[true_false_create()], title="Последний")
        cls.course = course_create(lessons=3, gates={0: cls.first_quiz, 2: cls.last_quiz})
        cls.lessons = course_lessons(cls.course)
        cls.assignment, _ = assignment_create(user=cls.user, course=cls.course, source="manual")

    def states(self) -> list[str]:
        outline = course_outline_for_learner(course=self.course, user=self.user)
        return [item.state for item in outline.lessons]

    def test_passing_the_gate_completes_the_lesson_and_opens_the_next(self):
        graded = attempt_take(self.user, self.first_quiz, now=T0)

        self.assertTrue(graded.passed)
        progress = LessonProgress.objects.get(user=self.user, lesson=self.lessons[0])
        self.assertEqual(progress.gate_passed_at, T0)
        self.assertEqual(progress.completed_at, T0)
        self.assertEqual(
            self.states(), [LessonState.COMPLETED, LessonState.OPEN, LessonState.LOCKED]
        )

    def test_failing_the_gate_completes_nothing(self):
        graded = attempt_take(self.user, self.first_quiz, wrong_answer)

        self.assertFalse(graded.passed)
        self.assertFalse(LessonProgress.objects.filter(gate_passed_at__isnull=False).exists())
        self.assertEqual(self.states(), [LessonState.OPEN, LessonState.LOCKED, LessonState.LOCKED])

    def test_a_passing_attempt_submitted_by_the_sweep_still_passes_the_gate(self):
        Quiz.objects.filter(pk=self.first_quiz.pk).update(time_limit_minutes=5)
        quiz = Quiz.objects.get(pk=self.first_quiz.pk)
        attempt, _ = attempt_start(user=self.user, quiz=quiz, now=T0)
        attempt_answer_all(attempt, now=T0 + minutes(1))

        self.assertEqual(attempts_expired_submit(now=T0 + minutes(6)), 1)

        progress = LessonProgress.objects.get(user=self.user, lesson=self.lessons[0])
        # Dated when time ran out, like the attempt, not when the sweep came by.
        self.assertEqual(progress.gate_passed_at, T0 + minutes(5))
        self.assertEqual(progress.completed_at, T0 + minutes(5))
        self.assertEqual(self.states()[1], LessonState.OPEN)

    def test_a_gate_whose_lesson_is_locked_cannot_be_started(self):
        with self.assertRaises(AttemptNotAllowed) as caught:
            attempt_start(user=self.user, quiz=self.last_quiz)

        self.assertEqual(caught.exception.reason, str(REASON_LESSON_LOCKED))
        self.assertFalse(Attempt.objects.filter(quiz=self.last_quiz).exists())

    def test_the_course_and_its_assignment_complete_with_the_last_gate(self):
        attempt_take(self.user, self.first_quiz, now=T0)
        lesson_complete(user=self.user, lesson=self.lessons[1], at=T0 + minutes(5))
        self.assertEqual(Assignment.objects.get(pk=self.assignment.pk).status, "in_progress")
        attempt_take(self.user, self.last_quiz, wrong_answer, now=T0 + minutes(9))
        self.assertEqual(Assignment.objects.get(pk=self.assignment.pk).status, "in_progress")

        attempt_take(self.user, self.last_quiz, now=T0 + minutes(10))

        assignment = Assignment.objects.get(pk=self.assignment.pk)
        self.assertEqual(assignment.status, Assignment.Status.COMPLETED)
        self.assertEqual(assignment.completed_at, T0 + minutes(10))
        self.assertEqual(self.states(), [LessonState.COMPLETED] * 3)

    def test_a_quiz_ending_two_lessons_completes_only_the_one_reached(self):
        other_course = course_create(lessons=2, gates={1: self.first_quiz})
        other_first, other_gated = course_lessons(other_course)

        graded = attempt_take(self.user, self.first_quiz)

        self.assertTrue(graded.passed)
        self.assertTrue(
            LessonProgress.objects.filter(
                user=self.user, lesson=self.lessons[0], gate_passed_at__isnull=False
            ).exists()
        )
        self.assertFalse(LessonProgress.objects.filter(user=self.user, lesson=other_gated).exists())
        outline = course_outline_for_learner(course=other_course, user=self.user)
        self.assertEqual(outline.state_of(other_gated.pk).state, LessonState.LOCKED)

    def test_a_gate_may_be_taken_again_once_its_lesson_is_open(self):
        lesson_complete_quiz = quiz_create(questions=[true_false_create()])
        course = course_create(lessons=2, gates={1: lesson_complete_quiz})
        first, _gated = course_lessons(course)
        self.assertFalse(attempt_start_check(quiz=lesson_complete_quiz, user=self.user).allowed)

        lesson_complete(user=self.user, lesson=first)

        self.assertTrue(attempt_start_check(quiz=lesson_complete_quiz, user=self.user).allowed)


class ShowAnswersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.question = true_false_create(explanation="Так написано в договоре.")

    def quiz(self, rule, **fields):
        return quiz_create(questions=[self.question], show_answers=rule, **fields)

    def result(self, attempt) -> dict:
        return attempt_result(attempt=Attempt.objects.get(pk=attempt.pk))

    def assertShows(self, attempt, shows: bool):
        result = self.result(attempt)
        self.assertEqual(result["shows_answers"], shows)
        self.assertEqual("right_answer" in result["review"][0], shows)
        self.assertEqual("explanation_html" in result["review"][0], shows)

    def test_never(self):
        quiz = self.quiz(Quiz.ShowAnswers.NEVER)

        self.assertShows(attempt_take(self.user, quiz, wrong_answer), False)
        self.assertShows(attempt_take(self.user, quiz), False)

    def test_after_passing(self):
        quiz = self.quiz(Quiz.ShowAnswers.AFTER_PASSING)

        failed = attempt_take(self.user, quiz, wrong_answer)
        self.assertShows(failed, False)
        passed = attempt_take(self.user, quiz)
        self.assertShows(passed, True)
        # Once passed, the earlier failed attempt may be reviewed with its answers too.
        self.assertShows(failed, True)

    def test_after_each_attempt(self):
        quiz = self.quiz(Quiz.ShowAnswers.AFTER_EACH_ATTEMPT)

        self.assertShows(attempt_take(self.user, quiz, wrong_answer), True)

    def test_after_the_last_allowed_attempt(self):
        quiz = self.quiz(Quiz.ShowAnswers.AFTER_LAST_ATTEMPT, attempt_limit=2)

        first = attempt_take(self.user, quiz, wrong_answer)
        self.assertShows(first, False)
        second = attempt_take(self.user, quiz, wrong_answer)
        self.assertShows(second, True)
        self.assertShows(first, True)

    def test_after_the_last_attempt_of_an_unlimited_quiz_is_never(self):
        quiz = self.quiz(Quiz.ShowAnswers.AFTER_LAST_ATTEMPT, attempt_limit=0)

        self.assertShows(attempt_take(self.user, quiz, wrong_answer), False)

    def test_nothing_is_shown_before_submitting(self):
        quiz = self.quiz(Quiz.ShowAnswers.AFTER_EACH_ATTEMPT)
        attempt, _ = attempt_start(user=self.user, quiz=quiz)

        self.assertFalse(attempt_shows_answers(attempt=attempt))

    def test_the_result_holds_the_grade(self):
        quiz = self.quiz(Quiz.ShowAnswers.AFTER_EACH_ATTEMPT)
        graded = attempt_take(self.user, quiz)

        result = self.result(graded)

        self.assertEqual(
            {k: result[k] for k in ("score", "max_score", "percent", "passed", "timed_out")},
            {"score": 1, "max_score": 1, "percent": 100, "passed": True, "timed_out": False},
        )
        review = result["review"][0]
        self.assertEqual(review["right_answer"], {"value": True})
        self.assertEqual(review["response"], {"value": True})
        self.assertTrue(review["correct"])
        self.assertIn("Так написано в договоре.", review["explanation_html"])


class AttemptForLearnerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.owner = staff_user()
        cls.stranger = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()])

    def test_only_the_owner_gets_the_attempt(self):
        attempt, _ = attempt_start(user=self.owner, quiz=self.quiz)

        self.assertEqual(attempt_for_learner(attempt_id=attempt.pk, user=self.owner), attempt)
        with self.assertRaises(Http404):
            attempt_for_learner(attempt_id=attempt.pk, user=self.stranger)
        with self.assertRaises(Http404):
            attempt_for_learner(attempt_id=attempt.pk + 1000, user=self.owner)
