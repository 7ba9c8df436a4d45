"""The question import stops at the file limits (``lms/core/tabular.py``) on every path: the
service, the admin upload and the ``import_questions`` command."""

import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template.defaultfilters import filesizeformat
from django.test import TestCase, override_settings
from django.utils import formats

from lms.core import tabular
from lms.people import roles
from quizzes import importing
from quizzes.gift import ImportProblem
from quizzes.identity import bank_key
from quizzes.importing import (
    QuestionImportError,
    question_file_decode,
    questions_import,
    questions_import_preview,
)
from quizzes.models import Question
from tests.factories import staff_user

# Ten lines: two questions, a blank line between, no line break after the last.
TEN_LINES = "::Небо::\nНебо синее.\n{T}\n\n::Столица::\nСтолица\nФранции?\n{\n=Париж\n}"


def lines_message(number: int) -> str:
    return str(tabular.ERROR_TOO_MANY_LINES % {"max": tabular.grouped(number)})


class QuestionImportLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS])

    @override_settings(IMPORT_MAX_LINES=10)
    def test_a_gift_file_one_line_past_the_limit_is_refused_at_that_line(self):
        self.assertEqual(len(TEN_LINES.splitlines()), 10)
        preview = questions_import_preview(content=TEN_LINES, filename="bank.gift")
        self.assertEqual((preview.ok, preview.created), (True, 2))
        too_long = TEN_LINES + "\n// one line more"
        preview = questions_import_preview(content=too_long, filename="bank.gift")
        self.assertEqual(preview.errors, [ImportProblem(11, lines_message(10))])
        with self.assertRaises(QuestionImportError) as caught:
            questions_import(content=too_long, filename="bank.gift", user=None)
        self.assertEqual(caught.exception.errors, [ImportProblem(11, lines_message(10))])
        self.assertFalse(Question.objects.exists())

    @override_settings(IMPORT_MAX_LINES=10)
    def test_an_aiken_file_too(self):
        aiken = "Что измеряет NPS?\nA. Звонки\nB. Лояльность\nANSWER: B\n\n" * 3
        preview = questions_import_preview(content=aiken, filename="bank.aiken")
        self.assertEqual(preview.errors, [ImportProblem(11, lines_message(10))])

    def test_the_default_limit_of_two_hundred_thousand_lines(self):
        content = "\n" * 200_000 + "Небо синее.{T}\n"
        preview = questions_import_preview(content=content, filename="bank.gift")
        self.assertEqual(preview.errors, [ImportProblem(200_001, lines_message(200_000))])

    @override_settings(IMPORT_MAX_FILE_BYTES=1024)
    def test_a_file_past_the_size_limit_is_refused_before_decoding(self):
        self.assertEqual(question_file_decode(data=b"x" * 1024), "x" * 1024)
        with self.assertRaises(QuestionImportError) as caught:
            question_file_decode(data=b"\xff" * 1025)
        expected = tabular.ERROR_TOO_BIG % {"max": filesizeformat(1024)}
        self.assertEqual(caught.exception.errors, [ImportProblem(0, str(expected))])

    @override_settings(IMPORT_MAX_LINES=10)
    def test_the_admin_preview_shows_the_limit(self):
        self.client.force_login(self.author)
        upload = SimpleUploadedFile("bank.gift", (TEN_LINES + "\n\n").encode(), "text/plain")
        response = self.client.post("/admin/quizzes/questions/import/", {"file": upload})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, lines_message(10))
        self.assertNotIn("quizzes_question_import_upload", self.client.session)

    @override_settings(IMPORT_MAX_LINES=10)
    def test_the_command_fails_with_the_limit(self):
        err = io.StringIO()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bank.gift"
            path.write_text(TEN_LINES + "\n\n", encoding="utf-8")
            with self.assertRaises(CommandError):
                call_command("import_questions", str(path), stdout=io.StringIO(), stderr=err)
        self.assertIn("line 11: ", err.getvalue())
        self.assertFalse(Question.objects.exists())


def only_error(content: str, name: str = "bank.gift") -> ImportProblem:
    """The one error of the file, after proving the import writes nothing."""
    preview = questions_import_preview(content=content, filename=name)
    (error,) = preview.errors
    try:
        questions_import(content=content, filename=name, user=None)
    except QuestionImportError as exc:
        assert exc.errors == preview.errors, exc.errors
    else:
        raise AssertionError("the import did not refuse the file")
    return error


