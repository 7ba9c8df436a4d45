"""Periodic refreshers: reads of people's certification and the run that assigns what is due.

A person in a policy's audience is *certified* by their last completion of the policy's course
(the latest ``completed_at`` of a completed assignment of it, whatever its source) for
``every_days`` days: ``valid_until = last completion + every_days``. Until ``expiring_soon_days``
before that moment the certification is valid, then expiring soon, then expired. Someone who
never completed the course is not certified.

The run (``refreshers_run``, daily by the worker and ``manage.py run_refreshers``) assigns the
course again, source "refresher", to everyone whose certification expires within the policy's
``due_days`` and who has no open assignment of the course; the refresher is due at the end of
the day ``due_days`` after it is assigned, so a run on time makes it due the day the
certification expires. People who never completed the course get it only when the policy says
so (``include_never_completed``); otherwise first-time learning is left to onboarding plans and
managers.

A refresher is a fresh pass through the course: the person's lesson progress in it is cleared
when it is assigned (the past completion stays on its assignment, the past answers on their
quiz attempts), so lessons and gates open in order again and finishing them completes the
refresher, which certifies the person anew.

Certification is read, not stored: the completed assignments are the single record of it, so
a completion counts the moment it happens, however it happened. The reads and the run are
set-based: a fixed number of queries per policy, whatever the number of people.

Services and selectors for refreshers live here together, apart from the rest of the app's
``services``/``selectors``, because they share the audience and completion expressions.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Assignment, LessonPage, LessonProgress, RefresherPolicy
from courses.notifications import certification_expiring_send
from lms.people.models import StaffProfile, Team
from lms.people.selectors import staff_profiles_managed_by

# --- Certification state --------------------------------------------------------------------


class CertificationState:
    NOT_CERTIFIED = "not_certified"
    VALID = "valid"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"

    LABELS = {
        NOT_CERTIFIED: _("Not certified"),
        VALID: _("Valid"),
        EXPIRING_SOON: _("Expiring soon"),
        EXPIRED: _("Expired"),
    }


def certification_state(
    *, policy: RefresherPolicy, last_completed_at: datetime.datetime | None, at: datetime.datetime
) -> str:
    """The state of a certification under ``policy`` at the moment ``at``, given the person's
    last completion of the course (None: never completed)."""
    if last_completed_at is None:
        return CertificationState.NOT_CERTIFIED
    valid_until = last_completed_at + policy.validity
    if valid_until <= at:
        return CertificationState.EXPIRED
    if valid_until - datetime.timedelta(days=policy.expiring_soon_days) <= at:
        return CertificationState.EXPIRING_SOON
    return CertificationState.VALID


@dataclass(frozen=True)
class Certification:
    """One person's certification under one policy, as of ``at``."""

    policy: RefresherPolicy
    user_id: int
    last_completed_at: datetime.datetime | None
    # The person's open assignment of the course (any source), if they have one: its due time.
    open_assignment: bool
    open_due_at: datetime.datetime | None
    at: datetime.datetime

    @property
    def valid_until(self) -> datetime.datetime | None:
        if self.last_completed_at is None:
            return None
        return self.last_completed_at + self.policy.validity

    @property
    def state(self) -> str:
        return certification_state(
            policy=self.policy, last_completed_at=self.last_completed_at, at=self.at
        )

    @property
    def state_label(self) -> str:
        return CertificationState.LABELS[self.state]

    @property
    def days_left(self) -> int | None:
        """Whole days until it expires (negative once expired); None if never certified."""
        if self.valid_until is None:
            return None
        return (self.valid_until - self.at).days


@dataclass(frozen=True)
class StaffCertifications:
    """A person and their certification under every active policy that reaches them."""

    profile: StaffProfile
    certifications: list[Certification]


