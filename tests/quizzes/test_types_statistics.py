"""How often each option was picked: counted by the question's type, in one query."""

from django.test import TestCase

from quizzes.models import AttemptQuestion
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from quizzes.statistics import question_option_counts
from tests.factories import staff_user
from tests.quizzes.factories import (
    matching_create,
    multiple_choice_create,
    quiz_create,
)


class OptionCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.choice = multiple_choice_create(right=("A", "B"), wrong=("C",))
        cls.matching = matching_create(pairs=(("FCR", "с первого раза"), ("NPS", "рекомендовать")))
        cls.quiz = quiz_create(questions=[cls.choice, cls.matching])
        answers = [("A", "B"), ("A", "C"), ("A",), None]
        for index, ticked in enumerate(answers):
            user = staff_user(username=f"learner{index}")
            attempt, _created = attempt_start(user=user, quiz=cls.quiz)
            rows = {row.question_id: row for row in AttemptQuestion.objects.filter(attempt=attempt)}
            snapshot = rows[cls.choice.pk].snapshot
            if ticked is not None:
                by_text = {c["text"]: c["id"] for c in snapshot["choices"]}
                attempt_answer_save(
                    attempt=attempt,
                    question_id=cls.choice.pk,
                    data={"choices": [by_text[t] for t in ticked]},
                )
            pairs = rows[cls.matching.pk].snapshot
            left = {i["text"]: i["id"] for i in pairs["left"]}
            right = {i["text"]: i["id"] for i in pairs["right"]}
            attempt_answer_save(
                attempt=attempt,
                question_id=cls.matching.pk,
                data={"pairs": {left["FCR"]: right["с первого раза"]}},
            )
            attempt_submit(attempt=attempt)
        # An attempt in progress does not count.
        attempt_start(user=staff_user(username="busy"), quiz=cls.quiz)

    def test_choices_ticked_are_counted_most_first(self):
        with self.assertNumQueries(1):
            counts = question_option_counts(quiz=self.quiz, question_id=self.choice.pk)

        self.assertEqual([(c.text, c.count) for c in counts], [("A", 3), ("B", 1), ("C", 1)])

    def test_pairs_are_counted_as_made(self):
        counts = question_option_counts(quiz=self.quiz, question_id=self.matching.pk)

        self.assertEqual([(c.text, c.count) for c in counts], [("FCR → с первого раза", 4)])
