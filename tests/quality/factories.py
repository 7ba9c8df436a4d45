"""Scorecards for the quality tests, written through the models as the admin saves them."""

from decimal import Decimal

from quality.models import Criterion, Scorecard


def scorecard_make(*, title="Разговор с клиентом по телефону", criteria=None, **fields):
    """A scorecard with ``criteria`` (dicts of Criterion fields, in order; by default a
    greeting, a need, a points-scored product knowledge and a critical politeness)."""
    scorecard = Scorecard.objects.create(title=title, **fields)
    if criteria is None:
        criteria = [
            {"section": "Приветствие", "code": "greeting", "text": "Назвал своё имя и компанию"},
            {"section": "Потребность", "code": "need", "text": "Выяснил потребность",
             "weight": Decimal("2"), "na_allowed": True},
            {"section": "Продукт", "code": "product", "text": "Знает тариф",
             "scale": Criterion.Scale.POINTS, "max_points": 4},
            {"section": "Продукт", "code": "polite", "text": "Был вежлив", "critical": True},
        ]  # fmt: skip
    for order, values in enumerate(criteria):
        Criterion.objects.create(scorecard=scorecard, sort_order=order, **values)
    return scorecard


def criterion_ids(scorecard) -> dict[str, int]:
    return dict(scorecard.criteria.values_list("code", "pk"))


MYSTERY_HEADER = ["employee_id", "date", "location", "greeting", "need", "product", "polite",
                  "comment"]  # fmt: skip


def csv_bytes(rows, *, delimiter=",", encoding="utf-8-sig") -> bytes:
    """Rows written as a CSV file in ``encoding`` ("utf-8-sig": UTF-8 with a byte-order mark,
    as Excel saves it)."""
    import csv
    import io

    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def staff_with_id(employee_id: str, **profile):
    """A staff member (``tests.factories.staff_user``) with an employee ID."""
    from lms.people.models import StaffProfile
    from tests.factories import staff_user

    user = staff_user(**profile)
    StaffProfile.objects.filter(user=user).update(employee_id=employee_id)
    return user
