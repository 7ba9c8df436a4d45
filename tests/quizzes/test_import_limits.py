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
from quizzes.gift import ImportProblem
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
    limit = formats.number_format(number, force_grouping=True)
    return str(tabular.ERROR_TOO_MANY_LINES % {"max": limit})


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
