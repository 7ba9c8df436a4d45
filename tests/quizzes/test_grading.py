"""Snapshots, what the learner may see of them, answer checking and grading, per question type."""

import json
import random
from decimal import Decimal

from django.test import TestCase

from quizzes.grading import (
    ERROR_NUMBER_RANGE,
    ERROR_SHAPE,
    ERROR_TOO_LONG,
    ERROR_UNKNOWN_ID,
    MAX_TEXT_ANSWER,
    AnswerInvalid,
    question_snapshot,
    response_clean,
    response_grade,
    snapshot_public,
    snapshot_review,
    text_normalise,
)
from quizzes.models import Choice, Question
from tests.quizzes.factories import (
    matching_create,
    multiple_choice_create,
    numeric_create,
    one_of_each_type,
    ordering_create,
    question_create,
    right_answer,
    short_text_create,
    single_choice_create,
    true_false_create,
    wrong_answer,
)

T = Question.Type
PUBLIC_KEYS = {"id", "type", "text", "html", "points", "choices", "left", "right", "items"}


def snap(question: Question, *, shuffle=False, seed=0) -> dict:
    # A seeded generator, so that a failing shuffle can be replayed.
    return question_snapshot(question, shuffle=shuffle, rng=random.Random(seed))  # noqa: S311


def graded(snapshot: dict, data: dict | None) -> tuple[Decimal, bool]:
    """Clean the answer as the service does, then grade it."""
    return response_grade(snapshot, None if data is None else response_clean(snapshot, data))


def choice_id(snapshot: dict, text: str) -> str:
    return next(c["id"] for c in snapshot["choices"] if c["text"] == text)


def item_id(items: list[dict], text: str) -> str:
    return next(item["id"] for item in items if item["text"] == text)


