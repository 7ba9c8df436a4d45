"""Reads: onboarding plans, who completed theirs, and the counts for the reports' dashboard."""

from dataclasses import dataclass

from django.db.models import Count, Q

from courses.models import Assignment, OnboardingPlan, OnboardingPlanItem
from courses.selectors.assignments import assignment_overdue_q


def onboarding_plan_completed_by(*, user) -> OnboardingPlan | None:
    """The onboarding plan of ``user``'s job role when they have completed every course of it
    (each has a completed assignment, whatever its source), else None: no profile, no job
    role, no plan, or a course still to do. Two queries."""
    plan = (
        OnboardingPlan.objects.select_related("job_role")
        .filter(job_role__staff__user_id=user.pk)
        .first()
    )
    if plan is None:
        return None
    outstanding = (
        OnboardingPlanItem.objects.filter(plan=plan)
        .exclude(
            course_id__in=Assignment.objects.filter(
                user_id=user.pk, course__isnull=False, status=Assignment.Status.COMPLETED
            ).values("course_id")
        )
        .exists()
    )
    return None if outstanding else plan


@dataclass(frozen=True)
class OnboardingCounts:
    """Of some people: how many have an onboarding plan assigned, how many of those have an
    onboarding assignment overdue now, and how many completed every one of theirs."""

    in_plan: int
    overdue: int
    all_done: int

    @property
    def on_time(self) -> int:
        return self.in_plan - self.overdue


def onboarding_counts(*, user_ids, now) -> OnboardingCounts:
    """The onboarding figures of ``user_ids`` (see ``OnboardingCounts``). One query: each
    person's onboarding assignments are read once, grouped by person (overdue and open ones
    counted), and the groups counted."""
    per_person = (
        Assignment.objects.filter(source=Assignment.Source.ONBOARDING, user_id__in=user_ids)
        .order_by()
        .values("user_id")
        .annotate(
            n_overdue=Count("pk", filter=assignment_overdue_q(now=now)),
            n_open=Count("pk", filter=Q(status__in=Assignment.OPEN_STATUSES)),
        )
    )
    counts = per_person.aggregate(
        in_plan=Count("user_id"),
        overdue=Count("user_id", filter=Q(n_overdue__gt=0)),
        all_done=Count("user_id", filter=Q(n_open=0)),
    )
    return OnboardingCounts(**counts)
