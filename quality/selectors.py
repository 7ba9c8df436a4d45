"""Reads for quality control: scorecards to evaluate with, and evaluations as their readers may
see them."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
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


def people_to_evaluate(*, user: AbstractBaseUser) -> QuerySet:
    """The active users ``user`` may evaluate, by name: every staff member but themselves for
    QA evaluators and administrators; for managers and HR, the people they manage. The same
    rule as ``quality.services.scoring.user_may_evaluate``, as a queryset."""
    users = get_user_model().objects.filter(is_active=True).exclude(pk=user.pk)
    if user_may_evaluate_anyone(user=user):
        users = users.filter(staff_profile__isnull=False)
    else:
        users = users.filter(pk__in=staff_profiles_managed_by(user=user).values("user_id"))
    return users.select_related("staff_profile__team").order_by(
        "last_name", "first_name", "username"
    )


SEARCH_FIELDS = ("first_name", "last_name", "username", "email", "staff_profile__employee_id")


def _spellings(term: str) -> set[str]:
    # SQLite folds the case of ASCII letters only, so a Cyrillic name typed in lower case would
    # miss "Морозова": the usual spellings of a name are tried as well.
    return {term, term.lower(), term.capitalize(), term.upper()}


def people_search(*, people: QuerySet, query: str) -> QuerySet:
    """``people`` (a queryset of users) whose name, login, email or employee ID contains every
    word of ``query`` (any case); ``people`` unchanged for an empty query."""
    for term in re.split(r"\s+", query.strip()):
        if not term:
            continue
        condition = Q()
        for spelling in _spellings(term):
            for name in SEARCH_FIELDS:
                condition |= Q(**{f"{name}__icontains": spelling})
        people = people.filter(condition)
    return people


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
