"""The team dashboard's figures, for the people a person may see and the filters they chose.

Everything starts from ``staff_filtered`` (the reader's scope narrowed by team, job role and hire
month) less the people who left; every figure is an aggregate the database computes over those
people (``user_ids`` below is a subquery, never a list in Python), so the dashboard costs the
same number of queries for 3 people or 5,000. The period (``date_from``/``date_to``) limits the
events counted: clearances decided, attempts submitted (the last ``QUIZ_DEFAULT_DAYS`` days when
no period is chosen), refreshers assigned, sessions held; the funnel, the overdue list, review
and mentor load are "now".

The page (``cached=True``) keeps the slowest figures, the quiz results, the questions failed and
the estimated recall (they read every answer of the period and every review card), for
``CACHE_SECONDS`` in Django's cache, under a key made of the people counted (their user ids,
so a key never serves one scope's figures to another) and the filters; ``Dashboard.as_of`` says
when they were computed, and ``refresh=True`` computes them again.
"""

import datetime
import hashlib
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from courses.selectors import (
    Compliance,
    OverduePerson,
    onboarding_counts,
    overdue_by_person,
    overdue_totals,
    refresher_compliance_by_change,
    refresher_compliance_by_policy,
)
from lms.notifications.models import Notification
from lms.people.models import StaffProfile
from mentoring.selectors import (
    MentorLoadOfPeople,
    clearances_waiting_count,
    days_to_solo_of,
    mentor_load_of_mentees,
    sessions_per_week,
    solo_cleared_count,
)
from quality.selectors_trends import score_summary
from quizzes.review_selectors import TopicRecall, review_people_active, review_recall_by_category
from quizzes.statistics import (
    QuestionFailures,
    QuizResultsOfPeople,
    questions_failed_by_people,
    quiz_results_of_people,
)
from reports.notifications import OVERDUE_REMINDER
from reports.selectors.filters import ReportFilters, staff_filtered
from reports.services.reminders import reminder_interval

# How many weeks the sessions chart shows, and how many hire months the time-to-solo trend.
WEEKS = 8
TREND_MONTHS = 12
# The overdue list shows this many people (the most overdue); "remind all" reaches everyone.
OVERDUE_SHOWN = 25
# Mentors shown (the most loaded against capacity); the totals count them all.
MENTORS_SHOWN = 15
FAILED_QUESTIONS = 10
# A team is small: a question answered wrongly by one of two people already says something.
FAILED_MIN_ASKED = 2
# Without a period chosen, quiz results count the attempts of the last this many days: what a
# manager acts on is recent, and the cost follows activity rather than the years of history.
QUIZ_DEFAULT_DAYS = 90
# Reviewing "weekly": at least one card answered in the daily review in the last seven days.
REVIEW_WINDOW = datetime.timedelta(days=7)
# How long the page keeps its slowest figures (see the module docstring).
CACHE_SECONDS = 5 * 60
# Bumped when what is cached changes shape.
CACHE_VERSION = 1


