"""Quizzes and attempts in the JSON API (mounted under /api/v1).

The endpoints call the same selectors and services as the quiz pages. Before an attempt is
submitted, questions leave the server only as ``quizzes.grading.snapshot_public`` makes them,
and the response schemas below hold no field that could carry a right answer; afterwards the
review shows right answers only as the quiz allows (``attempt_result``).
"""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from wagtail.permissions import policy_registry

from ninja import Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import ConfigDict, StrictBool, StrictFloat, StrictInt, StrictStr, model_validator
from pydantic_core import PydanticCustomError

from lms.api.errors import ApiError
from lms.api.registry import router_register
from lms.api.schemas import DecimalString, ErrorOut, ObjectId, ValidationErrorOut
from quizzes.models import Question, Quiz
from quizzes.review_selectors import (
    review_card_for_learner,
    review_card_public,
    review_card_result,
    review_day_for_learner,
    review_queue_for_learner,
)
from quizzes.review_services import (
    ReviewNotAllowed,
    review_card_answer,
    review_card_rate,
    review_cards_show,
)
from quizzes.selectors import (
    attempt_for_learner,
    attempt_questions_public,
    attempt_result,
    quiz_attempts_for_learner,
    quiz_live_or_404,
)
from quizzes.services import (
    AnswerInvalid,
    AttemptClosed,
    AttemptNotAllowed,
    QuestionNotInAttempt,
    attempt_answer_save,
    attempt_close_if_expired,
    attempt_start,
    attempt_submit,
)

ERROR_NO_QUIZ = _("No such quiz.")
ERROR_EXPORT_FORBIDDEN = _("Only the people who edit quizzes may export them.")
ERROR_ONE_ANSWER_FIELD = _(
    "Send exactly one of: choices, value, text, number, order, pairs, gaps (the one that fits "
    "the question's type)."
)
ANSWER_FIELDS = ("choices", "value", "text", "number", "order", "pairs", "gaps")
ERROR_ONE_REVIEW_FIELD = _(
    "Send exactly one of: choices, value, text, number, order, pairs, gaps (a question card), "
    "or rating (a glossary flashcard)."
)

router = router_register(Router(tags=["quizzes"]))

QuestionType = Literal[tuple(Question.Type.values)]


class ItemOut(Schema):
    id: str
    text: str


class GapOut(Schema):
    """One gap of a fill-in-the-gaps question: ``kind`` is short (typed text), numeric (a
    typed number), choice (one of ``options``) or multi (several of ``options``); ``display``
    says how the page draws a choice (select, vertical, horizontal)."""

    id: str
    kind: Literal["short", "numeric", "choice", "multi"]
    display: str
    options: list[ItemOut]


class TextPartOut(Schema):
    """A piece of a question's text with gaps: ``html``, or ``gap`` (the id of the gap, or of
    the missing word's select, that stands there)."""

    html: str | None = None
    gap: str | None = None


class QuestionOut(Schema):
    """A question while the attempt is in progress. The ids of choices, items, matching
    sides and gaps are opaque, made for this attempt; items and right-hand sides come
    shuffled. A missing-word or fill-in-the-gaps question also has ``parts``: its text cut at
    its gaps; a fill-in-the-gaps question has ``gaps``; an open answer has ``max_length``."""

    id: int
    type: QuestionType
    text: str
    html: str
    points: int
    choices: list[ItemOut]
    left: list[ItemOut]
    right: list[ItemOut]
    items: list[ItemOut]
    gaps: list[GapOut] = []
    parts: list[TextPartOut] = []
    max_length: int | None = None
    response: dict[str, Any] | None = None


class AttemptStartOut(Schema):
    id: int
    deadline: datetime.datetime | None
    questions: list[QuestionOut]


class NotAllowedOut(ErrorOut):
    retry_after: int | None = None


class AttemptOut(Schema):
    id: int
    quiz_id: int
    number: int
    status: Literal["in_progress", "submitted"]
    started_at: datetime.datetime
    deadline: datetime.datetime | None
    submitted_at: datetime.datetime | None
    timed_out: bool
    score: DecimalString | None
    max_score: DecimalString
    percent: DecimalString | None
    passed: bool | None


class AttemptListOut(Schema):
    """Latest first."""

    attempts: list[AttemptOut]


class ReviewChoiceOut(Schema):
    id: str
    text: str
    correct: bool | None = None
    feedback: str | None = None


