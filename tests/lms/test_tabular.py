"""Reading uploaded tables and text files within limits (``lms/core/tabular.py``)."""

import datetime
import io

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.test import SimpleTestCase, override_settings
from django.utils import translation

import openpyxl

from lms.core import tabular
from lms.core.tabular import (
    TableFileError,
    TableRow,
    file_size_check,
    table_read,
    text_lines_check,
)
from tests.lms.test_settings import _settings_in_subprocess
from tests.lms.xlsx_files import (
    long_workbook,
    padded_workbook,
    sheet_xml,
    workbook_with,
)


def limit(number: int) -> tabular.Grouped:
    # Shown grouped ("50,000"), still a number: the message takes its plural form from it.
    return tabular.grouped(number)


def rows_message(number: int) -> str:
    return str(tabular.ERROR_TOO_MANY_ROWS % {"max": limit(number)})


def workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_lines(count: int) -> bytes:
    return "".join(f"t{n},d\n" for n in range(1, count + 1)).encode()


class CsvReadTests(SimpleTestCase):
    def read(self, content: bytes, **kwargs) -> list[TableRow]:
        return table_read(content=content, filename="f.csv", **kwargs)

    def test_rows_with_their_lines_whatever_the_delimiter_and_bom(self):
        for delimiter in (",", ";", "\t"):
            with self.subTest(delimiter=repr(delimiter)):
                content = f"\ufeffa{delimiter}b\n1{delimiter}2\n".encode()
                self.assertEqual(
                    self.read(content), [TableRow(1, ["a", "b"]), TableRow(2, ["1", "2"])]
                )

    def test_windows_1251_is_read_when_the_file_is_not_utf8(self):
        content = "Тариф;Цены\nСвязь;Звонки\n".encode("cp1251")
        self.assertEqual(self.read(content)[1], TableRow(2, ["Связь", "Звонки"]))

    def test_utf8_only_refuses_another_encoding_at_its_line(self):
        content = "term\nТариф\n".encode("cp1251")
        with self.assertRaises(TableFileError) as caught:
            self.read(content, encodings=tabular.UTF8)
        self.assertEqual(caught.exception.line, 2)
        self.assertEqual(caught.exception.message, str(tabular.ERROR_NOT_UTF8))

    def test_our_apostrophe_before_a_formula_start_comes_off(self):
        self.assertEqual(self.read(b"'=1+1,'plain\n")[0].cells, ["=1+1", "'plain"])

    @override_settings(IMPORT_MAX_ROWS=10)
    def test_the_row_limit_is_a_line_limit(self):
        self.assertEqual(len(self.read(csv_lines(10))), 10)
        with self.assertRaises(TableFileError) as caught:
            self.read(csv_lines(11))
        self.assertEqual((caught.exception.line, caught.exception.message), (11, rows_message(10)))

    def test_the_default_row_limit(self):
        self.assertEqual(settings.IMPORT_MAX_ROWS, 50_000)
        self.assertEqual(len(self.read(csv_lines(50_000))), 50_000)
        with self.assertRaises(TableFileError) as caught:
            self.read(csv_lines(50_001))
        self.assertEqual(caught.exception.line, 50_001)
        self.assertEqual(caught.exception.message, rows_message(50_000))

    def test_the_message_names_the_limit_and_what_to_do(self):
        with translation.override("en"), self.assertRaises(TableFileError) as caught:
            self.read(csv_lines(50_001))
        self.assertEqual(
            str(caught.exception),
            "line 50001: the file has more than 50,000 rows; split the file: at most 50,000 "
            "rows per import",
        )

    @override_settings(IMPORT_MAX_CELLS=10)
    def test_the_cell_limit(self):
        self.assertEqual(len(self.read(b"a,b,c,d,e\n1,2,3,4,5\n")), 2)
        with self.assertRaises(TableFileError) as caught:
            self.read(b"a,b,c,d,e\n1,2,3,4,5\n6\n")
        self.assertEqual(caught.exception.line, 3)
        self.assertEqual(
            caught.exception.message, str(tabular.ERROR_TOO_MANY_CELLS % {"max": limit(10)})
        )

    @override_settings(IMPORT_MAX_FILE_BYTES=100)
    def test_the_size_limit(self):
        self.assertEqual(len(self.read(b"x" * 99 + b"\n")), 1)
        with self.assertRaises(TableFileError) as caught:
            self.read(b"x" * 100 + b"\n")
        self.assertIsNone(caught.exception.line)
        self.assertIn("100", caught.exception.message)


