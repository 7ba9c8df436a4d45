"""The three new question types called directly: missing word, cloze (with Moodle's embedded
answers parser) and open answer."""

import random
from decimal import Decimal

from django.test import SimpleTestCase, TestCase
from django.utils import translation

from quizzes import gift
from quizzes.models import Question
from quizzes.types import AnswerInvalid, OpaqueIds, question_type, question_types
from quizzes.types.cloze import CHOICE, MULTI, NUMERIC, SHORT, ClozeError, cloze_gaps
from quizzes.types.open_answer import MAX_OPEN_ANSWER
from tests.quizzes.newtype_factories import (
    cloze_create,
    missing_word_create,
    open_answer_create,
)

T = Question.Type


def _snapshot(question, *, shuffle=False):
    """The common keys and the type's, as the attempt freezes them (type keys win)."""
    qtype = question_type(question.type)
    common = {
        "question_id": question.pk, "type": question.type, "text": question.text,
        "text_format": question.text_format, "explanation": question.explanation,
        "explanation_format": question.explanation_format, "points": question.points,
    }  # fmt: skip
    common.update(qtype.snapshot(question, shuffle=shuffle, rng=random.Random(7), ids=OpaqueIds()))  # noqa: S311
    return common


class RegistryTests(SimpleTestCase):
    def test_the_new_types_are_registered_with_their_templates(self):
        codes = {t.code for t in question_types()}
        self.assertLessEqual({T.MISSING_WORD, T.CLOZE, T.OPEN_ANSWER}, codes)
        for code in (T.MISSING_WORD, T.CLOZE, T.OPEN_ANSWER):
            self.assertEqual(question_type(code).template, f"quizzes/types/{code}.html")

    def test_only_the_open_answer_is_graded_by_a_person(self):
        self.assertTrue(question_type(T.OPEN_ANSWER).graded_by_person)
        self.assertFalse(question_type(T.CLOZE).graded_by_person)
        self.assertFalse(question_type(T.MISSING_WORD).graded_by_person)


class MissingWordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = missing_word_create()

    def setUp(self):
        self.type = question_type(T.MISSING_WORD)
        self.snapshot = _snapshot(self.question, shuffle=True)

    def _id_of(self, text):
        return next(c["id"] for c in self.snapshot["choices"] if c["text"] == text)

    def test_the_blank_is_gifts(self):
        from quizzes.types.missing_word import BLANK

        self.assertEqual(BLANK, gift.BLANK)

    def test_public_shows_the_sentence_cut_at_the_gap_and_no_answer(self):
        public = self.type.public(self.snapshot)
        self.assertEqual([p.get("gap") is not None for p in public["parts"]], [False, True, False])
        html = "".join(p.get("html", "") for p in public["parts"])
        self.assertIn("Тариф «Семейный»", html)
        self.assertIn("до пяти номеров.", html)
        self.assertNotIn("_____", html)
        self.assertEqual(
            {c["text"] for c in public["choices"]}, {"объединяет", "удаляет", "продаёт"}
        )
        self.assertNotIn("correct", repr(public))
        self.assertNotIn("feedback", repr(public))

    def test_the_right_word_scores_and_a_wrong_one_does_not(self):
        right = self.type.clean(self.snapshot, {"choices": [self._id_of("объединяет")]})
        wrong = self.type.clean(self.snapshot, {"choices": [self._id_of("удаляет")]})
        self.assertTrue(self.type.grade(self.snapshot, right).correct)
        self.assertEqual(self.type.grade(self.snapshot, right).fraction, 1)
        self.assertFalse(self.type.grade(self.snapshot, wrong).correct)
        self.assertEqual(self.type.grade(self.snapshot, wrong).fraction, 0)

    def test_two_words_or_an_unknown_id_are_refused(self):
        ids = [c["id"] for c in self.snapshot["choices"]]
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, {"choices": ids[:2]})
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, {"choices": ["nope"]})
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, "объединяет")

    def test_review_names_the_right_word(self):
        review = self.type.review(self.snapshot)
        self.assertEqual(review["right_answer"], {"choices": [self._id_of("объединяет")]})

    def test_the_form_is_one_select_and_reads_back_the_answer(self):
        public = self.type.public(self.snapshot)
        fields = self.type.form_fields(public, {})
        field, initial = fields[""]
        self.assertEqual(initial, "")
        self.assertEqual(len(field.choices), 4)  # the empty choice and the three words
        chosen = self._id_of("продаёт")
        self.assertEqual(self.type.form_answer(public, {"": chosen}), {"choices": [chosen]})
        self.assertIsNone(self.type.form_answer(public, {"": ""}))

    def test_parts_errors_speak_the_authors_language(self):
        good = {"text": "A _____ b", "choices": [{"is_correct": True}, {"is_correct": False}]}
        self.assertEqual(self.type.parts_errors(good), [])
        no_blank = {**good, "text": "Без пропуска"}
        self.assertEqual(self.type.parts_errors(no_blank)[0][0], "text")
        two_right = {**good, "choices": [{"is_correct": True}, {"is_correct": True}]}
        self.assertTrue(self.type.parts_errors(two_right))
        one_option = {**good, "choices": [{"is_correct": True}]}
        self.assertTrue(self.type.parts_errors(one_option))


