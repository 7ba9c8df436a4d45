"""What a manager's weekly digest says: reads only (``reports.services.digest`` sends it).

Whom it covers: the people the manager manages themselves, the members of the teams they
manage and their direct reports (``staff_profiles_managed_directly``), leavers left out. HR
and administrators see everyone in reports, but their digest covers only the teams and people
they manage themselves: a weekly email about the whole company would be read by nobody.

What it says, each list starting from those people:
- overdue: open assignments past their due time;
- finished: assignments completed in the seven days before the digest;
- ready for solo work: newcomers with every required skill signed off and every required
  course done, for whom no clearance has been asked yet;
- sign-offs waiting: skills with enough evidence that no mentor has signed off yet;
- clearances waiting: clearances for solo work that wait for a manager's decision;
- the questions the team did worst on in quiz attempts of those seven days (labels only,
  never an answer).
"""

import datetime
from dataclasses import asdict, dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from courses.selectors import assignments_completed_of, assignments_overdue_of
from lms.people.models import StaffProfile, person_name
from lms.people.selectors import staff_profiles_managed_directly
from mentoring.selectors import newcomers_onboarding_among
from quizzes.statistics import questions_failed_most_by

# The digest looks back this far for what was finished and which questions were failed.
WINDOW = datetime.timedelta(days=7)
# Each list names at most this many rows; the email says how many more there are.
LIST_LIMIT = 15
QUESTIONS_LIMIT = 3
# A question asked fewer times than this in the week says too little to be named.
QUESTIONS_MIN_ASKED = 3


def digest_week(*, now: datetime.datetime) -> datetime.date:
    """The Monday (in the company's time zone) of the week ``now`` falls in: a digest's key."""
    today = timezone.localdate(now)
    return today - datetime.timedelta(days=today.weekday())


def _current_staff(ref) -> QuerySet[StaffProfile]:
    return (
        StaffProfile.objects.exclude(status=StaffProfile.Status.LEFT)
        .exclude(user__is_superuser=True)
        .exclude(user=ref)
    )


def digest_managers() -> QuerySet:
    """The people who get a weekly digest: active accounts with an email address that manage
    a team with current staff in it or have current direct reports (whatever their role).
    One query."""
    ref = OuterRef("pk")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(Exists(_current_staff(ref).filter(team__managers=ref)))
            | Q(Exists(_current_staff(ref).filter(line_manager=ref)))
        )
        .order_by("pk")
    )


def digest_staff(*, manager: AbstractBaseUser) -> QuerySet[StaffProfile]:
    """The staff records a manager's digest covers (see the module docstring)."""
    return staff_profiles_managed_directly(user=manager).exclude(status=StaffProfile.Status.LEFT)


@dataclass
class DigestSection:
    """One list of the digest: its first ``LIST_LIMIT`` rows and how many there are in all."""

    rows: list[dict] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _section(rows: list[dict]) -> DigestSection:
    return DigestSection(rows=rows[:LIST_LIMIT], total=len(rows))


@dataclass
class DigestContent:
    """Everything a manager's digest of one week says, as JSON-ready data (person ids, names,
    titles, ISO dates), so that it can be stored and sent again word for word."""

    overdue: DigestSection = field(default_factory=DigestSection)
    finished: DigestSection = field(default_factory=DigestSection)
    ready: DigestSection = field(default_factory=DigestSection)
    signoffs: DigestSection = field(default_factory=DigestSection)
    clearances: DigestSection = field(default_factory=DigestSection)
    questions: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing to say: no digest is sent."""
        sections = (self.overdue, self.finished, self.ready, self.signoffs, self.clearances)
        return not self.questions and not any(s.total for s in sections)

    @property
    def waiting(self) -> int:
        """Decisions waiting for someone: sign-offs and clearances."""
        return self.signoffs.total + self.clearances.total

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "DigestContent":
        sections = {
            key: DigestSection(**data.get(key, {}))
            for key in ("overdue", "finished", "ready", "signoffs", "clearances")
        }
        return cls(**sections, questions=data.get("questions", []))


def _person(user, profile=None) -> dict:
    team = profile.team.name if profile is not None and profile.team_id else ""
    return {"person_id": user.pk, "person": person_name(user), "team": team}


def _local_date(moment: datetime.datetime | None) -> str:
    return timezone.localdate(moment).isoformat() if moment is not None else ""


def digest_content_for(
    *, manager: AbstractBaseUser, now: datetime.datetime | None = None
) -> DigestContent:
    """What ``manager``'s digest says at ``now`` (see the module docstring). A fixed number of
    queries (about fifteen), whatever the number of people."""
    now = now or timezone.now()
    since = now - WINDOW
    staff = digest_staff(manager=manager)
    profiles = {p.user_id: p for p in staff}
    if not profiles:
        return DigestContent()
    user_ids = list(profiles)

    overdue = [
        {
            **_person(a.user, profiles.get(a.user_id)),
            "title": str(a.display_title),
            "due": _local_date(a.due_at),
        }
        for a in assignments_overdue_of(user_ids=user_ids, now=now)
    ]
    finished = [
        {
            **_person(a.user, profiles.get(a.user_id)),
            "title": str(a.display_title),
            "completed": _local_date(a.completed_at),
        }
        for a in assignments_completed_of(user_ids=user_ids, since=since, until=now)
    ]
    ready, signoffs, clearances = [], [], []
    for newcomer in newcomers_onboarding_among(profiles=staff):
        person = _person(newcomer.mentee, newcomer.profile)
        mentor = person_name(newcomer.mentor) if newcomer.mentor is not None else ""
        if newcomer.clearance is not None:
            clearances.append({**person, "requested": _local_date(newcomer.clearance.requested_at)})
        elif newcomer.readiness.ready:
            ready.append({**person, "mentor": mentor})
        for skill in newcomer.skills:
            if skill.can_sign_off:
                signoffs.append({**person, "skill": skill.skill.title, "mentor": mentor})
    questions = [
        {"label": q.label, "asked": q.asked, "facility": round(q.facility)}
        for q in questions_failed_most_by(
            user_ids=user_ids,
            since=since,
            limit=QUESTIONS_LIMIT,
            min_asked=QUESTIONS_MIN_ASKED,
        )
    ]
    return DigestContent(
        overdue=_section(overdue),
        finished=_section(finished),
        ready=_section(ready),
        signoffs=_section(signoffs),
        clearances=_section(clearances),
        questions=questions,
    )
