"""Periodic refreshers: reads of people's certification and the run that assigns what is due.

A policy is for a course or for a quiz (its *target*). A person in a policy's audience is
*certified* by their last completion of the target for ``every_days`` days: ``valid_until =
last completion + every_days``. A course is completed by a completed assignment of it, whatever
its source (its ``completed_at``); a quiz by a passed, submitted attempt at it (its
``submitted_at``). Until ``expiring_soon_days`` before ``valid_until`` the certification is
valid, then expiring soon, then expired. Someone who never completed the target is not
certified.

The run (``refreshers_run``, daily by the worker and ``manage.py run_refreshers``) assigns the
target again, source "refresher", to everyone whose certification expires within the policy's
``due_days`` and who has no open assignment of it; the refresher is due at the end of the day
``due_days`` after it is assigned, so a run on time makes it due the day the certification
expires. People who never completed the target get it only when the policy says so
(``include_never_completed``); otherwise first-time learning is left to onboarding plans and
managers. The same run warns the people whose certification is expiring soon, except those
holding an open refresher of the target: they have been told already.

A course refresher is a fresh pass through the course: the person's lesson progress in it is
cleared when it is assigned (the past completion stays on its assignment, the past answers on
their quiz attempts), so lessons and gates open in order again and finishing them completes the
refresher, which certifies the person anew. A quiz refresher is simply the quiz again: passing
it completes the refresher (``courses.services.quiz_assignments_complete``, called by the
quizzes app) and certifies the person anew.

Certification is read, not stored: the completed assignments and the passed attempts are the
single record of it, so a completion counts the moment it happens, however it happened. The
reads and the run are set-based: a fixed number of queries per policy, whatever the number of
people.

The reads (certifications, who is due) are in ``courses.selectors.refreshers``; the quizzes
app's passes are reached through ``courses.hooks``.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateTimeField, Exists, OuterRef, Value
from django.utils import timezone

from courses.models import Assignment, LessonPage, LessonProgress, RefresherPolicy
from courses.notifications import certification_expiring_send
from courses.selectors.refreshers import (
    certifications_expiring,
    policies_active,
    policy_target,
    refresher_first_due,
    refresher_renewals_due,
)
from courses.services.assignments import due_after, insert_from_select

# Expiry warnings are handed over this many at a time.
NOTIFY_SLICE = 10_000


@dataclass(frozen=True)
class PolicyRun:
    policy_id: int
    title: str
    assigned: int
    expiring: int


@dataclass(frozen=True)
class RefresherRun:
    at: datetime.datetime
    policies: list[PolicyRun]

    @property
    def assigned(self) -> int:
        return sum(p.assigned for p in self.policies)

    @property
    def expiring(self) -> int:
        return sum(p.expiring for p in self.policies)


def refreshers_run(*, at: datetime.datetime | None = None) -> RefresherRun:
    """Assign every active policy's course or quiz to the people due for it at ``at`` (default:
    now), source "refresher", due at the end of the day ``due_days`` later, and warn the people
    whose certification is expiring soon. Returns what it did, policy by policy.

    Idempotent and safe to run concurrently: nobody gets a second open assignment of a course
    or quiz (the query skips them, the database's unique constraint settles a race), a policy
    is run under a lock on its row, and the expiry notice is sent once per person and expiry
    date. Each policy is its own transaction; a fixed number of queries per policy."""
    at = at or timezone.now()
    policies = list(policies_active().prefetch_related("job_roles", "teams").order_by("pk"))
    done = [_policy_run(policy=policy, at=at) for policy in policies]
    return RefresherRun(at=at, policies=done)


@transaction.atomic
def _policy_run(*, policy: RefresherPolicy, at: datetime.datetime) -> PolicyRun:
    # Two runs at once (a redelivered task, an operator's command) take turns per policy; the
    # second finds nobody left to assign.
    RefresherPolicy.objects.select_for_update().filter(pk=policy.pk).values_list("pk").first()
    renewals = refresher_renewals_due(policy=policy, at=at)
    first = refresher_first_due(policy=policy)
    if policy.course_id is not None:
        # A fresh pass for renewals: clear their progress in the course before the assignment
        # that makes them no longer due. People who never completed it keep what they have done.
        LessonProgress.objects.filter(
            user_id__in=renewals.values("user_id"),
            lesson__in=LessonPage.objects.child_of(policy.course).values("pk"),
        ).delete()
    [(target_field, target_id)] = policy_target(policy).items()
    columns = {
        "a_target": Value(target_id),
        "a_source": Value(Assignment.Source.REFRESHER.value),
        "a_status": Value(Assignment.Status.ASSIGNED.value),
        "a_assigned_at": Value(at, output_field=DateTimeField()),
        "a_due_at": Value(due_after(at, policy.due_days), output_field=DateTimeField()),
    }
    assigned = 0
    for people in (renewals, first):  # ``first`` is empty unless the policy says so
        assigned += insert_from_select(
            queryset=people.annotate(**columns).values_list("user_id", *columns),
            model=Assignment,
            columns=["user", target_field, "source", "status", "assigned_at", "due_at"],
        )
    expiring = _expiring_notify(policy=policy, at=at)
    return PolicyRun(policy_id=policy.pk, title=policy.title, assigned=assigned, expiring=expiring)


def _expiring_notify(*, policy: RefresherPolicy, at: datetime.datetime) -> int:
    """Warn the people whose certification under ``policy`` is expiring soon; returns how many
    are. ``certification_expiring_send`` sends once per person, policy and expiry date, so a
    daily run repeats nothing and a renewed certification warns again before its new expiry.

    Whoever holds an open refresher of the course or quiz is left out: the refresher's own
    notice has told them (this very run may have assigned it), and its due date is the expiry."""
    has_refresher = Exists(
        Assignment.objects.filter(
            user_id=OuterRef("user_id"),
            source=Assignment.Source.REFRESHER,
            status__in=Assignment.OPEN_STATUSES,
            **policy_target(policy),
        )
    )
    expiring = list(
        certifications_expiring(policy=policy, at=at)
        .annotate(has_refresher=has_refresher)
        .values_list("user_id", "last_completed_at", "has_refresher")
    )
    rows = [
        (user_id, policy.pk, last + policy.validity, policy.target_title)
        for user_id, last, told in expiring
        if not told
    ]
    # In slices, so that a company-wide wave stays within SQLite's limit on query parameters.
    for start in range(0, len(rows), NOTIFY_SLICE):
        certification_expiring_send(rows[start : start + NOTIFY_SLICE])
    return len(expiring)
