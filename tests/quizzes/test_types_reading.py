"""The file readers (GIFT, Aiken, Moodle XML) ask the registered types which one reads a
question: a type added to the registry is read without any change to a reader, and a reader
names no type."""

import inspect

from django.test import SimpleTestCase

from quizzes import aiken, gift, moodle_xml
from quizzes.importing import AIKEN, GIFT, XML, question_file_parse
from quizzes.types import (
    QuestionType,
    question_type,
    question_types,
    reading_types,
    register,
    unregister,
)

CODE = "x_test"


class WordsType(QuestionType):
    """A throwaway type: a list of words. Moodle XML ``type="x-test"`` with ``<word>``s, GIFT
    ``{@word word}``, Aiken questions whose text starts with "WORDS"."""

    code = CODE
    read_priority = 5  # before every real type

    moodle_xml_reads = ("x-test",)

    def moodle_xml_read(self, element, draft, reader):
        for word in element.all("word"):
            draft.choices.append(reader.choice_draft(word.text.strip(), word.line, right=True))
        if not draft.choices:
            reader.error("no words")

    def gift_claims(self, answer, draft, reader):
        return answer.starts_with("@")

    def gift_read(self, answer, draft, reader):
        words = reader.fragment(answer.content[1:], "plain").split()
        draft.choices = [reader.choice_draft(word, draft.line, right=True) for word in words]

    def aiken_claims(self, question, draft, reader):
        return question.text[0].startswith("WORDS")

    def aiken_read(self, question, draft, reader):
        draft.choices = [
            reader.choice_draft(text, line, right=letter == question.answer)
            for letter, text, line in question.options
        ]


XML_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="x-test">
    <name><text>Цвета</text></name>
    <questiontext format="plain_text"><text>Назовите цвета флага</text></questiontext>
    <word>белый</word>
    <word>синий</word>
    <word>красный</word>
  </question>
</quiz>
"""
GIFT_FILE = "::Цвета::Назовите цвета флага {@белый синий красный}\n"
AIKEN_FILE = "WORDS: какой цвет сверху?\nA. белый\nB. синий\nANSWER: A\n"


def parse(content: str, file_format: str):
    return question_file_parse(content=content, filename="file", file_format=file_format)[1]


class RegisteredTypeReadingTests(SimpleTestCase):
    def setUp(self):
        register(WordsType)
        self.addCleanup(unregister, CODE)

    def test_moodle_xml_reads_the_new_type_by_its_moodle_name(self):
        parsed = parse(XML_FILE, XML)
        self.assertEqual(parsed.errors, [])
        (draft,) = parsed.questions
        self.assertEqual((draft.kind, draft.title, draft.line), (CODE, "Цвета", 3))
        self.assertEqual(draft.text, "Назовите цвета флага")
        self.assertEqual([c.text for c in draft.choices], ["белый", "синий", "красный"])
        self.assertEqual([c.line for c in draft.choices], [6, 7, 8])

    def test_moodle_xml_names_the_new_type_among_the_supported(self):
        parsed = parse(XML_FILE.replace("x-test", "x-unknown"), XML)
        self.assertEqual(parsed.questions, [])
        (error,) = parsed.errors
        self.assertIn("x-unknown", error.message)
        self.assertIn("x-test", error.message)
        self.assertIn("multichoice", error.message)

    def test_gift_asks_the_new_type_before_the_others(self):
        parsed = parse(GIFT_FILE, GIFT)
        self.assertEqual(parsed.errors, [])
        (draft,) = parsed.questions
        self.assertEqual((draft.kind, draft.title), (CODE, "Цвета"))
        self.assertEqual([c.text for c in draft.choices], ["белый", "синий", "красный"])

    def test_gift_marker_may_name_the_new_type(self):
        parsed = parse(f"// [type:{CODE}]\n{GIFT_FILE}", GIFT)
        self.assertEqual(parsed.errors, [])
        self.assertEqual(parsed.questions[0].kind, CODE)

    def test_aiken_asks_the_new_type_first(self):
        parsed = parse(AIKEN_FILE, AIKEN)
        self.assertEqual(parsed.errors, [])
        (draft,) = parsed.questions
        self.assertEqual(draft.kind, CODE)
        self.assertEqual(
            [(c.text, c.right) for c in draft.choices], [("белый", True), ("синий", False)]
        )

    def test_other_questions_are_read_as_before(self):
        parsed = parse("Столица Франции? {=Париж}\n", GIFT)
        self.assertEqual(parsed.questions[0].kind, "short_text")
        parsed = parse("Сколько?\nA. 1\nB. 2\nANSWER: B\n", AIKEN)
        self.assertEqual(parsed.questions[0].kind, "single_choice")


class UnregisteredTypeTests(SimpleTestCase):
    """Without the throwaway type (it unregisters after each test), its files read as
    before: Moodle's type is unknown, GIFT's answer is a short answer."""

    def test_the_registry_forgets_it(self):
        register(WordsType)
        unregister(CODE)
        self.assertNotIn(CODE, {t.code for t in question_types()})
        with self.assertRaises(KeyError):
            question_type(CODE)

    def test_moodle_xml_refuses_its_type(self):
        parsed = parse(XML_FILE, XML)
        self.assertEqual(parsed.questions, [])
        (error,) = parsed.errors
        self.assertEqual(error.line, 3)
        self.assertIn("x-test", error.message)

    def test_gift_reads_its_answer_as_a_short_answer(self):
        (draft,) = parse(GIFT_FILE, GIFT).questions
        self.assertEqual(draft.kind, "short_text")
        self.assertEqual([c.text for c in draft.choices], ["@белый синий красный"])

    def test_gift_marker_naming_it_is_unknown(self):
        parsed = parse(f"// [type:{CODE}]\n{GIFT_FILE}", GIFT)
        (error,) = parsed.errors
        self.assertIn(CODE, error.message)

    def test_aiken_reads_a_single_choice(self):
        (draft,) = parse(AIKEN_FILE, AIKEN).questions
        self.assertEqual(draft.kind, "single_choice")


class ReadingOrderTests(SimpleTestCase):
    def test_particular_forms_come_before_general_ones(self):
        order = [t.code for t in reading_types()]
        self.assertLess(order.index("missing_word"), order.index("single_choice"))
        self.assertLess(order.index("single_choice"), order.index("multiple_choice"))
        self.assertLess(order.index("open_answer"), order.index("short_text"))
        self.assertLess(order.index("true_false"), order.index("short_text"))
        # Short text reads any GIFT answer: the last of the types with a GIFT form.
        with_gift_form = [
            t.code for t in reading_types() if type(t).gift_claims is not QuestionType.gift_claims
        ]
        self.assertEqual(with_gift_form[-1], "short_text")

    def test_each_moodle_type_is_read_by_some_type(self):
        reads = {name for t in question_types() for name in t.moodle_xml_reads}
        self.assertEqual(
            reads,
            {
                "multichoice", "multichoiceset", "truefalse", "shortanswer", "numerical",
                "matching", "ordering", "essay", "multianswer", "gapselect", "ddwtos",
            },
        )  # fmt: skip


class ReadersNameNoTypeTests(SimpleTestCase):
    """What a question of each type is lives in its class: the readers refer to no type."""

    def test_no_type_code_in_the_readers(self):
        codes = [t.code for t in question_types()]
        for module in (gift, aiken, moodle_xml):
            source = inspect.getsource(module)
            with self.subTest(module=module.__name__):
                self.assertNotIn("Question.Type", source)
                for code in codes:
                    self.assertNotIn(f'"{code}"', source)
                    self.assertNotIn(f"'{code}'", source)
