"""One employee's whole record on one page: profile, plan, attempts, mentoring, solo clearance,
refreshers, spaced review and quality evaluations with their trend by month.

Who may read it (``person_record`` answers None to anyone else, and the page and the API turn
that into 404, so nobody learns whether a person exists): the person themselves, their mentor
(an active pairing), and everyone whose scope includes them (``reports.selectors.scope``: their
managers, HR and administrators). People who have left stay readable by the same people: the
record is history.

The newcomer's reflection on a session is written to their mentor: only the person and their
active mentor read it here; managers, HR and administrators read the mentor's notes.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Assignment
from courses.selectors import (
    Certification,
    assignments_of_person,
    certifications_for_person,
    gate_quizzes_by_course,
)
from lms.people.models import StaffProfile
from mentoring.models import SignOff, SoloClearance, SupervisedSession
from mentoring.selectors import (
    MenteePractice,
    active_mentors_by_mentee,
    clearances_of_mentee,
    practice_for_mentee,
)
from quality.models import Evaluation
from quality.selectors_reviews import evaluations_for_person
from quality.selectors_trends import MONTH, Trend, trend_read, trend_subject_of_person
from quizzes.models import Attempt
from quizzes.review_selectors import ReviewSummary, review_summary_for_person
from quizzes.selectors import attempts_of_person
from reports.models import Certificate
from reports.selectors.certificates import certificates_of_person
from reports.selectors.scope import staff_in_scope

# An open assignment past its due time, whether or not the periodic job has stored it so.
STATE_OVERDUE = Assignment.Status.OVERDUE
REFRESHER_SOURCES = (Assignment.Source.REFRESHER, Assignment.Source.CONTENT_CHANGE)

KIND_LABELS = {
    "course": _("Course"),
    "quiz": _("Quiz"),
    "content_change": _("What changed"),
}


@dataclass(frozen=True)
class AssignmentEntry:
    """One assignment as the record shows it."""

    assignment: Assignment
    # The stored status, or "overdue" for an open one past its due time.
    state: str
    # The best percentage since it was assigned: at the quiz, or for a course the mean of the
    # best at each quiz that ends one of its lessons (those attempted); None without any.
    best_score: Decimal | None

    @property
    def title(self) -> str:
        return str(self.assignment.display_title)

    @property
    def kind(self) -> str:
        return self.assignment.kind

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def state_label(self) -> str:
        return str(Assignment.Status(self.state).label)

    @property
    def is_overdue(self) -> bool:
        return self.state == STATE_OVERDUE

    @property
    def is_done(self) -> bool:
        return self.state == Assignment.Status.COMPLETED


@dataclass(frozen=True)
class SessionEntry:
    """A supervised session; ``reflection_shown`` says whether the reader may read the
    newcomer's reflection."""

    session: SupervisedSession
    reflection_shown: bool

    @property
    def ratings(self) -> list:
        return sorted(self.session.ratings.all(), key=lambda r: (r.skill.sort_order, r.pk))

    @property
    def reflection(self) -> str | None:
        return self.session.mentee_reflection if self.reflection_shown else None


@dataclass(frozen=True)
class PersonRecord:
    profile: StaffProfile
    mentor: AbstractBaseUser | None
    # How the reader stands to the person: "self", "mentor" or "manager" (managers, HR and
    # administrators alike).
    relation: str
    assignments: list[AssignmentEntry]
    attempts: list[Attempt]
    practice: MenteePractice
    sessions: list[SessionEntry]
    clearances: list[SoloClearance]
    refresher_policies: list[Certification]
    review: ReviewSummary
    certificates: list[Certificate]
    at: datetime.datetime
    # Quality control: the person's evaluations, newest contact first, each with its ``state``
    # (the latest event's kind, None while new), and their overall score by month.
    evaluations: list[Evaluation] = field(default_factory=list)
    quality_trend: Trend | None = None

    @property
    def may_download_certificates(self) -> bool:
        """The PDFs are the holder's and their managers' (HR and administrators among them); a
        mentor sees which certificates there are and may verify them."""
        return self.relation in ("self", "manager")

    @property
    def person(self) -> AbstractBaseUser:
        return self.profile.user

    @property
    def sign_offs(self) -> list[SignOff]:
        return self.practice.sign_offs

    @property
    def refreshers(self) -> list[AssignmentEntry]:
        """The assignments a refresher policy or a content change made."""
        return [e for e in self.assignments if e.assignment.source in REFRESHER_SOURCES]

    @property
    def open_assignments(self) -> int:
        return sum(1 for e in self.assignments if not e.is_done)

    @property
    def overdue_assignments(self) -> int:
        return sum(1 for e in self.assignments if e.is_overdue)


