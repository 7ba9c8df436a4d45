"""Reads of people's certification under refresher policies, who is due a refresher, and the
compliance figures. See ``courses.services.refreshers`` for the rules and the run."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.hooks import quiz_ids_live, quiz_passes
from courses.models import Assignment, RefresherPolicy
from courses.selectors.assignments import assignment_overdue_q
from lms.people.models import StaffProfile, Team, person_name
from lms.people.selectors import staff_profiles_managed_by


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
    last completion of its course or quiz (None: never completed)."""
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
    # The person's open assignment of the course or quiz (any source), if any: its due time.
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


def policy_target(policy: RefresherPolicy) -> dict[str, int]:
    """The policy's course or quiz as a filter on assignments: ``{"course_id": …}`` or
    ``{"quiz_id": …}``."""
    if policy.course_id is not None:
        return {"course_id": policy.course_id}
    return {"quiz_id": policy.quiz_id}


def _passes() -> QuerySet:
    """Every passed, submitted attempt at any quiz: the completions of quiz policies."""
    return quiz_passes()


def _completions(policy: RefresherPolicy) -> tuple[QuerySet, str]:
    """The records of completing the policy's course or quiz, and the name of their moment:
    completed assignments of the course (``completed_at``) or passes of the quiz
    (``submitted_at``). Both have ``user_id``."""
    if policy.course_id is not None:
        completed = Assignment.objects.filter(
            course_id=policy.course_id, status=Assignment.Status.COMPLETED
        )
        return completed, "completed_at"
    return _passes().filter(quiz_id=policy.quiz_id), "submitted_at"


def _completion_rows(*, user_ids, policies) -> dict[tuple[str, int, int], dict]:
    """(``"course_id"`` or ``"quiz_id"``, its id, user id) → the person's last completion of
    the policies' courses and quizzes and their open assignment of each: one query (a union of
    the assignments' aggregate with the passes' aggregate when a policy is for a quiz)."""
    course_ids = {p.course_id for p in policies if p.course_id is not None}
    quiz_ids = {p.quiz_id for p in policies if p.quiz_id is not None}
    open_q = Q(status__in=Assignment.OPEN_STATUSES)
    # Columns: user, course, quiz, last completion, open assignments, the soonest due of them.
    rows = (
        Assignment.objects.filter(user_id__in=user_ids)
        .filter(Q(course_id__in=course_ids) | Q(quiz_id__in=quiz_ids))
        .order_by()
        .values_list("user_id", "course_id", "quiz_id")
        .annotate(
            # A quiz is completed by a pass, not by its assignment: only courses count here.
            last=Max(
                "completed_at",
                filter=Q(status=Assignment.Status.COMPLETED, course_id__isnull=False),
            ),
            open_count=Count("pk", filter=open_q),
            open_due=Min("due_at", filter=open_q),
        )
    )
    if quiz_ids:
        passes = (
            _passes()
            .filter(user_id__in=user_ids, quiz_id__in=quiz_ids)
            .order_by()
            .annotate(no_course=Cast(Value(None), output_field=IntegerField()))
            .values_list("user_id", "no_course", "quiz_id")
            .annotate(
                last=Max("submitted_at"),
                open_count=Value(0),
                open_due=Cast(Value(None), output_field=DateTimeField()),
            )
        )
        rows = rows.union(passes, all=True)
    result: dict[tuple[str, int, int], dict] = {}
    for user_id, course_id, quiz_id, last, open_count, open_due in rows:
        if course_id is not None:
            key = ("course_id", course_id, user_id)
        else:
            key = ("quiz_id", quiz_id, user_id)
        row = result.setdefault(key, {"last": None, "open_count": 0, "open_due": None})
        if last is not None:
            row["last"] = last
        if open_count:
            row["open_count"], row["open_due"] = open_count, open_due
    return result


def _certification(policy, user_id, rows, at) -> Certification:
    [(field, target_id)] = policy_target(policy).items()
    row = rows.get((field, target_id, user_id), {})
    return Certification(
        policy=policy,
        user_id=user_id,
        last_completed_at=row.get("last"),
        open_assignment=bool(row.get("open_count")),
        open_due_at=row.get("open_due"),
        at=at,
    )


def policies_active() -> QuerySet[RefresherPolicy]:
    return (
        RefresherPolicy.objects.filter(active=True)
        .filter(Q(course__live=True) | Q(quiz_id__in=quiz_ids_live()))
        .with_targets()
    )


def refresher_policies_for_person(*, profile: StaffProfile) -> QuerySet[RefresherPolicy]:
    """The active policies (of live courses and quizzes) whose audience includes ``profile``: for
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
    return policies_active().filter(reaches).distinct().order_by("title", "pk")


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
    rows = _completion_rows(user_ids=[user.pk], policies=policies)
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
    policies = list(policies_active().prefetch_related("job_roles", "teams"))
    if not people or not policies:
        return []
    rows = _completion_rows(user_ids=profiles.values("user_id"), policies=policies)
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


# What needs a manager's attention comes first.
STATE_ORDER = {
    CertificationState.EXPIRED: 0,
    CertificationState.NOT_CERTIFIED: 1,
    CertificationState.EXPIRING_SOON: 2,
    CertificationState.VALID: 3,
}


@dataclass(frozen=True)
class CertificationRow:
    """One person's certification under one policy, as a line of the listing."""

    profile: StaffProfile
    certification: Certification


