"""``manage.py import_questions`` (``quizzes/management/commands/import_questions.py``)."""

import io
import tempfile
from contextlib import redirect_stderr
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from quizzes.gift import ERROR_DESCRIPTION, ERROR_NO_RIGHT_CHOICE
from quizzes.identity import bank_key
from quizzes.management.commands.import_questions import Command
from quizzes.models import Question
from tests.factories import staff_user

GOOD = "::Небо::Небо синее.{T}\n\nСтолица Франции?{=Париж}\n"
BAD = GOOD + "\n::Описание::Только текст\n\nНикто не прав{~a ~b}\n"


class ImportQuestionsCommandTests(TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def file(self, content: str, name: str = "bank.gift") -> str:
        path = self.folder / name
        path.write_text(content, encoding="utf-8")
        return str(path)

    def run_command(self, *args) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("import_questions", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_imports_and_prints_the_counts(self):
        out, _err = self.run_command(self.file(GOOD))
        self.assertEqual(out.strip(), "created 2, updated 0, unchanged 0")
        self.assertEqual(Question.objects.count(), 2)
        out, _err = self.run_command(self.file(GOOD))
        # No ids in the file: the same questions are found by their content.
        self.assertEqual(out.strip(), "created 0, updated 0, unchanged 2")
        self.assertEqual(Question.objects.count(), 2)

    def test_dry_run_writes_nothing(self):
        out, _err = self.run_command(self.file(GOOD), "--dry-run")
        self.assertEqual(out.strip(), "would have created 2, updated 0, unchanged 0")
        self.assertFalse(Question.objects.exists())

    def test_notes_are_printed_with_their_line(self):
        content = f"// [id:777] [bank:{bank_key()}]\nНебо синее.{{T#Нет#Да}}\n"
        out, _err = self.run_command(self.file(content))
        self.assertIn("note: line 2: [id:777] is not a question in this bank", out)

    def test_errors_are_printed_by_line_and_nothing_is_imported(self):
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import_questions", self.file(BAD), stdout=io.StringIO(), stderr=err)
        self.assertEqual(caught.exception.returncode, 1)
        # In English whatever the site's language, one error a line.
        with translation.override(None):
            expected = [
                f"line 5: “Описание”: {ERROR_DESCRIPTION}",
                f"line 7: “Никто не прав”: {ERROR_NO_RIGHT_CHOICE}",
            ]
        self.assertEqual(err.getvalue().splitlines(), expected)
        self.assertIn("2 error(s)", str(caught.exception))
        self.assertFalse(Question.objects.exists())

    def test_exit_status_is_one_on_errors(self):
        err = io.StringIO()
        # run_from_argv closes every database connection when it ends, which would close the
        # test's own transaction on PostgreSQL; the exit status is what is tested here.
        with (
            redirect_stderr(err),
            self.assertRaises(SystemExit) as caught,
            mock.patch("django.core.management.base.connections.close_all"),
        ):
            Command().run_from_argv(["manage.py", "import_questions", self.file(BAD)])
        self.assertEqual(caught.exception.code, 1)
        self.assertIn("line 5:", err.getvalue())
        self.assertFalse(Question.objects.exists())

    def test_format_option_and_user(self):
        author = staff_user(roles=["Authors"])
        aiken = "Что измеряет NPS?\nA. Звонки\nB. Лояльность\nANSWER: B\n"
        path = self.file(aiken, "bank.dat")
        out, _err = self.run_command(path, "--format", "aiken", "--user", author.username)
        self.assertIn("created 1", out)
        self.assertEqual(Question.objects.get().latest_revision.user, author)

    def test_unreadable_unknown_or_forbidden(self):
        with self.assertRaises(CommandError):
            self.run_command(str(self.folder / "missing.gift"))
        with self.assertRaises(CommandError):
            self.run_command(self.file(GOOD, "bank.csv"))
        with self.assertRaises(CommandError):
            self.run_command(self.file(GOOD), "--user", staff_user().username)
        with self.assertRaises(CommandError):
            self.run_command(self.file(GOOD), "--user", "nobody")
        self.assertFalse(Question.objects.exists())
