"""The GIFT reader and writer (``quizzes/gift.py``).

The corpus test reads every real GIFT file of the shared corpus and compares the drafts with
the tree an independent parser (GIFT-grammar-PEG.js) expects, mapped to our types: MC is single
choice when exactly one answer is right and none is weighted, multiple choice otherwise; TF is
true/false, Short short text, Numerical numeric, Matching matching. Essay and Description must
come back as unsupported, each with a problem at its line.
"""

import json
import re
from decimal import Decimal

from django.test import SimpleTestCase, TestCase
from django.utils import translation

import pytest

from quizzes import gift
from quizzes.gift import (
    BLANK,
    DESCRIPTION,
    ERROR_DESCRIPTION,
    category_name,
    category_path,
    gift_escape,
    gift_parse,
    question_gift,
    questions_gift,
    quiz_gift_export,
    quiz_gift_filename,
    quiz_questions_for_export,
)
from quizzes.identity import bank_key
from quizzes.models import Question
from tests.quizzes.gift_helpers import CORPUS, bank_create, corpus_files, corpus_required, quiz_with

T = Question.Type
REFERENCE_TYPES = {
    "TF": T.TRUE_FALSE,
    "Short": T.SHORT_TEXT,
    "Numerical": T.NUMERIC,
    "Matching": T.MATCHING,
    "Essay": T.OPEN_ANSWER,
    "Description": DESCRIPTION,
}
UNSUPPORTED_MESSAGES = {DESCRIPTION: ERROR_DESCRIPTION}


# --- The corpus ----------------------------------------------------------------------------------


def _text(rich: dict | None) -> str:
    return rich["text"] if rich else ""


