"""One employee's record in the JSON API: ``GET /api/v1/people/{id}/record``, where ``id`` is
the person's user id.

The same data as the page ``/people/<id>/`` (``reports.selectors.record.person_record``), with
the same rule for who may read it: the person, their active mentor, their managers, HR and
administrators. Anyone else gets 404 ``{"detail"}``, as for an id nobody has; without a session
or token, 401. Attempts carry scores, never questions or answers; review cards only counts and
the estimated recall.
"""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404, HttpRequest
from django.urls import reverse

from ninja import Router, Schema

from lms.api.registry import router_register
from lms.api.schemas import DecimalString, ErrorOut, ObjectId
from lms.people.models import person_name
from reports.api_certificates import CertificateOut, certificate_out
from reports.selectors.record import PersonRecord, person_record
from reports.views.record import ERROR_NO_PERSON

router = router_register(Router(tags=["reports"]), prefix="/people")


# --- Shapes ------------------------------------------------------------------------------------


class PersonRefOut(Schema):
    id: int
    name: str


class PersonOut(Schema):
    id: int
    username: str
    name: str
    employee_id: str | None
    team: str | None
    job_role: str | None
    line_manager: PersonRefOut | None
    mentor: PersonRefOut | None
    hire_date: datetime.date
    status: str
    left_on: datetime.date | None
    page_url: str


class AssignmentOut(Schema):
    id: int
    kind: str
    title: str
    course_id: int | None
    quiz_id: int | None
    source: str
    assigned_at: datetime.datetime
    due_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    state: str
    best_score: DecimalString | None


class AttemptOut(Schema):
    id: int
    quiz_id: int
    quiz: str
    number: int
    status: str
    started_at: datetime.datetime
    submitted_at: datetime.datetime | None
    score: DecimalString | None
    max_score: DecimalString
    percent: DecimalString | None
    passed: bool | None


class RatingOut(Schema):
    skill_id: int
    skill: str
    rating: str


class SessionOut(Schema):
    id: int
    occurred_at: datetime.datetime
    channel: str
    mentor: PersonRefOut
    ratings: list[RatingOut]
    situation: str
    mentor_stepped_in: bool
    stepped_in_note: str
    strengths: str
    to_improve: str
    mentee_reflection: str | None
    acknowledged_at: datetime.datetime | None


class SignOffOut(Schema):
    id: int
    skill_id: int
    skill: str
    signed_by: PersonRefOut
    signed_at: datetime.datetime
    live: bool
    revoked_at: datetime.datetime | None
    revoked_by: PersonRefOut | None
    revoke_reason: str


class ClearanceOut(Schema):
    id: int
    status: str
    requested_by: PersonRefOut
    requested_at: datetime.datetime
    decided_by: PersonRefOut | None
    decided_at: datetime.datetime | None
    decline_reason: str
    days_to_solo: int | None


class RefresherPolicyOut(Schema):
    policy_id: int
    title: str
    state: str
    last_completed_at: datetime.datetime | None
    valid_until: datetime.datetime | None


class TopicRecallOut(Schema):
    topic: str
    cards: int
    recall: float | None


class ReviewOut(Schema):
    cards: int
    due_now: int
    recent_days: int
    recent_cards: int
    recent_reviews: int
    recall: float | None
    topics: list[TopicRecallOut]


class RecordEvaluationOut(Schema):
    id: int
    contact_date: datetime.date
    channel: str
    scorecard_id: int
    scorecard: str
    mystery_shopping_wave_id: int | None
    score: DecimalString | None
    critical_failed: bool
    # "new", "acknowledged", "disputed", "upheld" or "changed" (after a dispute).
    status: str


class RecordTrendPointOut(Schema):
    period: str
    score: DecimalString | None
    count: int
    company: DecimalString | None


class RecordQualityTrendOut(Schema):
    by: str
    points: list[RecordTrendPointOut]
    company_average: DecimalString | None


class PersonRecordOut(Schema):
    person: PersonOut
    assignments: list[AssignmentOut]
    attempts: list[AttemptOut]
    sessions: list[SessionOut]
    signoffs: list[SignOffOut]
    clearances: list[ClearanceOut]
    refreshers: list[AssignmentOut]
    refresher_policies: list[RefresherPolicyOut]
    review: ReviewOut
    certificates: list[CertificateOut]
    evaluations: list[RecordEvaluationOut]
    quality_trend: RecordQualityTrendOut | None
    as_of: datetime.datetime


# --- Building the answer --------------------------------------------------------------------------


def _ref(user: AbstractBaseUser | None) -> dict | None:
    return None if user is None else {"id": user.pk, "name": person_name(user)}


def _assignment_out(entry) -> dict:
    a = entry.assignment
    return {
        "id": a.pk,
        "kind": entry.kind,
        "title": entry.title,
        "course_id": a.course_id,
        "quiz_id": a.quiz_id,
        "source": a.source,
        "assigned_at": a.assigned_at,
        "due_at": a.due_at,
        "completed_at": a.completed_at,
        "state": entry.state,
        "best_score": entry.best_score,
    }


