"""The rows of the exports: progress (person × assignment), quiz attempts, supervised sessions.

Each export is one ``ExportReport`` in ``EXPORT_REPORTS``: its columns (with a JSON key, a
translatable header, a type the file writers follow, a width for XLSX) and two reads over the
same rows, scoped as the dashboard is (``staff_filtered`` for the people, the period on the
row's own date):

- ``count(user=, filters=)``: one ``COUNT`` query, to decide between streaming and a worker;
- ``rows(user=, filters=)``: an iterator of tuples in column order, from one query read with
  ``.iterator(chunk_size=…)`` over ``values_list`` (a server-side cursor on PostgreSQL), so a
  hundred thousand rows never sit in memory and no row asks the database anything more.

Values keep their type: text is ``str``, dates ``date``, moments aware ``datetime``, scores
``Decimal``, flags ``bool``, choices their stored code (the writers show the label); a missing
value is ``None``.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Aggregate, CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.hooks import quiz_title
from courses.models import Assignment
from lms.people.models import StaffProfile
from mentoring.models import SkillRating, SupervisedSession
from quizzes.models import Attempt, LessonGate
from reports.models import ReportExport
from reports.selectors.filters import ReportFilters, staff_filtered

CHUNK_SIZE = 2000

TEXT = "text"
DATE = "date"
DATETIME = "datetime"
NUMBER = "number"
INTEGER = "integer"
BOOLEAN = "boolean"
CHOICE = "choice"

# Between the parts of a skill rating, and between ratings, in the text the database joins.
PART_SEPARATOR = "\x1f"
ITEM_SEPARATOR = "\x1e"


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key; stable, English, never translated
    label: Promise  # the header of CSV and XLSX files
    type: str = TEXT
    width: int = 16  # XLSX column width, in characters
    # For ``CHOICE``: the label shown for each stored code.
    choices: dict = field(default_factory=dict)


def _people_ids(*, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet[StaffProfile]:
    return staff_filtered(user=user, filters=filters).values("user_id")


def _full_name(last: str, first: str, middle: str | None) -> str:
    """A name as Russian HR files write it: last name, first name, middle name."""
    return " ".join(part for part in (last, first, middle) if part)


class ExportReport:
    """One export: its columns, the query of its rows, and how a database row becomes an
    export row (``row``, in column order)."""

    key: str
    title: Promise
    columns: tuple[Column, ...]

    def selected(self, *, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet:
        """The model rows the export has, filtered, with nothing computed yet."""
        raise NotImplementedError

    def queryset(self, *, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet:
        """``selected`` in order, as ``values_list`` tuples with what the columns need."""
        raise NotImplementedError

    def row(self, values: tuple) -> tuple:
        raise NotImplementedError

    def count(self, *, user: AbstractBaseUser, filters: ReportFilters) -> int:
        """How many rows the export has: one query, without the columns' subqueries."""
        return self.selected(user=user, filters=filters).count()

    def rows(
        self, *, user: AbstractBaseUser, filters: ReportFilters, chunk_size: int = CHUNK_SIZE
    ) -> Iterator[tuple]:
        """The rows, lazily: the query runs when the first row is asked for."""
        values = self.queryset(user=user, filters=filters).iterator(chunk_size=chunk_size)
        return map(self.row, values)


# --- Progress: one row per person and assignment -----------------------------------------------


def _best_score() -> Subquery:
    """The best percentage of the person's submitted attempts since the assignment was made, at
    its quiz or at a quiz that ends a lesson of its course (lessons are the course page's
    children in the page tree)."""
    gate_quizzes = LessonGate.objects.filter(
        lesson__path__startswith=OuterRef(OuterRef("course__path"))
    ).values("quiz_id")
    return Subquery(
        Attempt.objects.filter(
            user_id=OuterRef("user_id"),
            status=Attempt.Status.SUBMITTED,
            submitted_at__gte=OuterRef("assigned_at"),
            # An attempt waiting for its grader has no percent yet (PostgreSQL would sort it
            # first in a descending order).
            percent__isnull=False,
        )
        .filter(Q(quiz_id=OuterRef("quiz_id")) | Q(quiz_id__in=gate_quizzes))
        .order_by("-percent")
        .values("percent")[:1]
    )