class ClozeParserTests(SimpleTestCase):
    def test_the_contracts_example(self):
        gaps = cloze_gaps(
            "Столица {1:SHORTANSWER:=Москва#Верно~%50%Moscow} и {1:MULTICHOICE:=да~нет}"
        )
        self.assertEqual([g.kind for g in gaps], [SHORT, CHOICE])
        first = gaps[0]
        self.assertEqual(first.weight, 1)
        self.assertEqual([(a.text, a.fraction, a.feedback) for a in first.answers],
                         [("Москва", 100, "Верно"), ("Moscow", 50, "")])  # fmt: skip
        self.assertEqual([(a.text, a.fraction) for a in gaps[1].answers], [("да", 100), ("нет", 0)])

    def test_weights_and_every_alias(self):
        text = " ".join(
            f"{{{n}:{name}:=1}}"
            for n, name in enumerate(
                [
                    "SA",
                    "MW",
                    "SAC",
                    "MWC",
                    "NM",
                    "MC",
                    "MCV",
                    "MCH",
                    "MR",
                    "MRH",
                    "MULTICHOICE_S",
                    "MULTIRESPONSE_HS",
                    "shortanswer_c",
                ],
                start=2,
            )  # fmt: skip
        )
        gaps = cloze_gaps(text)
        self.assertEqual([g.weight for g in gaps], list(range(2, 15)))
        self.assertEqual(
            [g.kind for g in gaps],
            [SHORT, SHORT, SHORT, SHORT, NUMERIC, CHOICE, CHOICE, CHOICE, MULTI, MULTI, CHOICE,
             MULTI, SHORT],
        )  # fmt: skip
        self.assertEqual([g.case_sensitive for g in gaps][:4], [False, False, True, True])
        self.assertTrue(gaps[10].shuffle)

    def test_an_empty_weight_counts_one(self):
        self.assertEqual(cloze_gaps("{:SA:=x}")[0].weight, 1)

    def test_escapes_inside_a_gap(self):
        gap = cloze_gaps(r"{1:SA:=a\}b\#c\~d\/e\"f\\g#отзыв \# с решёткой~x}")[0]
        self.assertEqual(gap.answers[0].text, 'a}b#c~d/e"f\\g')
        self.assertEqual(gap.answers[0].feedback, "отзыв # с решёткой")
        self.assertEqual(gap.answers[1].text, "x")

    def test_numerical_with_tolerance_and_partial_answers(self):
        gap = cloze_gaps("{2:NUMERICAL:=3.14:0.01#Верно~%50%3:0.2#Почти}")[0]
        self.assertEqual(gap.kind, NUMERIC)
        self.assertEqual(
            [(a.text, a.tolerance, a.fraction, a.feedback) for a in gap.answers],
            [("3.14", Decimal("0.01"), 100, "Верно"), ("3", Decimal("0.2"), 50, "Почти")],
        )

    def test_multiresponse_with_negative_shares(self):
        gap = cloze_gaps("{1:MULTIRESPONSE:%50%a~%50%b~%-100%c}")[0]
        self.assertEqual([a.fraction for a in gap.answers], [50, 50, -100])

    def test_text_outside_gaps_may_hold_braces_and_colons(self):
        gaps = cloze_gaps("Время: 10:00 {1:SA:=да}, а {скобки} — просто текст.")
        self.assertEqual(len(gaps), 1)

    def test_malformed_gaps_have_clear_errors(self):
        cases = {
            "Без пропусков": "at least one gap",
            "{1:SA:=Москва": "Gap 1 is not closed",
            "{1:SA:=a} {1:FOO:=b}": "Gap 2: “FOO” is not a gap type",
            "{1:SA:Москва~Moscow}": "Gap 1 has no right answer",
            "{1:SA:}": "Gap 1 has no answers",
            "{1:NM:=три}": "Gap 1: “три” is not a number",
            "{1:SA:%150%x}": "Gap 1: “150” is not a share",
            "{x:SA:=a}": "Gap 1: write it as",
        }
        for text, expected in cases.items():
            # The messages' own words, whatever the catalogues translate.
            with self.subTest(text=text), translation.override("en"):
                with self.assertRaises(ClozeError) as raised:
                    cloze_gaps(text)
                self.assertIn(expected, str(raised.exception.message))


