"""The employee's side of an evaluation in the JSON API.

- ``GET /api/v1/me/evaluations``: the caller's own evaluations, newest contact first, each with
  its ``status`` (``new``, ``acknowledged``, ``disputed``, ``upheld``, ``changed``) and, when
  changed, the id of the evaluation that ``superseded_by`` it.
- ``POST /api/v1/quality/evaluations/{id}/acknowledge`` (body optional) → 200 the evaluation's
  summary; ``POST …/dispute`` with ``{"reason": "…"}`` (required: 422 without) → 200.
  Both for the person evaluated only: 403 for anyone else who may read the evaluation, 404 for
  those who may not; 422 when it can no longer be acknowledged or disputed.
- ``POST /api/v1/quality/evaluations/{id}/resolve`` with ``{"decision": "uphold" | "change",
  "reason": "…", "answers": [...] (for change), "comment": "…"}`` → 200 the disputed
  evaluation's summary (``status`` ``upheld`` or ``changed``, ``superseded_by`` the new
  evaluation's id). As the site's resolve screen: the person's managers, QA evaluators and
  administrators other than the original evaluator; 403 for other readers, 404 for those who
  may not read it; 422 without a reason, with bad answers, or when no dispute waits.
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest

import pydantic
from ninja import Field, Router, Schema

from lms.api.errors import ApiError
from lms.api.registry import router_register
from lms.api.schemas import DecimalString, ErrorOut, ObjectId, ValidationErrorOut
from quality.api_base import AnswerBody, located, router
from quality.models import Evaluation, EvaluationEvent
from quality.selectors import evaluation_for_reader
from quality.selectors_reviews import evaluations_for_person
from quality.services.reviews import (
    evaluation_acknowledge,
    evaluation_dispute,
    evaluation_dispute_change,
    evaluation_dispute_uphold,
)
from quality.services.scoring import AnswerIn

me_router = router_register(Router(tags=["quality"]))

NEW = "new"


class MyEvaluationOut(Schema):
    id: int
    scorecard_title: str
    channel: str
    contact_date: datetime.date
    score: DecimalString | None
    critical_failed: bool
    status: str
    superseded_by: int | None


class MyEvaluationListOut(Schema):
    evaluations: list[MyEvaluationOut]


class DisputeIn(Schema):
    # Required: a missing or empty reason is a 422 from the service, located at "reason".
    reason: str = Field("", max_length=5000)


def _summary(evaluation: Evaluation, state: str | None, superseded_by: int | None) -> dict:
    return {
        "id": evaluation.pk,
        "scorecard_title": evaluation.scorecard_version.scorecard.title,
        "channel": evaluation.channel,
        "contact_date": evaluation.contact_date,
        "score": evaluation.score,
        "critical_failed": evaluation.critical_failed,
        "status": state or NEW,
        "superseded_by": superseded_by,
    }


@me_router.get(
    "/me/evaluations",
    response=MyEvaluationListOut,
    url_name="my-evaluations",
    summary="My evaluations",
)
def my_evaluations(request: HttpRequest):
    evaluations = list(evaluations_for_person(person=request.user))
    superseded = dict(
        EvaluationEvent.objects.filter(
            evaluation__in=evaluations, kind=EvaluationEvent.Kind.CHANGED
        ).values_list("evaluation_id", "new_evaluation_id")
    )
    return {"evaluations": [_summary(e, e.state, superseded.get(e.pk)) for e in evaluations]}


def _after(request: HttpRequest, evaluation_id: int) -> dict:
    evaluation = evaluations_for_person(person=request.user).get(pk=evaluation_id)
    return _summary(evaluation, evaluation.state, None)


@router.post(
    "/evaluations/{evaluation_id}/acknowledge",
    response={200: MyEvaluationOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Acknowledge an evaluation of my contact",
)
def evaluation_acknowledge_post(request: HttpRequest, evaluation_id: ObjectId):
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    evaluation_acknowledge(evaluation=evaluation, user=request.user)
    return _after(request, evaluation.pk)


def _reason(request: HttpRequest) -> str:
    """The ``reason`` of a JSON body; "" when there is no body or no reason, so the service
    answers a missing reason with its located 422 rather than a parse error."""
    if not request.body:
        return ""
    try:
        body = DisputeIn.model_validate_json(request.body)
    except pydantic.ValidationError as exc:
        raise ApiError(
            422,
            [{"type": "invalid", "loc": ["body", "reason"], "msg": e["msg"]} for e in exc.errors()],
        ) from exc
    return body.reason


@router.post(
    "/evaluations/{evaluation_id}/dispute",
    response={200: MyEvaluationOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Dispute an evaluation of my contact, with a reason",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": DisputeIn.json_schema()}},
        }
    },
)
def evaluation_dispute_post(request: HttpRequest, evaluation_id: ObjectId):
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    evaluation_dispute(evaluation=evaluation, user=request.user, reason=_reason(request))
    return _after(request, evaluation.pk)


class ResolveIn(Schema):
    decision: Literal["uphold", "change"]
    # Required: a missing or empty reason is a 422 from the service, located at "reason".
    reason: str = Field("", max_length=5000)
    # For "change": every criterion of the scorecard's current version (of the wave's version
    # for a mystery-shopping visit), as ``POST /evaluations`` takes them; ignored for "uphold".
    answers: list[AnswerBody] = Field(default_factory=list, max_length=500)
    comment: str = Field("", max_length=5000)


@router.post(
    "/evaluations/{evaluation_id}/resolve",
    response={200: MyEvaluationOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Resolve the dispute of an evaluation: uphold it, or change the answers",
)
def evaluation_resolve_post(request: HttpRequest, evaluation_id: ObjectId, body: ResolveIn):
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    if body.decision == "uphold":
        evaluation_dispute_uphold(evaluation=evaluation, user=request.user, reason=body.reason)
        return _summary(evaluation, EvaluationEvent.Kind.UPHELD, None)
    try:
        new = evaluation_dispute_change(
            evaluation=evaluation,
            user=request.user,
            reason=body.reason,
            comment=body.comment,
            answers=[AnswerIn(a.criterion_id, a.value, a.comment) for a in body.answers],
        )
    except ValidationError as exc:
        raise located(exc) from exc
    return _summary(evaluation, EvaluationEvent.Kind.CHANGED, new.pk)
