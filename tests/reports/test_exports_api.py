"""The export endpoints (``reports/api_exports.py``): who may call them, what each format holds,
and that a formula never survives into a spreadsheet."""

import csv
import datetime
import io
import json

from django.test import TestCase
from django.utils import timezone

import openpyxl

from reports.selectors.exports import EXPORT_REPORTS
from tests.reports.exports_world import (
    INJECTED_COURSE,
    INJECTED_NAME,
    INJECTED_QUIZ,
    days_ago,
    export_world,
)

API = "/api/v1/reports"
KINDS = ("progress", "attempts", "mentoring")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def json_rows(response) -> list[dict]:
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return json.loads(body(response))


def csv_rows(response) -> list[list[str]]:
    content = body(response)
    assert content.startswith("\ufeff".encode()), content[:10]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


class ExportAccessTests(TestCase):
    """Anonymous 401; a learner or a mentor with nobody in scope 403; a manager sees their
    team only, whatever the URL says; HR and administrators see everyone."""

    @classmethod
    def setUpTestData(cls):
        cls.w = export_world()

    def get(self, user, kind="progress", query="format=json"):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(f"{API}/{kind}?{query}")

    def people(self, user, kind, query="format=json") -> set[str]:
        key = "newcomer" if kind == "mentoring" else "person"
        return {row[key] for row in json_rows(self.get(user, kind, query))}

    def test_anonymous_is_401(self):
        for kind in KINDS:
            response = self.get(None, kind)
            self.assertEqual(response.status_code, 401, kind)
            self.assertEqual(response["WWW-Authenticate"], "Bearer")

    def test_a_learner_or_mentor_with_nobody_in_scope_is_403(self):
        for user in (self.w.learner, self.w.mentor):
            for kind in KINDS:
                response = self.get(user, kind)
                self.assertEqual(response.status_code, 403, (user, kind))
                self.assertIn("detail", response.json())

    def test_a_manager_sees_their_team_only(self):
        alice = f"{INJECTED_NAME} Алиса Ивановна"
        for kind in KINDS:
            self.assertEqual(self.people(self.w.manager, kind), {alice}, kind)
            self.assertEqual(self.people(self.w.other_manager, kind), {"Борисов Борис"}, kind)

    def test_a_manager_asking_for_another_team_gets_422_and_no_rows(self):
        for kind in KINDS:
            response = self.get(self.w.manager, kind, f"format=csv&team={self.w.team_b.pk}")
            self.assertEqual(response.status_code, 422, kind)
            detail = response.json()["detail"]
            self.assertEqual([error["loc"] for error in detail], [["query", "team"]])
            self.assertNotIn(b"\xd0\x91\xd0\xbe\xd1\x80\xd0\xb8\xd1\x81", response.content)

    def test_hr_and_administrators_see_everyone_and_may_filter_by_any_team(self):
        alice = f"{INJECTED_NAME} Алиса Ивановна"
        for user in (self.w.hr, self.w.admin):
            for kind in KINDS:
                self.assertEqual(self.people(user, kind), {alice, "Борисов Борис"}, (user, kind))
            self.assertEqual(
                self.people(user, "progress", f"format=json&team={self.w.team_b.pk}"),
                {"Борисов Борис"},
            )

    def test_filters_that_do_not_validate_are_422_with_every_error(self):
        response = self.get(self.w.hr, "attempts", "format=json&cohort=09.2026&team=abc")
        self.assertEqual(response.status_code, 422)
        locs = sorted(tuple(error["loc"]) for error in response.json()["detail"])
        self.assertEqual(locs, [("query", "cohort"), ("query", "team")])
        response = self.get(self.w.hr, "attempts", "format=pdf")
        self.assertEqual(response.status_code, 422)

    def test_job_role_and_cohort_narrow_the_people(self):
        self.assertEqual(
            self.people(self.w.hr, "progress", "format=json&cohort=2026-09"),
            {f"{INJECTED_NAME} Алиса Ивановна"},
        )
        other_role = self.w.operator.pk + 1000
        response = self.get(self.w.hr, "progress", f"format=json&job_role={other_role}")
        self.assertEqual(response.status_code, 422)