class ReviewQuestionOut(Schema):
    """A question after submission: my answer and score; the right answer, per-choice feedback
    and the explanation only when the quiz shows answers (``shows_answers``)."""

    id: int
    type: QuestionType
    text: str
    html: str
    points: int
    choices: list[ReviewChoiceOut]
    left: list[ItemOut]
    right: list[ItemOut]
    items: list[ItemOut]
    response: dict[str, Any] | None
    # Null when the quiz does not show answers: per question, right or wrong would tell them.
    score: DecimalString | None
    correct: bool | None
    explanation_html: str | None = None
    right_answer: dict[str, Any] | None = None
    # A missing-word or fill-in-the-gaps question: its text cut at the gaps, and each gap
    # (with its answers, their shares and feedback when the quiz shows answers).
    parts: list[TextPartOut] = []
    gaps: list[dict[str, Any]] = []
    # An open answer: whether it still waits for its grader, and the grader's comment.
    awaiting_grading: bool = False
    grading_comment: str = ""


class ResultOut(Schema):
    """``score``, ``percent`` and ``passed`` are null while ``awaiting_grading``: a person
    still grades an open answer of the attempt."""

    score: DecimalString | None
    max_score: DecimalString
    percent: DecimalString | None
    passed: bool | None
    awaiting_grading: bool = False
    timed_out: bool
    shows_answers: bool
    review: list[ReviewQuestionOut]


class AttemptDetailOut(AttemptOut):
    """``questions`` (with my saved answers) while in progress, ``result`` once submitted."""

    questions: list[QuestionOut] | None
    result: ResultOut | None


class AnswerIn(Schema):
    """Exactly one field, the one that fits the question's type: ``choices`` (choice ids; one
    for single choice and missing word), ``value`` (true/false), ``text`` (short text, at most
    500 characters; an open answer, at most ``max_length``), ``number`` (a JSON number, or a
    string such as "14,5"), ``order`` (every item id, in your order), ``pairs`` ({left id:
    right id}) or ``gaps`` ({gap id: the text or number typed, or the option id chosen; a list
    of option ids for a gap of kind multi})."""

    model_config = ConfigDict(extra="forbid")

    choices: list[StrictStr] | None = None
    value: StrictBool | None = None
    text: StrictStr | None = None
    number: StrictInt | StrictFloat | StrictStr | None = None
    order: list[StrictStr] | None = None
    pairs: dict[str, StrictStr] | None = None
    gaps: dict[str, StrictStr | StrictInt | StrictFloat | list[StrictStr]] | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        if sum(getattr(self, name) is not None for name in ANSWER_FIELDS) != 1:
            raise PydanticCustomError("answer_fields", str(ERROR_ONE_ANSWER_FIELD))
        return self

    def answer(self) -> dict:
        return {
            name: getattr(self, name) for name in ANSWER_FIELDS if getattr(self, name) is not None
        }


class AnswerSavedOut(Schema):
    question_id: int
    saved_at: datetime.datetime


@router.post(
    "/quizzes/{quiz_id}/attempts",
    response={200: AttemptStartOut, 201: AttemptStartOut, 403: NotAllowedOut, 404: ErrorOut},
    url_name="attempt-start",
)
def attempt_start_endpoint(request: HttpRequest, quiz_id: ObjectId):
    """Start an attempt at a live quiz (201), or resume the one in progress (200). 403 with the
    reason when no attempt is allowed now, and ``retry_after`` (seconds) during a cool-down."""
    quiz = quiz_live_or_404(quiz_id=quiz_id)
    try:
        attempt, created = attempt_start(user=request.user, quiz=quiz)
    except AttemptNotAllowed as exc:
        raise ApiError(403, exc.reason, retry_after=exc.retry_after) from None
    body = {
        "id": attempt.pk,
        "deadline": attempt.deadline,
        "questions": attempt_questions_public(attempt=attempt),
    }
    return Status(201 if created else 200, body)


@router.get(
    "/quizzes/{quiz_id}/attempts",
    response={200: AttemptListOut, 404: ErrorOut},
    url_name="attempt-list",
)
def attempt_list(request: HttpRequest, quiz_id: ObjectId):
    """My attempts at a quiz, latest first (also after the quiz is unpublished)."""
    quiz = Quiz.objects.filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404(ERROR_NO_QUIZ)
    return {"attempts": list(quiz_attempts_for_learner(quiz=quiz, user=request.user))}