def _completion_rows(*, user_ids, course_ids) -> dict[tuple[int, int], dict]:
    """(user id, course id) → last completion and open assignment of the course: one query."""
    open_q = Q(status__in=Assignment.OPEN_STATUSES)
    rows = (
        Assignment.objects.filter(user_id__in=user_ids, course_id__in=course_ids)
        .order_by()
        .values("user_id", "course_id")
        .annotate(
            last=Max("completed_at", filter=Q(status=Assignment.Status.COMPLETED)),
            open_count=Count("pk", filter=open_q),
            open_due=Min("due_at", filter=open_q),
        )
    )
    return {(row["user_id"], row["course_id"]): row for row in rows}


def _certification(policy, user_id, rows, at) -> Certification:
    row = rows.get((user_id, policy.course_id), {})
    return Certification(
        policy=policy,
        user_id=user_id,
        last_completed_at=row.get("last"),
        open_assignment=bool(row.get("open_count")),
        open_due_at=row.get("open_due"),
        at=at,
    )


def _active_policies() -> QuerySet[RefresherPolicy]:
    return RefresherPolicy.objects.filter(active=True, course__live=True).select_related("course")


def refresher_policies_for_person(*, profile: StaffProfile) -> QuerySet[RefresherPolicy]:
    """The active policies (of live courses) whose audience includes ``profile``: for
    everyone, for their job role, or for their team. Someone who has left is in none."""
    if profile.has_left or not profile.user.is_active:
        return RefresherPolicy.objects.none()
    reaches = Q(audience=RefresherPolicy.Audience.EVERYONE)
    selected = Q()
    if profile.job_role_id is not None:
        selected |= Q(job_roles=profile.job_role_id)
    if profile.team_id is not None:
        selected |= Q(teams=profile.team_id)
    if selected:
        reaches |= Q(audience=RefresherPolicy.Audience.SELECTED) & selected
    return _active_policies().filter(reaches).distinct().order_by("title", "pk")


def certifications_for_person(
    *, user: AbstractBaseUser, at: datetime.datetime | None = None
) -> list[Certification]:
    """The person's certification under every active policy that reaches them, in policy
    title order ("my plan", the profile). Three queries; none for an account without a staff
    profile."""
    at = at or timezone.now()
    profile = StaffProfile.objects.select_related("user").filter(user_id=user.pk).first()
    if profile is None:
        return []
    policies = list(refresher_policies_for_person(profile=profile))
    if not policies:
        return []
    rows = _completion_rows(user_ids=[user.pk], course_ids={p.course_id for p in policies})
    return [_certification(policy, user.pk, rows, at) for policy in policies]


def _reaches(policy: RefresherPolicy, profile: StaffProfile) -> bool:
    # On prefetched job roles and teams: no query.
    if policy.is_for_everyone:
        return True
    return any(r.pk == profile.job_role_id for r in policy.job_roles.all()) or any(
        t.pk == profile.team_id for t in policy.teams.all()
    )


def certifications_for_staff(
    *, profiles: QuerySet[StaffProfile], at: datetime.datetime | None = None
) -> list[StaffCertifications]:
    """Everyone in ``profiles`` who has not left, each with their certification under every
    active policy that reaches them (people no policy reaches are left out). Five queries,
    whatever the number of people or policies."""
    at = at or timezone.now()
    people = list(
        profiles.exclude(status=StaffProfile.Status.LEFT)
        .filter(user__is_active=True)
        .select_related("user", "team", "job_role")
    )
    policies = list(_active_policies().prefetch_related("job_roles", "teams"))
    if not people or not policies:
        return []
    rows = _completion_rows(
        user_ids=profiles.values("user_id"), course_ids={p.course_id for p in policies}
    )
    result = []
    for profile in people:
        mine = [
            _certification(policy, profile.user_id, rows, at)
            for policy in policies
            if _reaches(policy, profile)
        ]
        if mine:
            result.append(StaffCertifications(profile=profile, certifications=mine))
    return result


def certifications_for_team(
    *, team: Team, at: datetime.datetime | None = None
) -> list[StaffCertifications]:
    """The team's members and their certifications (see ``certifications_for_staff``)."""
    return certifications_for_staff(profiles=StaffProfile.objects.filter(team=team), at=at)


