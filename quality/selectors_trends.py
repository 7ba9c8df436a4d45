"""Quality trends: a score over time — per employee, per team, per criterion — by week, month
or mystery-shopping wave, with the company average beside it.

Every figure is an aggregate the database computes (``GROUP BY`` the period, and the team or
criterion where asked): a trend costs the same few queries for one person or 50,000, and no
evaluation or answer is read into Python. What is averaged:

- the overall score: the evaluations' stored ``score`` (0–100; a critical fail is 0; an
  evaluation whose criteria were all "not applicable" has none and is left out);
- a criterion: each answer's percentage by the scoring rule (``answer_percent_expression``, the
  SQL form of ``criterion_fraction``: yes 100, no 0, points / maximum; "not applicable" left
  out), matched by the criterion's code within its scorecard, so every version counts.

An evaluation replaced after a dispute (``EvaluationEvent`` "changed") counts through its
replacement only. Weeks start on Monday; a wave is a mystery-shopping wave (its visits only).

Who may read whose trend (``trend_subject_for``): a person's — themselves, their mentor, their
managers, HR, administrators and QA evaluators (``user_reads_quality_of``); a team's — its
managers, HR, administrators and QA evaluators; without either, HR, administrators and QA
evaluators read the whole company, a manager the people they manage, anyone else themselves.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    Min,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from lms.people.models import StaffProfile, Team, person_name
from lms.people.selectors import staff_profiles_managed_by, user_sees_all_staff
from quality.models import (
    Criterion,
    Evaluation,
    EvaluationAnswer,
    EvaluationEvent,
    ScorecardVersion,
)
from quality.selectors import user_reads_quality_of
from quality.services.scoring import (
    NA,
    answer_percent_expression,
    points_maxima,
    user_may_evaluate_anyone,
)

WEEK = "week"
MONTH = "month"
WAVE = "wave"
GROUPINGS = (WEEK, MONTH, WAVE)
GROUPING_LABELS = {WEEK: _("By week"), MONTH: _("By month"), WAVE: _("By mystery-shopping wave")}
CENT = Decimal("0.01")

# What a trend is of (``TrendSubject.kind``).
PERSON = "person"
TEAM = "team"
MANAGED = "managed"  # the people the reader manages
COMPANY = "company"


@dataclass(frozen=True)
class TrendPoint:
    # "2026-11" (a month), "2026-W45" (an ISO week) or the wave's name.
    period: str
    # The first day of the period (a wave's first day); a wave's id in ``wave_id``.
    start: datetime.date
    score: Decimal | None  # the mean, 0–100, rounded to 2 places
    count: int  # evaluations (overall) or answers (a criterion) counted
    company: Decimal | None = None  # the company's mean in the same period
    wave_id: int | None = None


@dataclass(frozen=True)
class Trend:
    by: str
    points: list[TrendPoint]  # oldest first; only the periods with something counted
    # The company's mean over the periods shown (over every period when there is none).
    company_average: Decimal | None

    @property
    def average(self) -> Decimal | None:
        """The subject's own mean over all its points (weighted by their counts)."""
        counted = [p for p in self.points if p.score is not None]
        total = sum(p.count for p in counted)
        if not total:
            return None
        return _round(sum(p.score * p.count for p in counted) / total)


@dataclass(frozen=True)
class TrendSubject:
    kind: str  # PERSON, TEAM, MANAGED or COMPANY
    label: str
    person: AbstractBaseUser | None = None
    team: Team | None = None
    # The user ids counted (a subquery); None for the whole company.
    people: QuerySet | None = None


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Who ------------------------------------------------------------------------------------------


def user_reads_company_quality(*, user: AbstractBaseUser) -> bool:
    """HR, administrators and QA evaluators read everyone's quality figures."""
    return user_may_evaluate_anyone(user=user) or user_sees_all_staff(user=user)