@router.put(
    "/attempts/{attempt_id}/answers/{question_id}",
    response={
        200: AnswerSavedOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
    url_name="answer-save",
)
def answer_save(
    request: HttpRequest, attempt_id: ObjectId, question_id: ObjectId, payload: AnswerIn
):
    """Save (or replace) my answer to one question of my attempt in progress. 409 once the
    attempt is submitted or its time is up; 422 for an answer of the wrong shape; 404 for
    anyone else's attempt or a question the attempt does not hold. Nothing is saved on error."""
    attempt = attempt_for_learner(attempt_id=attempt_id, user=request.user)
    try:
        row = attempt_answer_save(attempt=attempt, question_id=question_id, data=payload.answer())
    except AttemptClosed as exc:
        raise ApiError(409, exc.message) from None
    except QuestionNotInAttempt as exc:
        raise Http404(str(exc)) from None
    except AnswerInvalid as exc:
        raise ValidationError(
            [{"type": "answer_invalid", "loc": ["body", "payload"], "msg": str(exc.message)}]
        ) from None
    return {"question_id": question_id, "saved_at": row.answered_at}


@router.post(
    "/attempts/{attempt_id}/submit",
    response={200: ResultOut, 404: ErrorOut},
    url_name="attempt-submit",
)
def attempt_submit_endpoint(request: HttpRequest, attempt_id: ObjectId):
    """Submit my attempt and get its result; submitting again returns the same result."""
    attempt = attempt_for_learner(attempt_id=attempt_id, user=request.user)
    return attempt_result(attempt=attempt_submit(attempt=attempt))


@router.get(
    "/attempts/{attempt_id}", response={200: AttemptDetailOut, 404: ErrorOut}, url_name="attempt"
)
def attempt_detail(request: HttpRequest, attempt_id: ObjectId):
    """My attempt: its questions while in progress, its result once submitted."""
    attempt = attempt_close_if_expired(
        attempt=attempt_for_learner(attempt_id=attempt_id, user=request.user)
    )
    in_progress = not attempt.is_submitted
    return {
        **{name: getattr(attempt, name) for name in AttemptOut.model_fields},
        "questions": attempt_questions_public(attempt=attempt) if in_progress else None,
        "result": None if in_progress else attempt_result(attempt=attempt),
    }


@router.get(
    "/quizzes/{quiz_id}/export.gift",
    response={403: ErrorOut, 404: ErrorOut},
    url_name="quiz-export-gift",
    openapi_extra={
        "responses": {
            200: {
                "description": "The quiz's questions in Moodle's GIFT format.",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        }
    },
)
def quiz_export_gift(request: HttpRequest, quiz_id: ObjectId):
    """The quiz (draft or live) as a GIFT file, for the people who may change quizzes
    (authors, content leads, administrators); 403 for everyone else."""
    # Imported here: the readers and writers are large modules only these endpoints need.
    from quizzes.gift import quiz_gift_export, quiz_gift_filename

    return _quiz_file(
        request,
        quiz_id,
        export=quiz_gift_export,
        filename=quiz_gift_filename,
        content_type="text/plain; charset=utf-8",
    )


def _quiz_file(request: HttpRequest, quiz_id: int, *, export, filename, content_type: str):
    """``export(quiz)`` as a download named ``filename(quiz)``, for the people who may change
    quizzes; 403 for everyone else, 404 for a quiz that does not exist."""
    if not policy_registry.get_by_type(Quiz).user_has_permission(request.user, "change"):
        raise ApiError(403, ERROR_EXPORT_FORBIDDEN)
    quiz = Quiz.objects.filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404(ERROR_NO_QUIZ)
    response = HttpResponse(export(quiz), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename(quiz))
    return response


@router.get(
    "/quizzes/{quiz_id}/export.xml",
    response={403: ErrorOut, 404: ErrorOut},
    url_name="quiz-export-xml",
    openapi_extra={
        "responses": {
            200: {
                "description": "The quiz's questions in Moodle XML.",
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def quiz_export_moodle_xml(request: HttpRequest, quiz_id: ObjectId):
    """The quiz (draft or live) as a Moodle XML file, for the people who may change quizzes
    (authors, content leads, administrators); 403 for everyone else."""
    from quizzes.moodle_xml import (
        XML_CONTENT_TYPE,
        quiz_moodle_xml_export,
        quiz_moodle_xml_filename,
    )

    return _quiz_file(
        request,
        quiz_id,
        export=quiz_moodle_xml_export,
        filename=quiz_moodle_xml_filename,
        content_type=XML_CONTENT_TYPE,
    )


# --- Daily spaced review ---------------------------------------------------------------------

# FSRS's ratings (``ReviewLog.Rating``) by name.
RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}
RATING_NAMES = {value: name for name, value in RATINGS.items()}
RatingName = Literal["again", "hard", "good", "easy"]


class ReviewTermOut(Schema):
    id: int
    term: str


class ReviewCardOut(Schema):
    """A card to review now: ``question`` for a question card, in the shape an attempt shows it
    (opaque ids made for this showing, nothing that tells what is right); ``term`` for a
    glossary flashcard (the term alone: its definition comes with the answer)."""

    id: int
    kind: Literal["question", "term"]
    question: QuestionOut | None
    term: ReviewTermOut | None


class ReviewListOut(Schema):
    """``due_count`` is how many cards I may review now: the due cards within today's limit
    (``daily_limit`` different cards a day; ``reviewed_today`` so far)."""

    cards: list[ReviewCardOut]
    due_count: int
    daily_limit: int
    reviewed_today: int
    streak_days: int
    minutes_today: int


class ReviewAnswerIn(AnswerIn):
    """For a question card, exactly one answer field, as for attempts. For a flashcard,
    ``rating`` alone: how well I remembered the definition (again, hard, good or easy)."""

    rating: RatingName | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        given = [name for name in (*ANSWER_FIELDS, "rating") if getattr(self, name) is not None]
        if len(given) != 1:
            raise PydanticCustomError("answer_fields", str(ERROR_ONE_REVIEW_FIELD))
        return self


class ReviewAnswerOut(Schema):
    """The answered card: whether I was right (null for a flashcard), why, the right answer,
    the rating it was given, and when it is due again."""

    correct: bool | None
    explanation: str
    explanation_html: str
    right_answer: dict[str, Any] | None
    definition_html: str | None
    rating: RatingName
    next_due_at: datetime.datetime


@router.get("/me/reviews", response=ReviewListOut, url_name="reviews")
def review_list(request: HttpRequest):
    """My daily review now: the due cards within today's limit, most overdue first, each shown
    (listing again gives the same cards with the same ids until they are answered), and the
    day's figures. A fixed number of queries, whatever the number of cards."""
    now = timezone.now()
    day = review_day_for_learner(user=request.user, now=now)
    cards = review_queue_for_learner(user=request.user, now=now, day=day)
    review_cards_show(cards=cards, now=now)
    return {
        "cards": [review_card_public(card) for card in cards],
        "due_count": len(cards),
        "daily_limit": day.limit,
        "reviewed_today": day.reviewed,
        "streak_days": day.streak,
        "minutes_today": day.minutes,
    }


@router.post(
    "/reviews/{card_id}/answer",
    response={200: ReviewAnswerOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
    url_name="review-answer",
)
def review_answer(request: HttpRequest, card_id: ObjectId, payload: ReviewAnswerIn):
    """Answer one of my cards as listed by ``/me/reviews`` (or rate a flashcard). Graded on the
    server; the time since it was listed (or since my previous answer) refines the rating.
    409 when the card takes no answer now: not listed since its last answer, not due yet, or
    today's limit is used up; 422 for an answer of the wrong shape (or a rating for a question,
    an answer for a flashcard); 404 for anyone else's card."""
    card = review_card_for_learner(card_id=card_id, user=request.user)
    try:
        if payload.rating is not None:
            card = review_card_rate(card=card, rating=RATINGS[payload.rating])
        else:
            card = review_card_answer(card=card, data=payload.answer())
    except ReviewNotAllowed as exc:
        raise ApiError(409, exc.message) from None
    except AnswerInvalid as exc:
        raise ValidationError(
            [{"type": "answer_invalid", "loc": ["body", "payload"], "msg": str(exc.message)}]
        ) from None
    result = review_card_result(card)
    question = result["question"] or {}
    return {
        "correct": result["correct"],
        "explanation": result["explanation"],
        "explanation_html": question.get("explanation_html", ""),
        "right_answer": question.get("right_answer"),
        "definition_html": result["term"]["definition_html"] if result["term"] else None,
        "rating": RATING_NAMES[result["rating"]],
        "next_due_at": result["next_due_at"],
    }
