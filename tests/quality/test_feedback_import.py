"""Importing customer feedback from files (``quality/services/feedback_import.py`` and the
``import_feedback`` command): formats, all-or-nothing errors with line and column, and
re-imports that change nothing."""

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from lms.people.models import StaffProfile
from quality.models import Feedback
from quality.services.feedback import ERROR_SCORE_FORBIDDEN
from quality.services.feedback_import import (
    ERROR_NO_EMAIL,
    ERROR_NO_EMPLOYEE,
    ERROR_NO_PERSON_COLUMN,
    feedback_import,
)
from tests.factories import staff_user
from tests.lms.staff_files import csv_file, xlsx_file
from tests.quality.test_feedback import FeedbackData

HEADER = ["Внешний ID", "Табельный номер", "Дата", "Тип", "Канал", "Текст", "Оценка",
          "Категория"]  # fmt: skip


def employee(employee_id, **fields):
    user = staff_user(**fields)
    StaffProfile.objects.filter(user=user).update(employee_id=employee_id)
    return user


class FeedbackImportTests(FeedbackData, TestCase):
    def setUp(self):
        # The messages are compared as written in English (Russian is the site's default).
        self.enterContext(translation.override("en"))

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.anna = employee("T-001", email="Anna@Example.ru")
        cls.boris = employee("T-002", email="boris@example.ru")

    def rows(self):
        return [
            HEADER,
            ["crm-1", "T-001", "02.11.2026", "жалоба", "телефон", "Не знал тариф", "",
             "не знал тариф"],
            ["crm-2", "T-002", "2026-11-03", "Благодарность", "чат", "Спасибо!", "", ""],
            ["crm-3", "T-001", "03.11.2026", "CSAT", "email", "", "2", "Грубость"],
            ["crm-4", "T-002", "04.11.2026", "nps", "визит", "", "9", ""],
        ]  # fmt: skip

    def test_csv_in_any_encoding_and_delimiter_and_xlsx(self):
        files = {
            "utf-8 ;": ("f.csv", csv_file(self.rows())),
            "utf-8 ,": ("f.csv", csv_file(self.rows(), delimiter=",", encoding="utf-8")),
            "cp1251 ;": ("f.csv", csv_file(self.rows(), encoding="cp1251")),
            "xlsx": ("f.xlsx", xlsx_file(self.rows())),
        }
        for name, (filename, content) in files.items():
            with self.subTest(name):
                Feedback.objects.all().delete()
                result = feedback_import(content=content, filename=filename)
                self.assertEqual(result.errors, [])
                self.assertEqual((result.created, result.unchanged), (4, 0))
                stored = {f.external_id: f for f in Feedback.objects.all()}
                self.assertEqual(
                    [(f.kind, f.person, f.channel, f.score) for f in stored.values()],
                    [
                        ("nps", self.boris, "visit", 9),
                        ("csat", self.anna, "email", 2),
                        ("thanks", self.boris, "chat", None),
                        ("complaint", self.anna, "phone", None),
                    ],
                )
                self.assertEqual(stored["crm-1"].category, self.tariff)
                self.assertEqual(stored["crm-3"].category, self.rude)

    def test_reimporting_changes_nothing_and_says_so(self):
        content = csv_file(self.rows())
        feedback_import(content=content, filename="f.csv")
        ids = set(Feedback.objects.values_list("pk", flat=True))
        again = feedback_import(content=content, filename="f.csv")
        self.assertEqual((again.created, again.unchanged, again.warnings), (0, 4, []))
        self.assertEqual(set(Feedback.objects.values_list("pk", flat=True)), ids)

    def test_a_row_recorded_before_with_other_content_keeps_the_first_with_a_warning(self):
        feedback_import(content=csv_file(self.rows()), filename="f.csv")
        rows = self.rows()
        rows[2][5] = "Другой текст"
        result = feedback_import(content=csv_file(rows), filename="f.csv")
        self.assertEqual((result.created, result.unchanged), (0, 4))
        self.assertEqual(
            [str(w) for w in result.warnings],
            ["line 3: “crm-2” was recorded before with other content; the first record is kept "
             "unchanged"],
        )  # fmt: skip
        self.assertEqual(Feedback.objects.get(external_id="crm-2").text, "Спасибо!")

    def test_the_api_and_the_import_share_the_external_ids(self):
        self.record(external_id="crm-1", person=self.anna)
        result = feedback_import(content=csv_file(self.rows()), filename="f.csv")
        self.assertEqual((result.created, result.unchanged), (3, 1))
        self.assertEqual(Feedback.objects.count(), 4)

    def test_any_error_imports_nothing_and_names_line_and_column(self):
        rows = self.rows()
        rows[1][1] = "T-999"
        rows[2][6] = "5"
        rows[3][2] = "31.02.2026"
        rows[4][7] = "Опоздал"
        rows.append(["crm-1", "T-001", "05.11.2026", "жалоба", "", "", "", ""])
        rows.append(["", "T-001", "", "жалоба", "", "", "", ""])
        result = feedback_import(content=csv_file(rows), filename="f.csv")
        self.assertFalse(result.applied)
        self.assertEqual(
            [str(e) for e in result.errors],
            [
                f"line 2, column “Табельный номер”: {ERROR_NO_EMPLOYEE % {'value': 'T-999'}}",
                f"line 3, column “Оценка”: {ERROR_SCORE_FORBIDDEN}",
                "line 4, column “Дата”: “31.02.2026” is not a date; write it as YYYY-MM-DD or "
                "DD.MM.YYYY",
                "line 5, column “Категория”: No category “Опоздал”; known: Грубость, "
                "Не знал тариф.",
                "line 6, column “Внешний ID”: “crm-1” is already on line 2",
                "line 7, column “Внешний ID”: the value is missing",
                "line 7, column “Дата”: the value is missing",
            ],
        )
        self.assertFalse(Feedback.objects.exists())

    def test_the_person_by_email_and_a_file_without_either_column(self):
        rows = [
            ["external_id", "email", "date", "kind", "score"],
            ["e-1", "anna@example.ru", "2026-11-02", "csat", "5"],
            ["e-2", "nobody@example.ru", "2026-11-02", "thanks", ""],
        ]
        result = feedback_import(content=csv_file(rows), filename="f.csv")
        self.assertEqual(
            [str(e) for e in result.errors],
            [f"line 3, column “email”: {ERROR_NO_EMAIL % {'value': 'nobody@example.ru'}}"],
        )
        del rows[2]
        result = feedback_import(content=csv_file(rows), filename="f.csv")
        self.assertEqual(result.created, 1)
        self.assertEqual(Feedback.objects.get().person, self.anna)
        rows = [["external_id", "date", "kind"], ["e-9", "2026-11-02", "thanks"]]
        result = feedback_import(content=csv_file(rows), filename="f.csv")
        self.assertEqual([str(e) for e in result.errors], [f"line 1: {ERROR_NO_PERSON_COLUMN}"])

    def test_a_dry_run_writes_nothing(self):
        result = feedback_import(content=csv_file(self.rows()), filename="f.csv", dry_run=True)
        self.assertEqual((result.created, result.applied), (4, False))
        self.assertFalse(Feedback.objects.exists())