def teams_for_trends(*, user: AbstractBaseUser) -> QuerySet[Team]:
    """The teams whose trend ``user`` may read: every team for HR, administrators and QA
    evaluators; the teams they manage for anyone else."""
    if user_reads_company_quality(user=user):
        return Team.objects.order_by("name")
    return Team.objects.filter(managers=user).order_by("name")


def trend_subject_of_person(*, person: AbstractBaseUser) -> TrendSubject:
    """The trend of ``person``, for a caller that has already checked who reads it (the person
    record in reports, whose readers are a subset of ``user_reads_quality_of``'s). No query."""
    return TrendSubject(
        kind=PERSON,
        label=person_name(person),
        person=person,
        people=get_user_model().objects.filter(pk=person.pk).values("pk"),
    )


def trend_subject_for(
    *, viewer: AbstractBaseUser, person_id: int | None = None, team_id: int | None = None
) -> TrendSubject:
    """Whose trend ``viewer`` reads (see the module docstring): the person ``person_id`` (a
    user id), else the team ``team_id``, else their default. ``PermissionDenied`` for an
    anonymous or inactive viewer; ``Http404`` for a person or team that does not exist or that
    they may not read, so nobody learns which exist."""
    if not viewer.is_authenticated or not viewer.is_active:
        raise PermissionDenied
    if person_id is not None:
        person = get_user_model().objects.filter(pk=person_id).first()
        if person is None or not user_reads_quality_of(user=viewer, person_id=person.pk):
            raise Http404
        return trend_subject_of_person(person=person)
    if team_id is not None:
        team = teams_for_trends(user=viewer).filter(pk=team_id).first()
        if team is None:
            raise Http404
        return TrendSubject(
            kind=TEAM,
            label=team.name,
            team=team,
            people=StaffProfile.objects.filter(team=team).values("user_id"),
        )
    if user_reads_company_quality(user=viewer):
        return TrendSubject(kind=COMPANY, label=str(_("The whole company")))
    managed = staff_profiles_managed_by(user=viewer)
    if managed.exists():
        return TrendSubject(
            kind=MANAGED,
            label=str(_("The people you manage")),
            people=managed.order_by().values("user_id"),
        )
    return trend_subject_of_person(person=viewer)


# --- What is counted ------------------------------------------------------------------------------


def _not_replaced(prefix: str = "") -> Q:
    """Keeps the evaluations that no dispute's change replaced, and (for rows read from the
    answers, which ``Evaluation.objects`` does not filter) never a calibration scoring. Not a
    correlated ``EXISTS``: the few replaced ids are listed once per query, not looked up once
    per row."""
    replaced = EvaluationEvent.objects.filter(kind=EvaluationEvent.Kind.CHANGED)
    if not prefix:
        return ~Q(pk__in=replaced.values("evaluation_id"))
    return ~Q(evaluation_id__in=replaced.values("evaluation_id")) & Q(
        **{f"{prefix}calibration__isnull": True}
    )


class _PeriodStart(Func):
    """The first day of the week (Monday) or month of a date. Django's ``TruncWeek`` and
    ``TruncMonth`` call a Python function for every row on SQLite; SQLite's own ``date()``
    modifiers do it in the database, which is what lets a trend over a million evaluations
    stay fast there. Other databases use ``date_trunc``."""

    output_field = DateField()
    arity = 1
    SQLITE = {WEEK: "'-6 days', 'weekday 1'", MONTH: "'start of month'"}

    def __init__(self, expression, *, kind: str):
        super().__init__(expression)
        self.kind = kind

    def as_sqlite(self, compiler, connection, **extra_context):
        template = f"date(%(expressions)s, {self.SQLITE[self.kind]})"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sql(self, compiler, connection, template=None, **extra_context):
        if template is None:
            template = f"CAST(date_trunc('{self.kind}', %(expressions)s) AS date)"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def _period(by: str, prefix: str):
    if by in (WEEK, MONTH):
        return _PeriodStart(F(f"{prefix}contact_date"), kind=by)
    return F(f"{prefix}wave_id")