class XlsxReadTests(SimpleTestCase):
    def read(self, content: bytes) -> list[TableRow]:
        return table_read(content=content, filename="f.xlsx")

    def refusal(self, content: bytes) -> TableFileError:
        with self.assertRaises(TableFileError) as caught:
            self.read(content)
        return caught.exception

    def test_cells_become_text_at_their_row_numbers(self):
        workbook = openpyxl.Workbook()
        for row in (["Term", 42, 3.5, 2.0], [None], [datetime.date(2025, 3, 1), None, "x"]):
            workbook.active.append(row)
        workbook.create_sheet("Second").append(["not read"])
        content = workbook_bytes(workbook)
        self.assertEqual(
            self.read(content),
            [
                TableRow(1, ["Term", "42", "3.5", "2"]),
                TableRow(2, []),  # a row without cells
                TableRow(3, ["2025-03-01T00:00:00", "", "x"]),
            ],
        )

    def test_rows_past_misstated_dimensions_are_read(self):
        # Read-only mode trusts the stated dimensions and would drop rows 2 and 3.
        sheet = sheet_xml(3).replace(b'ref="A1:A3"', b'ref="A1:A1"')
        self.assertEqual([row.line for row in self.read(workbook_with(sheet=sheet))], [1, 2, 3])

    @override_settings(IMPORT_MAX_ROWS=10)
    def test_the_row_limit(self):
        self.assertEqual(len(self.read(long_workbook(10))), 10)
        refusal = self.refusal(long_workbook(11))
        self.assertEqual((refusal.line, refusal.message), (11, rows_message(10)))

    @override_settings(IMPORT_MAX_ROWS=10)
    def test_a_long_sheet_is_refused_before_openpyxl_parses_it(self):
        # Broken XML after the rows: openpyxl reads a sheet without stated dimensions to its
        # end before the first row, so it would call the file unreadable.
        broken = workbook_with(sheet=sheet_xml(5, dimension=False, after=b"<broken"))
        self.assertEqual(self.refusal(broken).message, str(tabular.ERROR_NOT_XLSX))
        long = workbook_with(sheet=sheet_xml(11, dimension=False, after=b"<broken"))
        self.assertEqual(self.refusal(long).message, rows_message(10))

    def test_sixty_thousand_rows_are_refused_at_the_default_limit(self):
        refusal = self.refusal(long_workbook(60_001))
        self.assertEqual((refusal.line, refusal.message), (50_001, rows_message(50_000)))

    @override_settings(IMPORT_MAX_CELLS=1000)
    def test_a_row_reaching_the_last_column_is_refused_by_the_cell_limit(self):
        sheet = sheet_xml(1).replace(b'r="A1"', b'r="XFD1"')
        refusal = self.refusal(workbook_with(sheet=sheet))
        self.assertEqual(refusal.line, 1)
        self.assertEqual(refusal.message, str(tabular.ERROR_TOO_MANY_CELLS % {"max": limit(1000)}))

    def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_parsing(self):
        content = padded_workbook(50 * 1024 * 1024 + 1)
        self.assertLess(len(content), 200 * 1024)
        refusal = self.refusal(content)
        self.assertIsNone(refusal.line)
        self.assertEqual(settings.IMPORT_MAX_UNPACKED_BYTES, 50 * 1024 * 1024)
        expected = tabular.ERROR_UNPACKS_TOO_BIG % {"max": filesizeformat(50 * 1024 * 1024)}
        self.assertEqual(refusal.message, str(expected))

    def test_a_member_packed_like_a_bomb_is_refused(self):
        refusal = self.refusal(padded_workbook(2 * 1024 * 1024))
        self.assertIsNone(refusal.line)
        self.assertIn("xl/media/padding.bin", refusal.message)

    def test_an_old_excel_file_and_a_broken_one(self):
        self.assertEqual(
            self.refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100).message,
            str(tabular.ERROR_XLS),
        )
        self.assertEqual(
            self.refusal(b"PK\x03\x04 not really").message, str(tabular.ERROR_NOT_XLSX)
        )


class TextLimitTests(SimpleTestCase):
    @override_settings(IMPORT_MAX_LINES=3)
    def test_lines_are_counted_as_splitlines_counts_them(self):
        for text in ("a\nb\nc", "a\nb\nc\n", "a\r\nb\rc\r\n", "\n\n\n"):
            with self.subTest(text=text):
                text_lines_check(text=text)
        for text in ("a\nb\nc\nd", "a\r\rb\n\n", "\n\n\n\n"):
            with self.subTest(text=text), self.assertRaises(TableFileError) as caught:
                text_lines_check(text=text)
            self.assertEqual(caught.exception.line, 4)
            self.assertEqual(
                caught.exception.message, str(tabular.ERROR_TOO_MANY_LINES % {"max": limit(3)})
            )

    def test_the_default_line_limit(self):
        text_lines_check(text="\n" * 200_000)
        with self.assertRaises(TableFileError) as caught:
            text_lines_check(text="\n" * 200_000 + "x")
        self.assertEqual(caught.exception.line, 200_001)

    @override_settings(IMPORT_MAX_FILE_BYTES=10)
    def test_the_size_limit(self):
        file_size_check(content=b"x" * 10)
        with self.assertRaises(TableFileError):
            file_size_check(content=b"x" * 11)


class ImportLimitSettingsTests(SimpleTestCase):
    def test_limits_come_from_the_environment(self):
        names = [
            "IMPORT_MAX_FILE_BYTES",
            "IMPORT_MAX_ROWS",
            "IMPORT_MAX_CELLS",
            "IMPORT_MAX_LINES",
            "IMPORT_MAX_UNPACKED_BYTES",
        ]
        expr = "[" + ", ".join(f"s.{name}" for name in names) + "]"
        defaults = _settings_in_subprocess("lms.settings.base", {}, expr)
        self.assertEqual(defaults.returncode, 0, defaults.stderr)
        self.assertEqual(defaults.stdout.strip(), "[10485760, 50000, 2000000, 200000, 52428800]")
        chosen = _settings_in_subprocess(
            "lms.settings.base", {name: str(n) for n, name in enumerate(names, start=1)}, expr
        )
        self.assertEqual(chosen.stdout.strip(), "[1, 2, 3, 4, 5]")
