"""Reads for calibration sessions: the sessions a reader may see, one session for its reader,
and the figures of a closed session.

The figures (``calibration_figures``):

- per criterion, the **agreement**: the share of the evaluators who gave the most common answer
  (its mode; N/A counts as an answer), and the **spread**: the highest minus the lowest score of
  the criterion among those who did not answer N/A, in percentage points (yes = 100, no = 0,
  points = points / max × 100);
- per evaluator, the **deviation**: their overall score minus the mean of everyone's, in
  percentage points; at or below ``-DEVIATION_THRESHOLD`` they score harder than the group, at
  or above it softer; and how many criteria they answered apart from the mode.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from lms.people import roles
from lms.people.selectors import staff_profiles_managed_by
from quality.models import CalibrationSession, Evaluation
from quality.services.scoring import NA, criterion_fraction, user_may_evaluate_anyone

DEVIATION_THRESHOLD = Decimal("5")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")

HARDER = "harder"
SOFTER = "softer"
IN_LINE = "in_line"


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def calibrations_visible_to(*, user: AbstractBaseUser) -> QuerySet[CalibrationSession]:
    """The sessions ``user`` may see, newest first: every session for QA evaluators and
    administrators; for anyone else those they created, those they are invited to, and those on
    the people they manage. Each with ``invited`` and ``scored`` (counts) and ``scored_by_me``
    (a bool), and its person, creator and scorecard loaded."""
    sessions = CalibrationSession.objects.all()
    if not user_may_evaluate_anyone(user=user):
        invited = CalibrationSession.evaluators.through.objects.filter(
            calibrationsession=OuterRef("pk"), user=user
        )
        managed = staff_profiles_managed_by(user=user).values("user_id")
        sessions = sessions.filter(Q(created_by=user) | Exists(invited) | Q(person__in=managed))
    scorings = Evaluation.all_objects.filter(calibration=OuterRef("pk"))
    invited_count = (
        CalibrationSession.evaluators.through.objects.filter(calibrationsession=OuterRef("pk"))
        .values("calibrationsession")
        .annotate(n=Count("pk"))
        .values("n")
    )
    scored_count = scorings.values("calibration").annotate(n=Count("pk")).values("n")
    return sessions.select_related("person", "created_by", "scorecard_version__scorecard").annotate(
        invited=Coalesce(Subquery(invited_count), 0),
        scored=Coalesce(Subquery(scored_count), 0),
        scored_by_me=Exists(scorings.filter(evaluator=user)),
    )


def calibration_for_reader(*, user: AbstractBaseUser, session_id: int) -> CalibrationSession:
    """The session when ``user`` may see it (``calibrations_visible_to``); ``Http404``
    otherwise, so nobody learns it exists."""
    if not user.is_authenticated:
        raise Http404
    session = calibrations_visible_to(user=user).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def calibration_scorings(*, session: CalibrationSession) -> list[Evaluation]:
    """The session's scorings with their evaluators and answers, in the order they came."""
    return list(
        Evaluation.all_objects.filter(calibration=session)
        .select_related("evaluator")
        .prefetch_related("answers")
        .order_by("created_at", "pk")
    )


@dataclass
class CriterionFigures:
    criterion: dict
    # Each scoring's answer ("yes", "no", "na" or the points as text), in the scorings' order.
    answers: list[str | None]
    modes: list[str]
    agreement: Decimal | None
    spread: Decimal | None


@dataclass
class EvaluatorFigures:
    evaluation: Evaluation
    score: Decimal | None
    deviation: Decimal | None
    verdict: str | None
    apart_from_mode: int


@dataclass
class CalibrationFigures:
    criteria: list[CriterionFigures] = field(default_factory=list)
    evaluators: list[EvaluatorFigures] = field(default_factory=list)
    mean_score: Decimal | None = None
    # The mean of the criteria's agreement.
    agreement: Decimal | None = None


def _answer_text(answer) -> str:
    return str(answer.points) if answer.value == "points" else answer.value


def calibration_figures(*, criteria: list[dict], scorings: list[Evaluation]) -> CalibrationFigures:
    """The figures of ``scorings`` (each with its answers loaded) over the version's
    ``criteria`` (its snapshot's list); see the module's docstring. No queries beyond reading
    the prefetched answers."""
    given = [{a.criterion_id: _answer_text(a) for a in e.answers.all()} for e in scorings]
    figures = CalibrationFigures()
    modes_by_criterion: dict[int, list[str]] = {}
    for criterion in criteria:
        answers = [g.get(criterion["id"]) for g in given]
        counts = Counter(a for a in answers if a is not None)
        answered = sum(counts.values())
        top = max(counts.values(), default=0)
        modes = [value for value, n in counts.items() if n == top] if answered else []
        modes_by_criterion[criterion["id"]] = modes
        scores = [
            criterion_fraction(criterion, a if a in ("yes", "no", NA) else int(a)) * HUNDRED
            for a in answers
            if a is not None and a != NA
        ]
        figures.criteria.append(
            CriterionFigures(
                criterion=criterion,
                answers=answers,
                modes=modes,
                agreement=_round(Decimal(top) / answered * HUNDRED) if answered else None,
                spread=_round(max(scores) - min(scores)) if scores else None,
            )
        )
    scored = [e.score for e in scorings if e.score is not None]
    if scored:
        figures.mean_score = _round(sum(scored) / len(scored))
    agreements = [c.agreement for c in figures.criteria if c.agreement is not None]
    if agreements:
        figures.agreement = _round(sum(agreements) / len(agreements))
    for evaluation, answers in zip(scorings, given, strict=True):
        deviation = verdict = None
        if evaluation.score is not None and figures.mean_score is not None:
            deviation = _round(evaluation.score - sum(scored) / len(scored))
            if deviation <= -DEVIATION_THRESHOLD:
                verdict = HARDER
            elif deviation >= DEVIATION_THRESHOLD:
                verdict = SOFTER
            else:
                verdict = IN_LINE
        apart = sum(
            1
            for criterion_id, modes in modes_by_criterion.items()
            if criterion_id in answers and answers[criterion_id] not in modes
        )
        figures.evaluators.append(
            EvaluatorFigures(
                evaluation=evaluation,
                score=evaluation.score,
                deviation=deviation,
                verdict=verdict,
                apart_from_mode=apart,
            )
        )
    return figures


def calibration_evaluator_candidates() -> QuerySet:
    """The active users who may be invited to calibrate (they evaluate someone): QA evaluators,
    managers, HR, administrators, and whoever manages a team or has direct reports, by name.
    Whether each may evaluate the person in question is checked when the session is created."""
    names = [roles.QA_EVALUATORS, roles.MANAGERS, roles.HR, roles.ADMINISTRATORS]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__name__in=names)
            | Q(is_superuser=True)
            | Q(managed_teams__isnull=False)
            | Q(direct_reports__isnull=False)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
