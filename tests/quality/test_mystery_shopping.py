"""Importing a mystery-shopping wave (``quality/services/mystery_shopping.py`` and its command):
the formats, all-or-nothing errors named by line and column, idempotency, and the scores of the
imported visits."""

import datetime
from decimal import Decimal
from io import StringIO

from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from lms.people import roles
from quality.models import Evaluation, MysteryShoppingWave
from quality.services.mystery_shopping import mystery_shopping_import
from tests.factories import staff_user
from tests.quality.factories import (
    MYSTERY_HEADER,
    csv_bytes,
    scorecard_make,
    staff_with_id,
    xlsx_bytes,
)

ROWS = [
    MYSTERY_HEADER,
    ["E1", "2026-03-02", "ТЦ Мега", "да", "н/п", "3", "yes", "Приветлив"],
    ["E2", "03.03.2026", "ТЦ Мега", "нет", "1", "4", "нет", ""],
]


class MysteryData:
    @classmethod
    def setUpTestData(cls):
        cls.scorecard = scorecard_make()
        cls.first = staff_with_id("E1", first_name="Анна", email="anna@example.com")
        cls.second = staff_with_id("E2", first_name="Борис")
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])

    def setUp(self):
        # Messages are compared as written in English; Russian is the site's default.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def run_import(self, content, filename="wave.csv", **options):
        values = {"wave_name": "Весна 2026", "scorecard": self.scorecard}
        values.update(options)
        return mystery_shopping_import(content=content, filename=filename, **values)

    def errors(self, result):
        return [str(error) for error in result.errors]


class FormatTests(MysteryData, TestCase):
    def assert_imported(self, result):
        self.assertEqual(self.errors(result), [])
        self.assertEqual(result.created, 2)
        wave = MysteryShoppingWave.objects.get(name="Весна 2026")
        self.assertEqual(wave.period_start, datetime.date(2026, 3, 2))
        self.assertEqual(wave.period_end, datetime.date(2026, 3, 3))
        self.assertEqual(wave.scorecard, self.scorecard)
        visits = {v.person_id: v for v in Evaluation.objects.filter(wave=wave)}
        first = visits[self.first.pk]
        self.assertEqual(first.source, Evaluation.Source.MYSTERY_SHOPPING)
        self.assertIsNone(first.evaluator)
        self.assertEqual(first.location, "ТЦ Мега")
        self.assertEqual(first.comment, "Приветлив")
        self.assertEqual(first.scorecard_version, wave.scorecard_version)
        # greeting 1 (weight 1), need N/A (its weight 2 out), product 3/4, polite 1: 2.75 / 3.
        self.assertEqual(first.score, Decimal("91.67"))
        self.assertFalse(first.critical_failed)
        answers = {a.criterion_code: (a.value, a.points) for a in first.answers.all()}
        self.assertEqual(answers["need"], ("na", None))
        self.assertEqual(answers["product"], ("points", 3))
        # Failing the critical "polite" makes the visit 0 % whatever else scored.
        second = visits[self.second.pk]
        self.assertEqual(second.score, Decimal("0.00"))
        self.assertTrue(second.critical_failed)

    def test_utf8_with_bom_and_commas(self):
        self.assert_imported(self.run_import(csv_bytes(ROWS)))

    def test_windows_1251_with_semicolons(self):
        content = csv_bytes(ROWS, delimiter=";", encoding="cp1251")
        self.assert_imported(self.run_import(content))

    def test_xlsx_with_date_and_number_cells(self):
        rows = [list(row) for row in ROWS]
        rows[1][1] = datetime.datetime(2026, 3, 2)
        rows[1][5] = 3
        rows[2][4] = 1
        self.assert_imported(self.run_import(xlsx_bytes(rows), filename="wave.xlsx"))

    def test_email_instead_of_employee_id_and_russian_headers(self):
        rows = [
            ["Почта", "Дата", "Точка", "greeting", "need", "product", "polite", "Комментарий"],
            ["Anna@Example.com", "2026-03-02", "ТЦ Мега", "1", "N/A", "4", "1", ""],
        ]
        result = self.run_import(csv_bytes(rows))
        self.assertEqual(self.errors(result), [])
        visit = Evaluation.objects.get(wave__name="Весна 2026")
        self.assertEqual(visit.person, self.first)
        self.assertEqual(visit.score, Decimal("100.00"))

    def test_only_qa_evaluators_and_administrators_import(self):
        with self.assertRaises(PermissionDenied):
            self.run_import(csv_bytes(ROWS), imported_by=staff_user())
        result = self.run_import(csv_bytes(ROWS), imported_by=self.qa)
        self.assertTrue(result.applied)
        self.assertEqual(set(Evaluation.objects.values_list("evaluator", flat=True)), {self.qa.pk})
        self.assertEqual(MysteryShoppingWave.objects.get().created_by, self.qa)