class ProgressReport(ExportReport):
    """Every assignment of the people in scope that was on their plan during the period:
    made before it ended, and not completed before it began (so those made, completed or
    still open in the period). Without a period, every assignment."""

    key = "progress"
    title = _("Progress")
    columns = (
        Column("person", _("Person"), width=32),
        Column("employee_id", _("Employee ID"), width=14),
        Column("team", _("Team"), width=20),
        Column("job_role", _("Job role"), width=24),
        Column("manager", _("Manager"), width=28),
        Column("assignment", pgettext_lazy("export column", "Assignment"), width=36),
        Column(
            "source",
            pgettext_lazy("export column", "Source"),
            CHOICE,
            20,
            dict(Assignment.Source.choices),
        ),
        Column("assigned", pgettext_lazy("export column", "Assigned"), DATE, 12),
        Column("due", pgettext_lazy("export column", "Due"), DATE, 12),
        Column("completed", pgettext_lazy("export column", "Completed"), DATE, 12),
        Column(
            "status",
            pgettext_lazy("export column", "Status"),
            CHOICE,
            14,
            dict(Assignment.Status.choices),
        ),
        Column("best_score", _("Best score, %"), NUMBER, 12),
    )

    def selected(self, *, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet:
        start, end = filters.period()
        assignments = Assignment.objects.filter(user_id__in=_people_ids(user=user, filters=filters))
        if end is not None:
            assignments = assignments.filter(assigned_at__lt=end)
        if start is not None:
            assignments = assignments.filter(
                Q(completed_at__isnull=True) | Q(completed_at__gte=start)
            )
        return assignments

    def queryset(self, *, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet:
        return (
            self.selected(user=user, filters=filters)
            .annotate(
                target_title=Coalesce(
                    "course__title", quiz_title("quiz_id"), "content_change__title"
                ),
                best=_best_score(),
            )
            .order_by("user__last_name", "user__first_name", "user_id", "assigned_at", "pk")
            .values_list(
                "user__last_name",
                "user__first_name",
                "user__staff_profile__middle_name",
                "user__staff_profile__employee_id",
                "user__staff_profile__team__name",
                "user__staff_profile__job_role__name",
                "user__staff_profile__line_manager__last_name",
                "user__staff_profile__line_manager__first_name",
                "target_title",
                "source",
                "assigned_at",
                "due_at",
                "completed_at",
                "status",
                "best",
            )
        )

    def row(self, values: tuple) -> tuple:
        (last, first, middle, employee_id, team, job_role, boss_last, boss_first) = values[:8]
        title, source, assigned, due, completed, status, best = values[8:]
        # The stored status lags behind the clock until the periodic job marks it overdue.
        if status in Assignment.OPEN_STATUSES and due is not None and due < timezone.now():
            status = Assignment.Status.OVERDUE
        manager = _full_name(boss_last or "", boss_first or "", None) or None
        return (
            _full_name(last, first, middle),
            employee_id,
            team,
            job_role,
            manager,
            title,
            source,
            _local_date(assigned),
            _local_date(due),
            _local_date(completed),
            status,
            best,
        )


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    """The day ``moment`` falls on in the company's time zone."""
    return timezone.localdate(moment) if moment is not None else None


# --- Quiz attempts: one row per attempt -----------------------------------------------------


class AttemptsReport(ExportReport):
    """Every quiz attempt of the people in scope started in the period, submitted or not."""

    key = "attempts"
    title = _("Quiz attempts")
    columns = (
        Column("person", _("Person"), width=32),
        Column("employee_id", _("Employee ID"), width=14),
        Column("team", _("Team"), width=20),
        Column("quiz", _("Quiz"), width=36),
        Column("started", pgettext_lazy("export column", "Started"), DATETIME, 18),
        Column("submitted", pgettext_lazy("export column", "Submitted"), DATETIME, 18),
        Column("score", _("Score, %"), NUMBER, 10),
        Column("passed", pgettext_lazy("export column", "Passed"), BOOLEAN, 10),
        Column("attempt", _("Attempt number"), INTEGER, 10),
    )

    def selected(self, *, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet:
        return Attempt.objects.filter(user_id__in=_people_ids(user=user, filters=filters)).filter(
            filters.period_q("started_at")
        )

    def queryset(self, *, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet:
        return (
            self.selected(user=user, filters=filters)
            .order_by("user__last_name", "user__first_name", "user_id", "started_at", "pk")
            .values_list(
                "user__last_name",
                "user__first_name",
                "user__staff_profile__middle_name",
                "user__staff_profile__employee_id",
                "user__staff_profile__team__name",
                "quiz__title",
                "started_at",
                "submitted_at",
                "percent",
                "passed",
                "number",
            )
        )

    def row(self, values: tuple) -> tuple:
        last, first, middle, *rest = values
        return (_full_name(last, first, middle), *rest)


# --- Supervised sessions: one row per session -----------------------------------------------


class _JoinedText(Aggregate):
    """The texts of a group joined with ``ITEM_SEPARATOR``, in no particular order (Django 5.2
    has no string aggregate for every database: GROUP_CONCAT on SQLite, STRING_AGG on
    PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(ITEM_SEPARATOR), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def _ratings_text() -> Subquery:
    """Each rating of the session as "sort order · skill · rating", joined in one text."""
    return Subquery(
        SkillRating.objects.filter(session_id=OuterRef("pk"))
        .order_by()
        .values("session_id")
        .annotate(
            text=_JoinedText(
                Concat(
                    Cast("skill__sort_order", CharField()),
                    Value(PART_SEPARATOR),
                    "skill__title",
                    Value(PART_SEPARATOR),
                    "rating",
                    output_field=CharField(),
                )
            )
        )
        .values("text")
    )


RATING_LABELS = dict(SkillRating.Rating.choices)


class MentoringReport(ExportReport):
    """Every supervised session of the newcomers in scope held in the period: each skill rated
    and how, how many were rated independent, whether the mentor stepped in, and when the
    newcomer acknowledged the feedback."""

    key = "mentoring"
    title = _("Supervised sessions")
    columns = (
        Column("newcomer", _("Newcomer"), width=32),
        Column("employee_id", _("Employee ID"), width=14),
        Column("team", _("Team"), width=20),
        Column("mentor", _("Mentor"), width=28),
        Column("date", pgettext_lazy("export column", "Date"), DATETIME, 18),
        Column(
            "channel",
            pgettext_lazy("export column", "Channel"),
            CHOICE,
            12,
            dict(SupervisedSession.Channel.choices),
        ),
        Column("skills_rated", _("Skills rated"), width=48),
        Column("independent", _("Rated independent"), INTEGER, 12),
        Column("mentor_stepped_in", _("Mentor stepped in"), BOOLEAN, 12),
        Column("acknowledged", pgettext_lazy("export column", "Acknowledged"), DATETIME, 18),
    )

    def selected(self, *, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet:
        return SupervisedSession.objects.filter(
            mentee_id__in=_people_ids(user=user, filters=filters)
        ).filter(filters.period_q("occurred_at"))

    def queryset(self, *, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet:
        return (
            self.selected(user=user, filters=filters)
            .annotate(ratings_text=_ratings_text())
            .order_by("mentee__last_name", "mentee__first_name", "mentee_id", "occurred_at", "pk")
            .values_list(
                "mentee__last_name",
                "mentee__first_name",
                "mentee__staff_profile__middle_name",
                "mentee__staff_profile__employee_id",
                "mentee__staff_profile__team__name",
                "mentor__last_name",
                "mentor__first_name",
                "occurred_at",
                "channel",
                "ratings_text",
                "mentor_stepped_in",
                "acknowledged_at",
            )
        )

    def row(self, values: tuple) -> tuple:
        last, first, middle, employee_id, team, mentor_last, mentor_first = values[:7]
        occurred, channel, ratings_text, stepped_in, acknowledged = values[7:]
        ratings = []
        for item in (ratings_text or "").split(ITEM_SEPARATOR):
            if item:
                order, title, rating = item.split(PART_SEPARATOR, 2)
                ratings.append((int(order), title, rating))
        ratings.sort()
        skills = "; ".join(
            f"{title}: {RATING_LABELS.get(code, code)}" for _o, title, code in ratings
        )
        independent = sum(code == SkillRating.Rating.INDEPENDENT for _o, _t, code in ratings)
        return (
            _full_name(last, first, middle),
            employee_id,
            team,
            _full_name(mentor_last, mentor_first, None),
            occurred,
            channel,
            skills,
            independent,
            stepped_in,
            acknowledged,
        )


EXPORT_REPORTS: dict[str, ExportReport] = {
    report.key: report for report in (ProgressReport(), AttemptsReport(), MentoringReport())
}


def export_report_get(key: str) -> ExportReport:
    """The export named ``key`` (``KeyError`` for an unknown one)."""
    return EXPORT_REPORTS[key]


# --- Exports written by a worker -------------------------------------------------------------


def report_export_for_owner(*, owner: AbstractBaseUser, export_id: int) -> ReportExport | None:
    """The export ``export_id`` if ``owner`` asked for it, else ``None`` (nobody else may know
    it exists)."""
    return ReportExport.objects.filter(pk=export_id, owner_id=owner.pk).first()


def report_export_downloadable(export: ReportExport) -> bool:
    """Whether the export's file may be downloaded now: written, and within its keeping time
    (also before the hourly cleanup has deleted it)."""
    return (
        export.status == ReportExport.Status.DONE
        and bool(export.file)
        and timezone.now() < export.expires_at
    )
