"""Writes: a learner opening and completing lessons, passing gates, completing a course."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Assignment, CoursePage, LessonPage, LessonProgress
from courses.selectors import LessonState, course_outline_for_learner, page_viewable_by
from courses.signals import course_completed

ERROR_LESSON_LOCKED = _(
    "This lesson is locked: finish the lessons before it (and pass their quizzes) first."
)


ERROR_LESSON_RESTRICTED = _("This lesson is not open to you.")


ERROR_GATE_NOT_PASSED = _("Pass the quiz at the end of this lesson to complete it.")


class LessonLocked(PermissionDenied):
    def __init__(self, message=ERROR_LESSON_LOCKED):
        super().__init__(message)
        self.message = message


class GateNotPassed(PermissionDenied):
    def __init__(self, message=ERROR_GATE_NOT_PASSED):
        super().__init__(message)
        self.message = message


def _lesson_state_or_raise(*, user, lesson: LessonPage) -> LessonState:
    if not page_viewable_by(page=lesson, user=user):
        raise LessonLocked(ERROR_LESSON_RESTRICTED)
    course = lesson.get_parent().specific
    outline = course_outline_for_learner(course=course, user=user)
    state = outline.state_of(lesson.pk)
    if state is None or state.state == LessonState.LOCKED:
        raise LessonLocked()
    return state


@transaction.atomic
def lesson_open(*, user: AbstractBaseUser, lesson: LessonPage) -> LessonProgress:
    """Record that ``user`` opened ``lesson`` and put their assignment of the course in
    progress. Raises ``LessonLocked`` if an earlier lesson is not completed yet."""
    state = _lesson_state_or_raise(user=user, lesson=lesson)
    if state.opened:
        # Opened before: nothing to record (this runs on every view of the lesson).
        return LessonProgress.objects.get(user=user, lesson=lesson)
    progress, _created = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    _assignment_start(user=user, course_id=lesson.get_parent().pk)
    return progress


def _assignment_start(*, user, course_id: int) -> None:
    Assignment.objects.filter(
        user=user, course_id=course_id, status=Assignment.Status.ASSIGNED
    ).update(status=Assignment.Status.IN_PROGRESS)


@transaction.atomic
def lesson_complete(
    *, user: AbstractBaseUser, lesson: LessonPage, at: datetime.datetime | None = None
) -> LessonProgress:
    """Mark ``lesson`` completed for ``user``; completing the last one completes the course
    and its open assignments. Idempotent.

    Raises ``LessonLocked`` if an earlier lesson is not completed, ``GateNotPassed`` if the
    lesson ends with a quiz the person has not passed."""
    state = _lesson_state_or_raise(user=user, lesson=lesson)
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson
    )
    if state.gate_quiz_id is not None and progress.gate_passed_at is None:
        raise GateNotPassed()
    if progress.completed_at is None:
        progress.completed_at = at or timezone.now()
        progress.save(update_fields=["completed_at"])
    if state.state != LessonState.COMPLETED:
        course = lesson.get_parent().specific
        _assignment_start(user=user, course_id=course.pk)
        course_completion_check(user=user, course=course, at=at)
    return progress


@transaction.atomic
def lesson_gate_pass(
    *, user: AbstractBaseUser, lesson: LessonPage, at: datetime.datetime | None = None
) -> LessonProgress:
    """Record that ``user`` passed the quiz at the end of ``lesson``, which completes it.

    Called by the quizzes app when an attempt at the lesson's gate passes. Raises
    ``LessonLocked`` if the lesson is not open to the person yet."""
    _lesson_state_or_raise(user=user, lesson=lesson)
    at = at or timezone.now()
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"started_at": at}
    )
    if progress.gate_passed_at is None:
        progress.gate_passed_at = at
        progress.save(update_fields=["gate_passed_at"])
    return lesson_complete(user=user, lesson=lesson, at=at)


def course_completion_check(
    *, user: AbstractBaseUser, course: CoursePage, at: datetime.datetime | None = None
) -> bool:
    """Complete the person's open assignments of ``course`` if every live lesson is completed
    and every gate passed. Returns whether the course is complete."""
    outline = course_outline_for_learner(course=course, user=user)
    if not outline.is_complete:
        return False
    completed = Assignment.objects.filter(
        user=user, course=course, status__in=Assignment.OPEN_STATUSES
    ).update(status=Assignment.Status.COMPLETED, completed_at=at or timezone.now())
    if completed:
        course_completed.send(sender=CoursePage, user=user, course=course)
    return True
