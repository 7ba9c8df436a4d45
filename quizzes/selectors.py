"""Reads for quizzes and attempts. Every one is scoped to the acting person: a learner sees only
their own attempts, and nothing that reveals a right answer before their attempt is submitted."""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.lookups import GreaterThanOrEqual
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from courses.models import Assignment, LessonPage, LessonProgress
from courses.selectors import (
    LessonState,
    course_outline_for_learner,
    page_viewable_by,
    plan_for_learner,
)
from quizzes.grading import snapshot_public, snapshot_review
from quizzes.models import Attempt, AttemptQuestion, LessonGate, Question, Quiz

REASON_NOT_LIVE = _("This quiz is not published.")
REASON_NO_QUESTIONS = _("This quiz has no questions yet.")
REASON_LESSON_LOCKED = _("Open the lesson this quiz belongs to first: it is still locked.")
REASON_LIMIT = _("You have used every attempt this quiz allows (%(limit)s).")
REASON_COOLDOWN = _("You can try again in %(minutes)s min.")


@dataclass(frozen=True)
class StartCheck:
    allowed: bool
    reason: str = ""
    retry_after: int | None = None  # seconds until an attempt may start


def quiz_live_or_404(*, quiz_id: int) -> Quiz:
    try:
        return Quiz.objects.get(pk=quiz_id, live=True)
    except Quiz.DoesNotExist:
        raise Http404(REASON_NOT_LIVE) from None


def quiz_gated_lessons(*, quiz: Quiz) -> list[LessonPage]:
    """The live lessons that end with ``quiz``."""
    return list(LessonPage.objects.live().filter(quiz_gates__quiz=quiz).defer_streamfields())


@dataclass(frozen=True)
class NextStep:
    """Where a result page's main button leads after a quiz: the lesson the quiz ends, the
    lesson after it (None when it was the course's last), the course; or, for a quiz outside
    any course, the person's next open assignment (None: back to the plan)."""

    lesson: LessonPage | None = None
    next_lesson: LessonPage | None = None
    course: Page | None = None
    assignment: Assignment | None = None


def quiz_next_step_for_learner(*, quiz: Quiz, user: AbstractBaseUser) -> NextStep:
    """What comes after ``quiz`` for ``user``. For a quiz that ends a lesson: that lesson, the
    next lesson of its course and the course. For any other quiz (a refresher, a quiz assigned
    on its own): the first open assignment of the person's plan other than this quiz, by due
    date. A fixed number of queries, whatever the size of the course or the plan."""
    lessons = quiz_gated_lessons(quiz=quiz)
    if lessons:
        lesson = lessons[0]
        course = lesson.get_parent().specific
        outline = course_outline_for_learner(course=course, user=user)
        _before, after = outline.neighbours(lesson.pk)
        return NextStep(lesson=lesson, next_lesson=after.lesson if after else None, course=course)
    plan = plan_for_learner(user=user)
    following = next((e.assignment for e in plan.current if e.assignment.quiz_id != quiz.pk), None)
    return NextStep(assignment=following)


def lesson_gates() -> QuerySet[LessonGate]:
    """The gate of every gated lesson (``lesson_id``, ``quiz_id``): the rows of the published
    lesson, or of a lesson never published. The ``courses.hooks.lesson_gates`` hook."""
    return LessonGate.objects.all()


def lesson_gate_quiz(*, lesson: LessonPage) -> Quiz | None:
    """The quiz that ends ``lesson`` as the instance holds it: the published gate for a lesson
    read from the database, the draft's for a revision or an editor's preview (the child rows
    travel in the page's revision). One query. The ``courses.hooks.lesson_gate_quiz`` hook."""
    gate = next(iter(lesson.quiz_gates.all().select_related("quiz")), None)
    return gate.quiz if gate is not None else None


def quiz_attempts_for_learner(*, quiz: Quiz, user: AbstractBaseUser) -> QuerySet[Attempt]:
    """The person's own attempts at ``quiz``, latest first."""
    return Attempt.objects.filter(quiz=quiz, user=user).order_by("-number")


@dataclass(frozen=True)
class QuizResults:
    attempts: list[Attempt]
    used: int
    best: Attempt | None
    last: Attempt | None
    in_progress: Attempt | None


def quiz_results_for_learner(*, quiz: Quiz, user: AbstractBaseUser) -> QuizResults:
    """The person's attempts at ``quiz`` (latest first) in brief: how many were submitted, the
    best and the last of them, and the one in progress. One query."""
    attempts = list(quiz_attempts_for_learner(quiz=quiz, user=user))
    submitted = [a for a in attempts if a.is_submitted]
    return QuizResults(
        attempts=attempts,
        used=len(submitted),
        # An attempt still waiting for its grader has no percent yet: it is nobody's best.
        best=max(
            (a for a in submitted if a.percent is not None),
            key=lambda a: (a.percent, a.number),
            default=None,
        ),
        last=submitted[0] if submitted else None,
        in_progress=next((a for a in attempts if not a.is_submitted), None),
    )


