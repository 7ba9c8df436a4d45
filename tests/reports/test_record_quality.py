"""Quality control on the person record: the evaluations (date, channel, scorecard, score,
critical, status) and the overall score by month against the company, in
``reports.selectors.record.person_record``, on the page ``/people/<id>/`` and in
``GET /api/v1/people/{id}/record`` (key ``evaluations`` and ``quality_trend``)."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.people import roles
from quality.services.reviews import evaluation_acknowledge
from reports.selectors.record import person_record
from tests.api.helpers import API, bearer, token_for
from tests.factories import staff_user
from tests.quality.factories import evaluation_make, scorecard_make
from tests.reports.record_factories import RecordData

D = datetime.date


class RecordQualityData(RecordData):
    """The record's people, with the person evaluated twice in October (one a critical fail,
    acknowledged) and once in November, and a colleague once in October."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.scorecard = scorecard_make(title="Звонок")

        def evaluate(person, day, channel="phone", **values):
            return evaluation_make(
                evaluator=cls.qa,
                person=person,
                scorecard=cls.scorecard,
                contact_date=day,
                channel=channel,
                values=values,
            )

        cls.failed = evaluate(cls.person, D(2026, 10, 5), polite="no")  # 0 %
        evaluation_acknowledge(evaluation=cls.failed, user=cls.person)
        evaluate(cls.person, D(2026, 10, 20), product=2)  # 90 %
        cls.latest = evaluate(cls.person, D(2026, 11, 2), channel="chat")  # 100 %
        evaluate(cls.colleague, D(2026, 10, 7), product=0)  # 80 %


class RecordEvaluationsTests(RecordQualityData, TestCase):
    def test_the_evaluations_and_the_trend(self):
        record = person_record(viewer=self.manager, person_id=self.person.pk)
        self.assertEqual(
            [(e.contact_date, e.score, e.critical_failed, e.state) for e in record.evaluations],
            [
                (D(2026, 11, 2), Decimal("100.00"), False, None),
                (D(2026, 10, 20), Decimal("90.00"), False, None),
                (D(2026, 10, 5), Decimal("0.00"), True, "acknowledged"),
            ],
        )
        trend = record.quality_trend
        self.assertEqual(
            [(p.period, p.score, p.count, p.company) for p in trend.points],
            [
                ("2026-10", Decimal("45.00"), 2, Decimal("56.67")),
                ("2026-11", Decimal("100.00"), 1, Decimal("100.00")),
            ],
        )
        self.assertEqual(trend.company_average, Decimal("67.50"))

    def test_the_page_shows_them_with_the_chart_and_its_table(self):
        self.client.force_login(self.mentor)
        response = self.client.get(reverse("reports:person", args=[self.person.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="evaluations-title"')
        self.assertContains(response, '<svg class="chart chart--lines"')
        self.assertContains(response, 'id="quality-trend-table"')
        self.assertContains(response, reverse("quality:evaluation_detail", args=[self.latest.pk]))
        self.assertContains(response, f"{reverse('quality:trends')}?person={self.person.pk}")
        table = response.content.decode().split('id="evaluations-table"')[1]
        self.assertIn("Звонок", table)
        self.assertEqual(table.count("badge--bad"), 1)  # the critical fail

    def test_without_evaluations_the_section_says_so(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("reports:person", args=[self.other_newcomer.pk]))
        self.assertContains(response, 'id="evaluations-title"')
        self.assertNotContains(response, "chart--lines")

    def test_the_api_has_them(self):
        response = self.client.get(
            f"{API}/people/{self.person.pk}/record", headers=bearer(token_for(self.manager))
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            body["evaluations"][2],
            {
                "id": self.failed.pk,
                "contact_date": "2026-10-05",
                "channel": "phone",
                "scorecard_id": self.scorecard.pk,
                "scorecard": "Звонок",
                "mystery_shopping_wave_id": None,
                "score": "0.00",
                "critical_failed": True,
                "status": "acknowledged",
            },
        )
        self.assertEqual(body["evaluations"][0]["status"], "new")
        self.assertEqual(body["evaluations"][0]["channel"], "chat")
        self.assertEqual(
            body["quality_trend"],
            {
                "by": "month",
                "points": [
                    {"period": "2026-10", "score": "45.00", "count": 2, "company": "56.67"},
                    {"period": "2026-11", "score": "100.00", "count": 1, "company": "100.00"},
                ],
                "company_average": "67.50",
            },
        )

    def test_more_evaluations_cost_no_more_queries(self):
        def count():
            viewer = type(self.manager).objects.get(pk=self.manager.pk)
            with CaptureQueriesContext(connection) as ctx:
                person_record(viewer=viewer, person_id=self.person.pk)
            return len(ctx.captured_queries)

        before = count()
        for day in range(1, 6):
            evaluation_make(
                evaluator=self.qa,
                person=self.person,
                scorecard=self.scorecard,
                contact_date=D(2026, 8, day),
            )
        self.assertEqual(count(), before)