class ErrorTests(MysteryData, TestCase):
    def assert_nothing_written(self, result):
        self.assertFalse(result.applied)
        self.assertFalse(MysteryShoppingWave.objects.exists())
        self.assertFalse(Evaluation.objects.exists())

    def test_every_bad_cell_is_named_and_nothing_is_imported(self):
        rows = [
            MYSTERY_HEADER,
            ["E1", "2026-03-02", "ТЦ Мега", "да", "да", "3", "да", ""],
            ["E9", "2026-03-02", "ТЦ Мега", "да", "да", "3", "да", ""],
            ["E2", "2026-03-02", "ТЦ Мега", "н/п", "да", "5", "может быть", ""],
            ["E2", "2026-03-02", "ТЦ Европа", "да", "да", "3", "", ""],
        ]
        result = self.run_import(csv_bytes(rows))
        errors = self.errors(result)
        self.assertIn("line 3, column “employee_id”: no employee “E9”", errors)
        self.assertIn(
            "line 4, column “greeting”: “Not applicable” is not allowed for this criterion.",
            errors,
        )
        self.assertIn("line 4, column “product”: Give points from 0 to 4.", errors)
        self.assertIn(
            "line 4, column “polite”: “может быть” is not an answer; write yes/no/да/нет/1/0, "
            "points or N/A",
            errors,
        )
        self.assertIn("line 5, column “polite”: the value is missing", errors)
        self.assertEqual(len(errors), 5)
        self.assert_nothing_written(result)

    def test_unknown_and_missing_criterion_columns(self):
        header = ["employee_id", "date", "location", "greting", "need", "product", "polite"]
        rows = [header, ["E1", "2026-03-02", "ТЦ", "да", "да", "3", "да"]]
        result = self.run_import(csv_bytes(rows))
        errors = self.errors(result)
        self.assertEqual(len(errors), 2, errors)
        self.assertTrue(
            errors[0].startswith("line 1, column “greting”: “greting” is not a criterion")
        )
        self.assertTrue(errors[1].startswith("line 1, column “greeting”: the file has no column"))
        self.assertEqual(result.warnings, [])
        self.assert_nothing_written(result)

    def test_an_extra_column_is_refused_even_with_every_criterion_there(self):
        rows = [[*row, "да"] for row in ROWS]
        rows[0][-1] = "smile"
        result = self.run_import(csv_bytes(rows))
        errors = self.errors(result)
        self.assertEqual(len(errors), 1)
        self.assertTrue(errors[0].startswith("line 1, column “smile”: “smile” is not a criterion"))
        self.assert_nothing_written(result)

    def test_a_row_twice_and_a_future_date(self):
        rows = [
            MYSTERY_HEADER,
            ["E1", "2026-03-02", "ТЦ", "да", "да", "3", "да", ""],
            ["e1", "2026-03-02", "ТЦ", "нет", "да", "3", "да", ""],
            ["E2", "2099-01-01", "ТЦ", "да", "да", "3", "да", ""],
        ]
        errors = self.errors(self.run_import(csv_bytes(rows)))
        self.assertEqual(
            errors,
            [
                "line 3: the same employee, date and location as line 2",
                "line 4, column “date”: the visit cannot be in the future",
            ],
        )

    def test_a_wave_keeps_its_scorecard(self):
        self.run_import(csv_bytes(ROWS))
        other = scorecard_make(title="Другая")
        result = self.run_import(csv_bytes(ROWS), scorecard=other)
        self.assertEqual(
            self.errors(result),
            [
                "the wave “Весна 2026” was imported with the scorecard “Разговор с клиентом по "
                "телефону”; import into it with the same scorecard"
            ],
        )
        self.assertEqual(Evaluation.objects.count(), 2)


