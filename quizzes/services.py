"""Writes for attempts: start, save an answer, submit (grade), and submit what ran out of time.

Submitting is the one place that grades. It locks the attempt row, so any number of concurrent
submits of one attempt (a double click, a retry, the worker's deadline sweep) grade it once and
all return the same result.
"""

import datetime
import secrets
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from courses.services import (
    LessonLocked,
    lesson_gate_pass,
    quiz_assignments_complete,
    quiz_assignments_start,
)
from quizzes.grading import AnswerInvalid, question_snapshot, response_clean, response_grade
from quizzes.models import Attempt, AttemptQuestion, Quiz
from quizzes.notifications import attempt_graded_notify, attempt_waiting_notify
from quizzes.queue_selectors import open_answers_for_grader
from quizzes.review_services import review_cards_from_attempt
from quizzes.selectors import (
    REASON_NO_QUESTIONS,
    attempt_limits_check,
    attempt_start_check,
    lesson_reachable,
    questions_for_attempt,
    quiz_gated_lessons,
)
from quizzes.types import question_type

ERROR_SUBMITTED = _("This attempt has already been submitted; answers can no longer change.")
ERROR_TIME_UP = _("Time is up: the attempt was submitted with the answers saved before the end.")
ERROR_NOT_IN_ATTEMPT = _("That question is not part of this attempt.")
ERROR_ALREADY_GRADED = _("This answer has already been graded.")
ERROR_POINTS = ngettext_lazy(
    "Give from 0 to %(max)s point.", "Give from 0 to %(max)s points.", "max"
)
ERROR_NOT_YOURS = _("Only the learner's mentor or manager grades their answers.")


