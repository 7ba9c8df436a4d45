"""Quiz figures over a group of people (``quizzes/statistics.py``: ``quiz_results_of_people``,
``questions_failed_by_people``), as the reports' dashboard reads them."""

import datetime

from django.test import TestCase
from django.utils import timezone

from quizzes.statistics import questions_failed_by_people, quiz_results_of_people
from tests.factories import staff_user
from tests.quizzes.factories import (
    attempt_take,
    quiz_create,
    right_answer,
    single_choice_create,
    wrong_answer,
)


class QuizFiguresOfPeopleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ann, cls.bob, cls.out = staff_user(), staff_user(), staff_user()
        cls.hard = single_choice_create(text="Трудный вопрос?", right="Секретный ответ")
        cls.easy = single_choice_create(text="Лёгкий вопрос?")
        cls.quiz = quiz_create(title="Тарифы", questions=[cls.hard, cls.easy], pass_mark=100)
        attempt_take(cls.ann, cls.quiz, wrong_answer)
        attempt_take(cls.ann, cls.quiz, right_answer)
        attempt_take(cls.bob, cls.quiz, right_answer)
        attempt_take(cls.out, cls.quiz, wrong_answer)
        cls.people = [cls.ann.pk, cls.bob.pk]

    def test_pass_and_first_try_counts_of_the_people_only(self):
        [row] = quiz_results_of_people(user_ids=self.people)
        self.assertEqual((row.quiz_id, row.people, row.passed), (self.quiz.pk, 2, 2))
        self.assertEqual((row.first_tries, row.first_try_passed), (2, 1))
        self.assertEqual(row.first_try_rate, 50)

    def test_period_of_submission(self):
        later = timezone.now() + datetime.timedelta(days=1)
        self.assertEqual(quiz_results_of_people(user_ids=self.people, start=later), [])

    def test_failed_questions_hardest_first_and_without_answers(self):
        failed = questions_failed_by_people(user_ids=self.people, min_asked=1)
        # Both questions were wrong once in ann's first attempt, of three answers each.
        self.assertEqual([(q.asked, q.wrong) for q in failed], [(3, 1), (3, 1)])
        self.assertEqual({q.question_id for q in failed}, {self.hard.pk, self.easy.pk})
        self.assertNotIn("Секретный ответ", repr(failed))
        self.assertEqual(questions_failed_by_people(user_ids=self.people, min_asked=4), [])
        everyone = questions_failed_by_people(user_ids=self.people + [self.out.pk], min_asked=1)
        self.assertEqual([(q.asked, q.wrong) for q in everyone], [(4, 2), (4, 2)])
