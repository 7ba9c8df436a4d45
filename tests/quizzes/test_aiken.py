"""The Aiken reader (``quizzes/aiken.py``)."""

from django.test import SimpleTestCase, TestCase
from django.utils import translation

from quizzes import aiken
from quizzes.aiken import aiken_parse
from quizzes.importing import questions_import
from quizzes.models import Question

GOOD = """\
Что измеряет NPS?
A. Длительность звонка
B) Готовность рекомендовать нас
C. Выручку
ANSWER: B

Какой тариф
без абонентской платы?
A. Базовый
B. Премиум
ANSWER: a
"""

MOODLE_FORMS = """Что измеряет NPS?
A)Длительность звонка
B.Готовность рекомендовать нас
C) Выручку
D)	Отток
ANSWER:B
"""


class AikenParseTests(SimpleTestCase):
    def test_questions_options_and_answer(self):
        parsed = aiken_parse(GOOD)
        self.assertEqual(parsed.errors, [])
        first, second = parsed.questions
        self.assertEqual((first.line, first.kind), (1, Question.Type.SINGLE_CHOICE))
        self.assertEqual(first.text, "Что измеряет NPS?")
        self.assertEqual(
            [(c.text, c.right, c.line) for c in first.choices],
            [
                ("Длительность звонка", False, 2),
                ("Готовность рекомендовать нас", True, 3),
                ("Выручку", False, 4),
            ],
        )
        # Text over several lines; a lower-case answer letter is read as the option.
        self.assertEqual((second.line, second.text), (7, "Какой тариф\nбез абонентской платы?"))
        self.assertEqual([c.right for c in second.choices], [True, False])

    def test_without_blank_lines_between_questions(self):
        parsed = aiken_parse("Q1?\nA. a\nB. b\nANSWER: A\nQ2?\nA. c\nB. d\nANSWER: B\n")
        self.assertEqual(parsed.errors, [])
        self.assertEqual([q.line for q in parsed.questions], [1, 5])

    def setUp(self):
        # Messages are compared with text built from the same constants, in English.
        self.enterContext(translation.override("en"))

    def errors(self, content: str) -> list[tuple[int, str]]:
        return [(error.line, str(error.message)) for error in aiken_parse(content).errors]

    def test_missing_answer_before_the_next_question(self):
        (error,) = self.errors("Первый?\nA. a\nB. b\n\nВторой?\nA. c\nB. d\nANSWER: A\n")
        self.assertEqual(error[0], 1)
        self.assertIn(str(aiken.ERROR_NO_ANSWER), error[1])
        self.assertIn("“Первый?”", error[1])

    def test_missing_answer_at_the_end(self):
        ((line, message),) = self.errors("Q1?\nA. a\nB. b\nANSWER: A\n\nПоследний?\nA. a\nB. b\n")
        self.assertEqual(line, 6)
        self.assertIn(str(aiken.ERROR_NO_ANSWER), message)

    def test_answer_not_among_the_options(self):
        ((line, message),) = self.errors("Q?\nA. a\nB. b\nANSWER: D\n")
        self.assertEqual(line, 4)
        self.assertIn(
            str(aiken.ERROR_ANSWER_NOT_OPTION % {"answer": "D", "letters": "A, B"}), message
        )

    def test_fewer_than_two_options(self):
        errors = self.errors("Один вариант?\nA. a\nANSWER: A\n")
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0][0], 1)
        self.assertIn(str(aiken.ERROR_FEW_OPTIONS), errors[0][1])

    def test_duplicate_letter_and_answer_without_question(self):
        errors = self.errors("ANSWER: A\n\nQ?\nA. a\nA. b\nANSWER: A\n")
        self.assertEqual([line for line, _message in errors], [1, 5], [m for _l, m in errors])
        self.assertIn(str(aiken.ERROR_ANSWER_WITHOUT_QUESTION), errors[0][1])
        self.assertIn(str(aiken.ERROR_DUPLICATE_OPTION % {"letter": "A"}), errors[1][1])

    def test_questions_with_errors_are_marked(self):
        parsed = aiken_parse("Q?\nA. a\nB. b\nANSWER: Z\n")
        self.assertTrue(parsed.questions[0].has_errors)


class AikenMoodleRulesTests(SimpleTestCase):
    def test_option_letter_with_bracket_or_dot_and_optional_space(self):
        parsed = aiken_parse(MOODLE_FORMS)
        self.assertEqual(parsed.errors, [])
        (question,) = parsed.questions
        self.assertEqual(
            [(c.text, c.right) for c in question.choices],
            [
                ("Длительность звонка", False),
                ("Готовность рекомендовать нас", True),
                ("Выручку", False),
                ("Отток", False),
            ],
        )

    def test_answer_line_with_or_without_space_and_moodles_first_letter(self):
        for line in ("ANSWER:B", "ANSWER: B", "ANSWER:  B) Готовность"):
            with self.subTest(line=line):
                parsed = aiken_parse(f"Q?\nA. a\nB. b\n{line}\n")
                self.assertEqual(parsed.errors, [])
                self.assertEqual([c.right for c in parsed.questions[0].choices], [False, True])

    def test_answer_keyword_is_in_capitals_as_in_moodle(self):
        # "Answer:" in other case is text of the question, as Moodle reads it.
        parsed = aiken_parse("Answer: что важнее?\nA. a\nB. b\nANSWER: A\n")
        self.assertEqual(parsed.errors, [])
        self.assertEqual(parsed.questions[0].text, "Answer: что важнее?")

    def test_html_is_kept_and_sets_the_format(self):
        parsed = aiken_parse(
            "Что <b>измеряет</b> NPS?\nA. <i>Звонки</i>\nB. Лояльность\nANSWER: B\n\n"
            "Без разметки: 2 < 3?\nA. да\nB. нет\nANSWER: A\n"
        )
        self.assertEqual(parsed.errors, [])
        tagged, plain = parsed.questions
        self.assertEqual((tagged.text, tagged.text_format), ("Что <b>измеряет</b> NPS?", "html"))
        self.assertEqual(
            [(c.text, c.text_format) for c in tagged.choices],
            [("<i>Звонки</i>", "html"), ("Лояльность", "plain")],
        )
        self.assertEqual((plain.text, plain.text_format), ("Без разметки: 2 < 3?", "plain"))


class AikenImportTests(TestCase):
    def test_html_question_keeps_its_html_and_options_become_text(self):
        content = "Что <b>измеряет</b> NPS?\nA)<i>Звонки</i>\nB)Лояльность\nANSWER:B\n"
        result = questions_import(content=content, filename="bank.aiken", user=None)
        question = Question.objects.get()
        self.assertEqual(
            (question.text, question.text_format), ("Что <b>измеряет</b> NPS?", "html")
        )
        self.assertEqual(
            [(c.text, c.is_correct) for c in question.choices.all()],
            [("Звонки", False), ("Лояльность", True)],
        )
        self.assertTrue(result.questions[0].notes)  # HTML in an option is said to become text
