"""Reads for the open-answer grading queue: which answers a mentor or manager may grade.

A person grades the open answers of the people they look after: the newcomers they mentor
(an active pairing) and the people they manage (the members of the teams they manage and
their direct reports, as the rest of the product scopes managers). Never their own."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from lms.people.models import StaffProfile
from lms.people.signals import active_mentorships
from quizzes.models import Attempt, AttemptQuestion
from quizzes.types import question_types


def _person_graded_codes() -> list[str]:
    return [t.code for t in question_types() if t.graded_by_person]


def _mentors(**filters) -> Q:
    """True where an active mentorship matches ``filters`` (as the mentoring app registers
    them, ``lms.people.signals.active_mentorships``); never true when none is registered."""
    condition = Q(pk__in=[])
    for mentorships in active_mentorships(**filters):
        condition |= Q(Exists(mentorships))
    return condition


def _looked_after_by(grader, *, nested=None) -> Q:
    """The condition on ``AttemptQuestion`` rows: the attempt's person is someone ``grader``
    mentors or manages, and not the grader. ``grader`` is a user, or an ``OuterRef`` to one
    as seen from the rows; ``nested`` is the same one as seen from a subquery of the rows."""
    nested = grader if nested is None else nested
    mentored = _mentors(mentee=OuterRef("attempt__user"), mentor=nested)
    managed = StaffProfile.objects.filter(user=OuterRef("attempt__user")).filter(
        Q(team__managers=nested) | Q(line_manager=nested)
    )
    return (mentored | Q(Exists(managed))) & ~Q(attempt__user=grader)


def open_answers_for_grader(*, grader: AbstractBaseUser) -> QuerySet[AttemptQuestion]:
    """Every open answer of a submitted attempt ``grader`` may grade, waiting or graded."""
    return AttemptQuestion.objects.filter(
        _looked_after_by(grader),
        attempt__status="submitted",
        snapshot__type__in=_person_graded_codes(),
        response__isnull=False,
    )


def open_answers_waiting(*, grader: AbstractBaseUser) -> QuerySet[AttemptQuestion]:
    """The open answers waiting for ``grader``, oldest submission first, with the attempt,
    its person and quiz loaded: one query however long the queue."""
    return (
        open_answers_for_grader(grader=grader)
        .filter(awaiting_grading=True)
        .select_related("attempt__user", "attempt__quiz")
        .order_by(F("attempt__submitted_at").asc(), "attempt_id", "position")
    )


def open_answer_for_grader(*, grader: AbstractBaseUser, answer_id: int) -> AttemptQuestion:
    """The open answer ``answer_id`` if ``grader`` may grade it (waiting or graded), with the
    attempt, person, quiz and grader loaded; ``Http404`` otherwise, so the queue tells nobody
    else that it exists."""
    try:
        return (
            open_answers_for_grader(grader=grader)
            .select_related("attempt__user", "attempt__quiz", "question", "graded_by")
            .get(pk=answer_id)
        )
    except AttemptQuestion.DoesNotExist:
        raise Http404 from None


def grader_is(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` looks after anyone whose open answers they would grade."""
    return user.is_authenticated and bool(
        any(mentorships.exists() for mentorships in active_mentorships(mentor=user))
        or StaffProfile.objects.filter(Q(team__managers=user) | Q(line_manager=user))
        .exclude(user=user)
        .exists()
    )


def _waiting_for_user_row() -> QuerySet[AttemptQuestion]:
    """The answers waiting for the person of the outer ``User`` row (a subquery)."""
    return AttemptQuestion.objects.filter(
        _looked_after_by(OuterRef("pk"), nested=OuterRef(OuterRef("pk"))),
        awaiting_grading=True,
    )


def graders_of_attempt(*, attempt: Attempt) -> QuerySet:
    """The active people whose queue lists an answer of ``attempt`` waiting for a grade (its
    learner's mentor and managers, by the queue's own rule), by id; none once nothing of it
    waits. One query."""
    waiting = _waiting_for_user_row().filter(attempt_id=attempt.pk)
    return get_user_model().objects.filter(Exists(waiting), is_active=True).order_by("pk")


def waiting_exists_expression() -> Exists:
    """Whether any open answer waits for the user row's person: the navigation's ``shown``
    (the link appears when there is something to grade, like a to-do)."""
    return Exists(_waiting_for_user_row())


def waiting_count_expression() -> Coalesce:
    """How many open answers wait for the user row's person: the navigation's badge."""
    waiting = (
        _waiting_for_user_row()
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return Coalesce(Subquery(waiting, output_field=IntegerField()), 0)
