"""``GET /api/v1/people/{id}/record`` (``reports/api_record.py``): who may call it, its keys and
content, no right answers anywhere in it, and its fixed number of queries."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment
from lms.api.errors import ERROR_UNAUTHORIZED
from lms.people.models import StaffProfile
from mentoring.models import SignOff
from reports.views.record import ERROR_NO_PERSON
from tests.api.helpers import ANSWER_KEYS, API, all_keys, bearer, count_queries, token_for
from tests.mentoring.factories import INDEPENDENT, PracticeSkillFactory, session_make
from tests.quizzes.factories import attempt_take, quiz_create, single_choice_create
from tests.reports.record_factories import (
    REFLECTION,
    RIGHT_CHOICE,
    STRENGTHS,
    WRONG_CHOICE,
    RecordData,
)

REQUIRED_KEYS = {"person", "assignments", "attempts", "sessions", "signoffs"}


class PersonRecordApiTests(RecordData, TestCase):
    def url(self, user_id=None):
        return f"{API}/people/{user_id or self.person.pk}/record"

    def get(self, viewer, url=None):
        headers = bearer(token_for(viewer)) if viewer is not None else {}
        return self.client.get(url or self.url(), headers=headers)

    def test_permission_matrix(self):
        cases = [
            ("learner looking at another person", self.colleague, 404),
            ("mentor of someone else", self.other_mentor, 404),
            ("manager of another team", self.other_manager, 404),
            ("mentor of this person", self.mentor, 200),
            ("manager of the team", self.manager, 200),
            ("HR", self.hr, 200),
            ("administrator", self.admin, 200),
            ("the person", self.person, 200),
        ]
        for label, viewer, expected in cases:
            with self.subTest(label):
                response = self.get(viewer)
                self.assertEqual(response.status_code, expected)
                if expected == 404:
                    self.assertEqual(response.json(), {"detail": str(ERROR_NO_PERSON)})

    def test_anonymous_is_401(self):
        response = self.get(None)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": str(ERROR_UNAUTHORIZED)})

    def test_unknown_and_out_of_range_ids(self):
        self.assertEqual(self.get(self.admin, self.url(999_999)).status_code, 404)
        self.assertEqual(self.get(self.admin, f"{API}/people/{2**64}/record").status_code, 422)

    def test_the_path_is_the_persons_user_id(self):
        self.assertEqual(
            reverse("api-v1:reports-person-record", kwargs={"id": self.person.pk}), self.url()
        )

    def test_keys_and_content(self):
        data = self.get(self.manager).json()
        self.assertTrue(set(data) >= REQUIRED_KEYS)
        person = data["person"]
        self.assertEqual(person["id"], self.person.pk)
        self.assertEqual(person["employee_id"], "E-100")
        self.assertEqual(person["team"], "Контакт-центр")
        self.assertEqual(person["job_role"], "Оператор")
        self.assertEqual(person["line_manager"]["id"], self.manager.pk)
        self.assertEqual(person["mentor"]["id"], self.mentor.pk)
        self.assertEqual(person["status"], "onboarding")
        self.assertEqual(person["page_url"], f"/people/{self.person.pk}/")

        assignments = {a["id"]: a for a in data["assignments"]}
        self.assertEqual(assignments[self.plan_assignment.pk]["source"], "onboarding")
        self.assertEqual(assignments[self.plan_assignment.pk]["best_score"], "100.00")
        self.assertEqual(assignments[self.quiz_assignment.pk]["state"], "completed")
        self.assertEqual(assignments[self.overdue_assignment.pk]["state"], "overdue")
        self.assertIsNone(assignments[self.overdue_assignment.pk]["best_score"])
        self.assertEqual([a["id"] for a in data["refreshers"]], [self.refresher_assignment.pk])
        self.assertEqual(data["refresher_policies"][0]["title"], "Правила раз в полгода")

        attempts = {a["id"]: a for a in data["attempts"]}
        self.assertEqual(attempts[self.passed.pk]["percent"], "100.00")
        self.assertTrue(attempts[self.passed.pk]["passed"])
        self.assertFalse(attempts[self.failed.pk]["passed"])
        self.assertEqual(attempts[self.failed.pk]["quiz"], "Проверка по тарифам")

        [session] = data["sessions"]
        self.assertEqual(session["strengths"], STRENGTHS)
        self.assertEqual(session["ratings"][0]["skill"], "Принять жалобу")
        self.assertIsNone(session["mentee_reflection"])
        [sign_off] = data["signoffs"]
        self.assertEqual(sign_off["signed_by"]["id"], self.mentor.pk)
        self.assertTrue(sign_off["live"])
        [clearance] = data["clearances"]
        self.assertEqual(clearance["status"], "confirmed")
        self.assertEqual(clearance["decided_by"]["id"], self.manager.pk)
        self.assertEqual(data["review"]["cards"], 2)
        self.assertEqual(data["review"]["recent_cards"], 1)
        self.assertIn("Тарифы", [t["topic"] for t in data["review"]["topics"]])

    def test_the_mentor_reads_the_reflection(self):
        [session] = self.get(self.mentor).json()["sessions"]
        self.assertEqual(session["mentee_reflection"], REFLECTION)

    def test_no_right_answers_anywhere(self):
        for viewer in (self.person, self.manager, self.admin):
            with self.subTest(viewer.username):
                response = self.get(viewer)
                self.assertFalse(all_keys(response.json()) & ANSWER_KEYS)
                body = response.content.decode()
                self.assertNotIn(RIGHT_CHOICE, body)
                self.assertNotIn(WRONG_CHOICE, body)
                self.assertNotIn("snapshot", body)

    def test_leaver_stays_readable(self):
        StaffProfile.objects.filter(user=self.person).update(
            status=StaffProfile.Status.LEFT, left_on=datetime.date(2026, 11, 30)
        )
        for viewer in (self.manager, self.hr, self.admin):
            with self.subTest(viewer.username):
                response = self.get(viewer)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["person"]["left_on"], "2026-11-30")
                self.assertEqual(len(response.json()["assignments"]), 4)
        self.assertEqual(self.get(self.other_manager).status_code, 404)

    def test_fixed_number_of_queries(self):
        headers = bearer(token_for(self.manager))

        def send():
            return self.client.get(self.url(), headers=headers)

        send()  # the token's first use is recorded once; count the calls after it
        before = count_queries(send)
        for n in range(4):
            quiz = quiz_create(
                title=f"Ещё проверка {n}",
                questions=[single_choice_create(text=f"Ещё {n}?", right="Да", wrong=["Нет"])],
            )
            Assignment.objects.create(
                user=self.person,
                quiz_id=quiz.pk,
                source=Assignment.Source.MANUAL,
                due_at=timezone.now() + datetime.timedelta(days=n),
            )
            attempt_take(self.person, quiz)
            skill = PracticeSkillFactory(job_role=self.role)
            session_make(mentee=self.person, ratings=[(skill, INDEPENDENT)], strengths="Хорошо")
            SignOff.objects.create(mentee=self.person, skill=skill, signed_by=self.mentor)
        self.assertEqual(count_queries(send), before)


class PersonRecordCertificatesApiTests(RecordData, TestCase):
    def test_the_record_lists_the_persons_certificates(self):
        from reports.models import Certificate

        certificate = Certificate.objects.create(
            user=self.person,
            kind=Certificate.Kind.COURSE,
            title="Знакомство с продуктами",
            issued_on=datetime.date(2026, 11, 2),
        )
        Certificate.objects.create(
            user=self.colleague,
            kind=Certificate.Kind.COURSE,
            title="Чужой сертификат",
            issued_on=datetime.date(2026, 11, 2),
        )
        response = self.client.get(
            f"{API}/people/{self.person.pk}/record", headers=bearer(token_for(self.manager))
        )
        [listed] = response.json()["certificates"]
        self.assertEqual(listed["code"], certificate.code)
        self.assertEqual(listed["course"], "Знакомство с продуктами")
        self.assertEqual(listed["status"], "valid")
        self.assertEqual(listed["issued"], "2026-11-02")