def _counted(
    *,
    by: str,
    criterion: Criterion | None,
    start: datetime.date | None,
    end: datetime.date | None,
) -> tuple[QuerySet, str, object]:
    """The rows a trend averages — evaluations, or a criterion's answers — with the path from
    them to the evaluation and the value expression (0–100)."""
    if criterion is None:
        rows = Evaluation.objects.filter(score__isnull=False).filter(_not_replaced())
        prefix, value = "", Cast("score", FloatField())
    else:
        prefix = "evaluation__"
        versions = list(
            ScorecardVersion.objects.filter(scorecard_id=criterion.scorecard_id).values_list(
                "pk", "snapshot"
            )
        )
        maxima = points_maxima(versions)
        rows = (
            EvaluationAnswer.objects.filter(
                criterion_code=criterion.code,
                evaluation__scorecard_version_id__in=[pk for pk, _snapshot in versions],
            )
            .exclude(value=NA)
            .filter(_not_replaced("evaluation__"))
        )
        value = answer_percent_expression(max_points=maxima)
    if by == WAVE:
        rows = rows.filter(**{f"{prefix}wave__isnull": False})
    if start is not None:
        rows = rows.filter(**{f"{prefix}contact_date__gte": start})
    if end is not None:
        rows = rows.filter(**{f"{prefix}contact_date__lte": end})
    return rows, prefix, value


def _sums(rows: QuerySet, prefix: str, value, by: str, *extra: str, **own: Q) -> list[dict]:
    """Per period (and ``extra`` fields): the sum of ``value`` and the number of rows
    (``total``, ``n``), and for each ``own`` filter the same over the rows it keeps
    (``<name>_total``, ``<name>_n``) — in the same scan, so a subject's figures come with the
    company's in one query."""
    sums = {}
    for name, keep in own.items():
        sums[f"{name}_total"] = Sum("measure", filter=keep)
        sums[f"{name}_n"] = Count("measure", filter=keep)
    return list(
        rows.annotate(period=_period(by, prefix), measure=value)
        .values("period", *extra)
        .annotate(total=Sum("measure"), n=Count("measure"), **sums)
        .order_by()
    )


def _period_key(by: str, period, waves: dict) -> tuple[str, datetime.date, int | None]:
    if by == WAVE:
        name, first_day = waves[period]
        return name, first_day, period
    if isinstance(period, datetime.datetime):
        period = period.date()
    if by == WEEK:
        year, week, _day = period.isocalendar()
        return f"{year}-W{week:02d}", period, None
    return period.strftime("%Y-%m"), period, None


def _waves(rows: list[dict], by: str) -> dict:
    if by != WAVE:
        return {}
    from quality.models import MysteryShoppingWave

    ids = {row["period"] for row in rows}
    return {
        w.pk: (w.name, w.period_start)
        for w in MysteryShoppingWave.objects.filter(pk__in=ids).only("name", "period_start")
    }


def _mean(total, count) -> Decimal | None:
    return _round(total / count) if count else None


