"""Reads for recognition: a period's most thanked and best-scoring employees among those a
reader may see, and the published recognition lists a person may read.

Who reads the ranking is the rule of the mystery-shopping waves (``wave_reader_scope``): QA
evaluators and administrators everyone, HR everyone, managers the people they manage; anyone
else is refused. A published list is read by the members and managers of its team, and by QA
evaluators, HR and administrators."""

import datetime
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Avg, Count, Q, QuerySet

from lms.people.models import StaffProfile, Team, person_name
from lms.people.selectors import user_sees_all_staff
from quality.models import Evaluation, EvaluationEvent, Feedback, Recognition
from quality.selectors_mystery import wave_reader_scope
from quality.services.scoring import user_may_evaluate_anyone

# A score counts in the ranking only over at least this many evaluations in the period.
MIN_EVALUATIONS = 3
# Each list ranks at most this many people.
TOP = 10
CENT = Decimal("0.01")


@dataclass(frozen=True)
class RecognitionEntry:
    """One person's figures in a period: thanks received, the mean score of their evaluations
    (mystery-shopping visits included, superseded evaluations left out) and their mean CSAT."""

    person_id: int
    name: str
    team: str
    thanks: int
    evaluations: int
    score: Decimal | None
    csat: Decimal | None
    csat_count: int

    def as_json(self) -> dict:
        """As a published list keeps it (decimals as text)."""
        values = asdict(self)
        for key in ("score", "csat"):
            values[key] = None if values[key] is None else str(values[key])
        return values


@dataclass(frozen=True)
class Ranking:
    period_start: datetime.date
    period_end: datetime.date
    team: Team | None
    min_evaluations: int
    thanked: list[RecognitionEntry]  # most thanks first
    scoring: list[RecognitionEntry]  # best mean score first, over ``min_evaluations`` or more

    def entries_json(self) -> dict:
        return {
            "thanked": [entry.as_json() for entry in self.thanked],
            "scoring": [entry.as_json() for entry in self.scoring],
            "min_evaluations": self.min_evaluations,
        }

    @property
    def empty(self) -> bool:
        return not self.thanked and not self.scoring


def recognition_teams(*, user: AbstractBaseUser) -> QuerySet[Team]:
    """The teams whose ranking ``user`` may choose: every team for QA evaluators, HR and
    administrators, else the teams they manage."""
    if user_may_evaluate_anyone(user=user) or user_sees_all_staff(user=user):
        return Team.objects.order_by("name")
    return Team.objects.filter(managers=user).order_by("name")


def _mean(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def recognition_ranking(
    *,
    user: AbstractBaseUser,
    start: datetime.date,
    end: datetime.date,
    team: Team | None = None,
    min_evaluations: int = MIN_EVALUATIONS,
) -> Ranking:
    """The most thanked and the best-scoring current staff from ``start`` to ``end`` (contact
    dates, both included) among the people ``user`` may read (``wave_reader_scope``: raises
    ``PermissionDenied`` for anyone who reads nobody), narrowed to ``team`` when given. Thanks
    and CSAT are customer feedback of those dates; the score is the mean of the evaluations
    that count (not superseded by a changed one, not all "not applicable"). At most ``TOP`` in
    each list, ties by name. A fixed number of queries, whatever the number of people."""
    scope = wave_reader_scope(user=user)
    people = StaffProfile.objects.exclude(status=StaffProfile.Status.LEFT).filter(
        user__is_active=True
    )
    if scope is not None:
        people = people.filter(user_id__in=scope)
    if team is not None:
        people = people.filter(team=team)
    people_ids = people.values("user_id")
    period = {"person__in": people_ids}

    feedback = (
        Feedback.objects.filter(date__range=(start, end), **period)
        .values("person_id")
        .annotate(
            thanks=Count("pk", filter=Q(kind=Feedback.Kind.THANKS)),
            csat_count=Count("pk", filter=Q(kind=Feedback.Kind.CSAT)),
            csat=Avg("score", filter=Q(kind=Feedback.Kind.CSAT)),
        )
        .order_by()
    )
    scores = (
        Evaluation.objects.filter(contact_date__range=(start, end), score__isnull=False, **period)
        .exclude(events__kind=EvaluationEvent.Kind.CHANGED)
        .values("person_id")
        .annotate(evaluations=Count("pk"), score=Avg("score"))
        .order_by()
    )
    figures: dict[int, dict] = {}
    for row in feedback:
        figures.setdefault(row["person_id"], {}).update(
            thanks=row["thanks"], csat_count=row["csat_count"], csat=_mean(row["csat"])
        )
    for row in scores:
        figures.setdefault(row["person_id"], {}).update(
            evaluations=row["evaluations"], score=_mean(row["score"])
        )
    users = get_user_model().objects.filter(pk__in=figures).select_related("staff_profile__team")
    entries = []
    for person in users:
        values = figures[person.pk]
        profile_team = getattr(person, "staff_profile", None) and person.staff_profile.team
        entries.append(
            RecognitionEntry(
                person_id=person.pk,
                name=person_name(person),
                team=profile_team.name if profile_team else "",
                thanks=values.get("thanks", 0),
                evaluations=values.get("evaluations", 0),
                score=values.get("score"),
                csat=values.get("csat"),
                csat_count=values.get("csat_count", 0),
            )
        )
    entries.sort(key=lambda e: e.name)
    # Python's sort is stable: the name order stays among equals.
    thanked = sorted(
        (e for e in entries if e.thanks),
        key=lambda e: (-e.thanks, -(e.score if e.score is not None else -1)),
    )
    scoring = sorted(
        (e for e in entries if e.score is not None and e.evaluations >= min_evaluations),
        key=lambda e: (-e.score, -e.evaluations),
    )
    return Ranking(
        period_start=start,
        period_end=end,
        team=team,
        min_evaluations=min_evaluations,
        thanked=thanked[:TOP],
        scoring=scoring[:TOP],
    )


def recognitions_visible_to(*, user: AbstractBaseUser) -> QuerySet[Recognition]:
    """The published recognition lists ``user`` may read, newest period first, with team and
    publisher loaded: all for QA evaluators, HR and administrators; else those of the team they
    belong to and the teams they manage."""
    recognitions = Recognition.objects.select_related("team", "published_by")
    if not (user_may_evaluate_anyone(user=user) or user_sees_all_staff(user=user)):
        recognitions = recognitions.filter(
            Q(team__members__user=user) | Q(team__managers=user)
        ).distinct()
    return recognitions.order_by("-period_end", "-published_at", "-pk")


def recognition_for_team_and_period(
    *, team: Team, start: datetime.date, end: datetime.date
) -> Recognition | None:
    """The list published for ``team`` and exactly this period, if any."""
    return Recognition.objects.filter(team=team, period_start=start, period_end=end).first()
