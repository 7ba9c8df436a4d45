"""Writes: assigning courses and quizzes, due dates, completing and marking assignments."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.hooks import change_quizzes
from courses.models import Assignment, CoursePage, LessonProgress
from courses.selectors import lesson_list
from lms.people.models import StaffProfile, Team
from lms.people.selectors import staff_profiles_managed_by, user_sees_all_staff

# Ids per ``__in`` lookup when a set-based write reads what thousands of people have.
IN_BATCH = 2000


ERROR_NOT_YOUR_STAFF = _("You can assign courses only to people in your teams.")


ERROR_NOBODY_CHOSEN = _("Choose at least one person, team or job role.")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """When something due on ``day`` is due: the end of that local day. People read a due date
    as a day, so every assignment, however made, is due at the end of one."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def due_after(at: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the local day ``days`` days after ``at``."""
    return end_of_day(timezone.localdate(at + datetime.timedelta(days=days)))


@transaction.atomic
def assignment_create(
    *,
    user: AbstractBaseUser,
    course: CoursePage,
    source: str,
    assigned_by: AbstractBaseUser | None = None,
    due_at: datetime.datetime | None = None,
    assigned_at: datetime.datetime | None = None,
) -> tuple[Assignment, bool]:
    """Assign ``course`` to ``user``; return ``(assignment, created)``.

    Idempotent: while the person has an open assignment of the course, that one is returned
    unchanged; the onboarding plan's course is assigned once ever. Safe against a concurrent
    call (the unique constraints decide, the loser gets the winner's row)."""
    existing = _assignment_existing(user=user, course=course, source=source)
    if existing is not None:
        return existing, False
    assignment = Assignment(
        user=user,
        course=course,
        source=source,
        assigned_by=assigned_by,
        assigned_at=assigned_at or timezone.now(),
        due_at=due_at,
    )
    assignment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        return _assignment_existing(user=user, course=course, source=source), False
    assignments_complete_if_done(course=course, user_ids=[user.pk])
    assignment.refresh_from_db(fields=["status", "completed_at"])
    return assignment, True


def _assignment_existing(*, user, course, source) -> Assignment | None:
    open_or_onboarding = Q(status__in=Assignment.OPEN_STATUSES)
    if source == Assignment.Source.ONBOARDING:
        open_or_onboarding |= Q(source=Assignment.Source.ONBOARDING)
    return Assignment.objects.filter(open_or_onboarding, user=user, course=course).first()


@dataclass(frozen=True)
class CourseAssignResult:
    created: int
    already_assigned: int
    people: int


@transaction.atomic
def course_assign(
    *,
    course: CoursePage,
    assigned_by: AbstractBaseUser,
    due_at: datetime.datetime | None,
    users=(),
    teams=(),
    job_roles=(),
) -> CourseAssignResult:
    """Assign ``course`` (source "manual") to people, whole teams and job roles at once.

    Teams and job roles expand to their current staff who have not left, limited to the people
    ``assigned_by`` manages; naming a person or team outside that scope raises
    ``PermissionDenied`` and assigns nothing. People with the course already open keep it."""
    if not (users or teams or job_roles):
        raise ValidationError(ERROR_NOBODY_CHOSEN)
    managed = staff_profiles_managed_by(user=assigned_by).exclude(status=StaffProfile.Status.LEFT)
    user_ids = {u.pk for u in users}
    team_ids = {t.pk for t in teams}
    managed_ids = set(managed.values_list("user_id", flat=True))
    if not user_ids <= managed_ids:
        raise PermissionDenied(ERROR_NOT_YOUR_STAFF)
    foreign_teams = Team.objects.filter(pk__in=team_ids).exclude(managers=assigned_by)
    if team_ids and not user_sees_all_staff(user=assigned_by) and foreign_teams.exists():
        raise PermissionDenied(ERROR_NOT_YOUR_STAFF)
    if team_ids:
        user_ids |= set(managed.filter(team__in=team_ids).values_list("user_id", flat=True))
    if job_roles:
        user_ids |= set(
            managed.filter(job_role__in=[r.pk for r in job_roles]).values_list("user_id", flat=True)
        )
    already = set(
        Assignment.objects.filter(
            user_id__in=user_ids, course=course, status__in=Assignment.OPEN_STATUSES
        ).values_list("user_id", flat=True)
    )
    now = timezone.now()
    new = [
        Assignment(
            user_id=user_id,
            course=course,
            source=Assignment.Source.MANUAL,
            assigned_by=assigned_by,
            assigned_at=now,
            due_at=due_at,
        )
        for user_id in sorted(user_ids - already)
    ]
    # A concurrent assignment of the same course to the same person is skipped by the
    # database's unique constraint rather than failing the whole batch.
    Assignment.objects.bulk_create(new, ignore_conflicts=True)
    assignments_complete_if_done(course=course, user_ids=[a.user_id for a in new])
    return CourseAssignResult(created=len(new), already_assigned=len(already), people=len(user_ids))


