"""Benchmark: how fast an import refuses a workbook of 1,000,000 rows that weighs ~200 KB.

Builds the workbook (rows without coordinates, one small number each, packed at the highest
level), hands it to the shared reader every importer uses (``lms.core.tabular``), and prints
the reader's message, the time it took to refuse and the peak memory it allocated (tracemalloc).
Then the same for 900,000 rows with coordinates (ordinary packing, under the unpacked limit:
only the row count refuses it before openpyxl) and for a member that unpacks to 1 GB. The
limits are the defaults (50,000 rows, 50 MB unpacked).
Run: .venv/bin/python bench/import_limits.py [--rows N]
"""

import argparse
import io
import os
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django

django.setup()

from django.utils import translation

import openpyxl

from lms.core.tabular import TableFileError, table_read

SHEET = "xl/worksheets/sheet1.xml"
WORKSHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def workbook(rows: int, *, coordinates: bool) -> bytes:
    """An openpyxl workbook whose first sheet has ``rows`` rows, written in a stream."""
    empty = io.BytesIO()
    openpyxl.Workbook().save(empty)
    source = zipfile.ZipFile(empty)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, source.read(info.filename))
                continue
            with archive.open(SHEET, "w") as sheet:
                sheet.write(WORKSHEET + b"<sheetData>")
                for n in range(1, rows + 1):
                    if coordinates:
                        sheet.write(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n))
                    else:
                        # A period of 1,000 rows fits deflate's window: ~200 KB in all.
                        sheet.write(b"<row><c><v>%d</v></c></row>" % (n % 1_000))
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def bomb(unpacked: int) -> bytes:
    """A one-row workbook with a member of ``unpacked`` spaces."""
    out = io.BytesIO(workbook(1, coordinates=True))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(unpacked // 2**20):
            member.write(b" " * 2**20)
    return out.getvalue()


def refuse(label: str, content: bytes) -> None:
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(content)).infolist())
    tracemalloc.start()
    started = time.perf_counter()
    try:
        rows = table_read(content=content, filename="bench.xlsx")
        outcome = f"read {len(rows)} rows (not refused!)"
    except TableFileError as exc:
        outcome = f"refused: {exc}"
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label}: {len(content) / 1024:,.0f} KB packed, {unpacked / 2**20:,.1f} MB unpacked")
    print(f"  {outcome}")
    print(f"  {elapsed * 1000:,.0f} ms, peak {peak / 2**20:,.1f} MB allocated")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with translation.override("en"):
        refuse(f"{args.rows:,} rows, no coordinates", workbook(args.rows, coordinates=False))
        rows = args.rows * 9 // 10
        refuse(f"{rows:,} rows with coordinates", workbook(rows, coordinates=True))
        refuse("zip bomb member", bomb(1024 * 2**20))


if __name__ == "__main__":
    main()