class IdempotencyTests(MysteryData, TestCase):
    def test_the_same_file_again_changes_nothing(self):
        self.run_import(csv_bytes(ROWS))
        before = list(Evaluation.objects.order_by("pk").values_list("pk", "score"))
        again = self.run_import(csv_bytes(ROWS, delimiter=";", encoding="cp1251"))
        self.assertEqual(self.errors(again), [])
        self.assertEqual((again.created, again.unchanged), (0, 2))
        self.assertEqual(list(Evaluation.objects.order_by("pk").values_list("pk", "score")), before)
        self.assertEqual(MysteryShoppingWave.objects.count(), 1)

    def test_a_new_row_is_added_to_the_wave(self):
        self.run_import(csv_bytes(ROWS))
        rows = [*ROWS, ["E1", "2026-03-04", "ТЦ Европа", "да", "да", "4", "да", ""]]
        result = self.run_import(csv_bytes(rows))
        self.assertEqual((result.created, result.unchanged), (1, 2))
        self.assertEqual(Evaluation.objects.filter(wave__name="Весна 2026").count(), 3)

    def test_a_visit_with_other_answers_is_refused(self):
        self.run_import(csv_bytes(ROWS))
        rows = [list(row) for row in ROWS]
        rows[1][5] = "4"
        result = self.run_import(csv_bytes(rows))
        self.assertEqual(
            self.errors(result),
            [
                "line 2: this visit is already in the wave with other answers; visits are not "
                "changed by an import"
            ],
        )
        self.assertEqual(Evaluation.objects.get(person=self.first).score, Decimal("91.67"))


class CommandTests(MysteryData, TestCase):
    def call(self, path, *args):
        out, err = StringIO(), StringIO()
        call_command("import_mystery_shopping", str(path), *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_import_dry_run_and_again(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "wave.csv"
            path.write_bytes(csv_bytes(ROWS))
            wave = ["--wave", "Весна 2026", "--scorecard", str(self.scorecard.pk)]
            out, _err = self.call(path, *wave, "--dry-run")
            self.assertIn("Dry run, nothing written: 2 new visits", out)
            self.assertFalse(Evaluation.objects.exists())
            by_title = ["--wave", "Весна 2026", "--scorecard", self.scorecard.title]
            out, _err = self.call(path, *by_title, "--provider", "Агентство", "--period",
                                  "2026-03-01", "2026-03-31")  # fmt: skip
            self.assertIn("Imported: 2 new visits", out)
            wave_obj = MysteryShoppingWave.objects.get()
            self.assertEqual(wave_obj.provider, "Агентство")
            self.assertEqual(wave_obj.period_end, datetime.date(2026, 3, 31))
            out, _err = self.call(path, *wave)
            self.assertIn("Nothing changed: all 2 visits are already in the wave.", out)
            self.assertEqual(Evaluation.objects.count(), 2)

    def test_errors_exit_with_every_line(self):
        import tempfile
        from pathlib import Path

        rows = [*ROWS, ["E9", "2026-03-02", "ТЦ", "да", "да", "3", "да", ""]]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "wave.csv"
            path.write_bytes(csv_bytes(rows))
            with self.assertRaisesMessage(CommandError, "1 error; nothing was imported"):
                self.call(path, "--wave", "W", "--scorecard", str(self.scorecard.pk))
            with self.assertRaisesMessage(CommandError, "No scorecard “Нет такой”"):
                self.call(path, "--wave", "W", "--scorecard", "Нет такой")
        self.assertFalse(Evaluation.objects.exists())


class ImportedVisitReadTests(MysteryData, TestCase):
    def test_a_visit_imported_by_the_command_reads_without_an_evaluator(self):
        self.run_import(csv_bytes(ROWS))
        visit = Evaluation.objects.get(person=self.first)
        self.client.force_login(self.qa)
        response = self.client.get(f"/api/v1/quality/evaluations/{visit.pk}")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertIsNone(body["evaluator"])
        self.assertEqual(body["score"], "91.67")
        self.assertEqual(body["person"]["id"], self.first.pk)