def certifications_for_manager(
    *, user: AbstractBaseUser, at: datetime.datetime | None = None
) -> list[StaffCertifications]:
    """Everyone ``user`` manages (``staff_profiles_managed_by``) and their certifications."""
    managed = staff_profiles_managed_by(user=user).values("pk")
    return certifications_for_staff(profiles=StaffProfile.objects.filter(pk__in=managed), at=at)


# --- Set-based building blocks of the run ---------------------------------------------------

# Expiry warnings are handed over this many at a time.
NOTIFY_SLICE = 10_000

# Who counts as staff: an active account whose profile says they have not left.
STAYING = [StaffProfile.Status.ONBOARDING, StaffProfile.Status.SOLO]


def _audience_q(policy: RefresherPolicy, *, profile: str = "") -> Q | None:
    """The policy's audience as a filter on staff profiles (``profile=""``) or on rows that
    reach one through ``profile`` (``"user__staff_profile__"`` from an assignment); None when
    it reaches nobody. No query when the policy's job roles and teams are prefetched."""
    staying = Q(user__is_active=True, **{f"{profile}status__in": STAYING})
    if policy.is_for_everyone:
        return staying
    role_ids = [role.pk for role in policy.job_roles.all()]
    team_ids = [team.pk for team in policy.teams.all()]
    reaches = Q()
    if role_ids:
        reaches |= Q(**{f"{profile}job_role_id__in": role_ids})
    if team_ids:
        reaches |= Q(**{f"{profile}team_id__in": team_ids})
    return staying & reaches if reaches else None


def policy_audience(*, policy: RefresherPolicy) -> QuerySet[StaffProfile]:
    """The staff a policy reaches: active accounts who have not left, and for a policy of
    chosen job roles and teams, those in any of them. Not evaluated."""
    reaches = _audience_q(policy)
    return StaffProfile.objects.filter(reaches) if reaches else StaffProfile.objects.none()


def _last_completions(policy: RefresherPolicy) -> QuerySet:
    """One row per person in the audience who completed the policy's course: ``user_id`` and
    ``last_completed_at``. One aggregate over the course's completed assignments (joined to the
    audience), not a lookup per person."""
    reaches = _audience_q(policy, profile="user__staff_profile__")
    completed = Assignment.objects.filter(
        course_id=policy.course_id, status=Assignment.Status.COMPLETED
    )
    return (
        (completed.filter(reaches) if reaches is not None else completed.none())
        .order_by()
        .values("user_id")
        .annotate(last_completed_at=Max("completed_at"))
    )


def _no_open_assignment(policy: RefresherPolicy) -> Q:
    return ~Exists(
        Assignment.objects.filter(
            user_id=OuterRef("user_id"),
            course_id=policy.course_id,
            status__in=Assignment.OPEN_STATUSES,
        )
    )


def refresher_renewals_due(*, policy: RefresherPolicy, at: datetime.datetime) -> QuerySet:
    """Who ``policy`` re-assigns its course to at ``at`` because their certification expires
    within ``due_days`` (or has expired), leaving out whoever has the course open: rows of
    ``user_id`` and ``last_completed_at``. Not evaluated."""
    return (
        _last_completions(policy)
        .filter(_no_open_assignment(policy))
        .filter(last_completed_at__lte=at - (policy.validity - policy.lead_time))
    )


def refresher_first_due(*, policy: RefresherPolicy) -> QuerySet[StaffProfile]:
    """Who ``policy`` assigns its course to because they never completed it, if the policy
    says so (otherwise nobody), leaving out whoever has the course open. Not evaluated."""
    if not policy.include_never_completed:
        return StaffProfile.objects.none()
    completed = Assignment.objects.filter(
        user_id=OuterRef("user_id"),
        course_id=policy.course_id,
        status=Assignment.Status.COMPLETED,
    )
    return (
        policy_audience(policy=policy)
        .filter(~Exists(completed))
        .filter(_no_open_assignment(policy))
        .order_by()
    )


