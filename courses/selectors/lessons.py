"""Reads: courses, lessons and the learner's plan and catalogue, with each lesson's state."""

from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from wagtail.models import Page, PageViewRestriction

from courses.hooks import lesson_gate_quiz, lesson_gates, quiz_ids_live
from courses.models import Assignment, CoursePage, LessonPage, LessonProgress
from lms.people.selectors import staff_profile_for_user


@dataclass(frozen=True)
class LessonState:
    LOCKED = "locked"
    OPEN = "open"
    COMPLETED = "completed"

    lesson: LessonPage
    state: str
    gate_quiz_id: int | None
    gate_passed: bool
    opened: bool


@dataclass(frozen=True)
class CourseOutline:
    course: CoursePage
    lessons: list[LessonState]

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for item in self.lessons if item.state == LessonState.COMPLETED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def next_lesson(self) -> LessonPage | None:
        """The lesson to continue with: the first open one not yet completed."""
        for item in self.lessons:
            if item.state == LessonState.OPEN:
                return item.lesson
        return None

    def state_of(self, lesson_id: int) -> LessonState | None:
        for item in self.lessons:
            if item.lesson.pk == lesson_id:
                return item
        return None

    def neighbours(self, lesson_id: int) -> tuple[LessonState | None, LessonState | None]:
        """The lessons before and after ``lesson_id`` in the course."""
        for index, item in enumerate(self.lessons):
            if item.lesson.pk == lesson_id:
                before = self.lessons[index - 1] if index > 0 else None
                after = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
                return before, after
        return None, None


def _lesson_states(lessons: list[LessonPage], progress: dict[int, LessonProgress]):
    """Lessons open in order: one is open once every lesson before it is completed; a lesson
    is completed once marked done and, if it ends with a quiz, that quiz is passed."""
    states, all_before_done = [], True
    for lesson in lessons:
        row = progress.get(lesson.pk)
        gate_passed = row is not None and row.gate_passed_at is not None
        done = (
            row is not None
            and row.completed_at is not None
            and (lesson.gate_quiz_id is None or gate_passed)
        )
        if done:
            state = LessonState.COMPLETED
        elif all_before_done:
            state = LessonState.OPEN
        else:
            state = LessonState.LOCKED
        states.append(
            LessonState(
                lesson=lesson,
                state=state,
                gate_quiz_id=lesson.gate_quiz_id,
                gate_passed=gate_passed,
                opened=row is not None,
            )
        )
        all_before_done = all_before_done and done
    return states


def _progress_by_lesson(*, user, lesson_ids) -> dict[int, LessonProgress]:
    if not getattr(user, "is_authenticated", False) or not lesson_ids:
        return {}
    rows = LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids)
    return {row.lesson_id: row for row in rows}


def lessons_with_gates(lessons: QuerySet[LessonPage]) -> QuerySet[LessonPage]:
    """``lessons`` with ``gate_quiz_id``: the id of the quiz that ends each one (its published
    gate), or None. A subquery, so no extra query."""
    gate = lesson_gates().filter(lesson_id=OuterRef("pk")).values("quiz_id")[:1]
    return lessons.annotate(gate_quiz_id=Subquery(gate))


def lesson_list(*, course: CoursePage) -> list[LessonPage]:
    """The course's live lessons in order, without their bodies, each with ``gate_quiz_id``."""
    lessons = LessonPage.objects.live().child_of(course).defer_streamfields().order_by("path")
    return list(lessons_with_gates(lessons))


def course_outline_for_learner(*, course: CoursePage, user) -> CourseOutline:
    """Every live lesson of ``course`` with its state for ``user`` (locked, open, completed).
    Two queries, whatever the number of lessons."""
    lessons = lesson_list(course=course)
    progress = _progress_by_lesson(user=user, lesson_ids=[lesson.pk for lesson in lessons])
    return CourseOutline(course=course, lessons=_lesson_states(lessons, progress))


def lesson_context_for_learner(*, lesson: LessonPage, user) -> dict:
    """What a lesson page shows around its body: the course, the lesson's state, the lessons
    before and after it, and its gating quiz."""
    course = CoursePage.objects.get(pk=lesson.get_parent().pk) if lesson.pk else None
    if course is None:  # an unsaved lesson in the editor's preview
        return {"course": None, "state": None, "previous": None, "next": None, "gate_quiz": None}
    outline = course_outline_for_learner(course=course, user=user)
    previous, following = outline.neighbours(lesson.pk)
    return {
        "course": course,
        "outline": outline,
        "state": outline.state_of(lesson.pk),
        "previous": previous,
        "next": following,
        "gate_quiz": lesson_gate_quiz(lesson=lesson),
    }