def attempt_start_check(
    *, quiz: Quiz, user: AbstractBaseUser, now: datetime.datetime | None = None
) -> StartCheck:
    """Whether ``user`` may start a new attempt at ``quiz`` now, and if not, why and when.

    Rules, in order: the quiz is live; if it ends lessons, one of them is open to the person;
    the attempt limit is not used up; the cool-down since the last submitted attempt is over."""
    now = now or timezone.now()
    if not quiz.live:
        return StartCheck(False, str(REASON_NOT_LIVE))
    lessons = quiz_gated_lessons(quiz=quiz)
    if lessons and not any(lesson_reachable(lesson=lesson, user=user) for lesson in lessons):
        return StartCheck(False, str(REASON_LESSON_LOCKED))
    return attempt_limits_check(quiz=quiz, user=user, now=now)


def attempt_limits_check(
    *, quiz: Quiz, user: AbstractBaseUser, now: datetime.datetime | None = None
) -> StartCheck:
    """The part of ``attempt_start_check`` that the person's own attempts decide: the attempt
    limit and the cool-down. One query, two for a quiz with an attempt limit.

    The limit counts the attempts since the person last started a lesson the quiz gates, or
    was last given the quiz to retake (an open quiz refresher): a refresher starts afresh, and
    the attempts of the earlier pass must not leave the quiz closed for good."""
    now = now or timezone.now()
    counted = Count("pk")
    if quiz.attempt_limit:
        started = LessonProgress.objects.filter(
            user=user, lesson__quiz_gates__quiz=quiz
        ).values_list("started_at", flat=True)
        assigned = Assignment.objects.filter(
            user=user, quiz_id=quiz.pk, status__in=Assignment.OPEN_STATUSES
        ).values_list("assigned_at", flat=True)
        this_pass = max(
            (m for m in started.order_by().union(assigned.order_by(), all=True) if m),
            default=None,
        )
        if this_pass is not None:
            counted = Count("pk", filter=Q(submitted_at__gte=this_pass))
    summary = Attempt.objects.filter(
        quiz=quiz, user=user, status=Attempt.Status.SUBMITTED
    ).aggregate(last=Max("submitted_at"), counted=counted)
    if quiz.attempt_limit and summary["counted"] >= quiz.attempt_limit:
        return StartCheck(False, str(REASON_LIMIT % {"limit": quiz.attempt_limit}))
    if quiz.cooldown_minutes and summary["last"] is not None:
        ready_at = summary["last"] + datetime.timedelta(minutes=quiz.cooldown_minutes)
        if ready_at > now:
            seconds = math.ceil((ready_at - now).total_seconds())
            minutes = math.ceil(seconds / 60)
            return StartCheck(False, str(REASON_COOLDOWN % {"minutes": minutes}), seconds)
    return StartCheck(True)


def lesson_reachable(*, lesson: LessonPage, user) -> bool:
    """Whether ``lesson`` is open or completed for ``user`` (not locked, and not hidden from
    them by page privacy)."""
    if not page_viewable_by(page=lesson, user=user):
        return False
    outline = course_outline_for_learner(course=lesson.get_parent().specific, user=user)
    state = outline.state_of(lesson.pk)
    return state is not None and state.state != LessonState.LOCKED


def attempt_for_learner(*, attempt_id: int, user: AbstractBaseUser) -> Attempt:
    """The person's own attempt, with its quiz; anyone else's is ``Http404`` (so nobody can
    learn that it exists)."""
    try:
        return Attempt.objects.select_related("quiz").get(pk=attempt_id, user=user)
    except Attempt.DoesNotExist:
        raise Http404(_("No such attempt.")) from None


def attempt_questions(*, attempt: Attempt) -> list[AttemptQuestion]:
    return list(AttemptQuestion.objects.filter(attempt=attempt).order_by("position"))


def attempt_questions_public(*, attempt: Attempt) -> list[dict]:
    """The attempt's questions as the learner sees them while answering, each with the answer
    they have saved so far (``response``), and never with what is right."""
    return [
        {**snapshot_public(row.snapshot), "response": row.response}
        for row in attempt_questions(attempt=attempt)
    ]


