"""Shapes shared by every app's endpoints: errors and decimal numbers.

Decimal numbers (scores, percentages) travel as JSON strings with two decimal places, e.g.
``"7.50"``: exact, unlike binary floats, and the same whether the value came from the
database or was just computed. Clients parse them with their decimal type.
"""

from decimal import Decimal
from typing import Annotated

from ninja import Path, Schema
from pydantic import PlainSerializer, WithJsonSchema


def _two_places(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


DecimalString = Annotated[
    Decimal,
    PlainSerializer(_two_places, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "decimal",
            "pattern": r"^-?\d+\.\d{2}$",
            "description": "A decimal number as a string with two decimal places.",
            "examples": ["7.50"],
        }
    ),
]


class ErrorOut(Schema):
    """Every error answer: what went wrong, in the person's language."""

    detail: str


class FieldErrorOut(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """422: ninja's validation shape, each problem with where it is (``["body", "text"]``)."""

    detail: list[FieldErrorOut]


# A database id in a path: anything beyond a 64-bit integer is refused with 422 before it
# reaches the database (SQLite raises on such numbers in some lookups instead of finding nothing).
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
