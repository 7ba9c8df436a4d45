"""Mentoring in the JSON API (mounted under /api/v1/mentoring): the mentor's mentees, logging
supervised sessions, sign-offs and their revocation, asking for solo clearance, and the
newcomer's own practice.

The endpoints call the same selectors and services as the mentoring screens; who may do what is
decided there (see ``mentoring.services``). Errors:

- 403 ``{"detail"}``: the service refused the person (``MentoringNotAllowed``);
- 400 ``{"detail", "field"}``: a mentoring rule refused the request, ``field`` names the input
  at fault or is null for the request as a whole;
- 400 ``{"detail", "sessions_needed"}``: too few independent sessions for a sign-off;
- 400 ``{"detail", "missing": [...]}``: the newcomer is not ready for solo work;
- 422: a body of the wrong shape, or a model check (e.g. an empty situation).

Nothing is saved when an endpoint answers with an error: each service is one transaction.
"""

import datetime
import uuid
from typing import Annotated, Literal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ninja import Field, Router, Schema, Status

from lms.api.errors import ApiError
from lms.api.registry import router_register
from lms.api.schemas import MAX_ID, ErrorOut, ObjectId, ValidationErrorOut
from lms.people.models import person_name
from mentoring.models import PracticeSkill, SignOff, SkillRating, SupervisedSession
from mentoring.selectors import (
    MenteeOverview,
    SkillProgress,
    mentees_for_mentor,
    practice_for_mentee,
)
from mentoring.services import (
    EvidenceShort,
    MentoringInvalid,
    MentoringNotAllowed,
    NotReadyForSolo,
    clearance_request,
    session_acknowledge,
    session_log,
    signoff_create,
    signoff_revoke,
)

ERROR_NO_PERSON = _("No such person.")
ERROR_NO_SKILL = _("No such practice skill.")
ERROR_NO_SESSION = _("No such session.")
ERROR_NO_SIGNOFF = _("No such sign-off.")

router = router_register(Router(tags=["mentoring"]), prefix="/mentoring")

# A database id in a body, bounded as ``ObjectId`` is in a path.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
Channel = Literal[tuple(SupervisedSession.Channel.values)]
Rating = Literal[tuple(SkillRating.Rating.values)]


# --- Shapes ------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    username: str
    name: str


class SkillOut(Schema):
    id: int
    title: str
    required: bool
    sessions_required: int
    independent_sessions: int
    signed_off: bool


class MenteeOut(Schema):
    id: int
    username: str
    name: str
    pairing_id: int
    skills: list[SkillOut]
    ready_for_solo: bool


class MenteeListOut(Schema):
    """The mentor's active pairings, oldest first."""

    mentees: list[MenteeOut]


class RatingIn(Schema):
    skill_id: BodyId
    rating: Rating


class SessionIn(Schema):
    mentee_id: BodyId
    # Now when left out; a time without a zone is read in the site's time zone.
    occurred_at: datetime.datetime | None = None
    channel: Channel
    situation: str
    ratings: list[RatingIn]
    mentor_stepped_in: bool = False
    stepped_in_note: str = ""
    strengths: str = ""
    to_improve: str = ""
    # Optional, chosen by the client: sending the same id again (a retry after a lost answer)
    # returns the session saved the first time instead of saving another.
    submission_id: uuid.UUID | None = None


class RatingOut(Schema):
    skill_id: int
    title: str
    rating: Rating


class PageRefOut(Schema):
    id: int
    title: str


class SessionOut(Schema):
    id: int
    pairing_id: int
    mentee_id: int
    mentor: PersonOut
    occurred_at: datetime.datetime
    channel: Channel
    situation: str
    ratings: list[RatingOut]
    mentor_stepped_in: bool
    stepped_in_note: str
    strengths: str
    to_improve: str
    suggested_lessons: list[PageRefOut]
    mentee_reflection: str
    acknowledged_at: datetime.datetime | None


class AcknowledgeIn(Schema):
    reflection: str = ""


class SignOffIn(Schema):
    mentee_id: BodyId
    skill_id: BodyId


class RevokeIn(Schema):
    reason: str