class AbsurdFileTests(TestCase):
    """Absurd ids, sizes and nesting are errors naming the line, never a traceback."""

    def test_a_twenty_digit_id_of_another_system_is_just_an_id(self):
        content = "// [id:12345678901234567890]\nНебо синее.{T}\n"
        result = questions_import(content=content, filename="bank.gift", user=None)
        self.assertEqual(result.created, 1)
        question = Question.objects.get()
        self.assertEqual(question.import_id, "12345678901234567890")
        self.assertEqual(
            questions_import(content=content, filename="bank.gift", user=None).unchanged, 1
        )

    def test_a_twenty_digit_id_of_this_bank_is_an_error_at_its_line(self):
        content = (
            f"Хорошо?{{T}}\n\n// [id:12345678901234567890] [bank:{bank_key()}]\nНебо синее.{{T}}\n"
        )
        error = only_error(content)
        self.assertEqual(error.line, 4)
        self.assertIn("[id:12345678901234567890]", error.message)
        self.assertIn(formats.number_format(2**31 - 1, force_grouping=True), error.message)
        self.assertFalse(Question.objects.exists())

    def test_an_id_of_this_bank_must_be_a_whole_number(self):
        for bad in ("0", "abc", "1.5", "²"):
            with self.subTest(id=bad):
                content = f"// [id:{bad}] [bank:{bank_key()}]\nНебо синее.{{T}}\n"
                self.assertEqual(only_error(content).line, 2)

    def test_an_id_too_long_or_with_control_characters(self):
        long_id = "x" * (importing.IMPORT_ID_MAX_LENGTH + 1)
        error = only_error(f"// [id:{long_id}]\nНебо синее.{{T}}\n")
        self.assertEqual(error.line, 2)
        self.assertIn(str(importing.IMPORT_ID_MAX_LENGTH), error.message)
        self.assertEqual(only_error("// [id:a\tb]\nНебо синее.{T}\n").line, 2)
        self.assertFalse(Question.objects.exists())

    @override_settings(IMPORT_MAX_QUESTIONS=2)
    def test_too_many_questions_is_an_error_at_the_first_one_past_the_limit(self):
        content = "Раз?{T}\n\nДва?{T}\n\n// комментарий\nТри?{T}\n"
        error = only_error(content)
        self.assertEqual(error.line, 6)
        self.assertIn("2", error.message)
        self.assertEqual(
            questions_import_preview(content=content[:16], filename="b.gift").created, 2
        )

    @override_settings(IMPORT_MAX_TEXT_CHARS=20)
    def test_a_text_past_the_limit(self):
        error = only_error("Хорошо?{T}\n\n" + "Очень длинный вопрос о тарифах?{T}\n")
        self.assertEqual(error.line, 3)
        self.assertIn(str(importing.TEXT_QUESTION), error.message)
        error = only_error("Вопрос?{=" + "я" * 21 + " ~нет}\n")
        self.assertIn(str(importing.TEXT_CHOICE), error.message)

    @override_settings(IMPORT_MAX_PARTS=3)
    def test_too_many_choices(self):
        error = only_error("\n\nВопрос?{=a ~b ~c ~d}\n")
        self.assertEqual(error.line, 3)
        self.assertIn(str(importing.PARTS_CHOICES), error.message)
        self.assertEqual(
            questions_import_preview(content="Вопрос?{=a ~b ~c}", filename="b.gift").created, 1
        )

    @override_settings(IMPORT_MAX_DEPTH=2)
    def test_categories_nested_too_deep(self):
        content = "$CATEGORY: $course$/top/Продажи/Тарифы/Базовый\n\nВопрос?{T}\n"
        error = only_error(content)
        self.assertEqual(error.line, 3)
        self.assertIn("3", error.message)
        fine = "$CATEGORY: $course$/top/Продажи/Тарифы\n\nВопрос?{T}\n"
        self.assertEqual(questions_import_preview(content=fine, filename="b.gift").created, 1)

    def test_a_source_name_too_long(self):
        preview = questions_import_preview(
            content="Вопрос?{T}", filename="b.gift", source="я" * 200
        )
        self.assertEqual([e.line for e in preview.errors], [0])