def trend_read(
    *,
    subject: TrendSubject,
    by: str = MONTH,
    criterion: Criterion | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Trend:
    """The trend of ``subject`` (from ``trend_subject_for``): one point per ``by`` period
    (WEEK, MONTH or WAVE) with something counted, of the overall score or of ``criterion``
    (matched by its code in its scorecard's every version), with the company's mean in each
    period and over them; contacts from ``start`` to ``end`` (both included) when given.

    One grouped query, the company's figures and the subject's together; one more with a
    criterion (its scorecard's versions), one more by wave (the waves' names) — whatever the
    number of evaluations. ``trends_read`` gives several subjects' trends for the same cost."""
    return trends_read(subjects=[subject], by=by, criterion=criterion, start=start, end=end)[0]


def trends_read(
    *,
    subjects: list[TrendSubject],
    by: str = MONTH,
    criterion: Criterion | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[Trend]:
    """The trends of ``subjects`` (in their order), each as ``trend_read`` gives it, for a page
    that shows several (a person beside their team, say): the company's figures are computed
    once, in the same grouped query as every subject's, so the page pays one scan of the
    evaluations however many trends it draws. Queries as ``trend_read``."""
    if by not in GROUPINGS:
        raise ValueError(by)
    rows, prefix, value = _counted(by=by, criterion=criterion, start=start, end=end)
    own = {
        f"s{index}": Q(**{f"{prefix}person_id__in": subject.people})
        for index, subject in enumerate(subjects)
        if subject.people is not None
    }
    grouped = _sums(rows, prefix, value, by, **own)
    waves = _waves(grouped, by)
    company = {row["period"]: (row["total"], row["n"]) for row in grouped}
    trends = []
    for index, subject in enumerate(subjects):
        name = f"s{index}"
        if subject.people is None:
            own_rows = [(row["period"], row["total"], row["n"]) for row in grouped]
        else:
            own_rows = [(row["period"], row[f"{name}_total"], row[f"{name}_n"]) for row in grouped]
        own_rows = [(period, total, n) for period, total, n in own_rows if n]
        points = []
        for period_value, total, n in own_rows:
            period, first_day, wave_id = _period_key(by, period_value, waves)
            company_total, company_n = company[period_value]
            points.append(
                TrendPoint(
                    period=period,
                    start=first_day,
                    score=_mean(total, n),
                    count=n,
                    company=_mean(company_total, company_n),
                    wave_id=wave_id,
                )
            )
        points.sort(key=lambda p: (p.start, p.period))
        shown = {row[0] for row in own_rows} or set(company)
        company_total = sum(company[p][0] or 0 for p in shown)
        company_count = sum(company[p][1] for p in shown)
        trends.append(
            Trend(by=by, points=points, company_average=_mean(company_total, company_count))
        )
    return trends


def trends_by_team(
    *,
    by: str = MONTH,
    criterion: Criterion | None = None,
    teams: QuerySet[Team] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[int, list[TrendPoint]]:
    """Every team's trend at once (team id → its points, oldest first; ``company`` left
    unset): one grouped query over the people's current teams, whatever their number. Only
    ``teams`` when given."""
    rows, prefix, value = _counted(by=by, criterion=criterion, start=start, end=end)
    team_field = f"{prefix}person__staff_profile__team_id"
    rows = rows.filter(**{f"{team_field}__isnull": False})
    if teams is not None:
        rows = rows.filter(**{f"{team_field}__in": teams.values("pk")})
    grouped = _sums(rows.annotate(team=F(team_field)), prefix, value, by, "team")
    waves = _waves(grouped, by)
    result: dict[int, list[TrendPoint]] = {}
    for row in grouped:
        period, first_day, wave_id = _period_key(by, row["period"], waves)
        result.setdefault(row["team"], []).append(
            TrendPoint(period, first_day, _mean(row["total"], row["n"]), row["n"], None, wave_id)
        )
    for points in result.values():
        points.sort(key=lambda p: (p.start, p.period))
    return result


def trends_by_criterion(
    *,
    by: str = MONTH,
    people: QuerySet | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[tuple[int, str], list[TrendPoint]]:
    """Every criterion's trend at once — (scorecard id, criterion code) → its points, oldest
    first — over the whole company, or ``people`` (a subquery of user ids).

    One query (and one for the versions): the answers are added up per evaluation first, one
    column per criterion, which the database does walking each evaluation's answers through
    their index with nothing to sort; only the evaluations' sums are then grouped by period and
    version (a sort six times smaller than grouping the answers themselves)."""
    versions = list(ScorecardVersion.objects.values_list("pk", "scorecard_id", "snapshot"))
    maxima = points_maxima((pk, snapshot) for pk, _scorecard, snapshot in versions)
    code_of = {
        (pk, criterion["id"]): (scorecard, criterion["code"])
        for pk, scorecard, snapshot in versions
        for criterion in snapshot["criteria"]
    }
    criterion_ids = sorted({criterion_id for _version, criterion_id in code_of})
    if not criterion_ids:
        return {}
    evaluations = Evaluation.objects.filter(_not_replaced())
    if by == WAVE:
        evaluations = evaluations.filter(wave__isnull=False)
    if start is not None:
        evaluations = evaluations.filter(contact_date__gte=start)
    if end is not None:
        evaluations = evaluations.filter(contact_date__lte=end)
    if people is not None:
        evaluations = evaluations.filter(person_id__in=people)
    percent = answer_percent_expression(
        max_points=maxima, prefix="answers__", version_field="scorecard_version_id"
    )
    columns = {}
    for criterion_id in criterion_ids:
        only = Case(When(answers__criterion_id=criterion_id, then=percent))
        columns[f"t{criterion_id}"] = Sum(only, output_field=FloatField())
        columns[f"n{criterion_id}"] = Count(only)
    # Period and version are the same for all of an evaluation's answers: taken as Min() they
    # stay out of the GROUP BY, which is then the evaluation's id alone.
    per_evaluation = (
        evaluations.values("pk")
        .annotate(period=Min(_period(by, "")), version=Min("scorecard_version_id"), **columns)
        .order_by()
    )
    inner, params = per_evaluation.query.sql_with_params()
    sums = ", ".join(f"SUM(t{i}), SUM(n{i})" for i in criterion_ids)
    # Only column aliases made above and the ORM's own SQL: nothing from outside.
    sql = f"SELECT period, version, {sums} FROM ({inner}) per_evaluation GROUP BY period, version"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        grouped = cursor.fetchall()
    rows: dict[tuple[int, str], dict] = {}
    for row in grouped:
        period, version = row[0], row[1]
        if isinstance(period, str):  # SQLite's date() is text in a raw query
            period = datetime.date.fromisoformat(period)
        for index, criterion_id in enumerate(criterion_ids):
            total, count = row[2 + 2 * index], row[3 + 2 * index]
            key = code_of.get((version, criterion_id))
            if key is None or not count:
                continue
            by_period = rows.setdefault(key, {})
            before = by_period.get(period, (0, 0))
            by_period[period] = (before[0] + (total or 0), before[1] + count)
    waves = _waves([{"period": p} for by_period in rows.values() for p in by_period], by)
    result: dict[tuple[int, str], list[TrendPoint]] = {}
    for key, by_period in rows.items():
        points = []
        for period, (total, count) in by_period.items():
            label, first_day, wave_id = _period_key(by, period, waves)
            points.append(TrendPoint(label, first_day, _mean(total, count), count, None, wave_id))
        result[key] = sorted(points, key=lambda p: (p.start, p.period))
    return result


# --- A summary for a tile -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreSummary:
    score: Decimal | None  # the people's mean score in the period
    count: int  # their evaluations counted
    company: Decimal | None  # the company's mean in the same period


def score_summary(
    *, people: QuerySet, start: datetime.date | None, end: datetime.date | None
) -> ScoreSummary:
    """The mean overall score of ``people`` (a subquery of user ids) for contacts from
    ``start`` to ``end`` (both included, either open), the number of their evaluations and the
    company's mean over the same days: one query."""
    rows = Evaluation.objects.filter(score__isnull=False).filter(_not_replaced())
    if start is not None:
        rows = rows.filter(contact_date__gte=start)
    if end is not None:
        rows = rows.filter(contact_date__lte=end)
    theirs = Q(person_id__in=people)
    figures = rows.aggregate(
        own_total=Sum(Cast("score", FloatField()), filter=theirs),
        own_n=Count("pk", filter=theirs),
        total=Sum(Cast("score", FloatField())),
        n=Count("pk"),
    )
    return ScoreSummary(
        score=_mean(figures["own_total"] or 0, figures["own_n"]),
        count=figures["own_n"],
        company=_mean(figures["total"] or 0, figures["n"]),
    )


def criteria_for_trends() -> QuerySet[Criterion]:
    """The criteria a trend may be of: those of active scorecards, by scorecard and order."""
    return (
        Criterion.objects.filter(scorecard__is_active=True)
        .select_related("scorecard")
        .order_by("scorecard__title", "scorecard_id", "sort_order", "pk")
    )
