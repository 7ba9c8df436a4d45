"""Workbooks for the import-limit tests: sheets written by hand (long ones, ones without stated
dimensions, broken ones) and archives that unpack to far more than they weigh."""

import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
WORKSHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _empty_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def workbook_with(*, sheet: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """An openpyxl workbook whose first sheet is ``sheet`` (XML) and with ``extra`` members."""
    source = zipfile.ZipFile(io.BytesIO(_empty_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            archive.writestr(info.filename, sheet if sheet and info.filename == SHEET else data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def sheet_xml(rows: int, *, dimension: bool = True, after: bytes = b"") -> bytes:
    """A sheet of ``rows`` rows of one text cell each; ``after`` goes after the rows (broken
    XML there shows whether a parser ever got that far)."""
    cells = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>t%d</t></is></c></row>' % (n, n, n)
        for n in range(1, rows + 1)
    )
    size = b'<dimension ref="A1:A%d"/>' % rows if dimension else b""
    return WORKSHEET + size + b"<sheetData>" + cells + b"</sheetData>" + after + b"</worksheet>"


def long_workbook(rows: int, *, header: list[str] | None = None) -> bytes:
    """A workbook of ``rows`` short rows (after ``header``, if given), as openpyxl writes it
    (stated dimensions)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    if header:
        sheet.append(header)
    for number in range(rows):
        sheet.append([f"t{number}"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def padded_workbook(padding: int) -> bytes:
    """A one-row workbook carrying a member of ``padding`` spaces: a few kilobytes that unpack
    to ``padding`` bytes."""
    return workbook_with(sheet=sheet_xml(1), extra={"xl/media/padding.bin": b" " * padding})
