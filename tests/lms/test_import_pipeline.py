"""The shared import pipeline (``lms.core.importing``): header mapping, cell parsers, located
errors, and the preview / all-or-nothing import, with a small importer of teams that a later
import (mystery shopping, feedback) would look like: a column spec, a plan and an apply."""

import datetime

from django.test import SimpleTestCase, TestCase
from django.utils import translation

from lms.core import importing
from lms.core.importing import (
    CHANGE,
    CREATE,
    UNCHANGED,
    CellError,
    Column,
    FieldChange,
    ImportPlan,
    RowChange,
    RowError,
    TableSpec,
    normalise,
    table_import,
    table_parse,
)
from lms.core.tabular import TableRow
from lms.people.models import Team
from tests.lms.staff_files import csv_file, xlsx_file

SPEC = TableSpec(
    columns=(
        Column("name", ("название", "команда"), importing.text(max_length=120), True, True),
        Column("description", ("описание",)),
        Column("founded", ("дата основания",), importing.date),
        Column("kind", ("тип",), importing.choice({"sales": "s", "продажи": "s"}, shown=["sales"])),
    )
)


def parse(*rows):
    return table_parse(rows=[TableRow(n, list(r)) for n, r in enumerate(rows, start=1)], spec=SPEC)


def located(errors):
    return [(e.line, e.column) for e in errors]


class TeamImporter:
    """Teams by name: create the new ones, change the description of known ones."""

    spec = SPEC

    def plan(self, table):
        known = dict(Team.objects.values_list("name", "description"))
        plan = ImportPlan()
        for row in table.rows:
            name, description = row.get("name"), row.get("description", "")
            if name not in known:
                action, changes = CREATE, [FieldChange("description", "", description)]
            elif known[name] != description:
                action, changes = CHANGE, [FieldChange("description", known[name], description)]
            else:
                action, changes = UNCHANGED, []
            plan.rows.append(RowChange(row.line, name, name, action, changes))
        return plan

    def apply(self, plan):
        for row in plan.rows:
            if row.action != UNCHANGED:
                Team.objects.update_or_create(
                    name=row.key, defaults={"description": row.changes[0].new}
                )


class NormaliseTests(SimpleTestCase):
    def test_case_yo_spaces_underscores_and_dashes(self):
        self.assertEqual(normalise("  Дата_Приёма "), "дата приема")
        self.assertEqual(normalise("\ufeffE-mail"), normalise("e mail"))
        self.assertEqual(normalise("employee_id"), normalise("Employee ID"))


class ParserTests(SimpleTestCase):
    def test_dates(self):
        for text in ("2026-03-02", "02.03.2026", "2.3.2026", "2026-03-02T00:00:00"):
            with self.subTest(text):
                self.assertEqual(importing.date(text), datetime.date(2026, 3, 2))
        for text in ("31.02.2026", "2026/03/02", "завтра", "03-02-2026"):
            with self.subTest(text), self.assertRaises(CellError):
                importing.date(text)

    def test_choices_and_lists(self):
        parse_kind = importing.choice({"Самостоятельно": 1, "solo": 1, "уволен": 2}, shown=["x"])
        self.assertEqual(parse_kind("САМОСТОЯТЕЛЬНО"), 1)
        with self.assertRaises(CellError) as raised:
            parse_kind("в отпуске")
        self.assertIn("в отпуске", raised.exception.message)
        many = importing.list_of(parse_kind)
        self.assertEqual(many("solo; уволен,самостоятельно"), [1, 2])

    def test_text_and_email(self):
        with self.assertRaises(CellError):
            importing.text(max_length=3)("four")
        self.assertEqual(importing.email("Ivan@Example.RU"), "Ivan@example.ru")
        with self.assertRaises(CellError):
            importing.email("ivan@")


