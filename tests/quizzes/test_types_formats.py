"""Each question type writes its own answers in GIFT and Moodle XML and makes its own rows from
an import draft: the writers and the importer ask the type (``quizzes.types``)."""

from django.test import SimpleTestCase, TestCase

from quizzes.gift import GIFT_WRITING, gift_parse, questions_gift, questions_gift_problems
from quizzes.models import Question
from quizzes.moodle_xml import moodle_xml_parse, questions_moodle_xml
from quizzes.types import NotWritable, QuestionType, question_type, question_types
from tests.quizzes.test_moodle_xml import bank_with_new_types


class UnwritableTypeTests(SimpleTestCase):
    def test_a_type_without_a_form_in_a_format_says_which_format(self):
        plain = QuestionType()
        question = Question(type="single_choice")
        with self.assertRaises(NotWritable) as gift_refusal:
            plain.gift_answer_lines(question, None)
        self.assertEqual(gift_refusal.exception.format_name, "GIFT")
        with self.assertRaises(NotWritable) as xml_refusal:
            plain.moodle_xml_type(question)
        self.assertEqual(xml_refusal.exception.format_name, "Moodle XML")


class WritingEveryTypeTests(TestCase):
    def setUp(self):
        self.questions = bank_with_new_types()

    def test_the_bank_holds_every_registered_type(self):
        self.assertEqual(
            {q.type for q in self.questions}, {qtype.code for qtype in question_types()}
        )

    def test_gift_writes_each_type_it_can_hold_and_names_each_it_cannot(self):
        text = questions_gift(self.questions)
        problems = questions_gift_problems(self.questions)
        drafts = {d.source_id: d for d in gift_parse(text).questions}
        for question in self.questions:
            with self.subTest(type=question.type):
                try:
                    question_type(question.type).gift_answer_lines(question, GIFT_WRITING)
                except NotWritable:
                    self.assertNotIn(str(question.pk), drafts)
                    self.assertTrue(any(question.get_type_display() in p for p in problems))
                else:
                    self.assertEqual(drafts[str(question.pk)].kind, question.type)

    def test_moodle_xml_writes_every_type_and_reads_it_back_as_that_type(self):
        parsed = moodle_xml_parse(questions_moodle_xml(self.questions))
        self.assertEqual(parsed.errors, [])
        self.assertEqual([d.kind for d in parsed.questions], [q.type for q in self.questions])
