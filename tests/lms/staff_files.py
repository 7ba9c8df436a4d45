"""Staff files for the import tests: CSV in any encoding and delimiter, and XLSX, built from
rows of cells."""

import io
from pathlib import Path

import openpyxl

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

HEADER = [
    "табельный номер", "фамилия", "имя", "почта", "команда", "должность", "руководитель",
    "наставник", "дата приёма", "статус", "дата увольнения", "роли",
]  # fmt: skip


def csv_file(rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    """A CSV file of ``rows`` (lists of cells), lines ended as Excel ends them."""
    return "".join(delimiter.join(row) + "\r\n" for row in rows).encode(encoding)


def xlsx_file(rows) -> bytes:
    """An XLSX workbook whose first sheet holds ``rows``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person(
    employee_id,
    *,
    last_name="Иванов",
    first_name="Иван",
    email=None,
    team="Контакт-центр",
    job_role="Оператор",
    manager="",
    mentor="",
    hired="01.03.2026",
    status="адаптация",
    left_on="",
    roles="",
):
    """A row under ``HEADER``."""
    email = f"{employee_id.lower()}@example.ru" if email is None else email
    return [
        employee_id, last_name, first_name, email, team, job_role, manager, mentor, hired,
        status, left_on, roles,
    ]  # fmt: skip


def example_rows(name: str) -> list[list[str]]:
    """The rows of a sample file in docs/examples."""
    content = (EXAMPLES / name).read_bytes()
    text = content.decode("utf-8-sig") if name == "staff.csv" else content.decode("cp1251")
    return [line.split(";") for line in text.splitlines() if line]