class TableParseTests(SimpleTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_aliases_in_any_case_and_spelling(self):
        table = parse(
            ["Название", "ОПИСАНИЕ", "Дата основания"], ["Продажи", "Отдел", "01.02.2020"]
        )

        self.assertEqual(table.errors, [])
        self.assertEqual(table.headers["name"], "Название")
        row = table.rows[0]
        self.assertEqual(row.values["founded"], datetime.date(2020, 2, 1))
        self.assertTrue(table.has("description"))
        self.assertFalse(table.has("kind"))

    def test_unknown_columns_and_cells_without_a_column_are_warnings(self):
        table = parse(["name", "бюджет", ""], ["A", "100", "lost"])

        self.assertEqual(table.errors, [])
        self.assertEqual(located(table.warnings), [(1, "бюджет"), (2, "")])

    def test_a_missing_required_column_and_a_column_named_twice(self):
        self.assertEqual(located(parse(["описание"], ["x"]).errors), [(1, "name")])
        table = parse(["name", "команда"], ["a", "b"])
        self.assertEqual(located(table.errors), [(1, "команда")])
        self.assertFalse(table.readable)

    def test_cells_are_checked_with_their_line_and_column(self):
        table = parse(
            ["name", "founded", "тип"],
            ["A", "2020-01-01", "sales"],
            ["", "", ""],  # blank rows are skipped
            ["", "2020-13-01", "b2b"],
            ["a", "", ""],
        )

        self.assertEqual(
            located(table.errors), [(4, "founded"), (4, "тип"), (4, "name"), (5, "name")]
        )
        self.assertEqual([row.line for row in table.rows], [2, 4, 5])
        self.assertEqual(table.rows[0].values["kind"], "s")

    def test_an_error_names_line_and_column(self):
        error = RowError(7, "дата", "bad")
        self.assertEqual(str(error), "line 7, column “дата”: bad")
        self.assertEqual(str(RowError(7, "", "bad")), "line 7: bad")
        self.assertEqual(str(RowError(None, "", "bad")), "bad")
        translation.activate("ru")
        self.assertEqual(str(error), "строка 7, столбец «дата»: bad")

    def test_an_empty_file(self):
        self.assertEqual(located(parse().errors), [(1, "")])


class TableImportTests(TestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def run_import(self, rows, **options):
        return table_import(
            importer=TeamImporter(), content=csv_file(rows), filename="t.csv", **options
        )

    def test_a_preview_writes_nothing(self):
        result = self.run_import([["name", "описание"], ["A", "first"]], dry_run=True)

        self.assertEqual((result.created, result.applied), (1, False))
        self.assertFalse(Team.objects.exists())

    def test_an_import_applies_and_a_second_one_changes_nothing(self):
        rows = [["name", "описание"], ["A", "first"], ["B", ""]]
        result = self.run_import(rows)

        self.assertTrue(result.applied)
        self.assertEqual((result.created, result.changed, result.unchanged), (2, 0, 0))
        self.assertEqual(
            self.run_import(rows).summary(), "0 created, 0 changed, 2 unchanged, 0 deactivated"
        )
        rows[1][1] = "second"
        result = self.run_import(rows)
        self.assertEqual((result.changed, result.unchanged), (1, 1))
        self.assertEqual(
            result.changed_rows()[0].changes, [FieldChange("description", "first", "second")]
        )

    def test_one_bad_row_anywhere_writes_nothing(self):
        rows = [["name", "дата основания"], *[[f"T{n}", ""] for n in range(20)], ["Z", "вчера"]]

        result = self.run_import(rows)

        self.assertEqual(located(result.errors), [(22, "дата основания")])
        self.assertFalse(result.applied)
        self.assertFalse(Team.objects.exists())

    def test_xlsx_and_an_unreadable_file(self):
        result = table_import(
            importer=TeamImporter(), content=xlsx_file([["name"], ["A"]]), filename="t.xlsx"
        )
        self.assertEqual(result.created, 1)

        result = table_import(
            importer=TeamImporter(), content=b"\xd0\xcf\x11\xe0", filename="t.xls"
        )
        self.assertEqual(len(result.errors), 1)
        self.assertEqual(result.rows, [])