def _weight(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _reference_numbers(choices) -> list[tuple]:
    """The reference's numeric answers as (value, tolerance, weight)."""

    def one(spec: dict, weight=None) -> tuple:
        if spec["type"] == "range":
            return Decimal(str(spec["number"])), Decimal(str(spec["range"])), weight
        if spec["type"] == "high-low":
            high, low = Decimal(str(spec["numberHigh"])), Decimal(str(spec["numberLow"]))
            return (high + low) / 2, (high - low) / 2, weight
        return Decimal(str(spec["number"])), Decimal(0), weight

    if isinstance(choices, dict):
        return [one(choices)]
    return [one(c["text"], _weight(c["weight"])) for c in choices if c["isCorrect"]]


def _reference_full(choice: dict) -> bool:
    """Moodle's "worth all the points": ``=`` without a weight or at 100 %, or ``~%100%``."""
    if choice["isCorrect"]:
        return choice["weight"] in (None, 100)
    return choice["weight"] == 100


def _blank_spacing(text: str) -> str:
    """The reference puts a space on each side of a missing word's blank; Moodle keeps the text
    around the braces as written ("equals {…}." is "equals _____."). Compare without it; the
    spacing itself is proven by ``test_missing_word_keeps_the_spacing_as_written``."""
    return re.sub(r"\s*_____\s*", " _____ ", text).strip()


def reference_question(item: dict) -> dict:
    """The reference parser's question, in our terms."""
    kind = REFERENCE_TYPES.get(item["type"])
    if item["type"] == "MC":
        full = sum(1 for c in item["choices"] if _reference_full(c))
        single = T.MISSING_WORD if item["hasEmbeddedAnswers"] else T.SINGLE_CHOICE
        kind = single if full == 1 else T.MULTIPLE_CHOICE
    question = {
        "kind": kind,
        "title": item["title"] or "",
        "text": _blank_spacing(item["stem"]["text"]),
        "format": item["stem"]["format"],
        "id": item.get("id"),
        "tags": item.get("tags"),
    }
    if kind == DESCRIPTION:
        return question
    question["embedded"] = item["hasEmbeddedAnswers"]
    question["explanation"] = _text(item["globalFeedback"])
    if item["type"] in ("MC", "Short"):
        question["choices"] = [
            (
                c["text"]["text"],
                c["text"]["format"],
                c["isCorrect"],
                _weight(c["weight"]),
                _text(c["feedback"]),
            )
            for c in item["choices"]
        ]
    elif item["type"] == "TF":
        # The reference names the two feedbacks "true" and "false" in the order written.
        question["true_false"] = (
            item["isTrue"],
            _text(item["trueFeedback"]),
            _text(item["falseFeedback"]),
        )
    elif item["type"] == "Numerical":
        question["numbers"] = _reference_numbers(item["choices"])
    elif item["type"] == "Matching":
        question["pairs"] = [
            (pair["subquestion"]["text"], pair["subanswer"]) for pair in item["matchPairs"]
        ]
    return question


def draft_question(draft: gift.QuestionDraft) -> dict:
    """Our draft, in the shape of ``reference_question``."""
    question = {
        "kind": draft.kind,
        "title": draft.title,
        "text": _blank_spacing(draft.text),
        "format": draft.text_format,
        "id": draft.source_id,
        "tags": draft.tags,
    }
    if not draft.supported:
        return question
    question["embedded"] = draft.embedded
    question["explanation"] = draft.explanation
    if draft.kind in (T.SINGLE_CHOICE, T.MISSING_WORD, T.MULTIPLE_CHOICE, T.SHORT_TEXT):
        question["choices"] = [
            (c.text, c.text_format, c.right, c.weight, c.feedback) for c in draft.choices
        ]
    elif draft.kind == T.TRUE_FALSE:
        question["true_false"] = (draft.correct_bool, *draft.true_false_feedback)
    elif draft.kind == T.NUMERIC:
        question["numbers"] = [(n.value, n.tolerance, n.weight) for n in draft.numbers if n.right]
    elif draft.kind == T.MATCHING:
        question["pairs"] = draft.pairs
    return question


CORPUS_FILES = corpus_files() or [None]


@pytest.mark.parametrize(
    "path", CORPUS_FILES, ids=[p.name if p else "corpus-missing" for p in CORPUS_FILES]
)
def test_corpus_file_reads_as_the_reference_parser_expects(path):
    corpus_required()
    reference = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    content = path.read_text(encoding="utf-8")
    parsed = gift_parse(content)

    expected = [reference_question(i) for i in reference if i["type"] != "Category"]
    assert [draft_question(d) for d in parsed.questions] == expected
    assert [c.path for c in parsed.categories] == [
        i["title"] for i in reference if i["type"] == "Category"
    ]

    unsupported = [d for d in parsed.questions if not d.supported]
    assert len(parsed.errors) == len(unsupported)
    lines = content.splitlines()
    for draft, error in zip(unsupported, parsed.errors, strict=True):
        assert error.line == draft.line
        assert str(UNSUPPORTED_MESSAGES[draft.kind]) in error.message
        assert draft.label in error.message
        # The line named is where the question starts in the file.
        first_words = (draft.title or draft.text).split()[0]
        assert first_words in lines[draft.line - 1]


def test_corpus_holds_both_supported_and_unsupported_files():
    corpus_required()
    kinds = set()
    for path in corpus_files():
        kinds |= {d.supported for d in gift_parse(path.read_text(encoding="utf-8")).questions}
    assert kinds == {True, False}, CORPUS


# --- Reading -------------------------------------------------------------------------------------


class GiftParseTests(SimpleTestCase):
    def only(self, content: str) -> gift.QuestionDraft:
        parsed = gift_parse(content)
        self.assertEqual(parsed.errors, [])
        self.assertEqual(len(parsed.questions), 1)
        return parsed.questions[0]

    def test_single_choice_with_title_feedback_and_explanation(self):
        draft = self.only("::Тариф::Какой тариф?{=Базовый#Да ~Премиум#Нет ####Смотрите прайс}")
        self.assertEqual(draft.kind, T.SINGLE_CHOICE)
        self.assertEqual((draft.title, draft.text), ("Тариф", "Какой тариф?"))
        self.assertEqual(draft.explanation, "Смотрите прайс")
        self.assertEqual(
            [(c.text, c.right, c.feedback) for c in draft.choices],
            [("Базовый", True, "Да"), ("Премиум", False, "Нет")],
        )

    def test_several_right_or_weights_make_multiple_choice_with_partial_credit(self):
        for content in ("Q{=a =b ~c}", "Q{~%50%a ~%50%b ~c}", "Q{~%50%a ~%50%b ~%-100%c}"):
            with self.subTest(content=content):
                draft = self.only(content)
                self.assertEqual(draft.kind, T.MULTIPLE_CHOICE)
                self.assertTrue(draft.partial_credit)

    def test_weights_keep_decimals_and_sign(self):
        draft = self.only("Q{~%33.3333%a ~%-50%b =c}")
        self.assertEqual(
            [c.weight for c in draft.choices], [Decimal("33.3333"), Decimal(-50), None]
        )

    def test_true_false_words_and_feedback(self):
        for word, value in (("T", True), ("TRUE", True), ("F", False), ("false", False)):
            with self.subTest(word=word):
                self.assertIs(self.only(f"Небо синее.{{{word}}}").correct_bool, value)
        draft = self.only("Небо синее.{TRUE#Подумайте ещё#Верно}")
        self.assertEqual(draft.true_false_feedback, ("Подумайте ещё", "Верно"))

    def test_short_answers(self):
        draft = self.only("Столица Франции?{=Париж =Paris}")
        self.assertEqual(draft.kind, T.SHORT_TEXT)
        self.assertEqual([c.text for c in draft.choices], ["Париж", "Paris"])

    def test_numeric_value_tolerance_and_range(self):
        cases = {
            "{#3.14:0.01}": (Decimal("3.14"), Decimal("0.01")),
            "{#1..5}": (Decimal(3), Decimal(2)),
            "{#5..1}": (Decimal(3), Decimal(2)),
            "{#-2}": (Decimal(-2), Decimal(0)),
            "{#2,5:0,5}": (Decimal("2.5"), Decimal("0.5")),
        }
        for answer, expected in cases.items():
            with self.subTest(answer=answer):
                draft = self.only("Сколько?" + answer)
                self.assertEqual(draft.kind, T.NUMERIC)
                self.assertEqual((draft.numbers[0].value, draft.numbers[0].tolerance), expected)

    def test_numeric_with_several_answers_and_feedback(self):
        draft = self.only("Когда?{#=1822:0#Точно =%50%1822:2#Почти ~#Нет}")
        self.assertEqual(
            [(n.value, n.tolerance, n.right, n.weight, n.feedback) for n in draft.numbers],
            [
                (Decimal(1822), Decimal(0), True, None, "Точно"),
                (Decimal(1822), Decimal(2), True, Decimal(50), "Почти"),
                (Decimal(0), Decimal(0), False, None, "Нет"),
            ],
        )

    def test_matching_pairs_and_distractors(self):
        draft = self.only("Сопоставьте{=NPS -> лояльность =CSAT -> удовлетворённость =-> лишнее}")
        self.assertEqual(draft.kind, T.MATCHING)
        self.assertEqual(
            draft.pairs,
            [("NPS", "лояльность"), ("CSAT", "удовлетворённость"), ("", "лишнее")],
        )

    def test_escapes(self):
        draft = self.only(r"Знаки \~ \= \# \{ \} \: \\ и\nстрока{=\=a\: b ~c}")
        self.assertEqual(draft.text, "Знаки ~ = # { } : \\ и\nстрока")
        self.assertEqual(draft.choices[0].text, "=a: b")

    def test_unknown_escapes_stay_as_written(self):
        self.assertEqual(self.only(r"Формула \( x \){T}").text, r"Формула \( x \)")

    def test_line_breaks_join_outside_markdown_and_stay_in_markdown(self):
        self.assertEqual(self.only("Первая\n  вторая{T}").text, "Первая вторая")
        self.assertEqual(self.only("[markdown]- один\n- два{T}").text, "- один\n- два")

    def test_embedded_answer_becomes_a_blank(self):
        draft = self.only("Грант {~жив =похоронен} в гробнице.")
        self.assertTrue(draft.embedded)
        self.assertEqual(draft.text, f"Грант {BLANK} в гробнице.")

    def test_comments_id_tags_and_category_belong_to_the_next_question(self):
        parsed = gift_parse(
            "// просто комментарий\n$CATEGORY: $course$/top/Продажи/Основы\n\n"
            "// [id:12]\n// [tag:b2c] [tag:тарифы]\nПервый?{T}\n// [id:99]\n\nВторой?{F}\n"
        )
        first, second = parsed.questions
        self.assertEqual((first.source_id, first.tags), ("12", ["b2c", "тарифы"]))
        self.assertEqual(first.category, "Продажи / Основы")
        # A comment after a question, in the same block, belongs to the next one.
        self.assertEqual((second.source_id, second.tags), ("99", None))
        self.assertEqual(second.category, "Продажи / Основы")

    def test_category_paths(self):
        cases = {
            "$course$/top/Default for X": "Default for X",
            "$system$/top/A/B": "A / B",
            "Sales": "Sales",
            "$course$/top/A//B": "A/B",
            "$course$/top": None,
            "top": None,
        }
        for path, name in cases.items():
            with self.subTest(path=path):
                self.assertEqual(category_name(path), name)
        for name in ("A/B", "CRM / Сделки", "Продукты"):
            with self.subTest(name=name):
                self.assertEqual(category_name(category_path(name)), name)
        self.assertEqual(category_name(category_path("")), None)

    def test_no_category_line_leaves_the_category_unsaid(self):
        self.assertIsNone(self.only("Q{T}").category)
        self.assertEqual(gift_parse("$CATEGORY: $course$/top\n\nQ{T}").questions[0].category, "")

    def test_markers_name_our_types(self):
        draft = self.only("// [type:ordering] [points:3]\nПорядок{=2 -> b =1 -> a =3 -> c}")
        self.assertEqual(draft.kind, T.ORDERING)
        self.assertEqual([c.text for c in draft.choices], ["a", "b", "c"])
        self.assertEqual(draft.points, "3")
        self.assertTrue(draft.marked)
        draft = self.only("// [type:multiple_choice] [partial_credit:no]\nQ{=a ~b}")
        self.assertEqual((draft.kind, draft.partial_credit), (T.MULTIPLE_CHOICE, False))
        draft = self.only("// [type:single_choice]\nQ{=a =b ~c}")
        self.assertEqual((draft.kind, draft.partial_credit), (T.SINGLE_CHOICE, False))

    @translation.override("en")
    def test_problems_name_the_line_and_question(self):
        content = "\n".join(
            [
                "::Открытый заголовок Текст{T}",  # 1
                "",
                "Без закрывающей{=a ~b",  # 3
                "",
                "Два {=a ~b} ответа {=c ~d}",  # 5
                "",
                "Никто не прав{~a ~b}",  # 7
                "",
                "Вес{~%150%a =b}",  # 9
                "",
                "Число{#abc}",  # 11
                "",
                "// [type:numeric]",  # 13
                "Не то{T}",
                "",
                "// [type:ordering]",  # 16
                "Порядок{=1 -> a =3 -> b}",
                "",
                "Одна пара{=a -> b}",  # 19
                "",
                "Один выбор{~a}",  # 21
                "",
                "// [points:0]",  # 23
                "Баллы{T}",
                "",
                "Скобка {=a { ~b}",  # 26
                "",
                "Эссе читается как открытый ответ{}",  # 28: no problem
                "",
                "Только текст",  # 30
            ]
        )
        parsed = gift_parse(content)
        by_line: dict[int, str] = {}
        for error in parsed.errors:
            by_line[error.line] = by_line.get(error.line, "") + error.message
        expected = {
            1: gift.ERROR_TITLE_OPEN,
            3: gift.ERROR_NO_CLOSE,
            5: gift.ERROR_TWO_ANSWERS,
            7: gift.ERROR_NO_RIGHT_CHOICE,
            9: gift.ERROR_WEIGHT_RANGE % {"weight": "150"},
            11: gift.ERROR_BAD_NUMBER % {"text": "abc"},
            13: gift.ERROR_TYPE_MISMATCH % {"type": "numeric", "read": "true_false"},
            16: gift.ERROR_ORDERING_POSITIONS,
            19: gift.ERROR_FEW_PAIRS,
            21: gift.ERROR_FEW_CHOICES,
            23: gift.ERROR_POINTS % {"points": "0"},
            26: gift.ERROR_BRACE_INSIDE,
            30: ERROR_DESCRIPTION,
        }
        self.assertEqual(sorted(by_line), sorted(expected))
        for line, message in expected.items():
            with self.subTest(line=line):
                self.assertIn(str(message), by_line[line])
        self.assertIn("“Без закрывающей”", by_line[3])
        self.assertTrue(str(parsed.errors[0]).startswith(str(gift.LINE_MESSAGE)[:4]))

    def test_bom_and_windows_line_endings(self):
        draft = self.only("\ufeff::T::Вопрос\r\nдалее{\r\n=a\r\n~b\r\n}\r\n")
        self.assertEqual((draft.title, draft.text), ("T", "Вопрос далее"))


# --- Writing -------------------------------------------------------------------------------------


class GiftEscapeTests(SimpleTestCase):
    def test_control_characters_and_line_breaks(self):
        self.assertEqual(gift_escape("a~b=c#d{e}f:g\\h\r\ni"), r"a\~b\=c\#d\{e\}f\:g\\h\ni")

    def test_escaped_text_reads_back(self):
        text = "Цена = 100 {руб.}: #1 ~ почти\\точно\n\nабзац"
        draft = gift_parse(f"[markdown]{gift_escape(text)}{{T}}").questions[0]
        self.assertEqual(draft.text, text)


class GiftWriteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.bank = bank_create()

    def test_question_has_its_id_markers_title_and_markdown_text(self):
        text = question_gift(self.bank["single"])
        lines = text.splitlines()
        # This bank's key beside the id: an import here knows the id as its own (Moodle
        # ignores the unknown marker).
        self.assertEqual(lines[0], f"// [id:{self.bank['single'].pk}] [bank:{bank_key()}]")
        self.assertEqual(lines[1], "// [tag:b2c] [tag:тарифы]")
        self.assertEqual(lines[2], "// [type:single_choice] [points:2]")
        self.assertTrue(
            lines[3].startswith(r"::Тариф\: выбор::[markdown]Какой тариф **дешевле**?\n")
        )
        self.assertIn("\t=Базовый#Верно!", lines)
        self.assertIn(r"\t~\~ Max".replace(r"\t", "\t"), lines)
        self.assertIn("\t####Смотрите прайс-лист.", lines)

    def test_ordering_is_written_as_matching_with_positions(self):
        text = question_gift(self.bank["ordering"])
        self.assertIn("// [type:ordering] [points:1]", text)
        self.assertIn("\t=1 -> Поздороваться\n\t=2 -> Выяснить -> потребность\n", text)

    def test_every_type_reads_back_as_written(self):
        for key, question in self.bank.items():
            with self.subTest(question=key):
                parsed = gift_parse(question_gift(question))
                self.assertEqual(parsed.errors, [])
                (draft,) = parsed.questions
                self.assertEqual(draft.kind, question.type)
                self.assertEqual(draft.source_id, str(question.pk))
                self.assertEqual(draft.text, question.text.strip())

    def test_categories_are_named_when_they_change(self):
        bank = self.bank
        text = questions_gift([bank["single"], bank["multiple"], bank["short"], bank["numeric"]])
        categories = [line for line in text.splitlines() if line.startswith("$CATEGORY:")]
        self.assertEqual(
            categories,
            [
                "$CATEGORY: $course$/top/Продукты",
                "$CATEGORY: $course$/top",
                "$CATEGORY: $course$/top/CRM // Сделки",
            ],
        )


class QuizGiftExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.bank = bank_create()
        crm = cls.bank["numeric"].category
        cls.quiz = quiz_with(
            [cls.bank["short"], cls.bank["single"], cls.bank["numeric"]],
            draws=[(crm, 1)],
            title="Итог [id:5]",
        )

    def test_listed_questions_in_order_then_drawn_categories(self):
        questions = quiz_questions_for_export(self.quiz)
        bank = self.bank
        self.assertEqual(
            [q.pk for q in questions],
            [bank[k].pk for k in ("short", "single", "numeric", "true_false", "matching")],
        )

    def test_export_queries_do_not_grow_with_questions(self):
        # The quiz's listed and drawn questions, then each part prefetched once (choices,
        # accepted answers, numbers, pairs, tags) with the categories.
        with self.assertNumQueries(8):
            quiz_gift_export(self.quiz)
        bigger = quiz_with(list(self.bank.values()), draws=[(self.bank["single"].category, 2)])
        with self.assertNumQueries(8):
            quiz_gift_export(bigger)

    def test_export_reads_back_without_errors_and_keeps_ids(self):
        parsed = gift_parse(quiz_gift_export(self.quiz))
        self.assertEqual(parsed.errors, [])
        self.assertEqual(
            [d.source_id for d in parsed.questions],
            [str(q.pk) for q in quiz_questions_for_export(self.quiz)],
        )

    def test_heading_cannot_pass_for_a_marker(self):
        text = quiz_gift_export(self.quiz)
        self.assertTrue(text.startswith("// Quiz: Итог (id:5)\n"))

    def test_filename(self):
        self.assertEqual(quiz_gift_filename(self.quiz), f"quiz-{self.quiz.pk}-итог-id5.gift")
        self.quiz.title = "!!!"
        self.assertEqual(quiz_gift_filename(self.quiz), f"quiz-{self.quiz.pk}.gift")