def certification_rows(
    *, user, policy: RefresherPolicy | None = None, state: str = "", team: Team | None = None
) -> list[CertificationRow]:
    """The certifications of everyone ``user`` manages (``certifications_for_manager``), one row
    per person and policy, narrowed to ``policy``, ``state`` and ``team`` when given. Expired
    first, then not certified, expiring soon and valid; by person's name within each, then by
    policy title. The selector's fixed number of queries; the narrowing is done in memory."""
    rows = [
        CertificationRow(profile=person.profile, certification=certification)
        for person in certifications_for_manager(user=user)
        if team is None or person.profile.team_id == team.pk
        for certification in person.certifications
        if (policy is None or certification.policy.pk == policy.pk)
        and (not state or certification.state == state)
    ]
    return sorted(
        rows,
        key=lambda row: (
            STATE_ORDER[row.certification.state],
            person_name(row.profile.user).casefold(),
            row.profile.pk,
            row.certification.policy.title.casefold(),
        ),
    )


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
    """One row per person in the audience who completed the policy's course or quiz:
    ``user_id`` and ``last_completed_at``. One aggregate over the completions (joined to the
    audience), not a lookup per person."""
    reaches = _audience_q(policy, profile="user__staff_profile__")
    completed, moment = _completions(policy)
    return (
        (completed.filter(reaches) if reaches is not None else completed.none())
        .order_by()
        .values("user_id")
        .annotate(last_completed_at=Max(moment))
    )


def _no_open_assignment(policy: RefresherPolicy) -> Q:
    return ~Exists(
        Assignment.objects.filter(
            user_id=OuterRef("user_id"),
            status__in=Assignment.OPEN_STATUSES,
            **policy_target(policy),
        )
    )


def refresher_renewals_due(*, policy: RefresherPolicy, at: datetime.datetime) -> QuerySet:
    """Who ``policy`` re-assigns its course or quiz to at ``at`` because their certification
    expires within ``due_days`` (or has expired), leaving out whoever has it open: rows of
    ``user_id`` and ``last_completed_at``. Not evaluated."""
    return (
        _last_completions(policy)
        .filter(_no_open_assignment(policy))
        .filter(last_completed_at__lte=at - (policy.validity - policy.lead_time))
    )


def refresher_first_due(*, policy: RefresherPolicy) -> QuerySet[StaffProfile]:
    """Who ``policy`` assigns its course or quiz to because they never completed it, if the
    policy says so (otherwise nobody), leaving out whoever has it open. Not evaluated."""
    if not policy.include_never_completed:
        return StaffProfile.objects.none()
    completed, _moment = _completions(policy)
    return (
        policy_audience(policy=policy)
        .filter(~Exists(completed.filter(user_id=OuterRef("user_id"))))
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


def course_validity_days(*, course_id: int, user: AbstractBaseUser) -> int | None:
    """How many days a completion of the course keeps ``user`` certified: the shortest
    ``every_days`` of the active policies of the course that reach them, or None when no policy
    does (a certificate of the course then never expires). Two queries at most."""
    profile = StaffProfile.objects.select_related("user").filter(user_id=user.pk).first()
    if profile is None:
        return None
    days = (
        refresher_policies_for_person(profile=profile)
        .filter(course_id=course_id)
        .values_list("every_days", flat=True)
    )
    return min(days, default=None)


@dataclass(frozen=True)
class Compliance:
    """Refresher assignments of one policy or one content change: assigned, done, overdue."""

    key: int
    title: str
    assigned: int
    done: int
    overdue: int

    @property
    def done_rate(self) -> float | None:
        return self.done * 100 / self.assigned if self.assigned else None


def compliance_counts(now):
    return {
        "assigned": Count("pk"),
        "done": Count("pk", filter=Q(status=Assignment.Status.COMPLETED)),
        "overdue": Count("pk", filter=assignment_overdue_q(now=now)),
    }


def refresher_compliance_by_policy(*, user_ids, now, start=None, end=None) -> list[Compliance]:
    """Per active refresher policy, the refresher assignments of ``user_ids`` assigned in
    [start, end) for the policy's course or quiz (a refresher assignment names its target, not
    its policy: two policies of one course share their figures). Policies with no assignment
    are left out. Two queries."""
    assignments = Assignment.objects.filter(
        user_id__in=user_ids, source=Assignment.Source.REFRESHER
    )
    if start is not None:
        assignments = assignments.filter(assigned_at__gte=start)
    if end is not None:
        assignments = assignments.filter(assigned_at__lt=end)
    rows = {
        (row["course_id"], row["quiz_id"]): row
        for row in assignments.values("course_id", "quiz_id")
        .annotate(**compliance_counts(now))
        .order_by()
    }
    figures = []
    for policy in RefresherPolicy.objects.filter(active=True).order_by("title", "pk"):
        row = rows.get((policy.course_id, policy.quiz_id))
        if row is not None:
            figures.append(
                Compliance(
                    key=policy.pk,
                    title=policy.title,
                    assigned=row["assigned"],
                    done=row["done"],
                    overdue=row["overdue"],
                )
            )
    return figures
