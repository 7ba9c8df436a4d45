"""Writes: assigning a job role's onboarding plan, one person or many at once."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from courses.models import Assignment, CoursePage, OnboardingPlanItem
from courses.services.assignments import IN_BATCH, assignments_complete_if_done, end_of_day
from lms.people.models import StaffProfile


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
        assignments_complete_if_done(course=course, user_ids=by_course[course.pk])
    made: dict[int, list[int]] = {}
    for key in [*((a.user_id, a.course_id) for a in new), *taken_keys]:
        made.setdefault(key[0], []).append(key[1])
    return made