def _trend_out(trend) -> dict | None:
    if trend is None:
        return None
    return {
        "by": trend.by,
        "points": [
            {"period": p.period, "score": p.score, "count": p.count, "company": p.company}
            for p in trend.points
        ],
        "company_average": trend.company_average,
    }


def record_out(record: PersonRecord) -> dict:
    """The record as the API's JSON (``PersonRecordOut``); no queries."""
    profile = record.profile
    return {
        "person": {
            "id": profile.user_id,
            "username": profile.user.get_username(),
            "name": person_name(profile.user),
            "employee_id": profile.employee_id,
            "team": profile.team.name if profile.team else None,
            "job_role": profile.job_role.name if profile.job_role else None,
            "line_manager": _ref(profile.line_manager),
            "mentor": _ref(record.mentor),
            "hire_date": profile.hire_date,
            "status": profile.status,
            "left_on": profile.left_on,
            "page_url": reverse("reports:person", args=[profile.user_id]),
        },
        "assignments": [_assignment_out(e) for e in record.assignments],
        "attempts": [
            {
                "id": a.pk,
                "quiz_id": a.quiz_id,
                "quiz": a.quiz.title,
                "number": a.number,
                "status": a.status,
                "started_at": a.started_at,
                "submitted_at": a.submitted_at,
                "score": a.score,
                "max_score": a.max_score,
                "percent": a.percent,
                "passed": a.passed,
            }
            for a in record.attempts
        ],
        "sessions": [
            {
                "id": e.session.pk,
                "occurred_at": e.session.occurred_at,
                "channel": e.session.channel,
                "mentor": _ref(e.session.mentor),
                "ratings": [
                    {"skill_id": r.skill_id, "skill": r.skill.title, "rating": r.rating}
                    for r in e.ratings
                ],
                "situation": e.session.situation,
                "mentor_stepped_in": e.session.mentor_stepped_in,
                "stepped_in_note": e.session.stepped_in_note,
                "strengths": e.session.strengths,
                "to_improve": e.session.to_improve,
                "mentee_reflection": e.reflection,
                "acknowledged_at": e.session.acknowledged_at,
            }
            for e in record.sessions
        ],
        "signoffs": [
            {
                "id": s.pk,
                "skill_id": s.skill_id,
                "skill": s.skill.title,
                "signed_by": _ref(s.signed_by),
                "signed_at": s.signed_at,
                "live": s.is_live,
                "revoked_at": s.revoked_at,
                "revoked_by": _ref(s.revoked_by),
                "revoke_reason": s.revoke_reason,
            }
            for s in record.sign_offs
        ],
        "clearances": [
            {
                "id": c.pk,
                "status": c.status,
                "requested_by": _ref(c.requested_by),
                "requested_at": c.requested_at,
                "decided_by": _ref(c.decided_by),
                "decided_at": c.decided_at,
                "decline_reason": c.decline_reason,
                "days_to_solo": c.days_to_solo,
            }
            for c in record.clearances
        ],
        "refreshers": [_assignment_out(e) for e in record.refreshers],
        "refresher_policies": [
            {
                "policy_id": c.policy.pk,
                "title": c.policy.title,
                "state": c.state,
                "last_completed_at": c.last_completed_at,
                "valid_until": c.valid_until,
            }
            for c in record.refresher_policies
        ],
        "review": {
            "cards": record.review.cards,
            "due_now": record.review.due_now,
            "recent_days": record.review.recent_days,
            "recent_cards": record.review.recent_cards,
            "recent_reviews": record.review.recent_reviews,
            "recall": record.review.recall,
            "topics": [
                {"topic": t.topic, "cards": t.cards, "recall": t.recall}
                for t in record.review.topics
            ],
        },
        "certificates": [certificate_out(c) for c in record.certificates],
        "evaluations": [
            {
                "id": e.pk,
                "contact_date": e.contact_date,
                "channel": e.channel,
                "scorecard_id": e.scorecard_version.scorecard_id,
                "scorecard": e.scorecard_version.scorecard.title,
                "mystery_shopping_wave_id": e.wave_id,
                "score": e.score,
                "critical_failed": e.critical_failed,
                "status": e.state or "new",
            }
            for e in record.evaluations
        ],
        "quality_trend": _trend_out(record.quality_trend),
        "as_of": record.at,
    }


# --- Endpoints ---------------------------------------------------------------------------------


@router.get(
    "/{id}/record",
    response={200: PersonRecordOut, 404: ErrorOut},
    url_name="reports-person-record",
    summary="One person's record",
)
def person_record_endpoint(request: HttpRequest, id: ObjectId):
    """Everything about one employee (``id`` is their user id): profile, assignments with their
    state and best score, quiz attempts, supervised sessions, sign-offs, solo clearances,
    refreshers, spaced review, certificates, and quality evaluations (``evaluations``) with the
    overall score by month against the company's (``quality_trend``). 404 for anyone who may
    not read it."""
    record = person_record(viewer=request.user, person_id=id)
    if record is None:
        raise Http404(ERROR_NO_PERSON)
    return record_out(record)