class ClozeTests(TestCase):
    TEXT = (
        "Столица России — {1:SHORTANSWER:=Москва#Верно~%50%Moscow#По-английски}. "
        "Пи ≈ {2:NUMERICAL:=3.14:0.01~%50%3:0.2}. Тариф {1:MULTICHOICE:=безлимитный~дневной}. "
        "Входит: {1:MULTIRESPONSE:%50%SMS~%50%звонки~%-100%роуминг}."
    )

    @classmethod
    def setUpTestData(cls):
        cls.question = cloze_create(text=cls.TEXT, points=5)

    def setUp(self):
        self.type = question_type(T.CLOZE)
        self.snapshot = _snapshot(self.question)
        self.gaps = self.snapshot["gaps"]

    def _option(self, gap, text):
        return next(a["id"] for a in gap["answers"] if a["text"] == text)

    def _right(self):
        return {"gaps": {
            self.gaps[0]["id"]: "москва ",
            self.gaps[1]["id"]: "3,14",
            self.gaps[2]["id"]: self._option(self.gaps[2], "безлимитный"),
            self.gaps[3]["id"]: [self._option(self.gaps[3], "SMS"),
                                 self._option(self.gaps[3], "звонки")],
        }}  # fmt: skip

    def test_the_text_and_public_view_give_no_answer_away(self):
        public = self.type.public(self.snapshot)
        shown = repr(self.snapshot["text"]) + repr(public)
        for secret in ("Москва", "Moscow", "3.14", "Верно", "fraction", "-100", "SHORTANSWER"):
            self.assertNotIn(secret, shown)
        self.assertEqual(sum(1 for p in public["parts"] if "gap" in p), 4)
        self.assertEqual(
            {o["text"] for o in public["gaps"][3]["options"]}, {"SMS", "звонки", "роуминг"}
        )

    def test_all_right_scores_full(self):
        response = self.type.clean(self.snapshot, self._right())
        grade = self.type.grade(self.snapshot, response)
        self.assertTrue(grade.correct)
        self.assertEqual(grade.fraction, 1)

    def test_each_gap_is_weighted_by_its_number(self):
        answer = self._right()
        answer["gaps"][self.gaps[1]["id"]] = "100"  # the weight-2 gap wrong
        grade = self.type.grade(self.snapshot, self.type.clean(self.snapshot, answer))
        self.assertFalse(grade.correct)
        self.assertEqual(grade.fraction, Decimal(3) / 5)

    def test_partial_answers_earn_their_share(self):
        answer = self._right()
        answer["gaps"][self.gaps[0]["id"]] = "Moscow"  # 50 % of weight 1
        answer["gaps"][self.gaps[1]["id"]] = "3.1"  # 50 % of weight 2 (within 0.2 of 3)
        grade = self.type.grade(self.snapshot, self.type.clean(self.snapshot, answer))
        self.assertEqual(grade.fraction, (Decimal("0.5") + 1 + 1 + 1) / 5)

    def test_a_wrong_option_in_a_multiresponse_gap_takes_its_share_away(self):
        answer = self._right()
        answer["gaps"][self.gaps[3]["id"]].append(self._option(self.gaps[3], "роуминг"))
        fractions = self.type.gap_fractions(self.snapshot, self.type.clean(self.snapshot, answer))
        self.assertEqual(fractions[3], 0)

    def test_empty_gaps_score_nothing(self):
        grade = self.type.grade(self.snapshot, {"gaps": {}})
        self.assertEqual(grade.fraction, 0)
        self.assertFalse(grade.correct)

    def test_case_sensitive_gaps(self):
        question = cloze_create(text="{1:SHORTANSWER_C:=SIM}-карта")
        snapshot = _snapshot(question)
        gap_id = snapshot["gaps"][0]["id"]
        self.assertFalse(self.type.grade(snapshot, {"gaps": {gap_id: "sim"}}).correct)
        self.assertTrue(self.type.grade(snapshot, {"gaps": {gap_id: "SIM"}}).correct)

    def test_refuses_unknown_gaps_and_options(self):
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, {"gaps": {"nope": "x"}})
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, {"gaps": {self.gaps[2]["id"]: "nope"}})
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, {"gaps": {self.gaps[3]["id"]: "not a list"}})
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, {"gaps": {self.gaps[0]["id"]: "x" * 501}})

    def test_review_gives_each_gaps_right_answer(self):
        right = self.type.review(self.snapshot)["right_answer"]["gaps"]
        self.assertEqual(right[self.gaps[0]["id"]], "Москва")
        self.assertEqual(right[self.gaps[1]["id"]], "3.14")
        self.assertEqual(right[self.gaps[2]["id"]], self._option(self.gaps[2], "безлимитный"))
        self.assertEqual(len(right[self.gaps[3]["id"]]), 2)
        # The review's right answer is itself a full-score answer.
        self.assertTrue(self.type.grade(self.snapshot, {"gaps": right}).correct)

    def test_form_fields_one_per_gap_and_the_answer_read_back(self):
        public = self.type.public(self.snapshot)
        fields = self.type.form_fields(public, {})
        self.assertEqual(list(fields), [g["id"] for g in self.gaps])
        values = {g["id"]: "" for g in self.gaps}
        self.assertIsNone(self.type.form_answer(public, values))
        values[self.gaps[0]["id"]] = "Москва"
        self.assertEqual(
            self.type.form_answer(public, values), {"gaps": {self.gaps[0]["id"]: "Москва"}}
        )

    def test_parts_errors_report_the_parsers_message(self):
        self.assertEqual(self.type.parts_errors({"text": self.TEXT}), [])
        errors = self.type.parts_errors({"text": "{1:SA:=a"})
        self.assertEqual(errors[0][0], "text")

    def test_a_malformed_saved_question_freezes_without_gaps_and_scores_nothing(self):
        question = cloze_create(text="Сломано {1:SA:=a")
        snapshot = _snapshot(question)
        self.assertEqual(snapshot["gaps"], [])
        self.assertFalse(self.type.grade(snapshot, {"gaps": {}}).correct)


class OpenAnswerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = open_answer_create()

    def setUp(self):
        self.type = question_type(T.OPEN_ANSWER)
        self.snapshot = _snapshot(self.question)

    def test_the_grading_notes_are_frozen_but_never_public(self):
        self.assertEqual(self.snapshot["grading_notes"], self.question.grading_notes)
        public = self.type.public(self.snapshot)
        self.assertNotIn(self.question.grading_notes, repr(public))
        self.assertNotIn(self.question.grading_notes, repr(self.type.review(self.snapshot)))

    def test_an_answer_waits_for_a_person(self):
        response = self.type.clean(self.snapshot, {"text": "Давайте сравним, что входит в тариф."})
        grade = self.type.grade(self.snapshot, response)
        self.assertTrue(grade.pending)

    def test_the_length_limit(self):
        self.type.clean(self.snapshot, {"text": "я" * MAX_OPEN_ANSWER})
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, {"text": "я" * (MAX_OPEN_ANSWER + 1)})
        with self.assertRaises(AnswerInvalid):
            self.type.clean(self.snapshot, {"text": 5})

    def test_the_form_is_a_text_area_and_blank_means_no_answer(self):
        field, initial = self.type.form_fields({}, {"text": "черновик"})[""]
        self.assertEqual(initial, "черновик")
        self.assertEqual(field.max_length, MAX_OPEN_ANSWER)
        self.assertIsNone(self.type.form_answer({}, {"": "   "}))
        self.assertEqual(self.type.form_answer({}, {"": "Ответ"}), {"text": "Ответ"})


class TypeTemplateTests(TestCase):
    """Each type's attempt template draws its fields from the public view alone."""

    def _render(self, question, saved=None, snapshot=None):
        from django.template.loader import render_to_string

        from quizzes.forms import AttemptForm

        qtype = question_type(question.type)
        snapshot = snapshot or _snapshot(question)
        public = {
            "id": question.pk, "type": question.type, "points": question.points,
            "html": "<p>Текст вопроса</p>", "response": saved, **qtype.public(snapshot),
        }  # fmt: skip
        # The item as the attempt page builds it: the form shows what was saved.
        item = AttemptForm(questions=[public]).display()[0]
        return snapshot, render_to_string(qtype.template, {"item": item})

    def test_missing_word_renders_a_select_in_the_sentence(self):
        snapshot, html = self._render(missing_word_create())
        self.assertIn("Тариф «Семейный»", html)
        self.assertEqual(html.count("<select"), 1)
        self.assertNotIn("_____", html)
        for choice in snapshot["choices"]:
            self.assertIn(f'value="{choice["id"]}"', html)

    def test_cloze_renders_one_field_per_gap_and_keeps_saved_answers(self):
        question = cloze_create(text="Город {1:SA:=Москва}, тариф {1:MC:=безлимитный~дневной}.")
        snapshot = _snapshot(question)
        saved = {"gaps": {snapshot["gaps"][0]["id"]: "Казань"}}
        _same, html = self._render(question, saved, snapshot)
        self.assertEqual(html.count("<select"), 1)
        self.assertEqual(html.count('type="text"'), 1)
        self.assertIn('value="Казань"', html)
        self.assertIn(f'name="q{question.pk}-{snapshot["gaps"][1]["id"]}"', html)
        self.assertNotIn("Москва", html)

    def test_open_answer_renders_a_text_area_without_the_grading_notes(self):
        question = open_answer_create()
        _snapshot_, html = self._render(question, {"text": "Мой черновик"})
        self.assertIn("<textarea", html)
        self.assertIn("Мой черновик", html)
        self.assertNotIn(question.grading_notes, html)