def walk(value):
    """Every key and every scalar value inside a JSON-like structure."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from walk(inner)
    else:
        yield value


class SingleChoiceGradingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = single_choice_create(right="Да", wrong=["Нет", "Может быть"], points=3)

    def setUp(self):
        self.snapshot = snap(self.question)

    def test_the_right_choice_scores_full_points(self):
        self.assertEqual(
            graded(self.snapshot, {"choices": [choice_id(self.snapshot, "Да")]}), (3, True)
        )

    def test_a_wrong_choice_scores_nothing(self):
        self.assertEqual(
            graded(self.snapshot, {"choices": [choice_id(self.snapshot, "Нет")]}), (0, False)
        )

    def test_choosing_nothing_scores_nothing(self):
        self.assertEqual(graded(self.snapshot, {"choices": []}), (0, False))

    def test_two_choices_are_refused(self):
        ids = [c["id"] for c in self.snapshot["choices"][:2]]

        with self.assertRaises(AnswerInvalid) as caught:
            response_clean(self.snapshot, {"choices": ids})

        self.assertEqual(caught.exception.message, ERROR_SHAPE[T.SINGLE_CHOICE])

    def test_the_same_choice_twice_counts_once(self):
        right = choice_id(self.snapshot, "Да")

        self.assertEqual(
            response_clean(self.snapshot, {"choices": [right, right]}), {"choices": [right]}
        )


class MultipleChoiceGradingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.all_or_nothing = multiple_choice_create(right=("A", "B"), wrong=("C", "D"), points=2)
        cls.default_weights = multiple_choice_create(
            right=("A", "B"), wrong=("C", "D"), partial_credit=True, points=4
        )
        cls.weighted = multiple_choice_create(
            right=("A", "B"), wrong=("C",), partial_credit=True, points=10
        )
        weights = {"A": Decimal("70"), "B": Decimal("30"), "C": Decimal("-50")}
        for choice in cls.weighted.choices.all():
            choice.weight = weights[choice.text]
            choice.save()

    def answer(self, snapshot, *texts):
        return {"choices": [choice_id(snapshot, text) for text in texts]}

    def test_all_or_nothing_needs_exactly_the_right_set(self):
        snapshot = snap(self.all_or_nothing)
        cases = [
            (("A", "B"), (2, True)),
            (("B", "A"), (2, True)),
            (("A",), (0, False)),
            (("A", "B", "C"), (0, False)),
            (("C", "D"), (0, False)),
            ((), (0, False)),
        ]
        for texts, expected in cases:
            with self.subTest(texts=texts):
                self.assertEqual(graded(snapshot, self.answer(snapshot, *texts)), expected)

    def test_default_weights_share_the_points_and_wrong_choices_take_a_share(self):
        snapshot = snap(self.default_weights)
        cases = [
            (("A", "B"), (Decimal(4), True)),
            (("A",), (Decimal("2.00"), False)),
            (("B",), (Decimal("2.00"), False)),
            (("A", "B", "C"), (Decimal("2.00"), False)),
            (("A", "C"), (Decimal(0), False)),
            (("C", "D"), (Decimal(0), False)),
        ]
        for texts, expected in cases:
            with self.subTest(texts=texts):
                self.assertEqual(graded(snapshot, self.answer(snapshot, *texts)), expected)

    def test_explicit_weights_give_their_share(self):
        snapshot = snap(self.weighted)
        cases = [
            (("A", "B"), (Decimal(10), True)),
            (("A",), (Decimal("7.00"), False)),
            (("B",), (Decimal("3.00"), False)),
            (("A", "C"), (Decimal("2.00"), False)),
        ]
        for texts, expected in cases:
            with self.subTest(texts=texts):
                self.assertEqual(graded(snapshot, self.answer(snapshot, *texts)), expected)

    def test_negative_weights_never_take_the_score_below_zero(self):
        snapshot = snap(self.weighted)

        for texts in (("C",), ("B", "C")):
            with self.subTest(texts=texts):
                score, correct = graded(snapshot, self.answer(snapshot, *texts))
                self.assertEqual(score, 0)
                self.assertFalse(correct)

    def test_a_share_of_a_third_is_rounded_to_cents(self):
        question = multiple_choice_create(right=("A", "B", "C"), wrong=(), partial_credit=True)
        snapshot = snap(question)

        self.assertEqual(
            graded(snapshot, self.answer(snapshot, "A", "B")), (Decimal("0.67"), False)
        )

    def test_an_unknown_id_is_refused(self):
        snapshot = snap(self.all_or_nothing)

        with self.assertRaises(AnswerInvalid) as caught:
            response_clean(snapshot, {"choices": [choice_id(snapshot, "A"), "nope"]})

        self.assertEqual(caught.exception.message, ERROR_UNKNOWN_ID)

    def test_the_database_id_of_a_choice_is_not_an_answer(self):
        snapshot = snap(self.all_or_nothing)
        pk = Choice.objects.filter(question=self.all_or_nothing).first().pk

        with self.assertRaises(AnswerInvalid) as caught:
            response_clean(snapshot, {"choices": [pk]})

        self.assertEqual(caught.exception.message, ERROR_UNKNOWN_ID)


class TrueFalseGradingTests(TestCase):
    def test_the_statement_true(self):
        snapshot = snap(true_false_create(correct=True, points=2))

        self.assertEqual(graded(snapshot, {"value": True}), (2, True))
        self.assertEqual(graded(snapshot, {"value": False}), (0, False))

    def test_the_statement_false(self):
        snapshot = snap(true_false_create(correct=False))

        self.assertEqual(graded(snapshot, {"value": False}), (1, True))
        self.assertEqual(graded(snapshot, {"value": True}), (0, False))

    def test_only_a_boolean_is_an_answer(self):
        snapshot = snap(true_false_create())

        for data in ({"value": "true"}, {"value": 1}, {"value": None}, {}):
            with self.subTest(data=data), self.assertRaises(AnswerInvalid) as caught:
                response_clean(snapshot, data)
            self.assertEqual(caught.exception.message, ERROR_SHAPE[T.TRUE_FALSE])


class ShortTextGradingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = short_text_create(accepted=("Ёлка Плюс", "тариф ёлка"), points=2)

    def setUp(self):
        self.snapshot = snap(self.question)

    def test_every_accepted_answer_is_right(self):
        for text in ("Ёлка Плюс", "тариф ёлка"):
            with self.subTest(text=text):
                self.assertEqual(graded(self.snapshot, {"text": text}), (2, True))

    def test_case_spacing_yo_and_trailing_punctuation_do_not_matter(self):
        for text in (
            "ёлка плюс",
            "ЕЛКА ПЛЮС",
            "  елка \t  плюс ",
            "Елка плюс.",
            "елка плюс !",
            "ТАРИФ   ЕЛКА",
        ):
            with self.subTest(text=text):
                self.assertEqual(graded(self.snapshot, {"text": text}), (2, True))

    def test_other_words_are_wrong(self):
        for text in ("ёлка", "плюс ёлка", "ёлка плюс плюс", "ёлкаплюс"):
            with self.subTest(text=text):
                self.assertEqual(graded(self.snapshot, {"text": text}), (0, False))

    def test_an_empty_answer_is_wrong(self):
        for text in ("", "   ", ".", "!"):
            with self.subTest(text=text):
                self.assertEqual(graded(self.snapshot, {"text": text}), (0, False))

    def test_an_empty_answer_is_wrong_even_if_an_author_accepted_an_empty_one(self):
        snapshot = snap(short_text_create(accepted=("  ",)))

        self.assertEqual(graded(snapshot, {"text": ""}), (0, False))

    def test_text_normalise(self):
        self.assertEqual(text_normalise("  Всё  ХОРОШО! "), "все хорошо")

    def test_a_long_answer_is_refused(self):
        with self.assertRaises(AnswerInvalid) as caught:
            response_clean(self.snapshot, {"text": "а" * (MAX_TEXT_ANSWER + 1)})

        self.assertEqual(caught.exception.message, ERROR_TOO_LONG)
        self.assertEqual(
            response_clean(self.snapshot, {"text": "а" * MAX_TEXT_ANSWER}),
            {"text": "а" * MAX_TEXT_ANSWER},
        )

    def test_only_text_is_an_answer(self):
        for data in ({"text": 5}, {"text": None}, {"value": "ёлка"}):
            with self.subTest(data=data), self.assertRaises(AnswerInvalid) as caught:
                response_clean(self.snapshot, data)
            self.assertEqual(caught.exception.message, ERROR_SHAPE[T.SHORT_TEXT])


class NumericGradingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = numeric_create(answer="14", tolerance="0.5", points=5)
        cls.exact = numeric_create(answer="1000", tolerance="0")

    def setUp(self):
        self.snapshot = snap(self.question)

    def test_within_the_tolerance_is_right_and_the_edges_are_included(self):
        for number in (14, "14", "13.5", "14.5", 14.5, "14,5", "13,5", " 14.2 "):
            with self.subTest(number=number):
                self.assertEqual(graded(self.snapshot, {"number": number}), (5, True))

    def test_outside_the_tolerance_is_wrong(self):
        for number in ("14.51", "13.49", -14, "0", "145"):
            with self.subTest(number=number):
                self.assertEqual(graded(self.snapshot, {"number": number}), (0, False))

    def test_no_tolerance_means_exactly(self):
        snapshot = snap(self.exact)

        self.assertEqual(graded(snapshot, {"number": "1000.0"}), (1, True))
        self.assertEqual(graded(snapshot, {"number": "1 000"}), (1, True))
        self.assertEqual(graded(snapshot, {"number": "1\u00a0000"}), (1, True))
        self.assertEqual(graded(snapshot, {"number": "1000.01"}), (0, False))

    def test_a_comma_is_stored_as_a_point(self):
        self.assertEqual(response_clean(self.snapshot, {"number": "14,5"}), {"number": "14.5"})

    def test_things_that_are_not_numbers_are_refused(self):
        for number in (
            "четырнадцать",
            "",
            "14.5.1",
            "1,000.5",
            None,
            True,
            [14],
            {"n": 14},
            "NaN",
            "Infinity",
            "-inf",
        ):
            with self.subTest(number=number), self.assertRaises(AnswerInvalid) as caught:
                response_clean(self.snapshot, {"number": number})
            self.assertEqual(caught.exception.message, ERROR_SHAPE[T.NUMERIC])

    def test_absurdly_large_or_long_numbers_are_refused(self):
        for number in ("1e9999999", 10**20, "1" * 60, "0." + "0" * 60 + "1"):
            with self.subTest(number=str(number)[:20]), self.assertRaises(AnswerInvalid) as caught:
                response_clean(self.snapshot, {"number": number})
            self.assertEqual(caught.exception.message, ERROR_NUMBER_RANGE)

    def test_a_huge_stored_answer_grades_wrong_instead_of_failing(self):
        # Arithmetic on 1e9999999 overflows Decimal's context; grading must still finish.
        self.assertEqual(response_grade(self.snapshot, {"number": "1E+9999999"}), (0, False))

    def test_a_question_without_a_right_number_accepts_nothing(self):
        snapshot = snap(question_create(type=T.NUMERIC))

        self.assertEqual(snapshot["numbers"], [])
        self.assertEqual(graded(snapshot, {"number": "0"}), (0, False))


class OrderingGradingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.items = ("Поздороваться", "Выяснить потребность", "Предложить", "Попрощаться")
        cls.question = ordering_create(items=cls.items, points=2)

    def setUp(self):
        self.snapshot = snap(self.question)

    def test_the_right_order_scores(self):
        order = [item_id(self.snapshot["items"], text) for text in self.items]

        self.assertEqual(graded(self.snapshot, {"order": order}), (2, True))

    def test_any_other_order_is_wrong(self):
        texts = [self.items[1], self.items[0], *self.items[2:]]
        order = [item_id(self.snapshot["items"], text) for text in texts]

        self.assertEqual(graded(self.snapshot, {"order": order}), (0, False))

    def test_the_items_are_never_shown_in_the_right_order(self):
        for seed in range(30):
            with self.subTest(seed=seed):
                snapshot = snap(self.question, seed=seed)
                shown = [item["text"] for item in snapshot["items"]]
                self.assertNotEqual(shown, list(self.items))
                self.assertCountEqual(shown, self.items)

    def test_the_order_must_name_every_item_once(self):
        ids = [item["id"] for item in self.snapshot["items"]]
        for order in (ids[:-1], [*ids, ids[0]], [ids[0], *ids[:-1]], [*ids[:-1], "nope"], "abc"):
            with self.subTest(order=order), self.assertRaises(AnswerInvalid) as caught:
                response_clean(self.snapshot, {"order": order})
            self.assertEqual(caught.exception.message, ERROR_SHAPE[T.ORDERING])


class MatchingGradingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = matching_create(
            pairs=(
                ("FCR", "решено с первого раза"),
                ("NPS", "готовность рекомендовать"),
                ("CSAT", "довольство клиента"),
            ),
            points=3,
            matching_credit=Question.MatchingCredit.ALL_OR_NOTHING,
        )
        cls.shared = matching_create(
            pairs=(("Кошка", "животное"), ("Собака", "животное"), ("Роза", "растение")),
            matching_credit=Question.MatchingCredit.ALL_OR_NOTHING,
        )

    def pairs(self, snapshot, mapping: dict[str, str]) -> dict:
        return {
            item_id(snapshot["left"], left): item_id(snapshot["right"], right)
            for left, right in mapping.items()
        }

    def test_every_pair_right_scores(self):
        snapshot = snap(self.question, shuffle=True)
        answer = self.pairs(
            snapshot,
            {
                "FCR": "решено с первого раза",
                "NPS": "готовность рекомендовать",
                "CSAT": "довольство клиента",
            },
        )

        self.assertEqual(graded(snapshot, {"pairs": answer}), (3, True))

    def test_all_or_nothing_one_wrong_or_missing_pair_is_wrong(self):
        snapshot = snap(self.question)
        swapped = self.pairs(
            snapshot,
            {
                "FCR": "готовность рекомендовать",
                "NPS": "решено с первого раза",
                "CSAT": "довольство клиента",
            },
        )
        missing = self.pairs(
            snapshot, {"FCR": "решено с первого раза", "NPS": "готовность рекомендовать"}
        )

        self.assertEqual(graded(snapshot, {"pairs": swapped}), (0, False))
        self.assertEqual(graded(snapshot, {"pairs": missing}), (0, False))

    def test_two_left_items_may_share_a_right_text(self):
        snapshot = snap(self.shared, shuffle=True)

        self.assertEqual(
            sorted(item["text"] for item in snapshot["right"]), ["животное", "растение"]
        )
        answer = self.pairs(
            snapshot, {"Кошка": "животное", "Собака": "животное", "Роза": "растение"}
        )
        self.assertEqual(graded(snapshot, {"pairs": answer}), (1, True))
        wrong = self.pairs(
            snapshot, {"Кошка": "животное", "Собака": "растение", "Роза": "растение"}
        )
        self.assertEqual(graded(snapshot, {"pairs": wrong}), (0, False))

    def test_unknown_ids_are_refused(self):
        snapshot = snap(self.question)
        left = snapshot["left"][0]["id"]
        right = snapshot["right"][0]["id"]
        for pairs in ({"nope": right}, {left: "nope"}, {right: left}):
            with self.subTest(pairs=pairs), self.assertRaises(AnswerInvalid) as caught:
                response_clean(snapshot, {"pairs": pairs})
            self.assertEqual(caught.exception.message, ERROR_UNKNOWN_ID)

    def test_pairs_must_be_a_mapping(self):
        snapshot = snap(self.question)

        with self.assertRaises(AnswerInvalid) as caught:
            response_clean(snapshot, {"pairs": [[snapshot["left"][0]["id"], "x"]]})

        self.assertEqual(caught.exception.message, ERROR_SHAPE[T.MATCHING])


class ResponseCleanShapeTests(TestCase):
    """Every type refuses an answer of another type's shape, with its own message."""

    @classmethod
    def setUpTestData(cls):
        cls.questions = one_of_each_type()

    def test_wrong_shapes_are_refused_with_the_types_message(self):
        for question in self.questions:
            snapshot = snap(question)
            foreign = (
                {"choices": ["x"]}
                if question.type not in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE)
                else {"value": True}
            )
            for data in (None, [], "text", {}, foreign):
                with self.subTest(type=question.type, data=data):
                    with self.assertRaises(AnswerInvalid) as caught:
                        response_clean(snapshot, data)
                    self.assertEqual(caught.exception.message, ERROR_SHAPE[question.type])
                    self.assertEqual(str(caught.exception), str(ERROR_SHAPE[question.type]))

    def test_right_and_wrong_answers_of_every_type(self):
        for question in self.questions:
            snapshot = snap(question, shuffle=True)
            with self.subTest(type=question.type):
                self.assertEqual(graded(snapshot, right_answer(snapshot)), (question.points, True))
                self.assertEqual(graded(snapshot, wrong_answer(snapshot)), (0, False))

    def test_an_unanswered_question_scores_nothing(self):
        for question in self.questions:
            snapshot = snap(question)
            for response in (None, {}):
                with self.subTest(type=question.type, response=response):
                    self.assertEqual(response_grade(snapshot, response), (0, False))


class QuestionSnapshotTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.texts = [f"Вариант {n}" for n in range(8)]
        cls.question = single_choice_create(right=cls.texts[0], wrong=cls.texts[1:])

    def shown(self, snapshot):
        return [c["text"] for c in snapshot["choices"]]

    def test_without_shuffling_choices_keep_the_authors_order(self):
        for seed in range(5):
            with self.subTest(seed=seed):
                self.assertEqual(self.shown(snap(self.question, seed=seed)), self.texts)

    def test_shuffling_changes_the_order_from_snapshot_to_snapshot(self):
        orders = {tuple(self.shown(snap(self.question, shuffle=True, seed=s))) for s in range(10)}

        self.assertGreater(len(orders), 1)
        self.assertNotIn(tuple(self.texts), orders)
        for order in orders:
            self.assertCountEqual(order, self.texts)

    def test_ids_are_opaque_and_new_for_every_snapshot(self):
        first = snap(self.question)
        second = snap(self.question)
        pks = {
            str(pk)
            for pk in Choice.objects.filter(question=self.question).values_list("pk", flat=True)
        }

        first_ids = [c["id"] for c in first["choices"]]
        second_ids = [c["id"] for c in second["choices"]]
        self.assertEqual(len(set(first_ids)), len(self.texts))
        self.assertTrue(set(first_ids).isdisjoint(second_ids))
        self.assertTrue(set(first_ids).isdisjoint(pks))
        for opaque in first_ids:
            self.assertRegex(opaque, r"^[0-9a-f]{8}$")

    def test_the_snapshot_is_plain_json(self):
        for question in one_of_each_type():
            with self.subTest(type=question.type):
                snapshot = snap(question, shuffle=True)
                self.assertEqual(json.loads(json.dumps(snapshot)), snapshot)