class AttemptNotAllowed(PermissionDenied):
    """No attempt may start now; ``reason`` says why, ``retry_after`` (seconds) when one may."""

    def __init__(self, reason: str, retry_after: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class AttemptClosed(PermissionDenied):
    """The attempt takes no more answers (submitted, or its time ran out)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class QuestionNotInAttempt(LookupError):
    pass


def _expired(attempt: Attempt, now: datetime.datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline


def attempt_start(
    *, user: AbstractBaseUser, quiz: Quiz, now: datetime.datetime | None = None
) -> tuple[Attempt, bool]:
    """Start an attempt at ``quiz``, or return the one in progress: ``(attempt, created)``.

    A new attempt freezes its questions, their order and the choice order, and records the
    server's start time and deadline, and puts the person's assignments of the quiz in
    progress. An attempt in progress whose time ran out is submitted first. Raises
    ``AttemptNotAllowed`` (with the reason and, for a cool-down, ``retry_after``) when the rules
    allow no attempt now."""
    now = now or timezone.now()
    current = Attempt.objects.filter(
        user=user, quiz=quiz, status=Attempt.Status.IN_PROGRESS
    ).first()
    if current is not None:
        if not _expired(current, now):
            return current, False
        attempt_submit(attempt=current, now=now)
    check = attempt_start_check(quiz=quiz, user=user, now=now)
    if not check.allowed:
        raise AttemptNotAllowed(check.reason, check.retry_after)
    rng = secrets.SystemRandom()
    questions = questions_for_attempt(quiz=quiz, rng=rng)
    if not questions:
        raise AttemptNotAllowed(str(REASON_NO_QUESTIONS))
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    deadline = (
        now + datetime.timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None
    )
    try:
        with transaction.atomic():
            # The limit and cool-down checked again under a lock on the person: a start racing
            # the submit of an earlier attempt must not slip past them.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            check = attempt_limits_check(quiz=quiz, user=user, now=now)
            if not check.allowed:
                raise AttemptNotAllowed(check.reason, check.retry_after)
            last = Attempt.objects.filter(user=user, quiz=quiz).aggregate(n=Max("number"))["n"]
            attempt = Attempt.objects.create(
                user=user,
                quiz=quiz,
                number=(last or 0) + 1,
                started_at=now,
                deadline=deadline,
                max_score=sum(Decimal(q.points) for q in questions),
            )
            AttemptQuestion.objects.bulk_create(
                AttemptQuestion(
                    attempt=attempt,
                    question=question,
                    position=position,
                    snapshot=question_snapshot(question, shuffle=quiz.shuffle_choices, rng=rng),
                )
                for position, question in enumerate(questions, start=1)
            )
            quiz_assignments_start(user_id=user.pk, quiz_id=quiz.pk)
    except IntegrityError:
        # Another request started one at the same moment; both callers get that one.
        return Attempt.objects.get(user=user, quiz=quiz, status=Attempt.Status.IN_PROGRESS), False
    return attempt, True


def attempt_answer_save(
    *,
    attempt: Attempt,
    question_id: int,
    data: dict | None,
    now: datetime.datetime | None = None,
) -> AttemptQuestion:
    """Save (or replace) the learner's answer to one question of an attempt in progress;
    ``data=None`` clears it (the question then scores nothing).

    Raises ``AttemptClosed`` once the attempt is submitted or its time is up (an attempt found
    past its deadline is submitted on the spot), ``QuestionNotInAttempt`` for a question the
    attempt does not hold, and ``AnswerInvalid`` for an answer of the wrong shape. Nothing is
    saved on any error."""
    now = now or timezone.now()
    if not attempt.is_submitted and _expired(attempt, now):
        attempt_submit(attempt=attempt, now=now)
        raise AttemptClosed(ERROR_TIME_UP)
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.is_submitted:
            raise AttemptClosed(ERROR_SUBMITTED)
        row = AttemptQuestion.objects.filter(attempt=locked, question_id=question_id).first()
        if row is None:
            raise QuestionNotInAttempt(ERROR_NOT_IN_ATTEMPT)
        row.response = None if data is None else response_clean(row.snapshot, data)
        row.answered_at = now
        row.save(update_fields=["response", "answered_at"])
    return row


def attempt_submit(*, attempt: Attempt, now: datetime.datetime | None = None) -> Attempt:
    """Grade and close the attempt; return it, graded.

    Idempotent and safe under concurrency: the attempt row is locked, and an attempt already
    submitted is returned as it was graded. An attempt submitted after its deadline is marked
    as timed out (answers could not be saved after the deadline anyway). Passing a quiz that
    ends lessons completes those lessons for the person, passing any quiz completes the
    person's open assignments of it (and of a content change it checks), and each answered
    question becomes or reviews the person's spaced-review card, in the same transaction.

    An attempt with an open answer (a type ``graded_by_person``) is closed but not scored: it
    waits, without score or pass, for its mentor or manager (``open_answer_grade``); the
    rest happens when the last open answer is graded. Those who may grade it are notified by
    a worker once the submit commits (``attempt_graders_notify``)."""
    now = now or timezone.now()
    with transaction.atomic():
        # Lock only the attempt: a plain FOR UPDATE over the join would lock the quiz row too,
        # queueing every learner's submit (and the author's save) behind each other.
        locked = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .get(pk=attempt.pk)
        )
        if locked.is_submitted:
            return locked
        rows = list(AttemptQuestion.objects.filter(attempt=locked).order_by("position"))
        for row in rows:
            if row.response and _graded_by_person(row.snapshot):
                # An open answer: a person grades it; the attempt waits for them.
                row.score, row.correct, row.awaiting_grading = None, None, True
            else:
                row.score, row.correct = response_grade(row.snapshot, row.response)
        AttemptQuestion.objects.bulk_update(rows, ["score", "correct", "awaiting_grading"])
        locked.status = Attempt.Status.SUBMITTED
        locked.submitted_at = min(now, locked.deadline) if _expired(locked, now) else now
        locked.timed_out = _expired(locked, now)
        if any(row.awaiting_grading for row in rows):
            locked.score = locked.percent = locked.passed = None
            locked.save(
                update_fields=["score", "percent", "passed", "status", "submitted_at", "timed_out"]
            )
            # Only a committed submit is worth a grader's time; a retried submit returns above,
            # before this, and a repeated task sends nothing twice (the event is the attempt).
            attempt_id = locked.pk
            transaction.on_commit(lambda: _graders_notify_later(attempt_id))
        else:
            _attempt_score(attempt=locked, rows=rows)
    return locked


def _graders_notify_later(attempt_id: int) -> None:
    from django_q.tasks import async_task

    async_task("quizzes.tasks.attempt_graders_notify", attempt_id, group="quizzes_grading")


def attempt_graders_notify(*, attempt_id: int) -> int:
    """Tell the people who may grade the attempt that its open answers wait for them
    (``quizzes.notifications.attempt_waiting_notify``); nothing for an attempt gone or no
    longer waiting. Returns how many notifications were offered."""
    attempt = Attempt.objects.select_related("quiz", "user").filter(pk=attempt_id).first()
    if attempt is None:
        return 0
    return attempt_waiting_notify(attempt=attempt)


def _graded_by_person(snapshot: dict) -> bool:
    try:
        return question_type(snapshot["type"]).graded_by_person
    except KeyError:
        return False


def _attempt_score(*, attempt: Attempt, rows: list[AttemptQuestion]) -> None:
    """Total the graded ``rows`` of the submitted, locked ``attempt``, decide pass or fail and
    do what passing does: one code path for automatic grading and for the last open answer a
    person grades. Call inside the transaction holding the attempt's lock."""
    total = sum((row.score or Decimal(0) for row in rows), Decimal(0))
    # Rounded down, so the percent shown never reaches the pass mark when the score does not.
    percent = (
        (total * 100 / attempt.max_score).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        if attempt.max_score
        else Decimal(0)
    )
    attempt.score = total
    attempt.percent = percent
    # Decided on the exact share, not the rounded percent: 79.995 % must not pass at 80 %.
    attempt.passed = bool(attempt.max_score) and (
        total * 100 >= attempt.quiz.pass_mark * attempt.max_score
    )
    attempt.save(
        update_fields=["score", "percent", "passed", "status", "submitted_at", "timed_out"]
    )
    if attempt.passed:
        # At the attempt's own time: a late sweep must not date the lesson after the answers.
        _gates_pass(attempt=attempt, at=attempt.submitted_at)
        quiz_assignments_complete(
            user_id=attempt.user_id, quiz_id=attempt.quiz_id, at=attempt.submitted_at
        )
    # Each answered question becomes (or reviews) the person's spaced-review card, once
    # the quiz shows its answers.
    review_cards_from_attempt(attempt=attempt)


class OpenAnswerNotGradable(ValidationError):
    """The grade cannot be given: already graded, or points out of range; ``message`` says."""


def open_answer_grade(
    *,
    attempt_question: AttemptQuestion,
    grader: AbstractBaseUser,
    points: Decimal,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> AttemptQuestion:
    """Give an open answer waiting for grading its points (0…the question's points) and a
    comment, by ``grader``; when it was the attempt's last one waiting, score the attempt
    (pass or fail, gates, assignments and review cards as for any attempt) and notify the
    learner. Raises ``PermissionDenied`` when ``grader`` may not grade it (they neither
    mentor nor manage the learner: ``quizzes.queue_selectors``).

    Never grades twice: the attempt is locked and the answer updated only while it still
    waits, so of two graders at once the second gets ``OpenAnswerNotGradable``
    (``ERROR_ALREADY_GRADED``), as does anyone grading an answer not waiting. Points out of
    range raise it too (``ERROR_POINTS``)."""
    now = now or timezone.now()
    maximum = Decimal(attempt_question.snapshot["points"])
    try:
        points = Decimal(points)
    except (InvalidOperation, TypeError, ValueError):
        raise OpenAnswerNotGradable(ERROR_POINTS % {"max": int(maximum)}) from None
    if not points.is_finite() or points < 0 or points > maximum:
        raise OpenAnswerNotGradable(ERROR_POINTS % {"max": int(maximum)})
    points = points.quantize(Decimal("0.01"))
    if not open_answers_for_grader(grader=grader).filter(pk=attempt_question.pk).exists():
        raise PermissionDenied(ERROR_NOT_YOURS)
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "user")
            .get(pk=attempt_question.attempt_id)
        )
        updated = AttemptQuestion.objects.filter(
            pk=attempt_question.pk, awaiting_grading=True
        ).update(
            awaiting_grading=False,
            score=points,
            correct=points == maximum,
            graded_by=grader,
            graded_at=now,
            grading_comment=comment.strip(),
        )
        if not updated:
            raise OpenAnswerNotGradable(ERROR_ALREADY_GRADED)
        rows = list(AttemptQuestion.objects.filter(attempt=attempt).order_by("position"))
        if not any(row.awaiting_grading for row in rows):
            _attempt_score(attempt=attempt, rows=rows)
            attempt_graded_notify(attempt=attempt)
    attempt_question.refresh_from_db()
    return attempt_question


