"""The HR API for people (``lms.people.api``): ``PUT /people/{employee_id}`` through the staff
import's checks and writes, and ``GET /people`` with filters and pages; administrators only."""

import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import TestCase
from django.utils import timezone, translation

from lms.people import roles
from lms.people.models import StaffImport, StaffImportChange, StaffProfile, Team
from tests.api.helpers import API, bearer, count_queries, token_for
from tests.factories import JobRoleFactory, TeamFactory, staff_user

User = get_user_model()
PEOPLE = f"{API}/people"


def body(**fields) -> dict:
    return {
        "last_name": "Орлов",
        "first_name": "Николай",
        "middle_name": "Петрович",
        "email": "n.orlov@example.com",
        "team": "Смена А",
        "job_role": "Оператор",
        "hire_date": "2026-11-02",
        "status": "onboarding",
        **fields,
    }


class PeopleApiCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operator = JobRoleFactory(name="Оператор")
        cls.administrator = staff_user(roles=[roles.ADMINISTRATORS])
        cls.token = token_for(cls.administrator)

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages in English

    def put(self, employee_id, data, token=None):
        return self.client.put(
            f"{PEOPLE}/{employee_id}",
            data=json.dumps(data),
            content_type="application/json",
            headers=bearer(token or self.token),
        )

    def get(self, params="", token=None):
        return self.client.get(f"{PEOPLE}{params}", headers=bearer(token or self.token))

    def profile(self, employee_id) -> StaffProfile:
        return StaffProfile.objects.select_related("user", "team").get(employee_id=employee_id)


class PermissionTests(PeopleApiCase):
    def test_anonymous_gets_401(self):
        response = self.client.put(
            f"{PEOPLE}/E1", data=json.dumps(body()), content_type="application/json"
        )
        self.assertEqual(response.status_code, 401)
        self.assertEqual(self.client.get(PEOPLE).status_code, 401)

    def test_learner_and_manager_get_403_and_nothing_changes(self):
        learner = staff_user()
        manager = staff_user(roles=[roles.MANAGERS])
        for user in (learner, manager):
            token = token_for(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.put("E1", body(), token=token).status_code, 403)
                self.assertEqual(self.get(token=token).status_code, 403)
        self.assertFalse(StaffProfile.objects.filter(employee_id="E1").exists())

    def test_administrator_token_and_session(self):
        self.assertEqual(self.put("E1", body()).status_code, 201)
        self.assertEqual(self.get().status_code, 200)
        self.client.force_login(self.administrator)
        self.assertEqual(self.client.get(PEOPLE).status_code, 200)


