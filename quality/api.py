"""Quality control in the JSON API (mounted under /api/v1/quality): the scorecards an
integration or an evaluator scores with, posting an evaluation, and reading one.

- ``GET /scorecards``: active scorecards with their criteria (ids and codes to post with), for
  those who evaluate (QA evaluators, managers, HR, administrators); 403 for anyone else.
- ``POST /evaluations``: 201 ``{"id", "score", "critical_failed"}``; 403 when the caller may
  not evaluate this person; 422 ``{"detail": [{"type", "loc", "msg"}]}`` with each bad answer
  located, e.g. ``["body", "answers", 2, "value"]``.
- ``GET /evaluations/{id}``: for its evaluator, the person, their managers, QA evaluators and
  administrators; 404 for anyone else.
"""

import datetime
from typing import Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ninja import Field, Schema, Status

from lms.api.errors import ApiError
from lms.api.schemas import DecimalString, ErrorOut, ObjectId, ValidationErrorOut
from lms.people.models import person_name
from quality.api_base import AnswerBody, BodyId, located, router
from quality.models import Channel, Evaluation, Scorecard
from quality.selectors import evaluation_for_reader, scorecards_active, user_evaluates
from quality.services.scoring import ERROR_MAY_NOT_EVALUATE, AnswerIn, evaluation_create
from quality.services.versions import scorecard_snapshot, scorecard_version_current

ERROR_NOT_EVALUATOR = _("Only QA evaluators, managers and administrators see scorecards.")
ERROR_NO_PERSON = _("No such person.")
ERROR_NO_SCORECARD = _("No such scorecard.")

ChannelIn = Literal[tuple(Channel.values)]


class CriterionOut(Schema):
    id: int
    code: str
    text: str
    section: str
    weight: DecimalString
    critical: bool
    scale: Literal["yes_no", "points"]
    max_points: int | None
    na_allowed: bool


class ScorecardOut(Schema):
    id: int
    title: str
    channels: list[str]
    # The version an evaluation posted now is made with.
    version: int
    criteria: list[CriterionOut]


class ScorecardListOut(Schema):
    scorecards: list[ScorecardOut]


class EvaluationIn(Schema):
    person_id: BodyId
    scorecard_id: BodyId
    channel: ChannelIn
    contact_date: datetime.date
    reference: str = Field("", max_length=500)
    answers: list[AnswerBody] = Field(..., max_length=500)
    comment: str = Field("", max_length=5000)


class EvaluationCreatedOut(Schema):
    id: int
    # 0–100; null when every criterion was "not applicable".
    score: DecimalString | None
    critical_failed: bool


class EvaluationPersonOut(Schema):
    id: int
    username: str
    name: str


class EvaluationAnswerOut(Schema):
    criterion_id: int
    code: str
    text: str
    value: str
    points: int | None
    comment: str


class EvaluationOut(Schema):
    id: int
    person: EvaluationPersonOut
    evaluator: EvaluationPersonOut | None
    scorecard_id: int
    scorecard_title: str
    version: int
    channel: str
    contact_date: datetime.date
    reference: str
    comment: str
    score: DecimalString | None
    critical_failed: bool
    created_at: datetime.datetime
    answers: list[EvaluationAnswerOut]


def _person_out(user) -> dict:
    return {"id": user.pk, "username": user.get_username(), "name": person_name(user)}


def _scorecard_out(scorecard: Scorecard) -> dict:
    snapshot = scorecard_snapshot(scorecard=scorecard)
    if scorecard.latest_snapshot == snapshot:
        number = scorecard.latest_number
    else:
        # Changed since its last version (or never used): freeze the criteria as they are now,
        # so the ids listed here are those an evaluation posted next is checked against.
        number = scorecard_version_current(scorecard=scorecard).number
    return {
        "id": scorecard.pk,
        "title": scorecard.title,
        "channels": scorecard.channels,
        "version": number,
        "criteria": snapshot["criteria"],
    }


@router.get(
    "/scorecards",
    response={200: ScorecardListOut, 403: ErrorOut},
    summary="Active scorecards with their criteria",
)
def scorecards_list(request: HttpRequest):
    if not user_evaluates(user=request.user):
        raise PermissionDenied(ERROR_NOT_EVALUATOR)
    return {"scorecards": [_scorecard_out(s) for s in scorecards_active()]}


@router.post(
    "/evaluations",
    response={201: EvaluationCreatedOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Evaluate a contact of a person with a customer",
)
def evaluation_post(request: HttpRequest, body: EvaluationIn):
    # Those who evaluate nobody learn nothing about which people and scorecards exist.
    if not user_evaluates(user=request.user):
        raise PermissionDenied(ERROR_MAY_NOT_EVALUATE)
    person = get_user_model().objects.filter(pk=body.person_id, is_active=True).first()
    if person is None:
        raise ApiError(422, [_field_error("person_id", ERROR_NO_PERSON)])
    scorecard = Scorecard.objects.filter(pk=body.scorecard_id).first()
    if scorecard is None:
        raise ApiError(422, [_field_error("scorecard_id", ERROR_NO_SCORECARD)])
    try:
        evaluation = evaluation_create(
            evaluator=request.user,
            person=person,
            scorecard=scorecard,
            channel=body.channel,
            contact_date=body.contact_date,
            reference=body.reference,
            comment=body.comment,
            answers=[AnswerIn(a.criterion_id, a.value, a.comment) for a in body.answers],
        )
    except ValidationError as exc:
        raise located(exc) from exc
    return Status(201, evaluation)


def _field_error(field: str, message) -> dict:
    return {"type": "invalid", "loc": ["body", field], "msg": str(message)}


def _evaluation_out(evaluation: Evaluation) -> dict:
    version = evaluation.scorecard_version
    criteria = {c["id"]: c for c in version.snapshot["criteria"]}
    return {
        "id": evaluation.pk,
        "person": _person_out(evaluation.person),
        "evaluator": _person_out(evaluation.evaluator) if evaluation.evaluator else None,
        "scorecard_id": version.scorecard_id,
        "scorecard_title": version.scorecard.title,
        "version": version.number,
        "channel": evaluation.channel,
        "contact_date": evaluation.contact_date,
        "reference": evaluation.reference,
        "comment": evaluation.comment,
        "score": evaluation.score,
        "critical_failed": evaluation.critical_failed,
        "created_at": evaluation.created_at,
        "answers": [
            {
                "criterion_id": answer.criterion_id,
                "code": answer.criterion_code,
                "text": criteria.get(answer.criterion_id, {}).get("text", ""),
                "value": answer.value,
                "points": answer.points,
                "comment": answer.comment,
            }
            for answer in evaluation.answers.all()
        ],
    }


@router.get(
    "/evaluations/{evaluation_id}",
    response={200: EvaluationOut, 404: ErrorOut},
    summary="One evaluation with its answers",
)
def evaluation_get(request: HttpRequest, evaluation_id: ObjectId):
    evaluation = evaluation_for_reader(user=request.user, evaluation_id=evaluation_id)
    return _evaluation_out(evaluation)


# Endpoints kept beside their concern, on this router: customer feedback, the employee's side
# of evaluations.
from quality import api_feedback, api_reviews, api_trends  # noqa: E402, F401
