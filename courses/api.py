"""The learner's plan, courses and lessons in the JSON API (mounted under /api/v1).

The endpoints call the same selectors and services as the pages: ``plan_for_learner``,
``course_outline_for_learner`` and ``lesson_complete``.
"""

import datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from ninja import Router, Schema

from courses.models import CoursePage, LessonPage
from courses.selectors import (
    CourseOutline,
    LessonState,
    PlanEntry,
    course_outline_for_learner,
    page_viewable_by,
    plan_for_learner,
)
from courses.services import GateNotPassed, LessonLocked, lesson_complete
from lms.api.errors import ApiError
from lms.api.registry import router_register
from lms.api.schemas import ErrorOut, ObjectId

ERROR_NO_COURSE = _("No such course.")
ERROR_NO_LESSON = _("No such lesson.")

router = router_register(Router(tags=["courses"]))


class CourseRefOut(Schema):
    id: int
    title: str
    url: str | None


class ProgressOut(Schema):
    done: int
    total: int


class AssignmentOut(Schema):
    id: int
    # What to complete: a course (with its progress), a quiz, or a content change to re-learn.
    kind: Literal["course", "quiz", "content_change"]
    title: str
    url: str | None
    course: CourseRefOut | None
    quiz_id: int | None
    source: Literal["onboarding", "manual", "refresher", "content_change"]
    due_at: datetime.datetime | None
    status: Literal["assigned", "in_progress", "completed", "overdue"]
    progress: ProgressOut | None


class PlanOut(Schema):
    """Open assignments first (soonest due first), then completed ones (latest first)."""

    assignments: list[AssignmentOut]


class LessonOut(Schema):
    id: int
    title: str
    url: str | None
    state: Literal["locked", "open", "completed"]
    gate_quiz_id: int | None


class CourseOut(Schema):
    id: int
    title: str
    lessons: list[LessonOut]


def _page_url(page, request: HttpRequest) -> str | None:
    # ``get_url`` with the request reuses the site's root paths for every page of the answer.
    return page.get_url(request=request)


def _assignment_out(entry: PlanEntry, request: HttpRequest) -> dict:
    assignment, outline = entry.assignment, entry.outline
    course = None
    if outline is not None:
        course = {
            "id": outline.course.pk,
            "title": outline.course.title,
            "url": _page_url(outline.course, request),
        }
    return {
        "id": assignment.pk,
        "kind": assignment.kind,
        "title": assignment.target_title,
        "url": course["url"] if course else assignment.target_url,
        "course": course,
        "quiz_id": assignment.quiz_id,
        "source": assignment.source,
        "due_at": assignment.due_at,
        "status": "overdue" if entry.is_overdue else assignment.status,
        "progress": {"done": outline.done, "total": outline.total} if outline else None,
    }


def _lesson_out(item: LessonState, request: HttpRequest) -> dict:
    return {
        "id": item.lesson.pk,
        "title": item.lesson.title,
        "url": _page_url(item.lesson, request),
        "state": item.state,
        "gate_quiz_id": item.gate_quiz_id,
    }


def _course_out(outline: CourseOutline, request: HttpRequest) -> dict:
    return {
        "id": outline.course.pk,
        "title": outline.course.title,
        "lessons": [_lesson_out(item, request) for item in outline.lessons],
    }


@router.get("/me/plan", response=PlanOut, url_name="plan")
def plan_detail(request: HttpRequest):
    """My assignments with each course's progress. A fixed number of queries."""
    plan = plan_for_learner(user=request.user)
    return {"assignments": [_assignment_out(e, request) for e in [*plan.current, *plan.completed]]}


@router.get("/courses/{course_id}", response={200: CourseOut, 404: ErrorOut}, url_name="course")
def course_detail(request: HttpRequest, course_id: ObjectId):
    """A live course with its live lessons in order, each with my state in it."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None or not page_viewable_by(page=course, user=request.user):
        raise Http404(ERROR_NO_COURSE)
    return _course_out(course_outline_for_learner(course=course, user=request.user), request)


@router.post(
    "/lessons/{lesson_id}/complete",
    response={200: LessonOut, 403: ErrorOut, 404: ErrorOut},
    url_name="lesson-complete",
)
def lesson_complete_endpoint(request: HttpRequest, lesson_id: ObjectId):
    """Mark a lesson done; answers with its new state. 403 when it is locked or its quiz is
    not passed yet (nothing is saved then). Completing it again changes nothing."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).defer_streamfields().first()
    if lesson is None:
        raise Http404(ERROR_NO_LESSON)
    try:
        lesson_complete(user=request.user, lesson=lesson)
    except (LessonLocked, GateNotPassed) as exc:
        raise ApiError(403, exc.message) from None
    course = CoursePage.objects.parent_of(lesson).get()
    outline = course_outline_for_learner(course=course, user=request.user)
    return _lesson_out(outline.state_of(lesson.pk), request)