def _gates_pass(*, attempt: Attempt, at: datetime.datetime) -> None:
    # Only the lessons the person had reached: completing one of them must not open a later
    # lesson ending with the same quiz and pass that one too, unread.
    reachable = [
        lesson
        for lesson in quiz_gated_lessons(quiz=attempt.quiz)
        if lesson_reachable(lesson=lesson, user=attempt.user)
    ]
    for lesson in reachable:
        try:
            lesson_gate_pass(user=attempt.user, lesson=lesson, at=at)
        except LessonLocked:
            continue


def attempt_close_if_expired(*, attempt: Attempt, now: datetime.datetime | None = None) -> Attempt:
    """Submit ``attempt`` if its time ran out and nobody has yet; return it as it now stands.
    Called wherever the owner looks at the attempt, so they never see a form that can no longer
    be answered while waiting for the worker's sweep."""
    if not attempt.is_submitted and _expired(attempt, now or timezone.now()):
        return attempt_submit(attempt=attempt, now=now)
    return attempt


def attempts_expired_submit(*, now: datetime.datetime | None = None) -> int:
    """Submit every attempt in progress whose time ran out; returns how many. Safe to run any
    number of times, and at the same time as learners submitting."""
    now = now or timezone.now()
    ids = list(
        Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline__lt=now).values_list(
            "pk", flat=True
        )
    )
    submitted = 0
    for attempt in Attempt.objects.filter(pk__in=ids):
        if not attempt_submit(attempt=attempt, now=now).timed_out:
            continue
        submitted += 1
    return submitted


__all__ = [
    "AnswerInvalid",
    "AttemptClosed",
    "AttemptNotAllowed",
    "OpenAnswerNotGradable",
    "QuestionNotInAttempt",
    "attempt_answer_save",
    "attempt_graders_notify",
    "attempt_start",
    "attempt_submit",
    "attempts_expired_submit",
    "open_answer_grade",
]
