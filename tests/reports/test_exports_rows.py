"""The rows of the exports (``reports/selectors/exports.py``): read lazily, in a fixed number of
queries whatever their number, and streamed by the endpoints."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from courses.models import Assignment
from mentoring.models import SkillRating
from quizzes.models import Attempt
from reports.selectors.exports import EXPORT_REPORTS
from reports.selectors.filters import ReportFilters
from reports.selectors.scope import sees_all_staff
from tests.mentoring.factories import session_make
from tests.reports.exports_world import days_ago, export_world
from tests.reports.test_exports_api import API

KINDS = ("progress", "attempts", "mentoring")


def more_rows(w, n: int) -> None:
    """``n`` more rows of every kind for alice."""
    Assignment.objects.bulk_create(
        Assignment(
            user=w.alice,
            quiz_id=w.quiz.pk,
            source=Assignment.Source.MANUAL,
            status=Assignment.Status.COMPLETED,
            assigned_at=days_ago(60 + i),
            completed_at=days_ago(50),
        )
        for i in range(n)
    )
    Attempt.objects.bulk_create(
        Attempt(
            user=w.alice,
            quiz=w.quiz,
            number=10 + i,
            status=Attempt.Status.SUBMITTED,
            started_at=days_ago(3),
            submitted_at=days_ago(3),
            max_score=10,
            score=5,
            percent=50,
            passed=False,
        )
        for i in range(n)
    )
    for _ in range(n):
        session_make(mentee=w.alice, ratings=[(w.greet, SkillRating.Rating.NEEDED_HELP)])


class ExportRowsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = export_world()

    def test_rows_are_read_lazily_in_one_query(self):
        sees_all_staff(user=self.w.hr)  # the role checks, kept on the user object
        for kind in KINDS:
            report = EXPORT_REPORTS[kind]
            with self.assertNumQueries(0):
                rows = report.rows(user=self.w.hr, filters=ReportFilters())
            with CaptureQueriesContext(connection) as ctx:
                first = next(rows)
                rest = list(rows)
            self.assertEqual(len(ctx.captured_queries), 1, kind)
            self.assertEqual(len(rest) + 1, report.count(user=self.w.hr, filters=ReportFilters()))
            self.assertEqual(len(first), len(report.columns))

    def test_the_number_of_queries_does_not_grow_with_the_rows(self):
        self.client.force_login(self.w.hr)

        def queries(kind, fmt):
            with CaptureQueriesContext(connection) as ctx:
                response = self.client.get(f"{API}/{kind}?format={fmt}")
                self.assertEqual(response.status_code, 200)
                content = b"".join(response.streaming_content)
            return len(ctx.captured_queries), content

        before = {(k, f): queries(k, f) for k in KINDS for f in ("csv", "json", "xlsx")}
        more_rows(self.w, 5)
        for (kind, fmt), (count, content) in before.items():
            after, bigger = queries(kind, fmt)
            self.assertEqual(after, count, (kind, fmt))
            self.assertGreater(len(bigger), len(content), (kind, fmt))
        # Permission, the two role checks, the filters' teams, the count and the rows.
        self.assertLessEqual(before[("progress", "csv")][0], 8)

    def test_the_rows_are_written_while_the_response_streams(self):
        self.client.force_login(self.w.hr)
        for fmt in ("csv", "json"):
            with CaptureQueriesContext(connection) as ctx:
                response = self.client.get(f"{API}/attempts?format={fmt}")
            self.assertTrue(response.streaming)
            self.assertFalse(
                any(
                    "quizzes_attempt" in q["sql"] and "COUNT" not in q["sql"]
                    for q in ctx.captured_queries
                )
            )
            with CaptureQueriesContext(connection) as ctx:
                b"".join(response.streaming_content)
            self.assertEqual(len(ctx.captured_queries), 1)
            self.assertIn("quizzes_attempt", ctx.captured_queries[0]["sql"])

    def test_progress_best_score_counts_only_attempts_since_the_assignment(self):
        rows = {
            row[5]: row
            for row in EXPORT_REPORTS["progress"].rows(user=self.w.manager, filters=ReportFilters())
        }
        self.assertEqual(rows[self.w.course.title][11], 90)
        self.assertIsNone(rows[self.w.quiz.title][11])
        Attempt.objects.filter(pk=self.w.attempt_2.pk).update(
            submitted_at=self.w.quiz_assignment.assigned_at + datetime.timedelta(hours=1)
        )
        rows = {
            row[5]: row
            for row in EXPORT_REPORTS["progress"].rows(user=self.w.manager, filters=ReportFilters())
        }
        self.assertEqual(rows[self.w.quiz.title][11], 90)