class PutTests(PeopleApiCase):
    def test_create(self):
        response = self.put("E1", body(roles=["mentor"]))
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["employee_id"], "E1")
        self.assertEqual(data["username"], "n.orlov")
        self.assertEqual(data["team"], "Смена А")
        self.assertEqual(data["roles"], ["mentor"])
        self.assertTrue(data["changed"])
        profile = self.profile("E1")
        self.assertEqual(profile.user.last_name, "Орлов")
        self.assertEqual(profile.middle_name, "Петрович")
        self.assertEqual(profile.hire_date, datetime.date(2026, 11, 2))
        self.assertTrue(profile.user.groups.filter(name=roles.MENTORS).exists())
        self.assertTrue(Team.objects.filter(name="Смена А").exists())

    def test_the_same_put_twice_changes_nothing_the_second_time(self):
        self.put("E1", body())
        before = self.profile("E1").updated_at
        imports = StaffImport.objects.count()
        response = self.put("E1", body())
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["changed"])
        self.assertEqual(StaffImport.objects.count(), imports)
        self.assertEqual(self.profile("E1").updated_at, before)

    def test_update_one_field_leaves_the_others_and_is_recorded(self):
        self.put("E1", body())
        response = self.put("E1", {"last_name": "Орлова"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["changed"])
        profile = self.profile("E1")
        self.assertEqual(profile.user.last_name, "Орлова")
        self.assertEqual(profile.user.first_name, "Николай")
        self.assertEqual(profile.team.name, "Смена А")
        record = StaffImport.objects.first()
        self.assertEqual(record.imported_by, self.administrator)
        self.assertEqual(record.file_name, "API")
        self.assertEqual(record.changed, 1)
        change = StaffImportChange.objects.get(staff_import=record)
        self.assertEqual(
            (change.employee_id, change.field, change.old_value, change.new_value),
            ("E1", "last_name", "Орлов", "Орлова"),
        )

    def test_the_employee_id_matches_ignoring_case_as_in_a_file(self):
        self.put("ab1", body())
        response = self.put("AB1", body())
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(StaffProfile.objects.filter(employee_id__iexact="ab1").count(), 1)

    def test_null_clears_a_field_as_an_empty_cell_does(self):
        self.put("E1", body())
        self.put("E1", {"team": None})
        self.assertIsNone(self.profile("E1").team)

    def test_line_manager_by_employee_id(self):
        self.put("M1", body(email="boss@example.com", status="solo"))
        response = self.put("E1", body(line_manager="M1"))
        self.assertEqual(response.json()["line_manager"], "M1")
        self.assertEqual(self.profile("E1").line_manager, self.profile("M1").user)

    def test_leaver_is_locked_out_sessions_and_tokens_killed(self):
        self.put("E1", body())
        user = self.profile("E1").user
        user.set_password("pw")
        user.save()
        self.client.force_login(user)
        session_key = self.client.session.session_key
        self.client.logout()
        leaver_token = token_for(user)
        response = self.put("E1", {"status": "left", "left_on": "2026-12-01"})
        self.assertEqual(response.status_code, 200, response.content)
        user.refresh_from_db()
        self.assertFalse(user.is_active)
        self.assertEqual(self.profile("E1").left_on, datetime.date(2026, 12, 1))
        self.assertFalse(Session.objects.filter(session_key=session_key).exists())
        answer = self.client.get(f"{API}/courses/plan", headers=bearer(leaver_token))
        self.assertEqual(answer.status_code, 401)


class ValidationTests(PeopleApiCase):
    def assert_invalid(self, employee_id, data, loc, message_part):
        response = self.put(employee_id, data)
        self.assertEqual(response.status_code, 422, response.content)
        errors = response.json()["detail"]
        located = [e for e in errors if e["loc"] == loc]
        self.assertTrue(located, errors)
        self.assertIn(message_part, located[0]["msg"])
        self.assertEqual(set(located[0]), {"type", "loc", "msg"})

    def test_every_kind_of_error_is_located_and_nothing_is_written(self):
        self.put("M1", body(email="boss@example.com"))
        cases = [
            ({"hire_date": "31.02.2026"}, ["body", "hire_date"], "is not a date"),
            ({"left_on": "yesterday"}, ["body", "left_on"], "is not a date"),
            ({"status": "asleep"}, ["body", "status"], "is not one of"),
            ({"roles": ["pilot"]}, ["body", "roles"], "is not one of"),
            ({"email": "not-an-email"}, ["body", "email"], "is not an email address"),
            ({"email": "boss@example.com"}, ["body", "email"], "is the email of another"),
            ({"job_role": "Космонавт"}, ["body", "job_role"], "there is no job role"),
            ({"line_manager": "NOBODY"}, ["body", "line_manager"], "is neither an employee ID"),
            ({"line_manager": "E1"}, ["body", "line_manager"], "their own line manager"),
            ({"mentor": "E1"}, ["body", "mentor"], "their own mentor"),
            ({"username": "bad name!"}, ["body", "username"], "cannot be a username"),
            ({"left_on": "2026-12-01"}, ["body", "left_on"], "the status is not"),
            ({"last_name": "x" * 151}, ["body", "last_name"], "is longer than"),
            (
                {"status": "left", "left_on": "2020-01-01"},
                ["body", "left_on"],
                "before the hire date",
            ),
        ]
        for data, loc, message in cases:
            with self.subTest(data=data):
                self.assert_invalid("E1", body(**data), loc, message)
        self.assertFalse(StaffProfile.objects.filter(employee_id="E1").exists())
        self.assertEqual(StaffImport.objects.count(), 1)

    def test_a_manager_cycle(self):
        self.put("M1", body(email="boss@example.com"))
        self.put("E1", body(line_manager="M1"))
        self.assert_invalid("M1", {"line_manager": "E1"}, ["body", "line_manager"], "circle")

    def test_an_employee_id_too_long(self):
        response = self.put("E" * 65, body())
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][0], "path")

    def test_a_value_of_the_wrong_type(self):
        response = self.put("E1", body(hire_date=20261102))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][:1], ["body"])


