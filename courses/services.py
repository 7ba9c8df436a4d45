"""Writes for the knowledge content."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)

from courses.models import (
    Assignment,
    CourseIndexPage,
    CoursePage,
    CrmTutorialIndexPage,
    HomePage,
    KnowledgeIndexPage,
    LessonPage,
    LessonProgress,
    OnboardingPlanItem,
    ProductIndexPage,
)
from courses.selectors import (
    LessonState,
    course_outline_for_learner,
    lesson_list,
    page_viewable_by,
)
from courses.signals import course_completed
from lms.core.services import wagtail_roots_ensure
from lms.people.models import StaffProfile, Team
from lms.people.selectors import staff_profiles_managed_by, user_sees_all_staff


def _child_ensure(parent: Page, model: type[Page], *, title: str, slug: str) -> Page:
    existing = model.objects.child_of(parent).first()
    if existing is not None:
        return existing
    page = model(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def site_structure_ensure() -> HomePage:
    """Make the site's skeleton exist: the home page as the default site's root (replacing
    Wagtail's placeholder), the knowledge base with its product catalogue and CRM tutorial
    sections, and the rule that only signed-in people see any of it, documents included.
    Idempotent.

    Titles are Russian, the language of the content; authors rename them freely."""
    wagtail_roots_ensure()
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(title="Наставник", slug="home-nastavnik")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True,
            site_name="Наставник",
        )  # fmt: skip
    elif site.root_page_id != home.pk:
        placeholder = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" page, if nobody has used it.
        if type(placeholder.specific) is Page and placeholder.get_children_count() == 0:
            placeholder.delete()
    if not PageViewRestriction.objects.filter(page=home).exists():
        PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    # Documents (contracts, regulations, leaflets) are for signed-in staff too.
    root_collection = Collection.get_first_root_node()
    if not CollectionViewRestriction.objects.filter(collection=root_collection).exists():
        CollectionViewRestriction.objects.create(
            collection=root_collection, restriction_type=CollectionViewRestriction.LOGIN
        )

    knowledge = _child_ensure(home, KnowledgeIndexPage, title="База знаний", slug="knowledge")
    _child_ensure(knowledge, ProductIndexPage, title="Продукты", slug="products")
    _child_ensure(knowledge, CrmTutorialIndexPage, title="Работа в CRM", slug="crm")
    _child_ensure(home, CourseIndexPage, title="Курсы", slug="courses")
    return home


# --- Courses, assignments and progress -----------------------------------------------------

# Ids per ``__in`` lookup when a set-based write reads what thousands of people have.
IN_BATCH = 2000

ERROR_LESSON_LOCKED = _(
    "This lesson is locked: finish the lessons before it (and pass their quizzes) first."
)
ERROR_LESSON_RESTRICTED = _("This lesson is not open to you.")
ERROR_GATE_NOT_PASSED = _("Pass the quiz at the end of this lesson to complete it.")
ERROR_NOT_YOUR_STAFF = _("You can assign courses only to people in your teams.")
ERROR_NOBODY_CHOSEN = _("Choose at least one person, team or job role.")


class LessonLocked(PermissionDenied):
    def __init__(self, message=ERROR_LESSON_LOCKED):
        super().__init__(message)
        self.message = message


class GateNotPassed(PermissionDenied):
    def __init__(self, message=ERROR_GATE_NOT_PASSED):
        super().__init__(message)
        self.message = message


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
    _assignments_complete_if_done(course=course, user_ids=[user.pk])
    assignment.refresh_from_db(fields=["status", "completed_at"])
    return assignment, True


def _assignment_existing(*, user, course, source) -> Assignment | None:
    open_or_onboarding = Q(status__in=Assignment.OPEN_STATUSES)
    if source == Assignment.Source.ONBOARDING:
        open_or_onboarding |= Q(source=Assignment.Source.ONBOARDING)
    return Assignment.objects.filter(open_or_onboarding, user=user, course=course).first()


@transaction.atomic
def onboarding_plan_assign(
    *, profile: StaffProfile, assigned_by: AbstractBaseUser | None = None
) -> list[Assignment]:
    """Assign the onboarding plan of the person's job role (see ``onboarding_plans_assign``).
    Returns the plan's assignments this call made, new or taken over from an open manual one
    (none on a second call: each plan course is assigned to a person once ever)."""
    if profile.job_role_id is None or profile.has_left:
        return []
    course_ids = _onboarding_plans_assign(
        profiles=[(profile.user_id, profile.job_role_id, profile.hire_date)],
        assigned_by=assigned_by,
    )
    return list(
        Assignment.objects.filter(
            user_id=profile.user_id,
            source=Assignment.Source.ONBOARDING,
            course_id__in=course_ids.get(profile.user_id, []),
        ).order_by("pk")
    )


@transaction.atomic
def onboarding_plans_assign(
    *, profile_ids: list[int], assigned_by: AbstractBaseUser | None = None
) -> int:
    """Assign to each person the onboarding plan of their job role, each course due its number
    of days after their hire date; returns how many plan assignments were made. Set-based: a
    few queries for any number of people (a staff import of thousands).

    Each course of a plan is assigned to a person once ever: nothing for a course they already
    had from a plan, and nothing for people who have left. A course the person has open from
    elsewhere (a manager assigned it by hand) becomes the plan's assignment, due at the earlier
    of the two dates, so the plan's own assignment and due date are never lost to it."""
    profiles = []
    for start in range(0, len(profile_ids), IN_BATCH):
        profiles += (
            StaffProfile.objects.filter(
                pk__in=profile_ids[start : start + IN_BATCH], job_role__isnull=False
            )
            .exclude(status=StaffProfile.Status.LEFT)
            .values_list("user_id", "job_role_id", "hire_date")
        )
    made = _onboarding_plans_assign(profiles=profiles, assigned_by=assigned_by)
    return sum(len(course_ids) for course_ids in made.values())


def _onboarding_plans_assign(
    *, profiles: list[tuple[int, int, datetime.date]], assigned_by: AbstractBaseUser | None
) -> dict[int, list[int]]:
    """The work of ``onboarding_plans_assign`` for (user id, job role id, hire date) of people
    who have not left; returns user id -> the courses assigned."""
    if not profiles:
        return {}
    items_by_role: dict[int, list[tuple[int, int]]] = {}
    for role_id, course_id, due_days in (
        OnboardingPlanItem.objects.filter(plan__job_role_id__in={p[1] for p in profiles})
        .order_by("sort_order", "pk")
        .values_list("plan__job_role_id", "course_id", "due_days")
    ):
        items_by_role.setdefault(role_id, []).append((course_id, due_days))
    wanted = {
        (user_id, course_id): end_of_day(hire_date + datetime.timedelta(days=due_days))
        for user_id, role_id, hire_date in profiles
        for course_id, due_days in items_by_role.get(role_id, [])
    }
    if not wanted:
        return {}
    user_ids = sorted({user_id for user_id, _course in wanted})
    course_ids = sorted({course_id for _user, course_id in wanted})
    had_plan, open_elsewhere = set(), {}
    for start in range(0, len(user_ids), IN_BATCH):
        rows = Assignment.objects.filter(
            Q(source=Assignment.Source.ONBOARDING) | Q(status__in=Assignment.OPEN_STATUSES),
            user_id__in=user_ids[start : start + IN_BATCH],
            course_id__in=course_ids,
        ).values_list("pk", "user_id", "course_id", "source", "due_at")
        for pk, user_id, course_id, source, due_at in rows:
            if source == Assignment.Source.ONBOARDING:
                had_plan.add((user_id, course_id))
            else:
                open_elsewhere[(user_id, course_id)] = (pk, due_at)
    now = timezone.now()
    new, taken_over, taken_keys = [], [], []
    for key, due_at in wanted.items():
        if key in had_plan:
            continue
        if key in open_elsewhere:
            pk, open_due = open_elsewhere[key]
            earlier = due_at if open_due is None else min(due_at, open_due)
            taken_over.append(
                Assignment(pk=pk, source=Assignment.Source.ONBOARDING, due_at=earlier)
            )
            taken_keys.append(key)
            continue
        user_id, course_id = key
        new.append(
            Assignment(
                user_id=user_id,
                course_id=course_id,
                source=Assignment.Source.ONBOARDING,
                assigned_by=assigned_by,
                assigned_at=now,
                due_at=due_at,
            )
        )
    Assignment.objects.bulk_update(taken_over, ["source", "due_at"], batch_size=500)
    # A concurrent assignment of the same course to the same person is skipped by the
    # database's unique constraints rather than failing the whole batch.
    Assignment.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    by_course: dict[int, list[int]] = {}
    for assignment in new:
        by_course.setdefault(assignment.course_id, []).append(assignment.user_id)
    for course in CoursePage.objects.filter(pk__in=by_course):
        _assignments_complete_if_done(course=course, user_ids=by_course[course.pk])
    made: dict[int, list[int]] = {}
    for key in [*((a.user_id, a.course_id) for a in new), *taken_keys]:
        made.setdefault(key[0], []).append(key[1])
    return made


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
    _assignments_complete_if_done(course=course, user_ids=[a.user_id for a in new])
    return CourseAssignResult(created=len(new), already_assigned=len(already), people=len(user_ids))


def _assignments_complete_if_done(*, course: CoursePage, user_ids: list[int]) -> None:
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
    if lesson.gate_quiz_id is not None and progress.gate_passed_at is None:
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
        .filter(Q(quiz_id=quiz_id) | Q(content_change__quiz_id=quiz_id))
        .update(status=Assignment.Status.COMPLETED, completed_at=at)
    )


def assignments_overdue_mark(*, now: datetime.datetime | None = None) -> int:
    """Store "overdue" on open assignments past their due time; returns how many changed.
    One UPDATE, safe to run any number of times."""
    return Assignment.objects.filter(
        status__in=[Assignment.Status.ASSIGNED, Assignment.Status.IN_PROGRESS],
        due_at__lt=now or timezone.now(),
    ).update(status=Assignment.Status.OVERDUE)
