"""Reads of customer feedback: the list its readers may see, and what it says against the
scorecard criteria."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Q, QuerySet

from lms.people.selectors import staff_profiles_managed_by
from quality.models import Feedback, FeedbackCategoryCriterion
from quality.services.scoring import user_may_evaluate_anyone

# Feedback that speaks against a person: complaints, CSAT 1–2, NPS detractors (0–6).
AGAINST = (
    Q(kind=Feedback.Kind.COMPLAINT)
    | Q(kind=Feedback.Kind.CSAT, score__lte=2)
    | Q(kind=Feedback.Kind.NPS, score__lte=6)
)


def feedback_visible_to(
    *, user: AbstractBaseUser, kind: str = "", severity: str = ""
) -> QuerySet[Feedback]:
    """The feedback ``user`` may read, newest contact first, with person and category loaded:
    everyone's for QA evaluators and administrators, else that of the people they manage
    (``staff_profiles_managed_by``; HR: everyone). ``kind`` and ``severity`` narrow it when
    given (unknown values match nothing)."""
    feedback = Feedback.objects.select_related("person", "category")
    if not user_may_evaluate_anyone(user=user):
        feedback = feedback.filter(
            person__in=staff_profiles_managed_by(user=user).values("user_id")
        )
    if kind:
        feedback = feedback.filter(kind=kind)
    if severity:
        feedback = feedback.filter(severity=severity)
    return feedback.order_by("-date", "-created_at", "-pk")


def feedback_against(*, person: AbstractBaseUser, since: datetime.date | None = None):
    """``person``'s feedback that speaks against them (``AGAINST``), contacts from ``since``
    on (every date when None)."""
    feedback = Feedback.objects.filter(AGAINST, person=person)
    if since is not None:
        feedback = feedback.filter(date__gte=since)
    return feedback


def feedback_against_criteria(
    *, person: AbstractBaseUser, since: datetime.date | None = None
) -> dict[str, int]:
    """How many pieces of feedback against ``person`` (complaints, CSAT 1–2, NPS 0–6; contacts
    from ``since`` on) fall on each criterion code, through their categories' mapping. A piece
    counts once per code even when its category maps that code in several scorecards; feedback
    without a category counts nowhere. One query."""
    rows = (
        FeedbackCategoryCriterion.objects.filter(
            category__feedback__in=feedback_against(person=person, since=since)
        )
        .values("criterion_code")
        .annotate(count=Count("category__feedback", distinct=True))
        .order_by("criterion_code")
    )
    return {row["criterion_code"]: row["count"] for row in rows}
