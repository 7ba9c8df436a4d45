"""Reads: assignments for managers (whom they may assign, what their staff have), one person's
record, and overdue figures over a group of people (the reports' dashboard)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from courses.models import Assignment, CoursePage, LessonPage
from courses.selectors.lessons import lessons_with_gates
from lms.people.models import StaffProfile, Team
from lms.people.selectors import staff_profiles_managed_by, user_sees_all_staff

# The status filter's value for open assignments past their due time (stored or not yet).
OVERDUE = "overdue"


def assignable_staff(*, user) -> QuerySet[StaffProfile]:
    """The staff ``user`` may assign courses to: those they manage who have not left."""
    return staff_profiles_managed_by(user=user).exclude(status=StaffProfile.Status.LEFT)


def assignable_teams(*, user) -> QuerySet[Team]:
    """The teams ``user`` may assign a course to as a whole: every team for an administrator or
    HR, otherwise the teams they manage."""
    if user_sees_all_staff(user=user):
        return Team.objects.all()
    return Team.objects.filter(managers=user)


def assignments_of_managed_staff(
    *, user, course_id: int | None = None, status: str = ""
) -> QuerySet[Assignment]:
    """Assignments of everyone ``user`` manages (see ``staff_profiles_managed_by``), with the
    person, their team and the course loaded; soonest due first, undated last.

    ``status`` filters by what the person would see now: "overdue" is any open assignment past
    its due time (stored as overdue or not yet), and "assigned" and "in_progress" leave those
    out."""
    managed_users = staff_profiles_managed_by(user=user).values("user_id")
    assignments = (
        Assignment.objects.filter(user_id__in=managed_users)
        .with_targets()
        .select_related("user", "user__staff_profile__team")
    )
    if course_id:
        assignments = assignments.filter(course_id=course_id)
    now = timezone.now()
    past_due = Q(status__in=Assignment.OPEN_STATUSES, due_at__lt=now)
    if status == OVERDUE:
        assignments = assignments.filter(Q(status=Assignment.Status.OVERDUE) | past_due)
    elif status in (Assignment.Status.ASSIGNED, Assignment.Status.IN_PROGRESS):
        assignments = assignments.filter(status=status).exclude(past_due)
    elif status:
        assignments = assignments.filter(status=status)
    return assignments.order_by(
        F("due_at").asc(nulls_last=True), "user__last_name", "user__first_name", "pk"
    )


def assignments_of_person(*, user) -> list[Assignment]:
    """Every assignment of ``user``, whatever its state and whether its course or quiz is still
    live, with the course, quiz and content change loaded; soonest due first, undated last.
    One query."""
    return list(
        Assignment.objects.filter(user=user)
        .with_targets()
        .order_by(F("due_at").asc(nulls_last=True), "assigned_at", "pk")
    )


def gate_quizzes_by_course(*, courses: list[CoursePage]) -> dict[int, set[int]]:
    """The quizzes that end a live lesson of each of ``courses`` (ids), by course id; a course
    without any maps to an empty set. One query for any number of courses, none for none."""
    result: dict[int, set[int]] = {course.pk: set() for course in courses}
    if not courses:
        return result
    under_any = Q()
    for course in courses:
        under_any |= Q(path__startswith=course.path, depth=course.depth + 1)
    path_to_course = {course.path: course.pk for course in courses}
    lessons = (
        lessons_with_gates(LessonPage.objects.live().filter(under_any))
        .filter(gate_quiz_id__isnull=False)
        .values_list("path", "gate_quiz_id")
    )
    for path, quiz_id in lessons:
        result[path_to_course[path[: -LessonPage.steplen]]].add(quiz_id)
    return result


def assignments_overdue_of(
    *, user_ids, now: datetime.datetime | None = None
) -> QuerySet[Assignment]:
    """The open assignments of these people (a list or a query of user ids) that are past due
    at ``now`` (stored as overdue or not yet), with the person, the course, quiz or change
    loaded; longest overdue first."""
    now = now or timezone.now()
    return (
        Assignment.objects.filter(user_id__in=user_ids)
        .filter(
            Q(status=Assignment.Status.OVERDUE)
            | Q(status__in=Assignment.OPEN_STATUSES, due_at__lt=now)
        )
        .with_targets()
        .select_related("user")
        .order_by(F("due_at").asc(nulls_last=True), "user__last_name", "user__first_name", "pk")
    )


def assignments_completed_of(
    *, user_ids, since: datetime.datetime, until: datetime.datetime | None = None
) -> QuerySet[Assignment]:
    """The assignments these people (a list or a query of user ids) completed from ``since``
    up to ``until`` (now by default), with the person, the course, quiz or change loaded;
    latest first."""
    until = until or timezone.now()
    return (
        Assignment.objects.filter(
            user_id__in=user_ids,
            status=Assignment.Status.COMPLETED,
            completed_at__gte=since,
            completed_at__lte=until,
        )
        .with_targets()
        .select_related("user")
        .order_by("-completed_at", "pk")
    )


def assignment_overdue_q(*, now, prefix: str = "") -> Q:
    """A ``Q`` over ``Assignment`` (fields prefixed with ``prefix``) keeping open assignments
    past their due time: stored as overdue, or still open with a due time before ``now``."""
    return Q(**{f"{prefix}status": Assignment.Status.OVERDUE}) | Q(
        **{f"{prefix}status__in": Assignment.OPEN_STATUSES, f"{prefix}due_at__lt": now}
    )


@dataclass(frozen=True)
class OverduePerson:
    user_id: int
    first_name: str
    last_name: str
    username: str
    overdue: int
    oldest_due: object  # datetime

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.username


def overdue_totals(*, user_ids, now) -> tuple[int, int]:
    """How many of ``user_ids`` have assignments overdue now, and how many assignments that is.
    One query."""
    totals = Assignment.objects.filter(
        assignment_overdue_q(now=now), user_id__in=user_ids
    ).aggregate(people=Count("user_id", distinct=True), assignments=Count("pk"))
    return totals["people"], totals["assignments"]


def overdue_by_person(*, user_ids, now, limit: int | None = None) -> list[OverduePerson]:
    """The people of ``user_ids`` with assignments overdue now (any source), most overdue
    first, then the longest overdue; the first ``limit`` of them when given. One query."""
    rows = (
        Assignment.objects.filter(assignment_overdue_q(now=now), user_id__in=user_ids)
        .values("user_id", "user__first_name", "user__last_name", "user__username")
        .annotate(overdue=Count("pk"), oldest_due=Min("due_at"))
        .order_by("-overdue", "oldest_due", "user__last_name", "user_id")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        OverduePerson(
            user_id=row["user_id"],
            first_name=row["user__first_name"],
            last_name=row["user__last_name"],
            username=row["user__username"],
            overdue=row["overdue"],
            oldest_due=row["oldest_due"],
        )
        for row in rows
    ]
