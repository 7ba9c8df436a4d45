"""Reads for quality control: scorecards to evaluate with, and evaluations as their readers may
see them."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from lms.people import roles
from lms.people.selectors import (
    staff_profiles_managed_by,
    user_has_role,
    user_is_administrator,
)
from mentoring.selectors import active_mentors_by_mentee
from quality.models import Criterion, Evaluation, Scorecard, ScorecardVersion
from quality.services.scoring import user_may_evaluate_anyone


def user_evaluates(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` evaluates anyone's contacts at all: QA evaluators, administrators, the
    Managers and HR roles, and whoever manages a team or has direct reports."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user_may_evaluate_anyone(user=user):
        return True
    if any(user_has_role(user=user, role=role) for role in (roles.MANAGERS, roles.HR)):
        return True
    return staff_profiles_managed_by(user=user).exists()


def scorecards_active() -> QuerySet[Scorecard]:
    """Active scorecards by title, with their criteria in order and the number and snapshot of
    their latest version (``latest_number``, ``latest_snapshot``; None before the first)."""
    latest = ScorecardVersion.objects.filter(scorecard=OuterRef("pk")).order_by("-number")
    return (
        Scorecard.objects.filter(is_active=True)
        .annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_snapshot=Subquery(latest.values("snapshot")[:1]),
        )
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("sort_order", "pk"))
        )
        .order_by("title", "pk")
    )


def evaluation_for_reader(*, user: AbstractBaseUser, evaluation_id: int) -> Evaluation:
    """The evaluation when ``user`` may read it — its evaluator, the person evaluated, their
    managers (``staff_profiles_managed_by``), QA evaluators and administrators — with its
    version and answers loaded; ``Http404`` otherwise, so nobody learns it exists."""
    evaluation = (
        Evaluation.objects.select_related("person", "evaluator", "scorecard_version__scorecard")
        .prefetch_related("answers", "events__actor")
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None or not user.is_authenticated:
        raise Http404
    if user.pk == evaluation.evaluator_id:
        return evaluation
    if user_reads_quality_of(user=user, person_id=evaluation.person_id):
        return evaluation
    raise Http404


def user_reads_quality_of(*, user: AbstractBaseUser, person_id: int) -> bool:
    """Whether ``user`` may read the evaluations and quality trend of the person whose user id
    is ``person_id``: the person, administrators and QA evaluators (anyone's), their managers
    (``staff_profiles_managed_by``: their teams and direct reports; HR everyone) and their
    active mentor."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk == person_id:
        return True
    if user_is_administrator(user=user) or user_may_evaluate_anyone(user=user):
        return True
    if staff_profiles_managed_by(user=user).filter(user_id=person_id).exists():
        return True
    return active_mentors_by_mentee([person_id]).get(person_id) == user.pk
