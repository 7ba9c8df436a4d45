"""Reads for mystery shopping: a wave as its readers may see it, and each person's result in it
compared with their previous wave — overall and per criterion, up / down / same — with the
movers ranked. The reports app may call ``wave_comparison`` for its own views."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from lms.people.models import StaffProfile
from lms.people.selectors import staff_profiles_managed_by
from quality.models import Evaluation, EvaluationEvent, MysteryShoppingWave
from quality.services.scoring import criterion_fraction, user_may_evaluate_anyone

UP = "up"
DOWN = "down"
SAME = "same"
MOVERS = 5  # how many biggest ups and downs the team view ranks
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def wave_reader_scope(*, user: AbstractBaseUser) -> set[int] | None:
    """Whose results ``user`` may read in any wave: None for everyone (QA evaluators and
    administrators), else the user ids of the staff they manage (``staff_profiles_managed_by``:
    their teams and direct reports). ``PermissionDenied`` for anyone who manages nobody."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user_may_evaluate_anyone(user=user):
        return None
    people = set(staff_profiles_managed_by(user=user).values_list("user_id", flat=True))
    if not people:
        raise PermissionDenied
    return people


def waves_listed() -> QuerySet[MysteryShoppingWave]:
    """Every wave, newest first, with its scorecard."""
    return MysteryShoppingWave.objects.select_related("scorecard").order_by("-period_start", "-pk")


@dataclass
class CriterionResult:
    code: str
    text: str
    score: Decimal | None  # the mean of this criterion's scores in the wave, 0–100
    previous: Decimal | None
    change: Decimal | None
    direction: str | None  # UP, DOWN, SAME, or None without both figures


@dataclass
class PersonResult:
    person: AbstractBaseUser
    team: str
    visits: int
    score: Decimal | None  # the mean of the person's visit scores in the wave
    previous: Decimal | None
    previous_wave: MysteryShoppingWave | None
    change: Decimal | None
    direction: str | None
    criteria: list[CriterionResult] = field(default_factory=list)


@dataclass
class WaveComparison:
    wave: MysteryShoppingWave
    rows: list[PersonResult]  # by name
    movers_up: list[PersonResult]  # the biggest ups first
    movers_down: list[PersonResult]  # the biggest downs first


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def _compare(now: Decimal | None, before: Decimal | None) -> tuple[Decimal | None, str | None]:
    if now is None or before is None:
        return None, None
    change = now - before
    return change, UP if change > 0 else DOWN if change < 0 else SAME


def _results(visits: list[Evaluation], snapshot: dict) -> tuple[Decimal | None, dict]:
    """The overall mean of ``visits`` and, per criterion code, the mean of its scores (0–100;
    "not applicable" left out), reading the answers against the wave's version."""
    by_id = {c["id"]: c for c in snapshot["criteria"]}
    per_code: dict[str, list[Decimal]] = defaultdict(list)
    for visit in visits:
        for answer in visit.answers.all():
            criterion = by_id.get(answer.criterion_id)
            if criterion is None:
                continue
            value = answer.points if answer.value == "points" else answer.value
            fraction = criterion_fraction(criterion, value)
            if fraction is not None:
                per_code[criterion["code"]].append(fraction * HUNDRED)
    overall = _mean([v.score for v in visits if v.score is not None])
    return overall, {code: _mean(values) for code, values in per_code.items()}


def wave_comparison(*, wave: MysteryShoppingWave, user: AbstractBaseUser) -> WaveComparison:
    """Each person of ``wave`` whom ``user`` may read (``wave_reader_scope``) with their result
    compared with their previous wave of the same scorecard (the latest that started before this
    one and has a visit of theirs): overall and per criterion of the wave's version, with the
    change in points and its direction. A visit changed after a dispute counts through its
    replacement, never both. ``movers_up`` / ``movers_down`` rank the biggest overall
    changes (at most ``MOVERS`` each). A fixed number of queries, whatever the number of people.
    Raises ``PermissionDenied`` like ``wave_reader_scope``."""
    scope = wave_reader_scope(user=user)
    # A visit changed after a dispute counts through its replacement, which keeps its wave.
    replaced = EvaluationEvent.objects.filter(kind=EvaluationEvent.Kind.CHANGED)
    current = ~Q(pk__in=replaced.values("evaluation_id"))
    visits = Evaluation.objects.filter(current, wave=wave).select_related("person")
    if scope is not None:
        visits = visits.filter(person_id__in=scope)
    visits = list(visits.prefetch_related("answers").order_by("person_id", "contact_date"))
    people = {visit.person_id for visit in visits}
    earlier = list(
        Evaluation.objects.filter(
            current,
            person_id__in=people,
            wave__scorecard_id=wave.scorecard_id,
            wave__period_start__lt=wave.period_start,
        )
        .select_related("wave__scorecard_version")
        .prefetch_related("answers")
        .order_by("person_id", "-wave__period_start", "-wave_id")
    )
    previous_visits: dict[int, list[Evaluation]] = defaultdict(list)
    for visit in earlier:
        chosen = previous_visits[visit.person_id]
        if not chosen or chosen[0].wave_id == visit.wave_id:
            chosen.append(visit)
    teams = dict(
        StaffProfile.objects.filter(user_id__in=people)
        .select_related("team")
        .values_list("user_id", "team__name")
    )
    snapshot = wave.scorecard_version.snapshot
    by_person: dict[int, list[Evaluation]] = defaultdict(list)
    for visit in visits:
        by_person[visit.person_id].append(visit)
    rows = []
    for person_id, own in by_person.items():
        score, per_code = _results(own, snapshot)
        before = previous_visits.get(person_id) or []
        previous_wave = before[0].wave if before else None
        if before:
            previous, previous_codes = _results(before, previous_wave.scorecard_version.snapshot)
        else:
            previous, previous_codes = None, {}
        change, direction = _compare(score, previous)
        row = PersonResult(
            person=own[0].person,
            team=teams.get(person_id) or "",
            visits=len(own),
            score=score,
            previous=previous,
            previous_wave=previous_wave,
            change=change,
            direction=direction,
        )
        for criterion in snapshot["criteria"]:
            code = criterion["code"]
            now, then = per_code.get(code), previous_codes.get(code)
            row.criteria.append(
                CriterionResult(code, criterion["text"], now, then, *_compare(now, then))
            )
        rows.append(row)
    rows.sort(key=lambda r: (r.person.last_name, r.person.first_name, r.person.username))
    moved = [row for row in rows if row.change]
    return WaveComparison(
        wave=wave,
        rows=rows,
        movers_up=sorted((r for r in moved if r.change > 0), key=lambda r: -r.change)[:MOVERS],
        movers_down=sorted((r for r in moved if r.change < 0), key=lambda r: r.change)[:MOVERS],
    )


def wave_for_reader(*, user: AbstractBaseUser, wave_id: int) -> MysteryShoppingWave:
    """The wave with its scorecard and version, for anyone ``wave_reader_scope`` lets read
    waves; ``Http404`` when there is none."""
    wave_reader_scope(user=user)
    wave = (
        MysteryShoppingWave.objects.select_related("scorecard", "scorecard_version")
        .filter(pk=wave_id)
        .first()
    )
    if wave is None:
        raise Http404
    return wave
