"""The filters of the reports (team, job role, hire cohort, period) and the people they leave.

A view reads them with ``report_filters_read(user=, data=request.GET)``: the form (to show, with
its errors) and the ``ReportFilters`` that apply. A value that does not validate (a team outside
the person's scope, a month written wrongly) is shown as an error and left out, never widened
into something the person may not see: the scope applies whatever the URL says.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from lms.people.models import StaffProfile, Team
from reports.forms import ReportFiltersForm
from reports.selectors.scope import sees_all_staff, staff_in_scope


@dataclass(frozen=True)
class ReportFilters:
    team_id: int | None = None
    job_role_id: int | None = None
    # The first day of the month the people were hired in.
    cohort: datetime.date | None = None
    # The period events (assignments done, attempts, sessions) are counted in, both days
    # included, in the company's time zone.
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def query(self) -> dict[str, str]:
        """The filters as URL parameters (the names the form reads), empty ones left out."""
        values = {
            "team": self.team_id,
            "job_role": self.job_role_id,
            "cohort": self.cohort.strftime("%Y-%m") if self.cohort else None,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }
        return {name: str(value) for name, value in values.items() if value is not None}

    def query_string(self) -> str:
        """``query`` encoded, for links that keep the filters ("" when none is set)."""
        return urlencode(self.query())

    def period(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """The period as aware datetimes: from the start of ``date_from`` (or None) to the start
        of the day after ``date_to`` (or None), for ``__gte`` / ``__lt`` lookups."""
        tz = timezone.get_current_timezone()

        def start_of(day):
            return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)

        start = start_of(self.date_from) if self.date_from else None
        end = start_of(self.date_to + datetime.timedelta(days=1)) if self.date_to else None
        return start, end

    def period_q(self, field: str) -> Q:
        """A ``Q`` keeping rows whose datetime ``field`` falls in the period (all when unset)."""
        start, end = self.period()
        q = Q()
        if start is not None:
            q &= Q(**{f"{field}__gte": start})
        if end is not None:
            q &= Q(**{f"{field}__lt": end})
        return q


def teams_to_filter(*, user: AbstractBaseUser) -> QuerySet[Team]:
    """The teams ``user`` may filter by: every team for HR and administrators; otherwise the
    teams they manage and those of their direct reports."""
    if sees_all_staff(user=user):
        return Team.objects.all()
    return Team.objects.filter(
        Q(managers=user) | Q(members__in=staff_in_scope(user=user))
    ).distinct()


def report_filters_read(*, user: AbstractBaseUser, data) -> tuple[ReportFiltersForm, ReportFilters]:
    """The filters form bound to ``data`` (a QueryDict) and the filters that validated."""
    form = ReportFiltersForm(data or None, teams=teams_to_filter(user=user))
    if not form.is_bound:
        return form, ReportFilters()
    form.is_valid()
    cleaned = form.cleaned_data
    team = cleaned.get("team")
    job_role = cleaned.get("job_role")
    return form, ReportFilters(
        team_id=team.pk if team else None,
        job_role_id=job_role.pk if job_role else None,
        cohort=cleaned.get("cohort"),
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
    )


def staff_filtered(*, user: AbstractBaseUser, filters: ReportFilters) -> QuerySet[StaffProfile]:
    """The staff in ``user``'s scope that the filters keep (team, job role, hire month); the
    period does not filter people, only the events counted for them."""
    people = staff_in_scope(user=user)
    if filters.team_id is not None:
        people = people.filter(team_id=filters.team_id)
    if filters.job_role_id is not None:
        people = people.filter(job_role_id=filters.job_role_id)
    if filters.cohort is not None:
        people = people.filter(
            hire_date__year=filters.cohort.year, hire_date__month=filters.cohort.month
        )
    return people
