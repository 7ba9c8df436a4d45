"""Reads for mentoring: suggested mentors, each newcomer's skills matrix and readiness for solo
work, a mentor's mentees, a newcomer's own practice, and time to solo.

Evidence for a sign-off (one rule, used by the matrix and by ``signoff_create``): a supervised
session of the newcomer, with any mentor, that rated the skill "independent" and in which the
mentor did not step in. Stepping in disqualifies the session for every skill it rated: the
session does not say which part of the conversation the mentor took over, so it cannot show
that the newcomer handled any of it alone. After a sign-off is revoked only sessions that
occurred after the revocation count, otherwise the same sessions would allow signing the skill
off again at once.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from courses.models import Assignment, CoursePage, OnboardingPlanItem
from lms.people.models import StaffProfile
from lms.people.selectors import staff_profiles_managed_by, user_sees_all_staff
from mentoring.models import (
    MentorProfile,
    Pairing,
    PracticeSkill,
    SignOff,
    SkillRating,
    SoloClearance,
    SupervisedSession,
)

MISSING_JOB_ROLE = _("No job role is set, so the practice skills to sign off are unknown.")
MISSING_SKILL = ngettext_lazy(
    "Skill “%(skill)s” is not signed off: %(needed)d more independent session needed.",
    "Skill “%(skill)s” is not signed off: %(needed)d more independent sessions needed.",
    "needed",
)
MISSING_SKILL_SIGNOFF_ONLY = _(
    "Skill “%(skill)s” is not signed off yet (the evidence is already there)."
)
MISSING_COURSE = _("Course “%(course)s” is not completed.")

REASON_SAME_TEAM = _("Mentors the newcomer's team, %(team)s.")
REASON_SAME_JOB_ROLE = _("Mentors the newcomer's job role, %(job_role)s.")
REASON_CAPACITY_LEFT = ngettext_lazy(
    "%(left)d place free (mentoring %(load)d of %(capacity)d).",
    "%(left)d places free (mentoring %(load)d of %(capacity)d).",
    "left",
)
REASON_FULL = _("Full (mentoring %(load)d of %(capacity)d): pairing needs a reason to override.")
REASON_PENDING_SIGNOFFS = ngettext_lazy(
    "%(count)d sign-off waiting to be given.",
    "%(count)d sign-offs waiting to be given.",
    "count",
)

# A clearance in one of these states stops the mentor from asking again.
OPEN_CLEARANCE_STATUSES = (SoloClearance.Status.REQUESTED, SoloClearance.Status.CONFIRMED)


# --- Skills and evidence ----------------------------------------------------------------------


@dataclass(frozen=True)
class SkillProgress:
    """Where a newcomer stands on one practice skill."""

    skill: PracticeSkill
    independent_sessions: int
    sign_off: SignOff | None  # the live sign-off, if any

    @property
    def required(self) -> bool:
        return self.skill.required_for_solo

    @property
    def sessions_required(self) -> int:
        return self.skill.sessions_required

    @property
    def signed_off(self) -> bool:
        return self.sign_off is not None

    @property
    def sessions_needed(self) -> int:
        """Independent sessions still missing before a sign-off is possible (0 once enough)."""
        return max(0, self.skill.sessions_required - self.independent_sessions)

    @property
    def can_sign_off(self) -> bool:
        """Enough evidence and no live sign-off yet: a sign-off the mentor could give now."""
        return not self.signed_off and self.sessions_needed == 0


def _evidence_counts(user_ids) -> dict[tuple[int, int], int]:
    """The sessions that count as evidence (see the module docstring) per (newcomer, skill) of
    ``user_ids`` (a list or a query of user ids), counted by the database: a rating counts
    unless a sign-off of that skill was revoked after (or when) its session occurred. One
    query."""
    latest_revocation = (
        SignOff.objects.filter(
            mentee_id=OuterRef("session__mentee_id"),
            skill_id=OuterRef("skill_id"),
            revoked_at__isnull=False,
        )
        .order_by("-revoked_at")
        .values("revoked_at")[:1]
    )
    rows = (
        SkillRating.objects.filter(
            session__mentee_id__in=user_ids,
            session__mentor_stepped_in=False,
            rating=SkillRating.Rating.INDEPENDENT,
        )
        .annotate(cut_off=Subquery(latest_revocation))
        .filter(Q(cut_off__isnull=True) | Q(session__occurred_at__gt=F("cut_off")))
        .order_by()
        .values_list("session__mentee_id", "skill_id")
        .annotate(count=Count("pk"))
    )
    return {(mentee_id, skill_id): count for mentee_id, skill_id, count in rows}


def signoff_evidence(
    *, mentee: AbstractBaseUser, skill: PracticeSkill
) -> QuerySet[SupervisedSession]:
    """The sessions that count as evidence for signing ``skill`` off for ``mentee`` (see the
    module docstring), oldest first."""
    sessions = SupervisedSession.objects.filter(
        mentee=mentee,
        mentor_stepped_in=False,
        ratings__skill=skill,
        ratings__rating=SkillRating.Rating.INDEPENDENT,
    )
    revoked_at = (
        SignOff.objects.filter(mentee=mentee, skill=skill, revoked_at__isnull=False)
        .order_by("-revoked_at")
        .values_list("revoked_at", flat=True)
        .first()
    )
    if revoked_at is not None:
        sessions = sessions.filter(occurred_at__gt=revoked_at)
    return sessions.order_by("occurred_at", "pk")


def _skills_matrix(profiles: list[StaffProfile]) -> dict[int, list[SkillProgress]]:
    """The practice skills of each person's job role with their progress, by user id. Three
    queries for any number of people: the skills, the live sign-offs, the evidence counts."""
    role_ids = {p.job_role_id for p in profiles if p.job_role_id is not None}
    user_ids = [p.user_id for p in profiles]
    if not role_ids:
        return {user_id: [] for user_id in user_ids}
    skills_by_role: dict[int, list[PracticeSkill]] = defaultdict(list)
    for skill in PracticeSkill.objects.filter(job_role_id__in=role_ids):
        skills_by_role[skill.job_role_id].append(skill)
    live = {
        (s.mentee_id, s.skill_id): s
        for s in SignOff.objects.filter(mentee_id__in=user_ids, revoked_at__isnull=True)
    }
    counts = _evidence_counts(user_ids)
    return {
        p.user_id: [
            SkillProgress(
                skill=skill,
                independent_sessions=counts.get((p.user_id, skill.pk), 0),
                sign_off=live.get((p.user_id, skill.pk)),
            )
            for skill in skills_by_role.get(p.job_role_id, [])
        ]
        for p in profiles
    }


# --- Readiness for solo work --------------------------------------------------------------------


@dataclass(frozen=True)
class MissingItem:
    """One thing that stands between a newcomer and solo work."""

    JOB_ROLE = "job_role"
    SKILL = "skill"
    COURSE = "course"

    kind: str
    message: str
    skill: PracticeSkill | None = None
    course: CoursePage | None = None
    sessions_needed: int = 0

    def __str__(self) -> str:
        # The message may be a lazy translation: ``str()`` must return a str.
        return str(self.message)

    def as_dict(self) -> dict:
        """The item as JSON-ready data (for the API's ``missing`` list)."""
        item = {"kind": self.kind, "message": str(self.message)}
        if self.skill is not None:
            item.update(skill_id=self.skill.pk, sessions_needed=self.sessions_needed)
        if self.course is not None:
            item["course_id"] = self.course.pk
        return item


@dataclass(frozen=True)
class Readiness:
    missing: list[MissingItem] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing


def _readiness(
    *,
    profile: StaffProfile | None,
    skills: list[SkillProgress],
    plan_items: list[OnboardingPlanItem],
    completed_courses: set[int],
) -> Readiness:
    if profile is None or profile.job_role_id is None:
        return Readiness(missing=[MissingItem(kind=MissingItem.JOB_ROLE, message=MISSING_JOB_ROLE)])
    missing = []
    for progress in skills:
        if progress.required and not progress.signed_off:
            needed = progress.sessions_needed
            message = (
                MISSING_SKILL % {"skill": progress.skill.title, "needed": needed}
                if needed
                else MISSING_SKILL_SIGNOFF_ONLY % {"skill": progress.skill.title}
            )
            missing.append(
                MissingItem(
                    kind=MissingItem.SKILL,
                    message=message,
                    skill=progress.skill,
                    sessions_needed=needed,
                )
            )
    for item in plan_items:
        if item.plan.job_role_id == profile.job_role_id and item.course_id not in completed_courses:
            missing.append(
                MissingItem(
                    kind=MissingItem.COURSE,
                    message=MISSING_COURSE % {"course": item.course.title},
                    course=item.course,
                )
            )
    return Readiness(missing=missing)


def _readiness_by_user(
    profiles: list[StaffProfile], matrix: dict[int, list[SkillProgress]]
) -> dict[int, Readiness]:
    """Readiness of each person, by user id. Two queries for any number of people: the
    onboarding courses required for solo work, and which of them each person completed.

    A course counts as complete once the person's assignment of it is completed (the courses
    app completes it with the last lesson, also for someone who finished before it was
    assigned)."""
    role_ids = {p.job_role_id for p in profiles if p.job_role_id is not None}
    plan_items = []
    completed: dict[int, set[int]] = defaultdict(set)
    if role_ids:
        plan_items = list(
            OnboardingPlanItem.objects.filter(
                plan__job_role_id__in=role_ids, required_for_solo=True
            )
            .select_related("plan", "course")
            .order_by("sort_order", "pk")
        )
    if plan_items:
        rows = Assignment.objects.filter(
            user_id__in=[p.user_id for p in profiles],
            course_id__in={item.course_id for item in plan_items},
            status=Assignment.Status.COMPLETED,
        ).values_list("user_id", "course_id")
        for user_id, course_id in rows:
            completed[user_id].add(course_id)
    return {
        p.user_id: _readiness(
            profile=p,
            skills=matrix.get(p.user_id, []),
            plan_items=plan_items,
            completed_courses=completed[p.user_id],
        )
        for p in profiles
    }


def _profile_of(user: AbstractBaseUser) -> StaffProfile | None:
    return StaffProfile.objects.select_related("team", "job_role").filter(user=user).first()


def skills_for_mentee(*, mentee: AbstractBaseUser) -> list[SkillProgress]:
    """The practice skills of the newcomer's job role with their progress, in the skills'
    order; empty without a job role. Four queries."""
    profile = _profile_of(mentee)
    if profile is None:
        return []
    return _skills_matrix([profile])[mentee.pk]


def solo_readiness(*, mentee: AbstractBaseUser) -> Readiness:
    """Whether the newcomer may be cleared for solo work and, if not, exactly what is missing:
    each required practice skill without a live sign-off (with the independent sessions still
    needed) and each onboarding course marked "required for solo work" not completed. Someone
    without a job role is never ready. At most six queries."""
    profile = _profile_of(mentee)
    if profile is None:
        return _readiness(profile=None, skills=[], plan_items=[], completed_courses=set())
    return _readiness_by_user([profile], _skills_matrix([profile]))[mentee.pk]


# --- Mentors -----------------------------------------------------------------------------------


def active_pairing_for_mentee(*, mentee: AbstractBaseUser) -> Pairing | None:
    """The newcomer's active pairing with its mentor loaded, or None."""
    return (
        Pairing.objects.select_related("mentor")
        .filter(mentee=mentee, status=Pairing.Status.ACTIVE)
        .first()
    )


def active_mentors_by_mentee(mentee_ids: Iterable[int]) -> dict[int, int]:
    """The user id of the active mentor of each of these newcomers (user ids) who has one."""
    return dict(
        Pairing.objects.filter(
            mentee_id__in=list(mentee_ids), status=Pairing.Status.ACTIVE
        ).values_list("mentee_id", "mentor_id")
    )


def _active_load() -> Count:
    return Count(
        "user__pairings_as_mentor",
        filter=Q(user__pairings_as_mentor__status=Pairing.Status.ACTIVE),
    )


@dataclass(frozen=True)
class MentorSuggestion:
    profile: MentorProfile
    load: int
    pending_signoffs: int
    same_team: bool
    same_job_role: bool
    reasons: list[str]

    @property
    def mentor(self) -> AbstractBaseUser:
        return self.profile.user

    @property
    def capacity_left(self) -> int:
        return max(0, self.profile.capacity - self.load)

    @property
    def needs_override(self) -> bool:
        """Pairing with this mentor needs a reason: they are at (or over) capacity."""
        return self.capacity_left == 0


def _pending_signoffs_by_mentor(
    mentor_ids: list[int], *, mentees: QuerySet | None = None
) -> dict[int, int]:
    """How many sign-offs each mentor could give now to their current mentees but has not;
    with ``mentees`` (a query of user ids), only to those mentees. Four queries for any number
    of mentors and mentees."""
    active = Pairing.objects.filter(mentor_id__in=mentor_ids, status=Pairing.Status.ACTIVE)
    if mentees is not None:
        active = active.filter(mentee_id__in=mentees)
    pairings = list(
        active.values_list("mentor_id", "mentee_id", "mentee__staff_profile__job_role_id")
    )
    return _signoffs_waiting_of_pairings(pairings)


def _signoffs_waiting_of_pairings(pairings: list[tuple[int, int, int | None]]) -> dict[int, int]:
    """For pairings (mentor, mentee, the mentee's job role), how many sign-offs each mentor
    could give these mentees now (``SkillProgress.can_sign_off`` of the skills matrix, without
    building the matrix): skills of the mentee's job role without a live sign-off whose
    evidence reaches the sessions required. Three queries."""
    mentee_ids = [mentee_id for _, mentee_id, _ in pairings]
    role_ids = {role_id for _, _, role_id in pairings if role_id is not None}
    skills_by_role: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for skill_id, role_id, required in PracticeSkill.objects.filter(
        job_role_id__in=role_ids
    ).values_list("pk", "job_role_id", "sessions_required"):
        skills_by_role[role_id].append((skill_id, required))
    live = set(
        SignOff.objects.filter(mentee_id__in=mentee_ids, revoked_at__isnull=True).values_list(
            "mentee_id", "skill_id"
        )
    )
    counts = _evidence_counts(mentee_ids)
    pending: dict[int, int] = defaultdict(int)
    for mentor_id, mentee_id, role_id in pairings:
        pending[mentor_id] += sum(
            1
            for skill_id, required in skills_by_role.get(role_id, [])
            if (mentee_id, skill_id) not in live
            and counts.get((mentee_id, skill_id), 0) >= required
        )
    return pending


def mentor_suggestions(*, mentee: AbstractBaseUser) -> list[MentorSuggestion]:
    """Active mentors who could take ``mentee``, best first, each with the reasons in words.

    Ranked by: mentors with a free place before full ones (a full one needs an override, shown
    in its reasons), then how many of "mentors the newcomer's team" and "mentors the newcomer's
    job role" hold, then most places free, lightest load, fewest sign-offs left waiting (a
    mentor behind on sign-offs has less time), then name. Inactive mentors, the newcomer and
    their current mentor are left out. Nine queries at most, whatever the number of mentors."""
    profile = _profile_of(mentee)
    current = Pairing.objects.filter(mentee=mentee, status=Pairing.Status.ACTIVE).values(
        "mentor_id"
    )
    mentors = list(
        MentorProfile.objects.filter(is_active=True, user__is_active=True)
        .exclude(user=mentee)
        .exclude(user_id__in=current)
        .select_related("user")
        .prefetch_related("teams", "job_roles")
        .annotate(load=_active_load())
    )
    pending = _pending_signoffs_by_mentor([m.user_id for m in mentors]) if mentors else {}
    team = profile.team if profile is not None else None
    job_role = profile.job_role if profile is not None else None
    suggestions = []
    for mentor in mentors:
        same_team = team is not None and any(t.pk == team.pk for t in mentor.teams.all())
        same_role = job_role is not None and any(
            r.pk == job_role.pk for r in mentor.job_roles.all()
        )
        reasons = []
        if same_team:
            reasons.append(str(REASON_SAME_TEAM % {"team": team.name}))
        if same_role:
            reasons.append(str(REASON_SAME_JOB_ROLE % {"job_role": job_role.name}))
        figures = {"load": mentor.load, "capacity": mentor.capacity}
        left = mentor.capacity - mentor.load
        if left > 0:
            reasons.append(str(REASON_CAPACITY_LEFT % {"left": left, **figures}))
        else:
            reasons.append(str(REASON_FULL % figures))
        waiting = pending.get(mentor.user_id, 0)
        if waiting:
            reasons.append(str(REASON_PENDING_SIGNOFFS % {"count": waiting}))
        suggestions.append(
            MentorSuggestion(
                profile=mentor,
                load=mentor.load,
                pending_signoffs=waiting,
                same_team=same_team,
                same_job_role=same_role,
                reasons=reasons,
            )
        )
    suggestions.sort(
        key=lambda s: (
            s.needs_override,
            -(int(s.same_team) + int(s.same_job_role)),
            -s.capacity_left,
            s.load,
            s.pending_signoffs,
            str(s.profile).lower(),
            s.profile.pk,
        )
    )
    return suggestions


# --- The mentor's mentees -----------------------------------------------------------------------


@dataclass(frozen=True)
class MenteeOverview:
    pairing: Pairing
    profile: StaffProfile | None
    skills: list[SkillProgress]
    readiness: Readiness
    last_session_at: datetime.datetime | None
    unacknowledged_sessions: int
    # "requested" or "confirmed" when a clearance is waiting or given, else "".
    clearance_status: str = ""

    @property
    def mentee(self) -> AbstractBaseUser:
        return self.pairing.mentee

    @property
    def clearance_waiting(self) -> bool:
        return self.clearance_status == SoloClearance.Status.REQUESTED

    @property
    def can_request_clearance(self) -> bool:
        return self.ready_for_solo and not self.clearance_status

    @property
    def ready_for_solo(self) -> bool:
        return self.readiness.ready

    @property
    def signed_off_count(self) -> int:
        return sum(1 for s in self.skills if s.signed_off)

    @property
    def sign_offs_due(self) -> list[SkillProgress]:
        """Skills with enough evidence that are not signed off yet."""
        return [s for s in self.skills if s.can_sign_off]

    @property
    def next_skill(self) -> SkillProgress | None:
        """What to practise next: the required skill not signed off that needs the fewest
        sessions (a skill only waiting for its sign-off is in ``sign_offs_due``)."""
        open_skills = [s for s in self.skills if s.required and s.sessions_needed > 0]
        return min(open_skills, key=lambda s: s.sessions_needed, default=None)


def mentees_for_mentor(*, mentor: AbstractBaseUser) -> list[MenteeOverview]:
    """The mentor's active pairings (oldest first), each with the newcomer's skills matrix,
    readiness for solo work, last session (with any mentor) and the sessions this mentor logged
    that the newcomer has not acknowledged yet. At most six
    queries whatever the number of mentees (one when there are none)."""
    pairings = list(
        Pairing.objects.filter(mentor=mentor, status=Pairing.Status.ACTIVE)
        .select_related("mentee", "mentee__staff_profile__team", "mentee__staff_profile__job_role")
        .annotate(
            last_session_at=Max("mentee__supervised_sessions__occurred_at"),
            # Only the sessions this mentor logged: those logged by an earlier mentor are not
            # theirs to follow up (the newcomer's own count includes them all).
            unacknowledged=Count(
                "mentee__supervised_sessions",
                filter=Q(
                    mentee__supervised_sessions__acknowledged_at__isnull=True,
                    mentee__supervised_sessions__mentor=F("mentor"),
                ),
            ),
            clearance_status=Subquery(
                SoloClearance.objects.filter(
                    mentee=OuterRef("mentee"), status__in=OPEN_CLEARANCE_STATUSES
                ).values("status")[:1]
            ),
        )
        .order_by("started_at", "pk")
    )
    profiles = [p.mentee.staff_profile for p in pairings if hasattr(p.mentee, "staff_profile")]
    matrix = _skills_matrix(profiles) if profiles else {}
    readiness = _readiness_by_user(profiles, matrix) if profiles else {}
    overviews = []
    for pairing in pairings:
        profile = getattr(pairing.mentee, "staff_profile", None)
        overviews.append(
            MenteeOverview(
                pairing=pairing,
                profile=profile,
                skills=matrix.get(pairing.mentee_id, []),
                readiness=readiness.get(pairing.mentee_id)
                or _readiness(profile=None, skills=[], plan_items=[], completed_courses=set()),
                last_session_at=pairing.last_session_at,
                unacknowledged_sessions=pairing.unacknowledged,
                clearance_status=pairing.clearance_status or "",
            )
        )
    return overviews


# --- The newcomer's practice --------------------------------------------------------------------


@dataclass(frozen=True)
class MenteePractice:
    profile: StaffProfile | None
    pairing: Pairing | None
    skills: list[SkillProgress]
    sessions: list[SupervisedSession]
    sign_offs: list[SignOff]
    readiness: Readiness
    clearance: SoloClearance | None

    @property
    def mentor(self) -> AbstractBaseUser | None:
        return self.pairing.mentor if self.pairing is not None else None

    @property
    def works_solo(self) -> bool:
        return self.profile is not None and self.profile.status == StaffProfile.Status.SOLO

    @property
    def can_request_clearance(self) -> bool:
        """Ready, not working solo and no clearance waiting or confirmed: what
        ``mentoring.services.clearance_request`` accepts from the mentor."""
        open_clearance = (
            self.clearance is not None and self.clearance.status in OPEN_CLEARANCE_STATUSES
        )
        return self.readiness.ready and not self.works_solo and not open_clearance

    @property
    def to_acknowledge(self) -> list[SupervisedSession]:
        return [s for s in self.sessions if s.acknowledged_at is None]


def practice_for_mentee(*, mentee: AbstractBaseUser) -> MenteePractice:
    """Everything the newcomer's "my practice" shows: their staff record (team and job role
    loaded), the active mentor, the skills with their progress, the sessions (latest first) with
    their ratings, feedback and suggested pages, the whole sign-off history (revoked ones
    included, with who revoked and why; latest first), readiness for solo work and the latest
    clearance. A fixed number of queries whatever the number of sessions or sign-offs."""
    profile = _profile_of(mentee)
    matrix = _skills_matrix([profile]) if profile is not None else {}
    readiness = (
        _readiness_by_user([profile], matrix)[mentee.pk]
        if profile is not None
        else _readiness(profile=None, skills=[], plan_items=[], completed_courses=set())
    )
    sessions = list(
        SupervisedSession.objects.filter(mentee=mentee)
        .select_related("mentor")
        .prefetch_related(
            Prefetch("ratings", queryset=SkillRating.objects.select_related("skill")),
            "suggested_lessons",
        )
    )
    sign_offs = list(
        SignOff.objects.filter(mentee=mentee)
        .select_related("skill", "signed_by", "revoked_by")
        .prefetch_related("evidence")
    )
    return MenteePractice(
        profile=profile,
        pairing=active_pairing_for_mentee(mentee=mentee),
        skills=matrix.get(mentee.pk, []),
        sessions=sessions,
        sign_offs=sign_offs,
        readiness=readiness,
        clearance=SoloClearance.objects.filter(mentee=mentee).first(),
    )


# --- Time to solo --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewcomerTimeToSolo:
    clearance: SoloClearance
    mentor: AbstractBaseUser | None

    @property
    def mentee(self) -> AbstractBaseUser:
        return self.clearance.mentee

    @property
    def team(self):
        profile = getattr(self.clearance.mentee, "staff_profile", None)
        return profile.team if profile is not None else None

    @property
    def days(self) -> int:
        return self.clearance.days_to_solo


@dataclass(frozen=True)
class TimeToSoloFigure:
    """Time to solo of a group (a team or a mentor): how many newcomers, average and median
    days."""

    group: object
    count: int
    average_days: float
    median_days: float


@dataclass(frozen=True)
class TimeToSolo:
    newcomers: list[NewcomerTimeToSolo]
    teams: list[TimeToSoloFigure]
    mentors: list[TimeToSoloFigure]

    @property
    def overall(self) -> TimeToSoloFigure | None:
        return _figure(None, self.newcomers)


def _figure(group, entries: list[NewcomerTimeToSolo]) -> TimeToSoloFigure | None:
    if not entries:
        return None
    days = [e.days for e in entries]
    return TimeToSoloFigure(
        group=group,
        count=len(days),
        average_days=round(statistics.fmean(days), 1),
        median_days=float(statistics.median(days)),
    )


def _figures(entries: list[NewcomerTimeToSolo], key) -> list[TimeToSoloFigure]:
    groups: dict[int, tuple[object, list[NewcomerTimeToSolo]]] = {}
    for entry in entries:
        group = key(entry)
        if group is not None:
            groups.setdefault(group.pk, (group, []))[1].append(entry)
    figures = [_figure(group, members) for group, members in groups.values()]
    return sorted(figures, key=lambda f: (f.average_days, str(f.group)))


def time_to_solo(*, viewed_by: AbstractBaseUser, since: datetime.date | None = None) -> TimeToSolo:
    """Days from hire to confirmed solo clearance of the newcomers ``viewed_by`` manages (everyone
    for an administrator), per newcomer (most recent clearance first), per team (the newcomer's
    current team) and per mentor (the mentor of the newcomer's last pairing that started before
    the clearance was confirmed); groups fastest first. ``since`` keeps clearances confirmed on
    or after that day. Three queries at most, whatever the number of newcomers."""
    managed = staff_profiles_managed_by(user=viewed_by).values("user_id")
    clearances = (
        SoloClearance.objects.filter(
            status=SoloClearance.Status.CONFIRMED,
            mentee_id__in=managed,
            days_to_solo__isnull=False,
        )
        .select_related("mentee", "mentee__staff_profile__team")
        .order_by("-decided_at", "-pk")
    )
    if since is not None:
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
        clearances = clearances.filter(decided_at__gte=start)
    clearances = list(clearances)
    pairings: dict[int, list[Pairing]] = defaultdict(list)
    if clearances:
        rows = (
            Pairing.objects.filter(mentee_id__in=[c.mentee_id for c in clearances])
            .select_related("mentor")
            .order_by("-started_at", "-pk")
        )
        for pairing in rows:
            pairings[pairing.mentee_id].append(pairing)
    newcomers = []
    for clearance in clearances:
        mentor = next(
            (
                p.mentor
                for p in pairings[clearance.mentee_id]
                if p.started_at <= clearance.decided_at
            ),
            None,
        )
        newcomers.append(NewcomerTimeToSolo(clearance=clearance, mentor=mentor))
    return TimeToSolo(
        newcomers=newcomers,
        teams=_figures(newcomers, lambda e: e.team),
        mentors=_figures(newcomers, lambda e: e.mentor),
    )


# --- The manager's team --------------------------------------------------------------------------
# A manager sees the people ``lms.people.selectors.staff_profiles_managed_by`` gives them
# (everyone for an administrator); each list below is a fixed number of queries however many
# newcomers, pairings, mentors or clearances there are.


@dataclass(frozen=True)
class NewcomerOnboarding:
    """A newcomer still onboarding, as their manager sees them."""

    profile: StaffProfile
    pairing: Pairing | None  # the active one, with its mentor
    skills: list[SkillProgress]
    readiness: Readiness
    clearance: SoloClearance | None  # the one waiting for the manager, if any

    @property
    def mentee(self) -> AbstractBaseUser:
        return self.profile.user

    @property
    def mentor(self) -> AbstractBaseUser | None:
        return self.pairing.mentor if self.pairing is not None else None

    @property
    def required_skills(self) -> int:
        return sum(1 for s in self.skills if s.required)

    @property
    def required_signed_off(self) -> int:
        return sum(1 for s in self.skills if s.required and s.signed_off)


@dataclass(frozen=True)
class MentorLoad:
    """A mentor's active pairings against their capacity, and the sign-offs they could give."""

    profile: MentorProfile
    load: int
    pending_signoffs: int

    @property
    def mentor(self) -> AbstractBaseUser:
        return self.profile.user

    @property
    def capacity(self) -> int:
        return self.profile.capacity

    @property
    def full(self) -> bool:
        return self.load >= self.profile.capacity

    @property
    def over_capacity(self) -> bool:
        return self.load > self.profile.capacity


@dataclass(frozen=True)
class TeamOverview:
    newcomers: list[NewcomerOnboarding]
    pairings: list[Pairing]
    mentors: list[MentorLoad]
    clearances: list[SoloClearance]


def _managed_ids(managed: QuerySet[StaffProfile]) -> QuerySet:
    return managed.order_by().values("user_id")


def _newcomers(managed: QuerySet[StaffProfile]) -> list[NewcomerOnboarding]:
    profiles = list(managed.filter(status=StaffProfile.Status.ONBOARDING))
    if not profiles:
        return []
    user_ids = [p.user_id for p in profiles]
    pairings = {
        p.mentee_id: p
        for p in Pairing.objects.filter(
            mentee_id__in=user_ids, status=Pairing.Status.ACTIVE
        ).select_related("mentor")
    }
    clearances = {
        c.mentee_id: c
        for c in SoloClearance.objects.filter(
            mentee_id__in=user_ids, status=SoloClearance.Status.REQUESTED
        )
    }
    matrix = _skills_matrix(profiles)
    readiness = _readiness_by_user(profiles, matrix)
    return [
        NewcomerOnboarding(
            profile=p,
            pairing=pairings.get(p.user_id),
            skills=matrix.get(p.user_id, []),
            readiness=readiness[p.user_id],
            clearance=clearances.get(p.user_id),
        )
        for p in profiles
    ]


def _pairings(managed: QuerySet[StaffProfile]) -> list[Pairing]:
    return list(
        Pairing.objects.filter(status=Pairing.Status.ACTIVE, mentee_id__in=_managed_ids(managed))
        .select_related("mentee", "mentor", "paired_by")
        .order_by("started_at", "pk")
    )


def _mentor_load(
    *, manager: AbstractBaseUser, managed: QuerySet[StaffProfile], everyone: bool
) -> list[MentorLoad]:
    mentors = MentorProfile.objects.filter(is_active=True, user__is_active=True)
    if not everyone:
        # Subqueries rather than joins, so that the load below is not multiplied.
        mentoring_yours = Pairing.objects.filter(
            status=Pairing.Status.ACTIVE, mentee_id__in=_managed_ids(managed)
        ).values("mentor_id")
        of_your_teams = MentorProfile.teams.through.objects.filter(team__managers=manager).values(
            "mentorprofile_id"
        )
        mentors = mentors.filter(Q(user_id__in=mentoring_yours) | Q(pk__in=of_your_teams))
    mentors = list(mentors.select_related("user").annotate(load=_active_load()))
    # The load is the mentor's whole load, as it is measured against their capacity; the
    # sign-offs waiting are those of the manager's own newcomers, the ones they answer for.
    pending = (
        _pending_signoffs_by_mentor(
            [m.user_id for m in mentors], mentees=None if everyone else _managed_ids(managed)
        )
        if mentors
        else {}
    )
    loads = [
        MentorLoad(profile=m, load=m.load, pending_signoffs=pending.get(m.user_id, 0))
        for m in mentors
    ]
    # The most loaded first: they are the ones a manager has to act on.
    return sorted(
        loads, key=lambda m: (-m.load / max(1, m.capacity), str(m.profile).lower(), m.profile.pk)
    )


def _clearances_waiting(managed: QuerySet[StaffProfile]) -> list[SoloClearance]:
    return list(
        SoloClearance.objects.filter(
            status=SoloClearance.Status.REQUESTED, mentee_id__in=_managed_ids(managed)
        )
        .select_related("mentee", "mentee__staff_profile", "requested_by")
        .order_by("requested_at", "pk")
    )


def newcomers_for_manager(*, manager: AbstractBaseUser) -> list[NewcomerOnboarding]:
    """The people ``manager`` manages who are still onboarding (in the staff list's order), each
    with their active pairing and mentor, skills, readiness for solo work and the clearance
    waiting for the manager. At most nine queries."""
    return _newcomers(staff_profiles_managed_by(user=manager))


def newcomers_onboarding_among(*, profiles: QuerySet[StaffProfile]) -> list[NewcomerOnboarding]:
    """Like ``newcomers_for_manager``, for any set of staff records (the reports app's weekly
    digest passes the people a manager manages themselves): those still onboarding, each with
    their active pairing, skills (``can_sign_off`` marks a sign-off waiting), readiness for solo
    work and the clearance waiting for a decision. At most eight queries."""
    return _newcomers(profiles)


def pairings_for_manager(*, manager: AbstractBaseUser) -> list[Pairing]:
    """The active pairings of the people ``manager`` manages, oldest first, with newcomer,
    mentor and who paired them loaded. Two queries."""
    return _pairings(staff_profiles_managed_by(user=manager))


def mentor_load_for_manager(*, manager: AbstractBaseUser) -> list[MentorLoad]:
    """The active mentors that concern ``manager`` (every active mentor for an administrator):
    those mentoring one of the manager's people and those who mentor a team the manager
    manages; each with their whole load against capacity and the sign-offs they could give now
    to the manager's people (to anyone, for those who see everyone). The most loaded (relative
    to capacity) first. At most seven queries."""
    everyone = user_sees_all_staff(user=manager)
    managed = staff_profiles_managed_by(user=manager)
    return _mentor_load(manager=manager, managed=managed, everyone=everyone)


def clearances_waiting_for_manager(*, manager: AbstractBaseUser) -> list[SoloClearance]:
    """Clearances for solo work that wait for ``manager``'s decision (those of the people they
    manage), oldest request first. Two queries."""
    return _clearances_waiting(staff_profiles_managed_by(user=manager))


def team_for_manager(*, manager: AbstractBaseUser) -> TeamOverview | None:
    """What the manager's mentoring page shows: their newcomers, active pairings, the mentors'
    load and the clearances waiting (see the selectors above), or None when ``manager`` manages
    nobody and is not an administrator. A fixed number of queries (about twenty)."""
    everyone = user_sees_all_staff(user=manager)
    managed = staff_profiles_managed_by(user=manager)
    if not everyone and not managed.exists():
        return None
    return TeamOverview(
        newcomers=_newcomers(managed),
        pairings=_pairings(managed),
        mentors=_mentor_load(manager=manager, managed=managed, everyone=everyone),
        clearances=_clearances_waiting(managed),
    )


def newcomer_for_manager(*, manager: AbstractBaseUser, mentee_id: int) -> StaffProfile | None:
    """The staff record of ``mentee_id`` if ``manager`` manages them, else None."""
    return staff_profiles_managed_by(user=manager).filter(user_id=mentee_id).first()


def pairing_for_manager(*, manager: AbstractBaseUser, pairing_id: int) -> Pairing | None:
    """The pairing ``pairing_id`` if ``manager`` manages its newcomer, else None."""
    managed = _managed_ids(staff_profiles_managed_by(user=manager))
    return (
        Pairing.objects.select_related("mentee", "mentor")
        .filter(pk=pairing_id, mentee_id__in=managed)
        .first()
    )


def clearance_for_manager(*, manager: AbstractBaseUser, clearance_id: int) -> SoloClearance | None:
    """The clearance ``clearance_id`` if ``manager`` manages its newcomer, else None."""
    managed = _managed_ids(staff_profiles_managed_by(user=manager))
    return (
        SoloClearance.objects.select_related("mentee", "requested_by")
        .filter(pk=clearance_id, mentee_id__in=managed)
        .first()
    )


def mentors_to_choose() -> QuerySet:
    """The people a newcomer may be paired with: active accounts whose mentor profile takes
    mentees (whether they have room is the pairing's question)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, mentor_profile__is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def clearances_of_mentee(*, mentee: AbstractBaseUser) -> list[SoloClearance]:
    """Every clearance for solo work asked for ``mentee`` (latest first), with who asked and who
    decided. One query."""
    return list(
        SoloClearance.objects.filter(mentee=mentee).select_related("requested_by", "decided_by")
    )


# --- Aggregates over a group of people (the reports' dashboard) --------------------------------
# Each takes ``mentee_ids`` (a ``values("user_id")`` queryset or a list): only those people's
# pairings, sessions, sign-offs and clearances count, whoever else a mentor has.


def solo_cleared_count(*, mentee_ids) -> int:
    """How many of ``mentee_ids`` are cleared for solo work: a confirmed clearance, or marked as
    working solo on their staff record (people who were solo before the product). One query."""
    return (
        StaffProfile.objects.filter(user_id__in=mentee_ids)
        .filter(
            Q(status=StaffProfile.Status.SOLO)
            | Q(
                user__solo_clearances__status=SoloClearance.Status.CONFIRMED,
            )
        )
        .values("pk")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class SoloDays:
    """One newcomer's time to solo: days from hire to the confirmed clearance."""

    mentee_id: int
    hire_date: datetime.date
    days: int


def days_to_solo_of(
    *,
    mentee_ids,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> list[SoloDays]:
    """The days to solo of the confirmed clearances of ``mentee_ids`` decided in [start, end),
    oldest hire first. One query."""
    clearances = SoloClearance.objects.filter(
        mentee_id__in=mentee_ids,
        status=SoloClearance.Status.CONFIRMED,
        days_to_solo__isnull=False,
        mentee__staff_profile__isnull=False,
    )
    if start is not None:
        clearances = clearances.filter(decided_at__gte=start)
    if end is not None:
        clearances = clearances.filter(decided_at__lt=end)
    rows = clearances.order_by("mentee__staff_profile__hire_date", "pk").values_list(
        "mentee_id", "mentee__staff_profile__hire_date", "days_to_solo"
    )
    return [SoloDays(mentee_id=m, hire_date=h, days=d) for m, h, d in rows]


@dataclass(frozen=True)
class MentorLoadOfPeople:
    """A mentor of some people: all their active mentees against their capacity, how many of
    those are among the people, and the sign-offs they could give those people now."""

    mentor_id: int
    name: str
    capacity: int
    load: int
    load_here: int
    pending_signoffs: int

    @property
    def over_capacity(self) -> bool:
        return self.load > self.capacity


def mentor_load_of_mentees(*, mentee_ids) -> list[MentorLoadOfPeople]:
    """The mentors with an active pairing with one of ``mentee_ids``, most loaded (against
    capacity) first. Sign-offs waiting count only ``mentee_ids`` (not a mentor's newcomers of
    other teams). Five queries whatever the number of people."""
    pairings = list(
        Pairing.objects.filter(status=Pairing.Status.ACTIVE, mentee_id__in=mentee_ids).values_list(
            "mentor_id", "mentee_id", "mentee__staff_profile__job_role_id"
        )
    )
    if not pairings:
        return []
    here: dict[int, int] = defaultdict(int)
    for mentor_id, _mentee_id, _job_role_id in pairings:
        here[mentor_id] += 1
    mentors = (
        get_user_model()
        .objects.filter(pk__in=here)
        .annotate(
            load=Count(
                "pairings_as_mentor", filter=Q(pairings_as_mentor__status=Pairing.Status.ACTIVE)
            ),
            capacity=Max("mentor_profile__capacity"),
        )
        .only("first_name", "last_name", "username")
    )
    pending = _signoffs_waiting_of_pairings(pairings)
    loads = [
        MentorLoadOfPeople(
            mentor_id=mentor.pk,
            name=mentor.get_full_name() or mentor.get_username(),
            # A mentor without a profile (paired by an import, say) has the default capacity.
            capacity=mentor.capacity or MentorProfile._meta.get_field("capacity").default,
            load=mentor.load,
            load_here=here[mentor.pk],
            pending_signoffs=pending[mentor.pk],
        )
        for mentor in mentors
    ]
    return sorted(loads, key=lambda m: (-m.load / max(1, m.capacity), m.name.lower(), m.mentor_id))


def sessions_per_week(
    *, mentee_ids, start: datetime.datetime, end: datetime.datetime | None = None
) -> dict[datetime.date, int]:
    """Supervised sessions of ``mentee_ids`` that occurred in [start, end), per week (the
    Monday the week starts on, in the current time zone; weeks without a session left out).
    One query, one count per week between local Monday midnights, so the database compares
    the indexed column with bounds instead of truncating every row's date (on SQLite a Python
    function per row); meant for a few weeks (the dashboard's eight)."""
    tz = timezone.get_current_timezone()

    def monday_of(moment: datetime.datetime) -> datetime.date:
        day = timezone.localtime(moment, tz).date()
        return day - datetime.timedelta(days=day.weekday())

    def midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)

    sessions = SupervisedSession.objects.filter(mentee_id__in=mentee_ids, occurred_at__gte=start)
    if end is not None:
        sessions = sessions.filter(occurred_at__lt=end)
    # Without an end, the last week is the current one (a session cannot be logged for later).
    last = monday_of(
        end - datetime.timedelta(microseconds=1) if end is not None else timezone.now()
    )
    mondays = []
    monday = monday_of(start)
    while monday <= last:
        mondays.append(monday)
        monday += datetime.timedelta(weeks=1)
    if not mondays:
        return {}
    counts = sessions.aggregate(
        **{
            f"week_{number}": Count(
                "pk",
                filter=Q(occurred_at__gte=midnight(monday))
                & (
                    Q(occurred_at__lt=midnight(monday + datetime.timedelta(weeks=1)))
                    if number < len(mondays) - 1 or end is not None
                    else Q()
                ),
            )
            for number, monday in enumerate(mondays)
        }
    )
    return {
        monday: counts[f"week_{number}"]
        for number, monday in enumerate(mondays)
        if counts[f"week_{number}"]
    }


def clearances_waiting_count(*, mentee_ids) -> int:
    """Clearances for solo work of ``mentee_ids`` waiting for a manager. One query."""
    return SoloClearance.objects.filter(
        mentee_id__in=mentee_ids, status=SoloClearance.Status.REQUESTED
    ).count()


def active_pairings_matching(**filters) -> QuerySet[Pairing]:
    """The active pairings of ``mentee`` and/or ``mentor`` (users, ids or expressions such as
    ``OuterRef``): what ``lms.people.signals.active_mentorships`` gives other apps."""
    return Pairing.objects.filter(status=Pairing.Status.ACTIVE, **filters)