class SignOffOut(Schema):
    """A sign-off and, once revoked, who revoked it, when and why (``live`` is false then)."""

    id: int
    mentee_id: int
    skill_id: int
    skill_title: str
    signed_by: PersonOut
    signed_at: datetime.datetime
    live: bool
    revoked_at: datetime.datetime | None
    revoked_by: PersonOut | None
    revoke_reason: str
    evidence: list[int]


class MissingOut(Schema):
    """One thing missing before solo work: a skill not signed off (with the independent
    sessions still needed), a required course not completed, or no job role at all."""

    kind: Literal["job_role", "skill", "course"]
    message: str
    skill_id: int | None = None
    sessions_needed: int | None = None
    course_id: int | None = None


class ReadinessOut(Schema):
    ready: bool
    missing: list[MissingOut]


class ClearanceIn(Schema):
    mentee_id: BodyId


class ClearanceOut(Schema):
    id: int
    mentee_id: int
    status: Literal["requested", "confirmed", "declined"]
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    decline_reason: str
    days_to_solo: int | None


class PracticeOut(Schema):
    """The newcomer's own practice: sessions latest first, the whole sign-off history latest
    first (revoked ones included), readiness for solo work and the latest clearance."""

    mentor: PersonOut | None
    pairing_id: int | None
    skills: list[SkillOut]
    sessions: list[SessionOut]
    sign_offs: list[SignOffOut]
    solo: ReadinessOut
    clearance: ClearanceOut | None


class InvalidOut(ErrorOut):
    field: str | None = None


class EvidenceShortOut(ErrorOut):
    sessions_needed: int


class NotReadyOut(ErrorOut):
    missing: list[MissingOut]


# --- Turning records into shapes ---------------------------------------------------------------


def _person_out(user: AbstractBaseUser | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username(), "name": person_name(user)}


def _skill_out(progress: SkillProgress) -> dict:
    return {
        "id": progress.skill.pk,
        "title": progress.skill.title,
        "required": progress.required,
        "sessions_required": progress.sessions_required,
        "independent_sessions": progress.independent_sessions,
        "signed_off": progress.signed_off,
    }


def _mentee_out(overview: MenteeOverview) -> dict:
    return {
        **_person_out(overview.mentee),
        "pairing_id": overview.pairing.pk,
        "skills": [_skill_out(progress) for progress in overview.skills],
        "ready_for_solo": overview.ready_for_solo,
    }


def _session_out(session: SupervisedSession, ratings: list[SkillRating], pages) -> dict:
    return {
        "id": session.pk,
        "pairing_id": session.pairing_id,
        "mentee_id": session.mentee_id,
        "mentor": _person_out(session.mentor),
        "occurred_at": session.occurred_at,
        "channel": session.channel,
        "situation": session.situation,
        "ratings": [
            {"skill_id": row.skill_id, "title": row.skill.title, "rating": row.rating}
            for row in ratings
        ],
        "mentor_stepped_in": session.mentor_stepped_in,
        "stepped_in_note": session.stepped_in_note,
        "strengths": session.strengths,
        "to_improve": session.to_improve,
        "suggested_lessons": [{"id": page.pk, "title": page.title} for page in pages],
        "mentee_reflection": session.mentee_reflection,
        "acknowledged_at": session.acknowledged_at,
    }


def _stored_session_out(session: SupervisedSession) -> dict:
    ratings = session.ratings.select_related("skill").order_by("skill__sort_order", "pk")
    return _session_out(session, list(ratings), session.suggested_lessons.all())


def _signoff_out(sign_off: SignOff) -> dict:
    return {
        "id": sign_off.pk,
        "mentee_id": sign_off.mentee_id,
        "skill_id": sign_off.skill_id,
        "skill_title": sign_off.skill.title,
        "signed_by": _person_out(sign_off.signed_by),
        "signed_at": sign_off.signed_at,
        "live": sign_off.is_live,
        "revoked_at": sign_off.revoked_at,
        "revoked_by": _person_out(sign_off.revoked_by),
        "revoke_reason": sign_off.revoke_reason,
        "evidence": sorted(session.pk for session in sign_off.evidence.all()),
    }