def percentile(values: list[float], share: float) -> float | None:
    """The ``share`` (0–1) percentile of ``values`` by linear interpolation between the two
    nearest ranks (as spreadsheets' PERCENTILE.INC): the median is ``percentile(v, 0.5)``."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Funnel:
    hired: int
    in_plan: int
    on_time: int
    overdue: int
    all_done: int
    cleared: int


@dataclass(frozen=True)
class MonthFigure:
    month: datetime.date  # the first day of the hire month
    count: int
    median: float


@dataclass(frozen=True)
class TimeToSolo:
    count: int
    median: float | None
    p75: float | None
    trend: list[MonthFigure]


@dataclass(frozen=True)
class Overdue:
    people: list[OverduePerson]  # the first OVERDUE_SHOWN
    total_people: int
    total_assignments: int
    reminded: frozenset[int]  # user ids reminded within the reminder interval


@dataclass(frozen=True)
class Quizzes:
    quizzes: list[QuizResultsOfPeople]
    failed: list[QuestionFailures]


@dataclass(frozen=True)
class Refreshers:
    policies: list[Compliance]
    changes: list[Compliance]


@dataclass(frozen=True)
class Review:
    people: int
    reviewing: int
    topics: list[TopicRecall]

    @property
    def share(self) -> float | None:
        return self.reviewing * 100 / self.people if self.people else None


@dataclass(frozen=True)
class WeekFigure:
    week: datetime.date  # the Monday it starts on
    count: int


@dataclass(frozen=True)
class Mentoring:
    mentors: list[MentorLoadOfPeople]  # the MENTORS_SHOWN most loaded
    mentors_total: int
    over_capacity: int  # mentors with more mentees than their capacity
    weeks: list[WeekFigure]
    signoffs_waiting: int
    clearances_waiting: int


@dataclass(frozen=True)
class Dashboard:
    people: int
    funnel: Funnel
    time_to_solo: TimeToSolo
    overdue: Overdue
    quizzes: Quizzes
    refreshers: Refreshers
    review: Review
    mentoring: Mentoring
    filters: ReportFilters = field(default_factory=ReportFilters)
    # When the quiz results, questions failed and recall were computed, on the page that keeps
    # them for a while (None: computed for this read, not kept).
    as_of: datetime.datetime | None = None


def dashboard_people(*, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet[StaffProfile]:
    """The people the dashboard counts: ``user``'s scope narrowed by ``filters``, without the
    people who left."""
    return staff_filtered(user=user, filters=filters).exclude(status=StaffProfile.Status.LEFT)


def _time_to_solo(user_ids, start, end) -> TimeToSolo:
    entries = days_to_solo_of(mentee_ids=user_ids, start=start, end=end)
    days = [e.days for e in entries]
    by_month: dict[datetime.date, list[int]] = {}
    for entry in entries:
        by_month.setdefault(entry.hire_date.replace(day=1), []).append(entry.days)
    trend = [
        MonthFigure(month=month, count=len(values), median=float(statistics.median(values)))
        for month, values in sorted(by_month.items())
    ][-TREND_MONTHS:]
    return TimeToSolo(
        count=len(days),
        median=percentile(days, 0.5),
        p75=percentile(days, 0.75),
        trend=trend,
    )


def _overdue(user_ids, now) -> Overdue:
    shown = overdue_by_person(user_ids=user_ids, now=now, limit=OVERDUE_SHOWN)
    total_people, total_assignments = overdue_totals(user_ids=user_ids, now=now)
    reminded = Notification.objects.filter(
        kind=OVERDUE_REMINDER.key,
        recipient_id__in=[p.user_id for p in shown],
        created_at__gte=now - reminder_interval(),
    ).values_list("recipient_id", flat=True)
    return Overdue(
        people=shown,
        total_people=total_people,
        total_assignments=total_assignments,
        reminded=frozenset(reminded) if shown else frozenset(),
    )


def _weeks(user_ids, now, end) -> list[WeekFigure]:
    last = timezone.localtime(min(end, now) if end is not None else now).date()
    last_monday = last - datetime.timedelta(days=last.weekday())
    first_monday = last_monday - datetime.timedelta(weeks=WEEKS - 1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first_monday, datetime.time.min, tzinfo=tz)
    stop = datetime.datetime.combine(
        last_monday + datetime.timedelta(weeks=1), datetime.time.min, tzinfo=tz
    )
    counts = sessions_per_week(mentee_ids=user_ids, start=start, end=stop)
    return [
        WeekFigure(week=monday, count=counts.get(monday, 0))
        for monday in (first_monday + datetime.timedelta(weeks=n) for n in range(WEEKS))
    ]


def _quizzes(user_ids, now, start, end) -> Quizzes:
    if start is None and end is None:
        start = now - datetime.timedelta(days=QUIZ_DEFAULT_DAYS)
    return Quizzes(
        quizzes=quiz_results_of_people(user_ids=user_ids, start=start, end=end),
        failed=questions_failed_by_people(
            user_ids=user_ids,
            start=start,
            end=end,
            limit=FAILED_QUESTIONS,
            min_asked=FAILED_MIN_ASKED,
        ),
    )


@dataclass(frozen=True)
class _Slow:
    """The figures the page keeps for a while, and when they were computed."""

    quizzes: Quizzes
    topics: list[TopicRecall]
    computed_at: datetime.datetime


def _cache_key(people_ids: list[int], filters: ReportFilters) -> str:
    """The cache key of the slow figures of exactly these people (sorted user ids) with these
    filters (the period among them)."""
    scope = ",".join(map(str, people_ids)) + "|" + filters.query_string()
    digest = hashlib.sha256(scope.encode()).hexdigest()
    return f"reports:dashboard:v{CACHE_VERSION}:{digest}"


def _slow_read(user_ids, now, start, end) -> _Slow:
    return _Slow(
        quizzes=_quizzes(user_ids, now, start, end),
        topics=review_recall_by_category(user_ids=user_ids, now=now),
        computed_at=now,
    )


def dashboard_read(
    *,
    user: AbstractBaseUser,
    filters: ReportFilters,
    now: datetime.datetime | None = None,
    cached: bool = False,
    refresh: bool = False,
) -> Dashboard:
    """Every figure of the team dashboard for ``user`` with ``filters`` (see the module
    docstring). A fixed number of queries (about twenty), whatever the number of people; up to
    five fewer when ``cached`` and the slow figures are in the cache (``refresh`` ignores
    them)."""
    now = now or timezone.now()
    start, end = filters.period()
    people = dashboard_people(user=user, filters=filters)
    user_ids = people.order_by().values("user_id")
    as_of = None
    if cached:
        people_ids = list(people.order_by("user_id").values_list("user_id", flat=True))
        hired = len(people_ids)
        key = _cache_key(people_ids, filters)
        slow = None if refresh else cache.get(key)
        if slow is None:
            slow = _slow_read(user_ids, now, start, end)
            cache.set(key, slow, CACHE_SECONDS)
        as_of = slow.computed_at
    else:
        hired = people.count()
        slow = _slow_read(user_ids, now, start, end)
    onboarding = onboarding_counts(user_ids=user_ids, now=now)
    mentors = mentor_load_of_mentees(mentee_ids=user_ids)
    return Dashboard(
        people=hired,
        funnel=Funnel(
            hired=hired,
            in_plan=onboarding.in_plan,
            on_time=onboarding.on_time,
            overdue=onboarding.overdue,
            all_done=onboarding.all_done,
            cleared=solo_cleared_count(mentee_ids=user_ids),
        ),
        time_to_solo=_time_to_solo(user_ids, start, end),
        overdue=_overdue(user_ids, now),
        quizzes=slow.quizzes,
        refreshers=Refreshers(
            policies=refresher_compliance_by_policy(
                user_ids=user_ids, now=now, start=start, end=end
            ),
            changes=refresher_compliance_by_change(
                user_ids=user_ids, now=now, start=start, end=end
            ),
        ),
        review=Review(
            people=hired,
            reviewing=review_people_active(user_ids=user_ids, since=now - REVIEW_WINDOW),
            topics=slow.topics,
        ),
        mentoring=Mentoring(
            mentors=mentors[:MENTORS_SHOWN],
            mentors_total=len(mentors),
            over_capacity=sum(1 for m in mentors if m.over_capacity),
            weeks=_weeks(user_ids, now, end),
            signoffs_waiting=sum(m.pending_signoffs for m in mentors),
            clearances_waiting=clearances_waiting_count(mentee_ids=user_ids),
        ),
        filters=filters,
        as_of=as_of,
    )


# --- Quality of service (a tile of its own, read beside ``dashboard_read``) ---------------------

# Without a period chosen, the tile counts the contacts of the last this many days.
QUALITY_DEFAULT_DAYS = 90


@dataclass(frozen=True)
class QualityTile:
    score: Decimal | None  # the dashboard's people's mean evaluation score, 0–100
    count: int  # their evaluations counted
    company: Decimal | None  # the company's mean over the same days
    date_from: datetime.date
    date_to: datetime.date | None
    team_id: int | None

    @property
    def trends_query(self) -> str:
        """The URL parameters of the quality trends page showing the same people and days."""
        values = {"team": self.team_id, "date_from": self.date_from, "date_to": self.date_to}
        return urlencode({k: str(v) for k, v in values.items() if v is not None})


def dashboard_quality(
    *, user: AbstractBaseUser, filters: ReportFilters, now: datetime.datetime | None = None
) -> QualityTile:
    """The mean evaluation score of the dashboard's people (``dashboard_people``) for contacts
    in the period (the last ``QUALITY_DEFAULT_DAYS`` days when none is chosen), how many
    evaluations that is, and the company's mean over the same days: one query
    (``quality.selectors_trends.score_summary``)."""
    today = timezone.localdate(now or timezone.now())
    date_from = filters.date_from
    if date_from is None:
        date_from = (filters.date_to or today) - datetime.timedelta(days=QUALITY_DEFAULT_DAYS)
    people = dashboard_people(user=user, filters=filters).order_by().values("user_id")
    summary = score_summary(people=people, start=date_from, end=filters.date_to)
    return QualityTile(
        score=summary.score,
        count=summary.count,
        company=summary.company,
        date_from=date_from,
        date_to=filters.date_to,
        team_id=filters.team_id,
    )