class SnapshotPublicTests(TestCase):
    """Nothing that tells what is right leaves the server before submission."""

    @classmethod
    def setUpTestData(cls):
        cls.single = single_choice_create(
            right="Правильный вариант", wrong=["Неправильный"], explanation="Секретное пояснение"
        )
        cls.multiple = multiple_choice_create(
            right=("A1", "B1"), wrong=("C1",), partial_credit=True
        )
        for index, choice in enumerate(cls.multiple.choices.all()):
            choice.weight = Decimal(f"{37 + index}.25")
            choice.feedback = f"Отзыв о выборе {index}"
            choice.save()
        cls.true_false = true_false_create(correct=True, explanation="Потому что так")
        cls.short = short_text_create(accepted=("секретныйответ", "запасной"))
        cls.numeric = numeric_create(answer="4242.5", tolerance="0.25")
        cls.ordering = ordering_create(items=("Первый", "Второй", "Третий", "Четвёртый"))
        cls.matching = matching_create(pairs=(("Л1", "П1"), ("Л2", "П2"), ("Л3", "П3")))
        cls.questions = [
            cls.single,
            cls.multiple,
            cls.true_false,
            cls.short,
            cls.numeric,
            cls.ordering,
            cls.matching,
        ]

    def test_the_public_shape_is_the_same_for_every_type(self):
        for question in self.questions:
            with self.subTest(type=question.type):
                public = snapshot_public(snap(question, shuffle=True))
                self.assertEqual(set(public), PUBLIC_KEYS)
                self.assertEqual(public["id"], question.pk)
                self.assertEqual(public["type"], question.type)
                for key in ("choices", "left", "right", "items"):
                    for entry in public[key]:
                        self.assertEqual(set(entry), {"id", "text"})

    def test_no_key_names_an_answer(self):
        secret_keys = {
            "correct",
            "is_correct",
            "weight",
            "feedback",
            "accepted",
            "number",
            "tolerance",
            "right_order",
            "right_pairs",
            "explanation",
            "partial_credit",
            "question_id",
            "right_answer",
        }
        for question in self.questions:
            with self.subTest(type=question.type):
                keys = {
                    v
                    for v in walk(snapshot_public(snap(question, shuffle=True)))
                    if isinstance(v, str)
                }
                self.assertEqual(keys & secret_keys, set())

    def test_no_value_gives_an_answer_away(self):
        secrets_by_question = {
            self.single.pk: ["Секретное пояснение"],
            self.multiple.pk: ["37.25", "38.25", "39.25", "Отзыв о выборе 0", "Отзыв о выборе 2"],
            self.true_false.pk: [True, False, "Потому что так"],
            self.short.pk: ["секретныйответ", "запасной"],
            self.numeric.pk: ["4242.5", "4242.5000", "0.25", "0.2500", Decimal("4242.5")],
        }
        for question in self.questions:
            with self.subTest(type=question.type):
                values = list(walk(snapshot_public(snap(question, shuffle=True))))
                rendered = " ".join(str(v) for v in values)
                for secret in secrets_by_question.get(question.pk, []):
                    if isinstance(secret, str):
                        self.assertNotIn(secret, rendered)
                    else:
                        self.assertNotIn(secret, [v for v in values if isinstance(v, bool)])

    def test_the_order_shown_does_not_give_the_order_or_pairs_away(self):
        ordering = snap(self.ordering, shuffle=True)
        public = snapshot_public(ordering)
        self.assertNotEqual([i["id"] for i in public["items"]], ordering["right_order"])

        matching = snap(self.matching, shuffle=False)
        public = snapshot_public(matching)
        shown_pairs = {
            left["id"]: right["id"]
            for left, right in zip(public["left"], public["right"], strict=True)
        }
        self.assertNotEqual(shown_pairs, matching["right_pairs"])

    def test_the_review_shows_answers_only_when_allowed(self):
        snapshot = snap(self.multiple)
        response = response_clean(snapshot, right_answer(snapshot))

        hidden = snapshot_review(
            snapshot, response, score=Decimal(1), correct=True, show_answers=False
        )
        shown = snapshot_review(
            snapshot, response, score=Decimal(1), correct=True, show_answers=True
        )

        self.assertNotIn("right_answer", hidden)
        self.assertNotIn("explanation_html", hidden)
        self.assertEqual(hidden["response"], response)
        # Right or wrong per question would give the answers away too.
        self.assertEqual((hidden["score"], hidden["correct"]), (None, None))
        self.assertEqual((shown["score"], shown["correct"]), ("1", True))
        self.assertEqual(shown["right_answer"], right_answer(snapshot))
        self.assertIn("Отзыв о выборе 0", [c["feedback"] for c in shown["choices"]])


class OrderingShuffleTests(TestCase):
    def shown_orders(self, question, runs=60):
        rng = random.Random(7)  # noqa: S311 - a fixed seed keeps the test repeatable
        orders = set()
        for _run in range(runs):
            snapshot = question_snapshot(question, shuffle=True, rng=rng)
            shown = [item["id"] for item in snapshot["items"]]
            orders.add(tuple(a == b for a, b in zip(shown, snapshot["right_order"], strict=True)))
        return orders

    def test_two_items_are_sometimes_shown_in_the_right_order(self):
        # Always swapping two items would tell the learner the answer: "reverse what you see".
        question = ordering_create(items=("Поздороваться", "Попрощаться"))
        self.assertEqual(self.shown_orders(question), {(True, True), (False, False)})

    def test_three_items_are_never_shown_in_the_right_order(self):
        question = ordering_create()
        self.assertNotIn((True, True, True), self.shown_orders(question))
