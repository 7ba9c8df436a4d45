"""Honest grading, per type (Moodle's rules): weights may be negative, a ticked wrong option
never leaves full marks, a single choice scores the chosen option's weight, matching honours
its credit setting, no question scores below zero, and snapshots of older shapes still grade."""

import random
from decimal import Decimal

from django.template.loader import get_template
from django.test import SimpleTestCase, TestCase

from quizzes.forms import ERROR_NOT_A_NUMBER, AttemptForm
from quizzes.grading import (
    AnswerInvalid,
    question_snapshot,
    response_clean,
    response_grade,
    snapshot_public,
    snapshot_review,
)
from quizzes.models import Choice, Question
from quizzes.types import _REGISTRY, Grade, QuestionType, question_type, question_types
from quizzes.types.base import NotANumber, number_parse
from tests.quizzes.factories import (
    matching_create,
    multiple_choice_create,
    numeric_create,
    single_choice_create,
)

T = Question.Type
OLD_TYPES = (
    T.SINGLE_CHOICE, T.MULTIPLE_CHOICE, T.TRUE_FALSE, T.SHORT_TEXT, T.NUMERIC, T.ORDERING,
    T.MATCHING,
)  # fmt: skip


def snap(question, *, shuffle=True, seed=3):
    return question_snapshot(question, shuffle=shuffle, rng=random.Random(seed))  # noqa: S311


def graded(snapshot, data):
    return response_grade(snapshot, response_clean(snapshot, data))


def ids(snapshot, *texts):
    by_text = {c["text"]: c["id"] for c in snapshot["choices"]}
    return [by_text[text] for text in texts]


def weigh(question, weights: dict):
    for choice in question.choices.all():
        if choice.text in weights:
            choice.weight = weights[choice.text]
            choice.save()


class RegistryTests(SimpleTestCase):
    def test_every_old_type_is_registered_with_its_template(self):
        codes = {t.code for t in question_types()}
        for code in OLD_TYPES:
            with self.subTest(code=code):
                self.assertIn(code, codes)
                qtype = question_type(code)
                self.assertTrue(qtype.template)
                get_template(qtype.template)  # raises when the include is missing
                self.assertTrue(str(qtype.answer_shape))


class MultipleChoiceHonestyTests(TestCase):
    def test_ticking_everything_never_scores_full_marks(self):
        cases = {
            "all or nothing": ({}, False),
            "default weights": ({}, True),
            "wrong options weighted 0": ({"C": Decimal(0), "D": Decimal(0)}, True),
            "right weights over the whole": ({"A": Decimal(100), "B": Decimal(100)}, True),
        }
        for label, (weights, partial) in cases.items():
            with self.subTest(label):
                question = multiple_choice_create(
                    right=("A", "B"), wrong=("C", "D"), partial_credit=partial, points=10
                )
                weigh(question, weights)
                snapshot = snap(question)
                score, correct = graded(snapshot, {"choices": ids(snapshot, "A", "B", "C", "D")})
                self.assertLess(score, 10)
                self.assertFalse(correct)
                # The right set alone still scores all.
                self.assertEqual(graded(snapshot, {"choices": ids(snapshot, "A", "B")}), (10, True))

    def test_a_ticked_wrong_option_with_a_zero_weight_still_costs_a_share(self):
        question = multiple_choice_create(
            right=("A", "B"), wrong=("C",), partial_credit=True, points=4
        )
        weigh(question, {"A": Decimal(50), "B": Decimal(50), "C": Decimal(0)})
        snapshot = snap(question)

        full_share = graded(snapshot, {"choices": ids(snapshot, "A")})[0]
        with_wrong = graded(snapshot, {"choices": ids(snapshot, "A", "C")})[0]

        self.assertGreater(full_share, with_wrong)

    def test_negative_weights_take_away_but_never_below_zero(self):
        question = multiple_choice_create(
            right=("A", "B"), wrong=("C", "D"), partial_credit=True, points=10
        )
        weigh(
            question,
            {"A": Decimal(60), "B": Decimal(40), "C": Decimal(-25), "D": Decimal(-100)},
        )
        snapshot = snap(question)

        self.assertEqual(
            graded(snapshot, {"choices": ids(snapshot, "A", "C")}), (Decimal("3.50"), False)
        )
        self.assertEqual(graded(snapshot, {"choices": ids(snapshot, "A", "D")}), (0, False))
        self.assertEqual(graded(snapshot, {"choices": ids(snapshot, "C", "D")}), (0, False))


class SingleChoiceWeightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Moodle's "one full-credit option, one half-credit option, one wrong".
        cls.question = single_choice_create(
            right="Полностью", wrong=("Наполовину", "Неверно"), points=4
        )
        Choice.objects.filter(question=cls.question, text="Наполовину").update(weight=50)
        Choice.objects.filter(question=cls.question, text="Неверно").update(weight=-50)

    def test_the_chosen_options_weight_is_the_share(self):
        snapshot = snap(self.question)
        cases = {
            "Полностью": (4, True),
            "Наполовину": (Decimal("2.00"), False),
            "Неверно": (0, False),
        }
        for text, expected in cases.items():
            with self.subTest(text):
                self.assertEqual(graded(snapshot, {"choices": ids(snapshot, text)}), expected)

    def test_it_stays_single_choice(self):
        snapshot = snap(self.question)

        self.assertEqual(snapshot["type"], T.SINGLE_CHOICE)
        with self.assertRaises(AnswerInvalid):
            response_clean(snapshot, {"choices": ids(snapshot, "Полностью", "Наполовину")})


