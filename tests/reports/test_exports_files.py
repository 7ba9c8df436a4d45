"""The file writers (``reports/export_files.py``): every value type in each format, formulas
neutralised, and memory bounded however many rows go through."""

import csv
import datetime
import io
import json
import tempfile
import tracemalloc
from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import timezone, translation

import openpyxl

from reports.export_files import csv_chunks, json_chunks, xlsx_write
from reports.selectors.exports import (
    BOOLEAN,
    CHOICE,
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    Column,
)

COLUMNS = (
    Column("name", "Имя"),
    Column("day", "День", DATE),
    Column("moment", "Момент", DATETIME),
    Column("score", "Балл", NUMBER),
    Column("number", "Номер", INTEGER),
    Column("ok", "Сдан", BOOLEAN),
    Column("kind", "Вид", CHOICE, choices={"a": "Первый"}),
)
MOMENT = datetime.datetime(2026, 9, 14, 7, 30, tzinfo=datetime.UTC)  # 10:30 in Moscow
ROW = ("Анна", datetime.date(2026, 9, 14), MOMENT, Decimal("87.50"), 3, True, "a")
EMPTY = (None,) * len(COLUMNS)
FORMULAS = ["=1+1", "+7 999", "-5", "@SUM(A1)", "\tx", "\rx"]


def many_rows(n: int):
    for i in range(n):
        yield (f"Сотрудник номер {i:06d} из команды продаж", *ROW[1:4], i, i % 2 == 0, "a")


def peak_memory(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class FileFormatTests(SimpleTestCase):
    def csv(self, rows):
        text = b"".join(csv_chunks(COLUMNS, rows)).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))

    def test_csv_values_in_russian_and_in_english(self):
        with translation.override("ru"), timezone.override("Europe/Moscow"):
            _header, row, empty = self.csv([ROW, EMPTY])
        self.assertEqual(
            row, ["Анна", "2026-09-14", "2026-09-14 10:30", "87,50", "3", "да", "Первый"]
        )
        self.assertEqual(empty, [""] * len(COLUMNS))
        with translation.override("en"):
            _header, row = self.csv([ROW])
        self.assertEqual((row[3], row[5]), ("87.50", "yes"))

    def test_csv_neutralises_every_formula_start_in_text_and_headers(self):
        columns = (Column("a", "=header"),)
        text = b"".join(csv_chunks(columns, [(value,) for value in FORMULAS]))
        rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"), newline=""), delimiter=";"))
        self.assertEqual(rows[0], ["'=header"])
        self.assertEqual([row[0] for row in rows[1:]], ["'" + value for value in FORMULAS])

    def test_json_values(self):
        with timezone.override("Europe/Moscow"):
            data = json.loads(b"".join(json_chunks(COLUMNS, [ROW, EMPTY])))
        self.assertEqual(
            data[0],
            {
                "name": "Анна",
                "day": "2026-09-14",
                "moment": "2026-09-14T10:30:00+03:00",
                "score": "87.50",
                "number": 3,
                "ok": True,
                "kind": "a",
            },
        )
        self.assertEqual(set(data[1].values()), {None})
        self.assertEqual(json.loads(b"".join(json_chunks(COLUMNS, []))), [])

    def test_xlsx_text_that_starts_like_a_formula_stays_text(self):
        columns = (Column("a", "A"),)
        out = io.BytesIO()
        xlsx_write(columns, [(value,) for value in FORMULAS] + [("\x07bell",)], out, title="T")
        sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        self.assertEqual([c.value for c in cells[:4]], FORMULAS[:4])
        # A tab or carriage return comes back as XML keeps it, still before the text.
        self.assertEqual([c.value[1:] for c in cells[4:6]], ["x", "x"])
        for cell in cells[:-1]:
            self.assertEqual(cell.data_type, "s")
            self.assertTrue(cell.quotePrefix, cell.value)
        # A character XML cannot hold is dropped instead of failing the whole file.
        self.assertEqual(cells[-1].value, "bell")

    def growth(self, write, small: int, large: int) -> tuple[int, int]:
        """How much more memory ``write(rows)`` takes at its peak for ``large`` rows than for
        ``small`` ones, and how much more the rows themselves take as a list."""
        write(many_rows(10))  # imports, catalogues and caches, once
        written = peak_memory(lambda: write(many_rows(large))) - peak_memory(
            lambda: write(many_rows(small))
        )
        listed = peak_memory(lambda: list(many_rows(large))) - peak_memory(
            lambda: list(many_rows(small))
        )
        return written, listed

    def test_streamed_formats_hold_a_few_rows_at_a_time(self):
        """Four times the rows through the CSV and JSON writers: the peak of memory stays where
        it was (the figures for 100,000 rows are in bench/exports.py)."""
        for writer in (csv_chunks, json_chunks):

            def write(rows, writer=writer):
                for _chunk in writer(COLUMNS, rows):
                    pass

            written, listed = self.growth(write, 1000, 4000)
            self.assertLess(written, listed / 10, (writer.__name__, written, listed))

    def test_every_writer_lets_each_row_go_once_written(self):
        """However many rows come, at most a couple are alive at once while any writer runs
        (the XLSX peak of memory for 100,000 rows is in bench/exports.py: openpyxl's buffers
        reach their size within the first rows and stay there)."""
        alive = {"now": 0, "most": 0}

        class Row(tuple):
            def __new__(cls, values):
                alive["now"] += 1
                alive["most"] = max(alive["most"], alive["now"])
                return super().__new__(cls, values)

            def __del__(self):
                alive["now"] -= 1

        def rows():
            for values in many_rows(3000):
                yield Row(values)

        def xlsx(columns, rows):
            with tempfile.TemporaryFile() as out:
                xlsx_write(columns, rows, out, title="T")
            return [b""]

        for writer in (csv_chunks, json_chunks, xlsx):
            alive["most"] = 0
            for _chunk in writer(COLUMNS, rows()):
                pass
            self.assertLessEqual(alive["most"], 2, writer.__name__)
            self.assertEqual(alive["now"], 0)
