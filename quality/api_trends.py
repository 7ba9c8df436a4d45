"""Quality trends in the JSON API: ``GET /api/v1/quality/trends``.

Parameters: ``person`` (a user id) or ``team`` (a team id) — neither: the caller's default (the
whole company for HR, administrators and QA evaluators, the people a manager manages, anyone
else themselves); ``criterion`` (a criterion id: its code in its scorecard is followed through
every version; without it, the overall score); ``by`` = ``week`` | ``month`` (default) |
``wave``; ``date_from`` / ``date_to`` (contact dates, both included).

→ 200 ``{"points": [{"period", "start", "score", "count", "company"}], "company_average"}``,
oldest first, one point per period with something counted (``period`` is "2026-11", "2026-W45"
or the wave's name; ``score`` and ``company`` are 0–100 with two places, as text). Who may read
which trend: ``quality.selectors_trends``; a person or team the caller may not read, or that
does not exist, is 404; anonymous 401; a criterion that does not exist, or both ``person`` and
``team``, 422.
"""

import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ninja import Query, Schema

from lms.api.errors import ApiError
from lms.api.schemas import MAX_ID, DecimalString, ErrorOut, ValidationErrorOut
from quality.api_base import router
from quality.models import Criterion
from quality.selectors_trends import GROUPINGS, MONTH, trend_read, trend_subject_for

ERROR_PERSON_OR_TEAM = _("Give a person or a team, not both.")
ERROR_NO_CRITERION = _("No such criterion.")
ERROR_DATES = _("The start date is after the end date.")

QueryId = Annotated[int, Query(ge=1, le=MAX_ID)]


class QualityTrendPointOut(Schema):
    period: str
    start: datetime.date
    score: DecimalString | None
    count: int
    company: DecimalString | None


class QualityTrendOut(Schema):
    by: str
    points: list[QualityTrendPointOut]
    company_average: DecimalString | None


def _query_error(field: str, message) -> dict:
    return {"type": "invalid", "loc": ["query", field], "msg": str(message)}


@router.get(
    "/trends",
    response={200: QualityTrendOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="A score over time, with the company average",
)
def trends_get(
    request: HttpRequest,
    person: QueryId | None = None,
    team: QueryId | None = None,
    criterion: QueryId | None = None,
    by: Literal[GROUPINGS] = MONTH,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
):
    if person is not None and team is not None:
        raise ApiError(422, [_query_error("team", ERROR_PERSON_OR_TEAM)])
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, [_query_error("date_from", ERROR_DATES)])
    # Who first: a caller who may read nobody's trend learns nothing about criteria either.
    subject = trend_subject_for(viewer=request.user, person_id=person, team_id=team)
    chosen = None
    if criterion is not None:
        chosen = Criterion.objects.filter(pk=criterion).first()
        if chosen is None:
            raise ApiError(422, [_query_error("criterion", ERROR_NO_CRITERION)])
    trend = trend_read(subject=subject, by=by, criterion=chosen, start=date_from, end=date_to)
    return {
        "by": trend.by,
        "points": [
            {
                "period": p.period,
                "start": p.start,
                "score": p.score,
                "count": p.count,
                "company": p.company,
            }
            for p in trend.points
        ],
        "company_average": trend.company_average,
    }