class ImportFeedbackCommandTests(FeedbackData, TestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        employee("T-001")

    def run_command(self, rows, *args):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "feedback.csv"
            path.write_bytes(csv_file(rows))
            out, err = StringIO(), StringIO()
            call_command("import_feedback", str(path), *args, stdout=out, stderr=err)
            return out.getvalue(), err.getvalue()

    def test_imports_then_says_a_reimport_changes_nothing(self):
        rows = [HEADER, ["crm-1", "T-001", "02.11.2026", "жалоба", "", "", "", ""]]
        out, _err = self.run_command(rows, "--dry-run")
        self.assertIn("Dry run, nothing written: 1 created", out)
        self.assertFalse(Feedback.objects.exists())
        out, _err = self.run_command(rows)
        self.assertIn("Imported: 1 created", out)
        out, _err = self.run_command(rows)
        self.assertIn("Nothing new: every row was recorded before (0 created, 0 changed, "
                      "1 unchanged", out)  # fmt: skip
        self.assertEqual(Feedback.objects.count(), 1)

    def test_errors_exit_with_their_lines(self):
        rows = [HEADER, ["crm-1", "T-404", "02.11.2026", "жалоба", "", "", "", ""]]
        with self.assertRaisesMessage(CommandError, "The file has 1 error; nothing was imported"):
            self.run_command(rows)
        self.assertFalse(Feedback.objects.exists())