def _clearance_out(clearance) -> dict | None:
    if clearance is None:
        return None
    return {
        "id": clearance.pk,
        "mentee_id": clearance.mentee_id,
        "status": clearance.status,
        "requested_at": clearance.requested_at,
        "decided_at": clearance.decided_at,
        "decline_reason": clearance.decline_reason,
        "days_to_solo": clearance.days_to_solo,
    }


def _invalid(exc: MentoringInvalid, *, field: str = "") -> ApiError:
    return ApiError(400, exc.message, field=field or exc.field or None)


def _person_or_400(user_id: int, *, field: str) -> AbstractBaseUser:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise ApiError(400, ERROR_NO_PERSON, field=field)
    return user


# --- Endpoints ---------------------------------------------------------------------------------


@router.get("/mentees", response=MenteeListOut, url_name="mentoring-mentees")
def mentee_list(request: HttpRequest):
    """My mentees (the newcomers I mentor now), each with their skills matrix and whether they
    are ready for solo work. Anyone else gets an empty list. A fixed number of queries."""
    return {"mentees": [_mentee_out(o) for o in mentees_for_mentor(mentor=request.user)]}


@router.post(
    "/sessions",
    response={201: SessionOut, 400: InvalidOut, 403: ErrorOut, 422: ValidationErrorOut},
    url_name="mentoring-session-log",
)
def session_log_endpoint(request: HttpRequest, payload: SessionIn):
    """Log a supervised session of my mentee (201). 403 unless I am the newcomer's active mentor;
    400 with ``field`` for an unknown person or skill, no ratings, a skill rated twice or not of
    the newcomer's job role, or a time in the future; 422 for a body of the wrong shape."""
    mentee = _person_or_400(payload.mentee_id, field="mentee_id")
    skills = PracticeSkill.objects.in_bulk({r.skill_id for r in payload.ratings})
    if any(r.skill_id not in skills for r in payload.ratings):
        raise ApiError(400, ERROR_NO_SKILL, field="ratings")
    occurred_at = payload.occurred_at
    if occurred_at is not None and timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    ratings = [(skills[r.skill_id], r.rating) for r in payload.ratings]
    try:
        session = session_log(
            mentor=request.user,
            mentee=mentee,
            channel=payload.channel,
            situation=payload.situation,
            ratings=ratings,
            occurred_at=occurred_at,
            mentor_stepped_in=payload.mentor_stepped_in,
            stepped_in_note=payload.stepped_in_note,
            strengths=payload.strengths,
            to_improve=payload.to_improve,
            submission_id=payload.submission_id,
        )
    except MentoringNotAllowed as exc:
        raise ApiError(403, exc.message) from None
    except MentoringInvalid as exc:
        raise _invalid(exc) from None
    return Status(201, _stored_session_out(session))


@router.post(
    "/sessions/{session_id}/acknowledge",
    response={200: SessionOut, 403: ErrorOut, 404: ErrorOut},
    url_name="mentoring-session-acknowledge",
)
def session_acknowledge_endpoint(
    request: HttpRequest, session_id: ObjectId, payload: AcknowledgeIn
):
    """As the session's newcomer, confirm I read the feedback, optionally with my reflection
    (the body is ``{}`` without one).
    Acknowledging again changes nothing. The session's mentor gets 403; anyone else 404, as for
    a session that does not exist."""
    session = SupervisedSession.objects.select_related("mentor").filter(pk=session_id).first()
    if session is None or request.user.pk not in (session.mentee_id, session.mentor_id):
        raise Http404(ERROR_NO_SESSION)
    try:
        session = session_acknowledge(
            session=session, mentee=request.user, reflection=payload.reflection
        )
    except MentoringNotAllowed as exc:
        raise ApiError(403, exc.message) from None
    return _stored_session_out(session)