def _state(assignment: Assignment) -> str:
    return STATE_OVERDUE if assignment.is_overdue else assignment.status


def _best_scores(
    assignments: list[Assignment], attempts: list[Attempt]
) -> dict[int, Decimal | None]:
    """The best score of each assignment (see ``AssignmentEntry.best_score``), by its id."""
    courses = list({a.course_id: a.course for a in assignments if a.course_id}.values())
    gates = gate_quizzes_by_course(courses=courses)
    submitted = [a for a in attempts if a.is_submitted and a.percent is not None]

    def best(quiz_id: int, since: datetime.datetime) -> Decimal | None:
        scores = [a.percent for a in submitted if a.quiz_id == quiz_id and a.submitted_at >= since]
        return max(scores, default=None)

    result: dict[int, Decimal | None] = {}
    for assignment in assignments:
        if assignment.quiz_id is not None:
            result[assignment.pk] = best(assignment.quiz_id, assignment.assigned_at)
        elif assignment.course_id is not None:
            bests = [
                score
                for quiz_id in sorted(gates.get(assignment.course_id, ()))
                if (score := best(quiz_id, assignment.assigned_at)) is not None
            ]
            result[assignment.pk] = (
                (sum(bests) / len(bests)).quantize(Decimal("0.01")) if bests else None
            )
        else:
            result[assignment.pk] = None
    return result


def _relation(*, viewer: AbstractBaseUser, profile: StaffProfile, mentor_id: int | None) -> str:
    """How ``viewer`` may read ``profile``'s record, or "" when they may not."""
    if not viewer.is_authenticated or not viewer.is_active:
        return ""
    if viewer.pk == profile.user_id:
        return "self"
    if mentor_id is not None and viewer.pk == mentor_id:
        return "mentor"
    if staff_in_scope(user=viewer).filter(pk=profile.pk).exists():
        return "manager"
    return ""


def person_record(*, viewer: AbstractBaseUser, person_id: int) -> PersonRecord | None:
    """Everything about the employee whose user id is ``person_id``, for ``viewer``; None when
    there is no such employee (a user without a staff profile included) or ``viewer`` may not
    read their record (see the module docstring). Correct answers never appear in it: attempts
    carry their scores only, review cards their memory state only.

    A fixed number of queries (about thirty) whatever the number of assignments, attempts,
    sessions, sign-offs or review cards."""
    profile = (
        StaffProfile.objects.select_related("user", "team", "job_role", "line_manager")
        .filter(user_id=person_id)
        .first()
    )
    if profile is None:
        return None
    mentor_id = active_mentors_by_mentee([profile.user_id]).get(profile.user_id)
    relation = _relation(viewer=viewer, profile=profile, mentor_id=mentor_id)
    if not relation:
        return None
    person = profile.user
    now = timezone.now()
    assignments = assignments_of_person(user=person)
    attempts = attempts_of_person(user=person)
    best_scores = _best_scores(assignments, attempts)
    practice = practice_for_mentee(mentee=person)
    reflection_shown = relation in ("self", "mentor")
    return PersonRecord(
        profile=profile,
        mentor=practice.mentor,
        relation=relation,
        assignments=[
            AssignmentEntry(assignment=a, state=_state(a), best_score=best_scores[a.pk])
            for a in assignments
        ],
        attempts=attempts,
        practice=practice,
        sessions=[
            SessionEntry(session=s, reflection_shown=reflection_shown) for s in practice.sessions
        ],
        clearances=clearances_of_mentee(mentee=person),
        # A leaver is reached by no policy: their refreshers stay in ``refreshers`` above.
        refresher_policies=certifications_for_person(user=person, at=now),
        review=review_summary_for_person(user=person, now=now),
        certificates=list(certificates_of_person(person_id=person.pk)),
        at=now,
        evaluations=list(evaluations_for_person(person=person)),
        quality_trend=trend_read(subject=trend_subject_of_person(person=person), by=MONTH),
    )
