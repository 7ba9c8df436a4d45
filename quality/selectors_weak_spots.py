"""Reads for the weak spots (``quality.services.weak_spots``): who may see whose, and each weak
spot's criterion before and after its training, so a manager sees whether the training worked.

*Before* is the criterion's mean result in the evaluations that made it weak (the evidence);
*after* is its mean result in the first ``weak_of_last`` evaluations of contacts after the
training was done (its ``closed_on``), none while the training is open. Results are 0–100 as in
the rule: yes = 100, no = 0, points / N; "not applicable" and superseded evaluations left out.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from courses.models import Assignment
from lms.people.selectors import staff_profiles_managed_by
from mentoring.models import Pairing
from quality.models import (
    Evaluation,
    EvaluationAnswer,
    EvaluationEvent,
    ScorecardVersion,
    WeakSpot,
)
from quality.services.scoring import criterion_fraction, user_may_evaluate_anyone

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def weak_spot_reader_scope(*, user: AbstractBaseUser) -> set[int] | None:
    """Whose weak spots ``user`` may see: None for everyone (QA evaluators and
    administrators), else the people they manage (``staff_profiles_managed_by``: their teams
    and direct reports; HR everyone) and their active mentees. Raises ``PermissionDenied`` for
    anyone who manages and mentors nobody."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user_may_evaluate_anyone(user=user):
        return None
    people = set(staff_profiles_managed_by(user=user).values_list("user_id", flat=True))
    people |= set(
        Pairing.objects.filter(mentor=user, status=Pairing.Status.ACTIVE).values_list(
            "mentee_id", flat=True
        )
    )
    people.discard(user.pk)
    if not people:
        raise PermissionDenied
    return people


def _loaded(spots: QuerySet[WeakSpot]) -> QuerySet[WeakSpot]:
    return spots.select_related("person", "scorecard").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("course")),
        Prefetch("evidence", queryset=Evaluation.objects.order_by("contact_date", "pk")),
    )


def weak_spots_visible_to(*, user: AbstractBaseUser) -> QuerySet[WeakSpot]:
    """The weak spots ``user`` may see (``weak_spot_reader_scope``), newest first, with their
    person, scorecard, assignments and evidence loaded. Raises ``PermissionDenied`` as the
    scope does."""
    scope = weak_spot_reader_scope(user=user)
    spots = WeakSpot.objects.all()
    if scope is not None:
        spots = spots.filter(person_id__in=scope)
    return _loaded(spots.order_by("-detected_at", "-pk"))


def weak_spots_of_person(
    *, person_id: int, criterion_code: str | None = None
) -> QuerySet[WeakSpot]:
    """The weak spots of one person (of one criterion, by code), newest first: for a reader
    already allowed to read that person's quality (``quality.selectors.user_reads_quality_of``),
    as the trend page is."""
    spots = WeakSpot.objects.filter(person_id=person_id)
    if criterion_code is not None:
        spots = spots.filter(criterion_code=criterion_code)
    return _loaded(spots.order_by("-detected_at", "-pk"))


def weak_spots_of_evaluation(*, evaluation: Evaluation) -> QuerySet[WeakSpot]:
    """The weak spots ``evaluation`` was evidence for (its reader may see them)."""
    return _loaded(WeakSpot.objects.filter(evidence=evaluation).order_by("-detected_at", "-pk"))


@dataclass(frozen=True)
class WeakSpotResult:
    spot: WeakSpot
    before: Decimal | None
    after: Decimal | None
    after_count: int

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def weak_spot_results(*, spots: list[WeakSpot]) -> list[WeakSpotResult]:
    """Each weak spot with its criterion's mean result before and after its training (see the
    module's docstring). ``spots`` come with their evidence prefetched (as the selectors above
    give them). Three queries, whatever the number of weak spots."""
    if not spots:
        return []
    evidence_ids = {e.pk for spot in spots for e in spot.evidence.all()}
    superseded = EvaluationEvent.objects.filter(
        evaluation=OuterRef("evaluation_id"), kind=EvaluationEvent.Kind.CHANGED
    )
    after_q = Q()
    for spot in spots:
        if spot.closed_on is not None:
            after_q |= Q(
                evaluation__person_id=spot.person_id,
                evaluation__scorecard_version__scorecard_id=spot.scorecard_id,
                criterion_code=spot.criterion_code,
                evaluation__contact_date__gt=spot.closed_on,
            )
    wanted = Q(evaluation_id__in=evidence_ids, criterion_code__in={s.criterion_code for s in spots})
    rows = list(
        EvaluationAnswer.objects.filter(wanted | after_q if after_q else wanted)
        .exclude(value=EvaluationAnswer.Value.NA)
        .exclude(Exists(superseded))
        .filter(evaluation__calibration__isnull=True)
        .values_list(
            "evaluation_id",
            "evaluation__person_id",
            "evaluation__scorecard_version_id",
            "evaluation__scorecard_version__scorecard_id",
            "evaluation__contact_date",
            "evaluation__created_at",
            "criterion_id",
            "criterion_code",
            "value",
            "points",
        )
    )
    snapshots = dict(
        ScorecardVersion.objects.filter(pk__in={row[2] for row in rows}).values_list(
            "pk", "snapshot"
        )
    )
    criteria = {
        (version_id, c["id"]): c
        for version_id, snapshot in snapshots.items()
        for c in snapshot["criteria"]
    }
    results: dict[int, Decimal] = {}  # (evaluation, code) result
    by_key: dict[tuple, list[tuple]] = defaultdict(list)
    for row in rows:
        evaluation_id, person_id, version_id, scorecard_id, day, created, cid, code, value, pts = (
            row
        )
        criterion = criteria.get((version_id, cid))
        if criterion is None:
            continue
        fraction = criterion_fraction(criterion, pts if value == "points" else value)
        if fraction is None:
            continue
        results[(evaluation_id, code)] = fraction * HUNDRED
        by_key[(person_id, scorecard_id, code)].append((day, created, evaluation_id))
    out = []
    for spot in spots:
        before = [
            results[(e.pk, spot.criterion_code)]
            for e in spot.evidence.all()
            if (e.pk, spot.criterion_code) in results
        ]
        after = []
        if spot.closed_on is not None:
            later = sorted(
                item
                for item in by_key[(spot.person_id, spot.scorecard_id, spot.criterion_code)]
                if item[0] > spot.closed_on
            )[: spot.scorecard.weak_of_last]
            after = [results[(item[2], spot.criterion_code)] for item in later]
        out.append(
            WeakSpotResult(
                spot=spot, before=_mean(before), after=_mean(after), after_count=len(after)
            )
        )
    return out
