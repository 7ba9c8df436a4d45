"""The quality tile of the team dashboard (``reports.selectors.dashboard.dashboard_quality``):
the mean evaluation score of the dashboard's people in the period against the company's, the
number of evaluations, the link to the trends page, and its one query."""

import datetime
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from lms.people import roles
from reports.selectors.dashboard import dashboard_quality
from reports.selectors.filters import ReportFilters
from tests.factories import TeamFactory, staff_user
from tests.quality.factories import evaluation_make, scorecard_make

URL = reverse("reports:dashboard")
D = datetime.date
NOW = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)


class DashboardQualityTests(TestCase):
    """Team A: Алиса at 90 % (20 October) and 100 % (5 November); team B: Борис at 0 % (a
    critical fail, 6 November); Алиса also at 80 % long ago (1 March)."""

    @classmethod
    def setUpTestData(cls):
        cls.team_a, cls.team_b = TeamFactory(name="Линия A"), TeamFactory(name="Линия B")
        cls.manager = staff_user(roles=(roles.MANAGERS,))
        cls.team_a.managers.add(cls.manager)
        cls.hr = staff_user(roles=(roles.HR,))
        cls.alice = staff_user(team=cls.team_a)
        cls.boris = staff_user(team=cls.team_b)
        qa = staff_user(roles=(roles.QA_EVALUATORS,))
        scorecard = scorecard_make()
        for person, day, values in [
            (cls.alice, D(2026, 10, 20), {"product": 2}),
            (cls.alice, D(2026, 11, 5), {}),
            (cls.boris, D(2026, 11, 6), {"polite": "no"}),
            (cls.alice, D(2026, 3, 1), {"product": 0}),
        ]:
            evaluation_make(
                evaluator=qa, person=person, scorecard=scorecard, contact_date=day, values=values
            )

    def test_the_managers_team_against_the_company_over_the_last_90_days(self):
        tile = dashboard_quality(user=self.manager, filters=ReportFilters(), now=NOW)
        self.assertEqual(
            (tile.score, tile.count, tile.company),
            (Decimal("95.00"), 2, Decimal("63.33")),
        )
        self.assertEqual(tile.date_from, D(2026, 9, 1))
        self.assertEqual(tile.trends_query, "date_from=2026-09-01")

    def test_a_team_and_a_period(self):
        filters = ReportFilters(
            team_id=self.team_b.pk, date_from=D(2026, 11, 1), date_to=D(2026, 11, 30)
        )
        tile = dashboard_quality(user=self.hr, filters=filters, now=NOW)
        self.assertEqual(
            (tile.score, tile.count, tile.company), (Decimal("0.00"), 1, Decimal("50.00"))
        )
        self.assertEqual(
            tile.trends_query, f"team={self.team_b.pk}&date_from=2026-11-01&date_to=2026-11-30"
        )

    def test_one_query_once_the_readers_roles_are_known(self):
        dashboard_quality(user=self.hr, filters=ReportFilters(), now=NOW)  # asks the roles
        with self.assertNumQueries(1):
            dashboard_quality(user=self.hr, filters=ReportFilters(), now=NOW)

    def test_the_tile_on_the_dashboard(self):
        self.client.force_login(self.manager)
        response = self.client.get(URL, {"date_from": "2026-01-01", "date_to": "2026-11-30"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="quality-title"')
        self.assertContains(response, '<dd id="quality-count">3</dd>', html=False)
        self.assertContains(
            response,
            f'href="{reverse("quality:trends")}?date_from=2026-01-01&amp;date_to=2026-11-30"',
        )
        # The trends page it links to shows the same people.
        trends = self.client.get(
            reverse("quality:trends"), {"date_from": "2026-01-01", "date_to": "2026-11-30"}
        )
        self.assertEqual(trends.status_code, 200)
        self.assertEqual(sum(p.count for p in trends.context["trend"].points), 3)

    def test_nobody_evaluated_in_the_period(self):
        self.client.force_login(self.manager)
        response = self.client.get(URL, {"date_from": "2025-01-01", "date_to": "2025-12-31"})
        self.assertContains(response, "quality-title")
        self.assertEqual(response.context["quality"].count, 0)
        self.assertNotContains(response, 'id="quality-score"')
