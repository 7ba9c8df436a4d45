"""Customer feedback in the JSON API: ``POST /api/v1/quality/feedback``.

201 ``{"id", "created": true, …}`` for a new external id; 200 with the same ``id`` and
``"created": false`` when that external id was recorded before (``differs`` and ``detail`` say
whether this post's content was other than the first, which is kept). QA evaluators and
administrators post for anyone, managers for the people they manage; 403 for anyone else, 401
without a session or token; 422 ``{"detail": [{"type", "loc", "msg"}]}`` located as ninja locates a body's fields,
``["body", "payload", "score"]``, for the service's checks too.
"""

import datetime
from typing import Annotated, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ninja import Field, Schema, Status
from pydantic import StrictInt

from lms.api.errors import ApiError
from lms.api.schemas import MAX_ID, ErrorOut, ValidationErrorOut
from quality.api_base import router
from quality.models import Channel, Feedback
from quality.selectors import user_evaluates
from quality.services.feedback import ERROR_MAY_NOT_POST, feedback_record

ERROR_NO_PERSON = _("No such person.")


class FeedbackIn(Schema):
    external_id: str = Field(..., min_length=1, max_length=200)
    kind: Literal[tuple(Feedback.Kind.values)]
    person_id: Annotated[int, Field(ge=1, le=MAX_ID)]
    date: datetime.date
    channel: Literal[tuple(Channel.values)] | Literal[""] = ""
    text: str = Field("", max_length=10000)
    # CSAT 1–5, NPS 0–10; absent or null for complaints and thanks.
    score: StrictInt | None = None
    # A complaint's severity: low, medium, high or critical; absent, empty or null otherwise.
    severity: str | None = Field("", max_length=20)
    # A feedback category's name, as kept in the admin.
    category: str = Field("", max_length=120)
    repeat_contact: bool = False


class FeedbackOut(Schema):
    id: int
    created: bool
    # Only when not created: whether this post's content was other than the stored one's.
    differs: bool
    detail: str


def _located(exc: ValidationError) -> ApiError:
    errors = [
        {"type": "invalid", "loc": ["body", "payload", key], "msg": message}
        for key, messages in exc.message_dict.items()
        for message in messages
    ]
    return ApiError(422, errors)


@router.post(
    "/feedback",
    response={200: FeedbackOut, 201: FeedbackOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Record a customer's complaint, thanks or score, once per external id",
)
def feedback_post(request: HttpRequest, payload: FeedbackIn):
    # Those who record nobody's feedback learn nothing about who exists.
    if not user_evaluates(user=request.user):
        raise PermissionDenied(ERROR_MAY_NOT_POST)
    person = get_user_model().objects.filter(pk=payload.person_id, is_active=True).first()
    if person is None:
        error = {
            "type": "invalid",
            "loc": ["body", "payload", "person_id"],
            "msg": str(ERROR_NO_PERSON),
        }
        raise ApiError(422, [error])
    try:
        recorded = feedback_record(
            by=request.user,
            external_id=payload.external_id,
            kind=payload.kind,
            person=person,
            date=payload.date,
            channel=payload.channel,
            text=payload.text,
            score=payload.score,
            severity=(payload.severity or "").strip().lower(),
            category=payload.category,
            repeat_contact=payload.repeat_contact,
        )
    except ValidationError as exc:
        raise _located(exc) from exc
    out = {
        "id": recorded.feedback.pk,
        "created": recorded.created,
        "differs": recorded.differs,
        "detail": recorded.message,
    }
    return Status(201 if recorded.created else 200, out)
