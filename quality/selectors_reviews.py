"""Reads for the evaluation screens: the employee's own evaluations, the evaluations an
evaluator or manager may see, and the disputes waiting for them."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from lms.people.selectors import staff_profiles_managed_by, user_is_administrator
from mentoring.models import MentorProfile, Pairing
from quality.models import Evaluation, EvaluationEvent, ExemplaryMark
from quality.services.scoring import user_may_evaluate_anyone


def _with_state(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """``state``: the kind of each evaluation's latest event (None when nothing happened);
    ``exemplary``: whether it is marked as exemplary."""
    latest = EvaluationEvent.objects.filter(evaluation=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    return evaluations.select_related(
        "person", "evaluator", "scorecard_version__scorecard"
    ).annotate(
        state=Subquery(latest.values("kind")[:1]),
        exemplary=Exists(ExemplaryMark.objects.filter(evaluation=OuterRef("pk"))),
    )


def evaluations_for_person(*, person: AbstractBaseUser) -> QuerySet[Evaluation]:
    """The person's own evaluations, newest contact first, each with its ``state``."""
    return _with_state(Evaluation.objects.filter(person=person))


def evaluations_visible_to(*, user: AbstractBaseUser) -> QuerySet[Evaluation]:
    """The evaluations ``user`` may see in the evaluators' list: everyone's for QA evaluators
    and administrators; for anyone else those they made and those of the people they manage
    (``staff_profiles_managed_by``). Never their own (that is their own space)."""
    evaluations = Evaluation.objects.exclude(person=user)
    if not (user_is_administrator(user=user) or user_may_evaluate_anyone(user=user)):
        managed = staff_profiles_managed_by(user=user).values("user_id")
        evaluations = evaluations.filter(Q(person__in=managed) | Q(evaluator=user))
    return _with_state(evaluations)


def disputes_waiting_for(*, user: AbstractBaseUser) -> QuerySet[Evaluation]:
    """The disputed evaluations ``user`` may resolve: visible to them, disputed and not yet
    resolved, not evaluated by ``user`` themselves; oldest contact first."""
    return (
        evaluations_visible_to(user=user)
        .filter(state=EvaluationEvent.Kind.DISPUTED)
        .exclude(evaluator=user)
        .order_by("contact_date", "pk")
    )


def mentees_active(*, mentor: AbstractBaseUser) -> QuerySet[Pairing]:
    """The active pairings in which ``mentor`` mentors (their current mentees)."""
    return Pairing.objects.filter(mentor=mentor, status=Pairing.Status.ACTIVE)


def user_mentors(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` mentors anyone now or is an active mentor waiting for mentees: who may
    open the list of their mentees' evaluations."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        mentees_active(mentor=user).exists()
        or MentorProfile.objects.filter(user=user, is_active=True).exists()
    )


def evaluations_for_mentor(*, mentor: AbstractBaseUser) -> QuerySet[Evaluation]:
    """The evaluations of ``mentor``'s active mentees (an ended pairing ends the reading),
    newest contact first, each with its ``state``. The mentor reads them only."""
    mentees = mentees_active(mentor=mentor).values("mentee_id")
    return _with_state(Evaluation.objects.filter(person__in=mentees))
