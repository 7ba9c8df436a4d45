"""What the quality endpoints share: the router mounted at /api/v1/quality, an answer's body
and the service's located errors in ninja's 422 shape. ``quality.api`` and its sibling modules
(feedback, the employee's side, trends) register their endpoints on this router."""

from typing import Annotated, Literal

from django.core.exceptions import ValidationError

from ninja import Field, Router, Schema
from pydantic import StrictInt

from lms.api.errors import ApiError
from lms.api.registry import router_register
from lms.api.schemas import MAX_ID

router = router_register(Router(tags=["quality"]), prefix="/quality")

BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


class AnswerBody(Schema):
    criterion_id: BodyId
    # "yes", "no", "na", or points from 0 to the criterion's maximum.
    value: Literal["yes", "no", "na"] | Annotated[StrictInt, Field(ge=0, le=1000)]
    comment: str = Field("", max_length=2000)


def located(exc: ValidationError) -> ApiError:
    """The service's errors keyed ``answers.2.value`` as ninja's 422 shape."""
    errors = []
    for key, messages in exc.message_dict.items():
        loc = ["body", *(int(part) if part.isdigit() else part for part in key.split("."))]
        errors.extend({"type": "invalid", "loc": loc, "msg": m} for m in messages)
    return ApiError(422, errors)