@dataclass(frozen=True)
class PlanEntry:
    assignment: Assignment
    # None for a quiz or a content change to re-learn: they have no lessons.
    outline: CourseOutline | None

    @property
    def is_overdue(self) -> bool:
        return self.assignment.is_overdue


@dataclass(frozen=True)
class Plan:
    current: list[PlanEntry]
    completed: list[PlanEntry]

    @property
    def continue_with(self) -> LessonPage | None:
        """Where the single "continue" button leads: the next lesson of the first open
        assignment that has one."""
        for entry in self.current:
            if entry.outline is not None and entry.outline.next_lesson is not None:
                return entry.outline.next_lesson
        return None


def _outlines(*, courses: list[CoursePage], user) -> dict[int, CourseOutline]:
    """The outline of each course for ``user``: two queries for any number of courses (their
    live lessons, then the person's progress in them)."""
    lessons_by_course: dict[int, list[LessonPage]] = {course.pk: [] for course in courses}
    if courses:
        under_any = Q()
        for course in courses:
            under_any |= Q(path__startswith=course.path, depth=course.depth + 1)
        path_to_course = {course.path: course.pk for course in courses}
        lessons = LessonPage.objects.live().filter(under_any).defer_streamfields().order_by("path")
        for lesson in lessons_with_gates(lessons):
            lessons_by_course[path_to_course[lesson.path[: -LessonPage.steplen]]].append(lesson)
    all_lesson_ids = [lesson.pk for group in lessons_by_course.values() for lesson in group]
    progress = _progress_by_lesson(user=user, lesson_ids=all_lesson_ids)
    return {
        course.pk: CourseOutline(
            course=course, lessons=_lesson_states(lessons_by_course[course.pk], progress)
        )
        for course in courses
    }


def plan_for_learner(*, user) -> Plan:
    """The person's assignments: open ones by due date (soonest first, undated last), then
    completed ones (latest first), each course with its outline. Courses and quizzes that are
    no longer live are left out. Three queries, whatever the number of assignments, courses or
    lessons."""
    assignments = list(
        Assignment.objects.filter(user=user)
        .filter(
            Q(course__live=True) | Q(quiz_id__in=quiz_ids_live()) | Q(content_change__isnull=False)
        )
        .with_targets()
        .order_by(F("due_at").asc(nulls_last=True), "assigned_at", "pk")
    )
    courses = list({a.course_id: a.course for a in assignments if a.course_id}.values())
    outlines = _outlines(courses=courses, user=user)
    entries = [PlanEntry(assignment=a, outline=outlines.get(a.course_id)) for a in assignments]
    current = [e for e in entries if e.assignment.is_open]
    completed = sorted(
        (e for e in entries if not e.assignment.is_open),
        key=lambda e: e.assignment.completed_at or e.assignment.assigned_at,
        reverse=True,
    )
    return Plan(current=current, completed=completed)


@dataclass(frozen=True)
class CatalogueEntry:
    course: CoursePage
    outline: CourseOutline
    for_my_role: bool


def course_list_for_learner(*, user) -> list[CatalogueEntry]:
    """Every live course in the catalogue's order with the person's progress in it; courses
    for the person's job role (or for everyone) are marked. Five queries, whatever the number
    of courses or lessons."""
    courses = list(CoursePage.objects.live().order_by("path").prefetch_related("job_roles"))
    outlines = _outlines(courses=courses, user=user)
    profile = staff_profile_for_user(user=user)
    job_role_id = profile.job_role_id if profile is not None else None
    return [
        CatalogueEntry(
            course=course,
            outline=outlines[course.pk],
            for_my_role=not course.job_roles.all()
            or any(role.pk == job_role_id for role in course.job_roles.all()),
        )
        for course in courses
    ]


def page_viewable_by(*, page: Page, user) -> bool:
    """Whether Wagtail's page privacy lets ``user`` see ``page``: restrictions on the page or
    any ancestor to signed-in people or to groups. A password-protected page counts as not
    viewable here (outside the page itself there is nobody to ask for the password). One
    query."""
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            if not user.is_authenticated:
                return False
        elif restriction.restriction_type == PageViewRestriction.GROUPS:
            if not user.is_authenticated:
                return False
            if (
                not user.is_superuser
                and not user.groups.filter(pk__in=restriction.groups.values("pk")).exists()
            ):
                return False
        else:
            return False
    return True
