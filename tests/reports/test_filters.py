"""The reports' filters: read from the URL, kept within the person's scope."""

import datetime

from django.http import QueryDict
from django.test import TestCase

from lms.people import roles
from lms.people.models import StaffProfile
from reports.selectors.filters import (
    ReportFilters,
    report_filters_read,
    staff_filtered,
    teams_to_filter,
)
from tests.factories import JobRoleFactory, TeamFactory, staff_user


def q(text: str) -> QueryDict:
    return QueryDict(text)


class FiltersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mine, cls.other = TeamFactory(name="Линия 1"), TeamFactory(name="Линия 2")
        cls.operator, cls.senior = JobRoleFactory(), JobRoleFactory()
        cls.manager = staff_user(roles=(roles.MANAGERS,))
        cls.mine.managers.add(cls.manager)
        cls.hr = staff_user(roles=(roles.HR,))
        cls.sept = staff_user(
            team=cls.mine, job_role=cls.operator, hire_date=datetime.date(2026, 9, 14)
        )
        cls.oct = staff_user(
            team=cls.mine, job_role=cls.senior, hire_date=datetime.date(2026, 10, 1)
        )
        cls.elsewhere = staff_user(
            team=cls.other, job_role=cls.operator, hire_date=datetime.date(2026, 9, 2)
        )

    def people(self, user, text=""):
        form, filters = report_filters_read(user=user, data=q(text))
        return form, {p.user for p in staff_filtered(user=user, filters=filters)}

    def test_no_filters_leave_the_whole_scope(self):
        _form, people = self.people(self.manager)
        self.assertEqual(people, {self.sept, self.oct})
        _form, people = self.people(self.hr)
        self.assertTrue({self.sept, self.oct, self.elsewhere} <= people)
        self.assertNotIn(self.hr, people)

    def test_team_job_role_and_cohort_narrow_the_people(self):
        _form, people = self.people(self.hr, f"team={self.mine.pk}")
        self.assertEqual(people, {self.sept, self.oct})
        _form, people = self.people(self.hr, f"job_role={self.operator.pk}")
        self.assertEqual(people, {self.sept, self.elsewhere})
        _form, people = self.people(self.hr, "cohort=2026-09")
        self.assertEqual(people, {self.sept, self.elsewhere})

    def test_a_team_outside_the_scope_is_an_error_and_never_widens_it(self):
        form, people = self.people(self.manager, f"team={self.other.pk}")
        self.assertIn("team", form.errors)
        self.assertEqual(people, {self.sept, self.oct})
        self.assertEqual(list(teams_to_filter(user=self.manager)), [self.mine])

    def test_a_badly_written_month_or_period_is_reported(self):
        form, _people = self.people(self.manager, "cohort=09.2026")
        self.assertIn("cohort", form.errors)
        form, _filters = report_filters_read(
            user=self.manager, data=q("date_from=2026-10-02&date_to=2026-10-01")
        )
        self.assertIn("date_to", form.errors)

    def test_filters_round_trip_through_the_url(self):
        filters = ReportFilters(
            team_id=self.mine.pk,
            job_role_id=self.operator.pk,
            cohort=datetime.date(2026, 9, 1),
            date_from=datetime.date(2026, 9, 1),
            date_to=datetime.date(2026, 9, 30),
        )
        _form, read = report_filters_read(user=self.manager, data=q(filters.query_string()))
        self.assertEqual(read, filters)
        self.assertEqual(ReportFilters().query_string(), "")

    def test_the_period_includes_both_days(self):
        filters = ReportFilters(
            date_from=datetime.date(2026, 9, 1), date_to=datetime.date(2026, 9, 30)
        )
        start, end = filters.period()
        self.assertEqual((start.day, start.hour), (1, 0))
        self.assertEqual((end.month, end.day), (10, 1))
        lookup = StaffProfile.objects.filter(filters.period_q("updated_at"))
        self.assertIn("updated_at", str(lookup.query))