class ListTests(PeopleApiCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.team_a = TeamFactory(name="Смена А")
        cls.team_b = TeamFactory(name="Смена Б")

    def make(self, employee_id, **fields):
        data = body(email=f"{employee_id.lower()}@example.com", **fields)
        self.assertIn(self.put(employee_id, data).status_code, (200, 201))

    def test_fields(self):
        self.make("M1", status="solo", roles=["manager"])
        self.make("E1", line_manager="M1")
        items = {p["employee_id"]: p for p in self.get().json()["items"]}
        person = items["E1"]
        self.assertEqual(person["line_manager"], "M1")
        self.assertEqual(person["team"], "Смена А")
        self.assertEqual(person["job_role"], "Оператор")
        self.assertEqual(person["status"], "onboarding")
        self.assertEqual(person["roles"], [])
        self.assertEqual(items["M1"]["roles"], ["manager"])
        for key in ("user_id", "username", "first_name", "last_name", "middle_name", "email"):
            self.assertIn(key, person)
        self.assertIn("updated", person)
        self.assertIn("hire_date", person)
        self.assertIn("left_on", person)

    def test_filters(self):
        self.make("A1", team="Смена А")
        self.make("B1", team="Смена Б", status="solo")
        self.make("B2", team="Смена Б", status="left")

        def ids(params):
            response = self.get(params)
            self.assertEqual(response.status_code, 200, response.content)
            return sorted(p["employee_id"] for p in response.json()["items"])

        self.assertEqual(ids("?team=смена б"), ["B1", "B2"])
        self.assertEqual(ids("?status=left"), ["B2"])
        self.assertEqual(ids("?team=Смена Б&status=solo"), ["B1"])
        later = timezone.now() + datetime.timedelta(seconds=1)
        StaffProfile.objects.filter(employee_id="A1").update(
            updated_at=later + datetime.timedelta(seconds=1)
        )
        self.assertEqual(ids(f"?updated_since={later.isoformat().replace('+', '%2B')}"), ["A1"])
        self.assertEqual(self.get("?status=asleep").status_code, 422)

    def test_an_import_change_moves_updated(self):
        self.make("A1")
        before = self.profile("A1").updated_at
        self.put("A1", {"first_name": "Иван"})
        self.assertGreater(self.profile("A1").updated_at, before)

    def test_pages(self):
        for number in range(3):
            self.make(f"P{number}")
        response = self.get("?page_size=2")
        data = response.json()
        self.assertEqual(data["count"], 4)  # the administrator has a profile too
        self.assertEqual(len(data["items"]), 2)
        second = self.get("?page_size=2&page=2").json()
        self.assertEqual(len(second["items"]), 2)
        seen = {p["user_id"] for p in data["items"]} | {p["user_id"] for p in second["items"]}
        self.assertEqual(len(seen), 4)

    def test_the_number_of_queries_does_not_grow_with_the_page(self):
        def queries(people):
            StaffProfile.objects.exclude(user=self.administrator).delete()
            for number in range(people):
                self.make(f"Q{number}", line_manager="Q0" if number else "", roles=["mentor"])
            return count_queries(lambda: self.get("?page_size=100"))

        self.assertEqual(queries(2), queries(20))