class ExportFormatTests(TestCase):
    """Each format parses back with its own reader, with the right types."""

    @classmethod
    def setUpTestData(cls):
        cls.w = export_world()

    def setUp(self):
        self.client.force_login(self.w.manager)

    def get(self, kind, query):
        return self.client.get(f"{API}/{kind}?{query}")

    def test_progress_as_json(self):
        rows = json_rows(self.get("progress", "format=json"))
        self.assertEqual(len(rows), 2)
        course, quiz = rows
        self.assertEqual(
            course,
            {
                "person": f"{INJECTED_NAME} Алиса Ивановна",
                "employee_id": "A-001",
                "team": "Линия 1",
                "job_role": "Оператор",
                "manager": "Петрова Мария",
                "assignment": INJECTED_COURSE,
                "source": "onboarding",
                "assigned": timezone.localdate(days_ago(40)).isoformat(),
                "due": timezone.localdate(days_ago(10)).isoformat(),
                "completed": timezone.localdate(days_ago(20)).isoformat(),
                "status": "completed",
                # The course's gating quiz: the better of the two attempts since it was assigned.
                "best_score": "90.00",
            },
        )
        self.assertEqual(quiz["assignment"], INJECTED_QUIZ)
        self.assertEqual((quiz["source"], quiz["status"]), ("refresher", "overdue"))
        # Both attempts came before the refresher was assigned: no score for it yet.
        self.assertIsNone(quiz["best_score"])
        self.assertIsNone(quiz["completed"])

    def test_progress_period_keeps_what_was_on_the_plan_in_it(self):
        since = timezone.localdate(days_ago(7)).isoformat()
        rows = json_rows(self.get("progress", f"format=json&date_from={since}"))
        self.assertEqual([row["assignment"] for row in rows], [INJECTED_QUIZ])
        until = timezone.localdate(days_ago(30)).isoformat()
        rows = json_rows(self.get("progress", f"format=json&date_to={until}"))
        self.assertEqual([row["assignment"] for row in rows], [INJECTED_COURSE])

    def test_attempts_as_json_and_their_period(self):
        rows = json_rows(self.get("attempts", "format=json"))
        self.assertEqual(
            [(r["attempt"], r["score"], r["passed"], r["quiz"]) for r in rows],
            [(1, "60.00", False, INJECTED_QUIZ), (2, "90.00", True, INJECTED_QUIZ)],
        )
        started = datetime.datetime.fromisoformat(rows[1]["started"])
        self.assertEqual(started, self.w.attempt_2.started_at)
        self.assertIsNotNone(started.tzinfo)
        since = timezone.localdate(days_ago(27)).isoformat()
        rows = json_rows(self.get("attempts", f"format=json&date_from={since}"))
        self.assertEqual([r["attempt"] for r in rows], [2])

    def test_mentoring_as_json(self):
        (row,) = json_rows(self.get("mentoring", "format=json"))
        self.assertEqual(row["mentor"], "Сидоров Олег")
        self.assertEqual(row["employee_id"], "A-001")
        self.assertEqual(row["channel"], "phone")
        # The skills in the job role's order, each with its rating.
        self.assertEqual(
            row["skills_rated"], "Поприветствовать: Самостоятельно; -Разобрать жалобу: С поддержкой"
        )
        self.assertEqual((row["independent"], row["mentor_stepped_in"]), (1, True))
        self.assertIsNotNone(row["acknowledged"])

    def test_csv_is_utf8_with_bom_semicolons_russian_headers_and_neutralised_formulas(self):
        response = self.get("progress", "format=csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        header, course, quiz = csv_rows(response)
        self.assertEqual(header[0], "Сотрудник")
        self.assertEqual(len(header), len(EXPORT_REPORTS["progress"].columns))
        self.assertEqual(course[0], f"'{INJECTED_NAME} Алиса Ивановна")
        self.assertEqual(course[5], f"'{INJECTED_COURSE}")
        self.assertEqual(quiz[5], f"'{INJECTED_QUIZ}")
        self.assertEqual(course[6], "План адаптации")
        self.assertEqual(course[7], timezone.localdate(days_ago(40)).isoformat())
        # The decimal comma of the Russian Excel the file is for.
        self.assertEqual(course[11], "90,00")
        self.assertEqual(quiz[11], "")

    def test_csv_of_attempts_and_sessions(self):
        header, first, second = csv_rows(self.get("attempts", "format=csv"))
        self.assertEqual(first[3], f"'{INJECTED_QUIZ}")
        self.assertEqual(
            second[4], timezone.localtime(self.w.attempt_2.started_at).strftime("%Y-%m-%d %H:%M")
        )
        self.assertEqual((first[7], second[7]), ("нет", "да"))
        header, session = csv_rows(self.get("mentoring", "format=csv"))
        self.assertEqual(session[0], f"'{INJECTED_NAME} Алиса Ивановна")
        self.assertEqual(session[8], "да")

    def test_xlsx_has_typed_cells_a_frozen_header_and_formulas_kept_as_text(self):
        response = self.get("progress", "format=xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
        sheet = workbook.active
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.column_dimensions["A"].width, 32)
        header, course, quiz = list(sheet.iter_rows())
        self.assertEqual(header[0].value, "Сотрудник")
        person = course[0]
        # The exact text, as a text cell Excel never evaluates.
        self.assertEqual(person.value, f"{INJECTED_NAME} Алиса Ивановна")
        self.assertEqual(person.data_type, "s")
        self.assertTrue(person.quotePrefix)
        self.assertEqual((course[5].data_type, course[5].quotePrefix), ("s", True))
        self.assertEqual(
            course[7].value,
            datetime.datetime.combine(timezone.localdate(days_ago(40)), datetime.time()),
        )
        self.assertTrue(course[7].is_date)
        self.assertEqual(course[11].value, 90)
        self.assertEqual(course[11].data_type, "n")
        self.assertIsNone(quiz[9].value)

    def test_xlsx_of_attempts_has_date_times_in_the_company_time_zone(self):
        # A moment a breath before the next second: a reader must not round it up.
        started = self.w.attempt_1.started_at.replace(microsecond=999_800)
        type(self.w.attempt_1).objects.filter(pk=self.w.attempt_1.pk).update(started_at=started)
        self.w.attempt_1.started_at = started
        response = self.get("attempts", "format=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        _header, first, _second = list(sheet.iter_rows())
        expected = timezone.localtime(self.w.attempt_1.started_at).replace(tzinfo=None)
        # Whole seconds, never rounded up to the next one.
        self.assertEqual(first[4].value, expected.replace(microsecond=0))
        self.assertTrue(first[4].is_date)
        self.assertEqual((first[6].value, first[8].value), (60, 1))