class MatchingCreditTests(TestCase):
    PAIRS = (("FCR", "с первого раза"), ("NPS", "рекомендовать"), ("CSAT", "довольство"))

    def answer(self, snapshot, mapping):
        left = {i["text"]: i["id"] for i in snapshot["left"]}
        right = {i["text"]: i["id"] for i in snapshot["right"]}
        return {"pairs": {left[lt]: right[rt] for lt, rt in mapping.items()}}

    def test_per_pair_gives_each_right_pair_its_share(self):
        question = matching_create(pairs=self.PAIRS, points=3)  # per pair is the default
        snapshot = snap(question)
        two_right = {"FCR": "с первого раза", "NPS": "довольство", "CSAT": "довольство"}

        self.assertEqual(
            graded(snapshot, self.answer(snapshot, two_right)), (Decimal("2.00"), False)
        )
        self.assertEqual(
            graded(snapshot, self.answer(snapshot, {"FCR": "с первого раза"})),
            (Decimal("1.00"), False),
        )
        self.assertEqual(graded(snapshot, self.answer(snapshot, dict(self.PAIRS))), (3, True))

    def test_all_or_nothing_scores_only_every_pair_right(self):
        question = matching_create(
            pairs=self.PAIRS, points=3, matching_credit=Question.MatchingCredit.ALL_OR_NOTHING
        )
        snapshot = snap(question)
        two_right = {"FCR": "с первого раза", "NPS": "рекомендовать", "CSAT": "рекомендовать"}

        self.assertEqual(graded(snapshot, self.answer(snapshot, two_right)), (0, False))
        self.assertEqual(graded(snapshot, self.answer(snapshot, dict(self.PAIRS))), (3, True))

    def test_a_snapshot_from_before_the_setting_grades_all_or_nothing_as_it_did(self):
        snapshot = snap(matching_create(pairs=self.PAIRS, points=3))
        del snapshot["matching_credit"]
        one_wrong = {"FCR": "с первого раза", "NPS": "рекомендовать", "CSAT": "рекомендовать"}

        self.assertEqual(graded(snapshot, self.answer(snapshot, one_wrong)), (0, False))


class OldSnapshotTests(TestCase):
    def test_a_numeric_snapshot_with_one_number_still_grades_and_reviews(self):
        snapshot = snap(numeric_create(answer="14", tolerance="0.5", points=2))
        del snapshot["numbers"]
        snapshot.update({"number": "14", "tolerance": "0.5"})

        self.assertEqual(graded(snapshot, {"number": "14,4"}), (2, True))
        self.assertEqual(graded(snapshot, {"number": "15"}), (0, False))
        review = snapshot_review(
            snapshot, {"number": "15"}, score=0, correct=False, show_answers=True
        )
        self.assertEqual(review["right_answer"]["number"], "14")

    def test_choices_frozen_without_weights_or_feedback_still_grade(self):
        snapshot = snap(multiple_choice_create(right=("A", "B"), wrong=("C",), partial_credit=True))
        for choice in snapshot["choices"]:
            del choice["weight"], choice["feedback"]

        self.assertEqual(graded(snapshot, {"choices": ids(snapshot, "A", "B")}), (1, True))
        self.assertEqual(
            graded(snapshot, {"choices": ids(snapshot, "A")}), (Decimal("0.50"), False)
        )
        review = snapshot_review(snapshot, None, score=0, correct=False, show_answers=True)
        self.assertEqual(len(review["choices"]), 3)


class _WaitsForAPerson(QuestionType):
    """A type graded by a person, as an open answer is (registered only inside the test)."""

    code = "test_waits"
    graded_by_person = True

    def grade(self, snapshot, response):
        return Grade.waiting()


class PendingGradeTests(SimpleTestCase):
    def setUp(self):
        _REGISTRY[_WaitsForAPerson.code] = _WaitsForAPerson()
        self.addCleanup(_REGISTRY.pop, _WaitsForAPerson.code)

    def test_an_answer_a_person_grades_is_not_graded_yet(self):
        snapshot = {"question_id": 1, "type": "test_waits", "points": 5, "text": "?"}

        self.assertEqual(response_grade(snapshot, {"text": "Я бы предложил…"}), (None, None))
        # No answer at all is simply nothing, as for every type.
        self.assertEqual(response_grade(snapshot, None), (0, False))


class NumberReadingTests(TestCase):
    def test_people_write_numbers_with_spaces_and_commas(self):
        cases = {"1 000": "1000", "3,5": "3.5", "1\u00a0000,25": "1000.25", " -7 ": "-7", 14: "14"}
        for typed, expected in cases.items():
            with self.subTest(typed=typed):
                self.assertEqual(number_parse(typed), Decimal(expected))

    def test_what_is_not_a_number_is_refused(self):
        for typed in ("abc", "NaN", "Infinity", True, None, "1,2,3"):
            with self.subTest(typed=typed), self.assertRaises(NotANumber):
                number_parse(typed)

    def test_the_form_and_the_api_read_a_number_the_same_way(self):
        question = numeric_create(answer="1000", points=1)
        snapshot = snap(question)
        public = snapshot_public(snapshot)
        name = f"q{public['id']}"
        for typed in ("1 000", "1000,0"):
            with self.subTest(typed=typed):
                form = AttemptForm({name: typed}, questions=[public])
                self.assertTrue(form.is_valid(), form.errors)
                from_form = response_clean(snapshot, form.answers()[public["id"]])
                from_api = response_clean(snapshot, {"number": typed})
                self.assertEqual(from_form, from_api)
                self.assertEqual(response_grade(snapshot, from_form), (1, True))

        form = AttemptForm({name: "четырнадцать"}, questions=[public])
        self.assertFalse(form.is_valid())
        self.assertIn(str(ERROR_NOT_A_NUMBER), form.errors[name])