@router.post(
    "/signoffs",
    response={201: SignOffOut, 400: InvalidOut | EvidenceShortOut, 403: ErrorOut},
    url_name="mentoring-signoff-create",
)
def signoff_create_endpoint(request: HttpRequest, payload: SignOffIn):
    """Sign a skill off for my mentee (201), with the qualifying sessions as its evidence. 403
    for anyone but the newcomer's active mentor or an administrator (the newcomer included);
    400 with ``sessions_needed`` when the evidence is short; 400 when the skill is already
    signed off, is not of the newcomer's job role, or the person or skill is unknown."""
    mentee = _person_or_400(payload.mentee_id, field="mentee_id")
    skill = PracticeSkill.objects.filter(pk=payload.skill_id).first()
    if skill is None:
        raise ApiError(400, ERROR_NO_SKILL, field="skill_id")
    try:
        sign_off = signoff_create(mentee=mentee, skill=skill, signed_by=request.user)
    except MentoringNotAllowed as exc:
        raise ApiError(403, exc.message) from None
    except EvidenceShort as exc:
        raise ApiError(400, exc.message, sessions_needed=exc.needed) from None
    except MentoringInvalid as exc:
        raise _invalid(exc, field="skill_id") from None
    return Status(201, _signoff_out(sign_off))


@router.post(
    "/signoffs/{signoff_id}/revoke",
    response={200: SignOffOut, 400: InvalidOut, 403: ErrorOut, 404: ErrorOut},
    url_name="mentoring-signoff-revoke",
)
def signoff_revoke_endpoint(request: HttpRequest, signoff_id: ObjectId, payload: RevokeIn):
    """Revoke a live sign-off with a reason; the sign-off stays in the history with who revoked
    it, when and why. 403 for anyone but the newcomer's active mentor or an administrator; 400
    with ``field`` "reason" for a blank reason (422 when it is left out), 400 when it is
    already revoked."""
    sign_off = SignOff.objects.filter(pk=signoff_id).first()
    if sign_off is None:
        raise Http404(ERROR_NO_SIGNOFF)
    try:
        sign_off = signoff_revoke(signoff=sign_off, revoked_by=request.user, reason=payload.reason)
    except MentoringNotAllowed as exc:
        raise ApiError(403, exc.message) from None
    except MentoringInvalid as exc:
        raise _invalid(exc) from None
    sign_off = SignOff.objects.select_related("skill", "signed_by", "revoked_by").get(
        pk=sign_off.pk
    )
    return _signoff_out(sign_off)


@router.get("/me", response=PracticeOut, url_name="mentoring-me")
def practice_detail(request: HttpRequest):
    """My own practice as a newcomer: my mentor, skills, sessions with their feedback, every
    sign-off (revocations and their reasons included) and what is missing before solo work.
    A fixed number of queries."""
    practice = practice_for_mentee(mentee=request.user)
    return {
        "mentor": _person_out(practice.mentor),
        "pairing_id": practice.pairing.pk if practice.pairing is not None else None,
        "skills": [_skill_out(progress) for progress in practice.skills],
        "sessions": [
            _session_out(s, list(s.ratings.all()), s.suggested_lessons.all())
            for s in practice.sessions
        ],
        "sign_offs": [_signoff_out(sign_off) for sign_off in practice.sign_offs],
        "solo": {
            "ready": practice.readiness.ready,
            "missing": [item.as_dict() for item in practice.readiness.missing],
        },
        "clearance": _clearance_out(practice.clearance),
    }


@router.post(
    "/clearances",
    response={201: ClearanceOut, 400: InvalidOut | NotReadyOut, 403: ErrorOut},
    url_name="mentoring-clearance-request",
)
def clearance_request_endpoint(request: HttpRequest, payload: ClearanceIn):
    """Ask the newcomer's manager to clear my mentee for solo work (201). 403 for anyone but the
    active mentor or an administrator; 400 with ``missing`` (every skill and course still
    missing) when the newcomer is not ready; 400 when they already work solo or a clearance is
    waiting or confirmed."""
    mentee = _person_or_400(payload.mentee_id, field="mentee_id")
    try:
        clearance = clearance_request(mentee=mentee, requested_by=request.user)
    except MentoringNotAllowed as exc:
        raise ApiError(403, exc.message) from None
    except NotReadyForSolo as exc:
        raise ApiError(400, exc.message, missing=[m.as_dict() for m in exc.missing]) from None
    except MentoringInvalid as exc:
        raise _invalid(exc) from None
    return Status(201, _clearance_out(clearance))