def assignments_complete_if_done(*, course: CoursePage, user_ids: list[int]) -> None:
    """Complete at once the open assignments of people who have already finished ``course``
    (every live lesson done, every gate passed), say from the catalogue before anyone assigned
    it. Two queries for any number of people."""
    lessons = lesson_list(course=course)
    if not lessons or not user_ids:
        return
    done_lessons: dict[int, set[int]] = {}
    rows = LessonProgress.objects.filter(
        user_id__in=user_ids, lesson__in=lessons, completed_at__isnull=False
    ).values_list("user_id", "lesson_id", "gate_passed_at")
    gated = {lesson.pk for lesson in lessons if lesson.gate_quiz_id is not None}
    for user_id, lesson_id, gate_passed_at in rows:
        if lesson_id not in gated or gate_passed_at is not None:
            done_lessons.setdefault(user_id, set()).add(lesson_id)
    finished = [uid for uid, done in done_lessons.items() if len(done) == len(lessons)]
    if finished:
        Assignment.objects.filter(
            user_id__in=finished, course=course, status__in=Assignment.OPEN_STATUSES
        ).update(status=Assignment.Status.COMPLETED, completed_at=timezone.now())


def quiz_assignments_start(*, user_id: int, quiz_id: int) -> int:
    """Put the person's assignments of ``quiz`` that are not started yet ("assigned") in
    progress, as opening a lesson does for a course; returns how many changed. Called by the
    quizzes app when an attempt starts. Overdue ones stay overdue."""
    return Assignment.objects.filter(
        user_id=user_id, quiz_id=quiz_id, status=Assignment.Status.ASSIGNED
    ).update(status=Assignment.Status.IN_PROGRESS)


def quiz_assignments_complete(*, user_id: int, quiz_id: int, at: datetime.datetime) -> int:
    """Complete, as of ``at``, the person's open assignments that passing ``quiz`` fulfils:
    those of the quiz itself (a quiz refresher) and those of a content change whose questions
    are that quiz. Returns how many were completed. Called by the quizzes app, in the
    transaction that grades a passed attempt."""
    return (
        Assignment.objects.filter(user_id=user_id, status__in=Assignment.OPEN_STATUSES)
        .filter(
            Q(quiz_id=quiz_id)
            | Q(content_change__in=change_quizzes().filter(quiz_id=quiz_id).values("change_id"))
        )
        .update(status=Assignment.Status.COMPLETED, completed_at=at)
    )


def assignments_overdue_mark(*, now: datetime.datetime | None = None) -> int:
    """Store "overdue" on open assignments past their due time; returns how many changed.
    One UPDATE, safe to run any number of times."""
    return Assignment.objects.filter(
        status__in=[Assignment.Status.ASSIGNED, Assignment.Status.IN_PROGRESS],
        due_at__lt=now or timezone.now(),
    ).update(status=Assignment.Status.OVERDUE)


def insert_from_select(*, queryset: QuerySet, model, columns: list[str]) -> int:
    """``INSERT INTO model (columns) SELECT …`` from ``queryset``, skipping rows that break a
    unique constraint; returns how many rows were inserted. One statement, on SQLite and
    PostgreSQL alike, whatever the number of rows.

    The queryset must select exactly ``columns``, in that order (``values_list``)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a queryset that can match nothing (``.none()``)
        return 0
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql} ON CONFLICT DO NOTHING",
            params,
        )
        return cursor.rowcount