def certifications_expiring(*, policy: RefresherPolicy, at: datetime.datetime) -> QuerySet:
    """The people in the policy's audience whose certification is expiring soon at ``at`` (it
    expires after ``at`` but within ``expiring_soon_days``): rows of ``user_id`` and
    ``last_completed_at``. Not evaluated."""
    return _last_completions(policy).filter(
        last_completed_at__gt=at - policy.validity,
        last_completed_at__lte=(
            at - policy.validity + datetime.timedelta(days=policy.expiring_soon_days)
        ),
    )


def _insert_from_select(*, queryset: QuerySet, model, columns: list[str]) -> int:
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


# --- The run --------------------------------------------------------------------------------


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
    """Assign every active policy's course to the people due for it at ``at`` (default: now),
    source "refresher", due at the end of the day ``due_days`` later, and warn the people whose
    certification is expiring soon. Returns what it did, policy by policy.

    Idempotent and safe to run concurrently: nobody gets a second open assignment of a course
    (the query skips them, the database's unique constraint settles a race), a policy is run
    under a lock on its row, and the expiry notice is sent once per person and expiry date.
    Each policy is its own transaction; a fixed number of queries per policy."""
    at = at or timezone.now()
    policies = list(_active_policies().prefetch_related("job_roles", "teams").order_by("pk"))
    done = [_policy_run(policy=policy, at=at) for policy in policies]
    return RefresherRun(at=at, policies=done)


def _due_at(*, policy: RefresherPolicy, at: datetime.datetime) -> datetime.datetime:
    """The end of the local day ``due_days`` after ``at``: people read a due date as a day,
    and onboarding assignments are due at the end of theirs too."""
    day = timezone.localdate(at + policy.lead_time)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


@transaction.atomic
def _policy_run(*, policy: RefresherPolicy, at: datetime.datetime) -> PolicyRun:
    # Two runs at once (a redelivered task, an operator's command) take turns per policy; the
    # second finds nobody left to assign.
    RefresherPolicy.objects.select_for_update().filter(pk=policy.pk).values_list("pk").first()
    renewals = refresher_renewals_due(policy=policy, at=at)
    first = refresher_first_due(policy=policy)
    # A fresh pass for renewals: clear their progress in the course before the assignment that
    # makes them no longer due. People who never completed it keep what they have done.
    LessonProgress.objects.filter(
        user_id__in=renewals.values("user_id"),
        lesson__in=LessonPage.objects.child_of(policy.course).values("pk"),
    ).delete()
    columns = {
        "a_course_id": Value(policy.course_id),
        "a_source": Value(Assignment.Source.REFRESHER.value),
        "a_status": Value(Assignment.Status.ASSIGNED.value),
        "a_assigned_at": Value(at, output_field=DateTimeField()),
        "a_due_at": Value(_due_at(policy=policy, at=at), output_field=DateTimeField()),
    }
    assigned = 0
    for people in (renewals, first) if policy.include_never_completed else (renewals,):
        assigned += _insert_from_select(
            queryset=people.annotate(**columns).values_list("user_id", *columns),
            model=Assignment,
            columns=["user", "course", "source", "status", "assigned_at", "due_at"],
        )
    expiring = _expiring_notify(policy=policy, at=at)
    return PolicyRun(policy_id=policy.pk, title=policy.title, assigned=assigned, expiring=expiring)


def _expiring_notify(*, policy: RefresherPolicy, at: datetime.datetime) -> int:
    """Warn the people whose certification under ``policy`` is expiring soon; returns how many
    are. ``certification_expiring_send`` sends once per person, policy and expiry date, so a
    daily run repeats nothing and a renewed certification warns again before its new expiry."""
    rows = [
        (user_id, policy.pk, last + policy.validity, policy.course.title)
        for user_id, last in certifications_expiring(policy=policy, at=at).values_list(
            "user_id", "last_completed_at"
        )
    ]
    # In slices, so that a company-wide wave stays within SQLite's limit on query parameters.
    for start in range(0, len(rows), NOTIFY_SLICE):
        certification_expiring_send(rows[start : start + NOTIFY_SLICE])
    return len(rows)
