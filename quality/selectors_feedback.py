"""Reads of customer feedback: what it says against the scorecard criteria."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Q

from quality.models import Feedback, FeedbackCategoryCriterion

# Feedback that speaks against a person: complaints, CSAT 1–2, NPS detractors (0–6).
AGAINST = (
    Q(kind=Feedback.Kind.COMPLAINT)
    | Q(kind=Feedback.Kind.CSAT, score__lte=2)
    | Q(kind=Feedback.Kind.NPS, score__lte=6)
)


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