def attempts_showing_answers() -> QuerySet[Attempt]:
    """The submitted attempts whose right answers their owner may see now: the quiz's
    ``show_answers`` rule, the one rule for every place a right answer could reach a learner
    (the attempt's result, the daily review). Set-based, so that a list of cards is checked in
    the same query that fetches it.

    - "after each attempt": every submitted attempt;
    - "after passing": every attempt of a person who has passed the quiz (an earlier failed
      attempt shows its answers once a later one passes);
    - "after the last allowed attempt": every attempt of a person who has submitted as many
      attempts as the quiz allows (never, for a quiz without a limit);
    - "never": none."""
    rule = Quiz.ShowAnswers
    theirs = Attempt.objects.filter(
        quiz=OuterRef("quiz_id"), user=OuterRef("user_id"), status=Attempt.Status.SUBMITTED
    )
    used = theirs.order_by().values("user").annotate(count=Count("pk")).values("count")
    return Attempt.objects.filter(status=Attempt.Status.SUBMITTED).filter(
        Q(quiz__show_answers=rule.AFTER_EACH_ATTEMPT)
        | Q(Exists(theirs.filter(passed=True)), quiz__show_answers=rule.AFTER_PASSING)
        | Q(
            GreaterThanOrEqual(Subquery(used), F("quiz__attempt_limit")),
            quiz__show_answers=rule.AFTER_LAST_ATTEMPT,
            quiz__attempt_limit__gt=0,
        )
    )


def attempt_shows_answers(*, attempt: Attempt) -> bool:
    """Whether the quiz lets the learner see the right answers of this attempt now
    (``attempts_showing_answers``). One query for a submitted attempt."""
    if not attempt.is_submitted:
        return False
    return attempts_showing_answers().filter(pk=attempt.pk).exists()


def attempt_result(*, attempt: Attempt) -> dict:
    """A submitted attempt's score and review; the review shows right answers only as the quiz
    allows (``attempt_shows_answers``)."""
    show = attempt_shows_answers(attempt=attempt)
    review = []
    for row in attempt_questions(attempt=attempt):
        item = snapshot_review(
            row.snapshot, row.response, score=row.score, correct=row.correct, show_answers=show
        )
        # An open answer: waiting for its grader, or graded with their comment.
        item["awaiting_grading"] = row.awaiting_grading
        item["grading_comment"] = row.grading_comment if row.graded_at else ""
        if row.awaiting_grading:
            item["correct"] = item["score"] = None
        review.append(item)
    return {
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": None if attempt.awaiting_grading else bool(attempt.passed),
        "awaiting_grading": attempt.awaiting_grading,
        "timed_out": attempt.timed_out,
        "shows_answers": show,
        "review": review,
    }


def questions_for_attempt(*, quiz: Quiz, rng) -> list[Question]:
    """The questions a new attempt at ``quiz`` gets: the listed ones in order, then the random
    draws (never repeating a question), with their choices, answers and pairs loaded."""
    with_parts = Question.objects.prefetch_related(
        Prefetch("choices"),
        Prefetch("accepted_answers"),
        Prefetch("numeric_answers"),
        Prefetch("pairs"),
    )
    listed = _listed_questions(quiz=quiz, with_parts=with_parts)
    chosen_ids = {q.pk for q in listed}
    drawn: list[Question] = []
    for draw in quiz.draws.select_related("category").order_by("sort_order"):
        pool = [
            pk
            for pk in Question.objects.filter(category=draw.category).values_list("pk", flat=True)
            if pk not in chosen_ids
        ]
        picked = rng.sample(pool, min(draw.count, len(pool)))
        chosen_ids.update(picked)
        drawn_by_id = with_parts.in_bulk(picked)
        drawn.extend(drawn_by_id[pk] for pk in picked)
    return listed + drawn


def _listed_questions(*, quiz: Quiz, with_parts) -> list[Question]:
    order = list(quiz.quiz_questions.order_by("sort_order").values_list("question_id", flat=True))
    by_id = with_parts.in_bulk(order)
    return [by_id[pk] for pk in order if pk in by_id]


def attempts_of_person(*, user: AbstractBaseUser) -> list[Attempt]:
    """Every attempt of ``user`` at any quiz (in progress and submitted), latest first, with the
    quiz loaded: its scores and dates only, never the questions or answers. One query."""
    return list(
        Attempt.objects.filter(user=user)
        .select_related("quiz")
        .only(
            "number",
            "status",
            "started_at",
            "submitted_at",
            "timed_out",
            "score",
            "max_score",
            "percent",
            "passed",
            "user_id",
            "quiz__title",
            "quiz__pass_mark",
        )  # fmt: skip
        .order_by("-started_at", "-pk")
    )


def best_percent_by_quiz(
    *, user_id: int, quiz_ids: list[int], since: datetime.datetime | None = None
) -> dict[int, Decimal]:
    """The person's best percent at each of ``quiz_ids`` among their submitted attempts (with
    ``since``, only those submitted at or after it); a quiz they never submitted is left out.
    One query (none for no quizzes)."""
    if not quiz_ids:
        return {}
    attempts = Attempt.objects.filter(
        user_id=user_id,
        quiz_id__in=quiz_ids,
        status=Attempt.Status.SUBMITTED,
        percent__isnull=False,
    )
    if since is not None:
        attempts = attempts.filter(submitted_at__gte=since)
    rows = attempts.values("quiz_id").annotate(best=Max("percent"))
    return {row["quiz_id"]: row["best"] for row in rows}
