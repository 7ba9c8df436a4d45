"""The mentoring endpoints (``mentoring/api.py``): who may call each, the shapes, the 400
bodies, and that nothing is saved when an endpoint refuses."""

import datetime

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, TestCase
from django.utils import timezone

from lms.api.errors import ERROR_UNAUTHORIZED
from lms.people import roles
from mentoring.models import SignOff, SkillRating, SoloClearance, SupervisedSession
from mentoring.services import (
    ERROR_NOT_ACTIVE_MENTOR,
    ERROR_NOT_MENTOR_OR_ADMIN,
    ERROR_NOT_READY,
    ERROR_OWN_SKILLS,
    ERROR_REASON_REQUIRED,
    ERROR_SKILL_RATED_TWICE,
    signoff_create,
)
from tests.api.helpers import API, bearer, count_queries, token_for
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import (
    INDEPENDENT,
    WITH_SUPPORT,
    PracticeSkillFactory,
    evidence_make,
    mentor_create,
    pairing_make,
    session_make,
)

M = f"{API}/mentoring"

# Session and user (2), then ``mentees_for_mentor``: pairings, skills, sign-offs, evidence,
# required courses (5); no completions to look up without required courses.
MENTEES_QUERIES = 7


class MentoringData:
    """A team with a newcomer paired with a mentor, a second pair elsewhere, a colleague, a
    manager of another team and an administrator."""

    @classmethod
    def setUpTestData(cls):
        cls.role = JobRoleFactory()
        cls.skill = PracticeSkillFactory(job_role=cls.role, title="Поприветствовать клиента")
        cls.optional = PracticeSkillFactory(
            job_role=cls.role, title="Объяснить бонус", required_for_solo=False
        )
        cls.foreign_skill = PracticeSkillFactory(job_role=JobRoleFactory())
        cls.team = TeamFactory()
        cls.mentor = mentor_create(first_name="Анна", last_name="Петрова")
        cls.mentee = staff_user(
            username="newbie", first_name="Иван", last_name="Новиков", team=cls.team,
            job_role=cls.role,
        )  # fmt: skip
        cls.pairing = pairing_make(mentee=cls.mentee, mentor=cls.mentor)
        cls.other_mentor = mentor_create()
        cls.other_mentee = staff_user(job_role=cls.role)
        pairing_make(mentee=cls.other_mentee, mentor=cls.other_mentor)
        cls.colleague = staff_user(team=cls.team, job_role=cls.role)
        cls.other_manager = staff_user(roles=[roles.MANAGERS])
        TeamFactory().managers.add(cls.other_manager)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])

    def outsiders(self):
        """Everyone who is neither the newcomer's mentor nor an administrator."""
        return {
            "mentor of another pair": self.other_mentor,
            "colleague": self.colleague,
            "manager of another team": self.other_manager,
        }

    def post(self, user, url, data=None):
        self.client.force_login(user)
        return self.client.post(url, data or {}, content_type="application/json")


class AnonymousTests(MentoringData, TestCase):
    def test_every_endpoint_is_401_and_does_nothing(self):
        session = session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
        sign_off = SignOff.objects.create(
            mentee=self.mentee, skill=self.optional, signed_by=self.mentor
        )
        endpoints = [
            ("get", f"{M}/mentees"),
            ("get", f"{M}/me"),
            ("post", f"{M}/sessions"),
            ("post", f"{M}/sessions/{session.pk}/acknowledge"),
            ("post", f"{M}/signoffs"),
            ("post", f"{M}/signoffs/{sign_off.pk}/revoke"),
            ("post", f"{M}/clearances"),
        ]
        for method, url in endpoints:
            with self.subTest(url=url):
                response = getattr(self.client, method)(
                    url, {"mentee_id": self.mentee.pk, "reason": "x"}, "application/json"
                )
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json(), {"detail": str(ERROR_UNAUTHORIZED)})
        session.refresh_from_db()
        sign_off.refresh_from_db()
        self.assertIsNone(session.acknowledged_at)
        self.assertTrue(sign_off.is_live)
        self.assertEqual(SupervisedSession.objects.count(), 1)


class MenteeListTests(MentoringData, TestCase):
    def test_shape(self):
        evidence_make(self.mentee, self.skill, 2)
        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        session_make(mentee=self.mentee, ratings=[(self.optional, INDEPENDENT)])
        self.client.force_login(self.mentor)
        response = self.client.get(f"{M}/mentees")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "mentees": [
                    {
                        "id": self.mentee.pk,
                        "username": "newbie",
                        "name": "Иван Новиков",
                        "pairing_id": self.pairing.pk,
                        "skills": [
                            {
                                "id": self.skill.pk,
                                "title": "Поприветствовать клиента",
                                "required": True,
                                "sessions_required": 2,
                                "independent_sessions": 2,
                                "signed_off": True,
                            },
                            {
                                "id": self.optional.pk,
                                "title": "Объяснить бонус",
                                "required": False,
                                "sessions_required": 2,
                                "independent_sessions": 1,
                                "signed_off": False,
                            },
                        ],
                        "ready_for_solo": True,
                    }
                ]
            },
        )

    def test_only_my_own_mentees(self):
        self.client.force_login(self.other_mentor)
        mentees = self.client.get(f"{M}/mentees").json()["mentees"]
        self.assertEqual([m["id"] for m in mentees], [self.other_mentee.pk])

    def test_everyone_else_sees_nobody(self):
        people = {**self.outsiders(), "the mentee": self.mentee, "administrator": self.admin}
        for label, user in people.items():
            with self.subTest(label):
                self.client.force_login(user)
                response = self.client.get(f"{M}/mentees")
                self.assertEqual(response.status_code, 200)
                ids = [m["id"] for m in response.json()["mentees"]]
                self.assertNotIn(self.mentee.pk, ids)
                if user != self.other_mentor:
                    self.assertEqual(ids, [])

    def test_a_bearer_token_works(self):
        response = self.client.get(f"{M}/mentees", headers=bearer(token_for(self.mentor)))
        self.assertEqual(len(response.json()["mentees"]), 1)


class MenteeListQueryCountTests(TestCase):
    def count(self, mentees: int) -> int:
        role = JobRoleFactory()
        skills = PracticeSkillFactory.create_batch(3, job_role=role)
        mentor = mentor_create(capacity=20)
        for _ in range(mentees):
            mentee = staff_user(job_role=role)
            pairing_make(mentee=mentee, mentor=mentor)
            evidence_make(mentee, skills[0], 2)
            session_make(mentee=mentee, ratings=[(skills[1], WITH_SUPPORT)])
            signoff_create(mentee=mentee, skill=skills[0], signed_by=mentor)
        self.client.force_login(mentor)
        return count_queries(lambda: self.client.get(f"{M}/mentees"))

    def test_same_count_for_2_and_for_10_mentees(self):
        self.assertEqual(self.count(2), MENTEES_QUERIES)
        self.assertEqual(self.count(10), MENTEES_QUERIES)


class SessionLogTests(MentoringData, TestCase):
    def payload(self, **changes) -> dict:
        return {
            "mentee_id": self.mentee.pk,
            "channel": "phone",
            "situation": "Клиент недоволен сроками доставки",
            "ratings": [
                {"skill_id": self.skill.pk, "rating": "independent"},
                {"skill_id": self.optional.pk, "rating": "with_support"},
            ],
            "mentor_stepped_in": False,
            "strengths": "Спокойно выслушал клиента",
            "to_improve": "Сразу предлагать решение",
            **changes,
        }

    def test_the_active_mentor_logs_a_session(self):
        response = self.post(self.mentor, f"{M}/sessions", self.payload())
        self.assertEqual(response.status_code, 201)
        session = SupervisedSession.objects.get()
        body = response.json()
        self.assertEqual(body["id"], session.pk)
        self.assertEqual(body["pairing_id"], self.pairing.pk)
        self.assertEqual(body["mentee_id"], self.mentee.pk)
        self.assertEqual(body["mentor"]["id"], self.mentor.pk)
        self.assertEqual(body["channel"], "phone")
        self.assertEqual(body["situation"], "Клиент недоволен сроками доставки")
        self.assertEqual(
            body["ratings"],
            [
                {"skill_id": self.skill.pk, "title": self.skill.title, "rating": "independent"},
                {
                    "skill_id": self.optional.pk,
                    "title": "Объяснить бонус",
                    "rating": "with_support",
                },
            ],
        )
        self.assertIsNone(body["acknowledged_at"])
        self.assertEqual(
            set(session.ratings.values_list("skill_id", "rating")),
            {(self.skill.pk, INDEPENDENT), (self.optional.pk, WITH_SUPPORT)},
        )

    def test_occurred_at_in_the_past_is_kept(self):
        when = (timezone.now() - datetime.timedelta(hours=3)).replace(microsecond=0)
        response = self.post(
            self.mentor, f"{M}/sessions", self.payload(occurred_at=when.isoformat())
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(SupervisedSession.objects.get().occurred_at, when)

    def test_nobody_else_may_log(self):
        people = {**self.outsiders(), "the mentee": self.mentee, "administrator": self.admin}
        for label, user in people.items():
            with self.subTest(label):
                response = self.post(user, f"{M}/sessions", self.payload())
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json(), {"detail": str(ERROR_NOT_ACTIVE_MENTOR)})
        self.assertFalse(SupervisedSession.objects.exists())

    def test_rule_errors_are_400_with_the_field(self):
        cases = {
            "no ratings": (self.payload(ratings=[]), "ratings"),
            "skill rated twice": (
                self.payload(
                    ratings=[
                        {"skill_id": self.skill.pk, "rating": "independent"},
                        {"skill_id": self.skill.pk, "rating": "needed_help"},
                    ]
                ),
                "ratings",
            ),
            "skill of another role": (
                self.payload(
                    ratings=[{"skill_id": self.foreign_skill.pk, "rating": "independent"}]
                ),
                "ratings",
            ),
            "unknown skill": (
                self.payload(ratings=[{"skill_id": 999999, "rating": "independent"}]),
                "ratings",
            ),
            "in the future": (
                self.payload(occurred_at=(timezone.now() + datetime.timedelta(days=1)).isoformat()),
                "occurred_at",
            ),
            "unknown mentee": (self.payload(mentee_id=999999), "mentee_id"),
        }
        for label, (payload, field) in cases.items():
            with self.subTest(label):
                response = self.post(self.mentor, f"{M}/sessions", payload)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["field"], field)
                self.assertTrue(response.json()["detail"])
        twice = self.post(self.mentor, f"{M}/sessions", cases["skill rated twice"][0])
        self.assertEqual(twice.json()["detail"], str(ERROR_SKILL_RATED_TWICE))
        self.assertFalse(SupervisedSession.objects.exists())
        self.assertFalse(SkillRating.objects.exists())

    def test_shape_errors_are_422(self):
        cases = {
            "unknown channel": self.payload(channel="pigeon"),
            "unknown rating": self.payload(
                ratings=[{"skill_id": self.skill.pk, "rating": "brilliant"}]
            ),
            "no situation": {k: v for k, v in self.payload().items() if k != "situation"},
            "blank situation": self.payload(situation="   "),
            "no mentee": {k: v for k, v in self.payload().items() if k != "mentee_id"},
        }
        for label, payload in cases.items():
            with self.subTest(label):
                response = self.post(self.mentor, f"{M}/sessions", payload)
                self.assertEqual(response.status_code, 422)
                self.assertIsInstance(response.json()["detail"], list)
        self.assertFalse(SupervisedSession.objects.exists())

    def test_session_with_csrf(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.mentor)
        url, body = f"{M}/sessions", self.payload()
        self.assertEqual(client.post(url, body, "application/json").status_code, 403)
        self.assertFalse(SupervisedSession.objects.exists())
        secret = _get_new_csrf_string()
        client.cookies[settings.CSRF_COOKIE_NAME] = secret
        response = client.post(url, body, "application/json", headers={"X-CSRFToken": secret})
        self.assertEqual(response.status_code, 201)


class SessionAcknowledgeTests(MentoringData, TestCase):
    def setUp(self):
        self.session = session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
        self.url = f"{M}/sessions/{self.session.pk}/acknowledge"

    def test_the_mentee_acknowledges_with_a_reflection(self):
        response = self.post(self.mentee, self.url, {"reflection": " Буду уточнять адрес. "})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["id"], self.session.pk)
        self.assertEqual(body["mentee_reflection"], "Буду уточнять адрес.")
        self.assertIsNotNone(body["acknowledged_at"])
        self.session.refresh_from_db()
        self.assertIsNotNone(self.session.acknowledged_at)

    def test_a_reflection_is_optional_and_again_changes_nothing(self):
        self.client.force_login(self.mentee)
        first = self.client.post(self.url, {}, "application/json").json()
        second = self.client.post(self.url, {"reflection": "потом"}, "application/json").json()
        self.assertEqual(first, second)

    def test_the_mentor_is_403_everyone_else_404(self):
        response = self.post(self.mentor, self.url)
        self.assertEqual(response.status_code, 403)
        for label, user in {**self.outsiders(), "administrator": self.admin}.items():
            with self.subTest(label):
                self.assertEqual(self.post(user, self.url).status_code, 404)
        self.session.refresh_from_db()
        self.assertIsNone(self.session.acknowledged_at)

    def test_unknown_and_malformed_ids(self):
        self.assertEqual(
            self.post(self.mentee, f"{M}/sessions/999999/acknowledge").status_code, 404
        )
        self.assertEqual(self.post(self.mentee, f"{M}/sessions/0/acknowledge").status_code, 422)


class SignOffCreateTests(MentoringData, TestCase):
    def payload(self, skill=None) -> dict:
        return {"mentee_id": self.mentee.pk, "skill_id": (skill or self.skill).pk}

    def test_the_mentor_signs_off_with_the_evidence(self):
        evidence = evidence_make(self.mentee, self.skill, 2)
        response = self.post(self.mentor, f"{M}/signoffs", self.payload())
        self.assertEqual(response.status_code, 201)
        sign_off = SignOff.objects.get()
        body = response.json()
        self.assertEqual(
            {k: v for k, v in body.items() if k not in {"signed_at", "signed_by"}},
            {
                "id": sign_off.pk,
                "mentee_id": self.mentee.pk,
                "skill_id": self.skill.pk,
                "skill_title": self.skill.title,
                "live": True,
                "revoked_at": None,
                "revoked_by": None,
                "revoke_reason": "",
                "evidence": sorted(s.pk for s in evidence),
            },
        )
        self.assertEqual(body["signed_by"]["name"], "Анна Петрова")

    def test_an_administrator_may_sign_off(self):
        evidence_make(self.mentee, self.skill, 2)
        self.assertEqual(self.post(self.admin, f"{M}/signoffs", self.payload()).status_code, 201)

    def test_nobody_else_may_sign_off(self):
        evidence_make(self.mentee, self.skill, 2)
        for label, user in self.outsiders().items():
            with self.subTest(label):
                response = self.post(user, f"{M}/signoffs", self.payload())
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json(), {"detail": str(ERROR_NOT_MENTOR_OR_ADMIN)})
        response = self.post(self.mentee, f"{M}/signoffs", self.payload())
        self.assertEqual(response.json(), {"detail": str(ERROR_OWN_SKILLS)})
        self.assertFalse(SignOff.objects.exists())

    def test_short_evidence_is_400_with_the_reason(self):
        evidence_make(self.mentee, self.skill, 1)
        session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)], stepped_in=True)
        response = self.post(self.mentor, f"{M}/signoffs", self.payload())
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual(body["sessions_needed"], 1)
        self.assertIn(self.skill.title, body["detail"])
        self.assertFalse(SignOff.objects.exists())

    def test_never_a_second_live_sign_off(self):
        evidence_make(self.mentee, self.skill, 2)
        self.assertEqual(self.post(self.mentor, f"{M}/signoffs", self.payload()).status_code, 201)
        response = self.post(self.mentor, f"{M}/signoffs", self.payload())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "skill_id")
        self.assertEqual(SignOff.objects.count(), 1)

    def test_unknown_or_foreign_skill_is_400(self):
        for skill_id in (self.foreign_skill.pk, 999999):
            with self.subTest(skill_id=skill_id):
                response = self.post(
                    self.mentor,
                    f"{M}/signoffs",
                    {"mentee_id": self.mentee.pk, "skill_id": skill_id},
                )
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["field"], "skill_id")
        self.assertFalse(SignOff.objects.exists())


class SignOffRevokeTests(MentoringData, TestCase):
    def setUp(self):
        evidence_make(self.mentee, self.skill, 2)
        self.sign_off = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        self.url = f"{M}/signoffs/{self.sign_off.pk}/revoke"

    def test_the_mentor_revokes_with_a_reason(self):
        response = self.post(self.mentor, self.url, {"reason": "Снова путает тарифы"})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertFalse(body["live"])
        self.assertEqual(body["revoke_reason"], "Снова путает тарифы")
        self.assertEqual(body["revoked_by"]["id"], self.mentor.pk)
        self.assertEqual(body["signed_by"]["id"], self.mentor.pk)
        self.assertEqual(SignOff.objects.get().revoke_reason, "Снова путает тарифы")

    def test_an_administrator_may_revoke(self):
        self.assertEqual(self.post(self.admin, self.url, {"reason": "Жалоба"}).status_code, 200)

    def test_a_reason_is_required(self):
        missing = self.post(self.mentor, self.url, {})
        self.assertEqual(missing.status_code, 422)
        blank = self.post(self.mentor, self.url, {"reason": "  "})
        self.assertEqual(blank.status_code, 400)
        self.assertEqual(blank.json(), {"detail": str(ERROR_REASON_REQUIRED), "field": "reason"})
        self.assertTrue(SignOff.objects.get().is_live)

    def test_nobody_else_may_revoke(self):
        for label, user in {**self.outsiders(), "the mentee": self.mentee}.items():
            with self.subTest(label):
                response = self.post(user, self.url, {"reason": "Просто так"})
                self.assertEqual(response.status_code, 403)
        self.assertTrue(SignOff.objects.get().is_live)

    def test_revoking_twice_is_400(self):
        self.post(self.mentor, self.url, {"reason": "Первый раз"})
        response = self.post(self.mentor, self.url, {"reason": "Второй раз"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(SignOff.objects.get().revoke_reason, "Первый раз")

    def test_unknown_sign_off_is_404(self):
        response = self.post(self.mentor, f"{M}/signoffs/999999/revoke", {"reason": "x"})
        self.assertEqual(response.status_code, 404)


class PracticeTests(MentoringData, TestCase):
    def test_shape(self):
        first, second = evidence_make(self.mentee, self.skill, 2)
        sign_off = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        self.post(self.mentor, f"{M}/signoffs/{sign_off.pk}/revoke", {"reason": "Ошибся в CRM"})
        latest = session_make(
            mentee=self.mentee,
            ratings=[(self.skill, WITH_SUPPORT)],
            occurred_at=timezone.now(),
            strengths="Вежливо",
            to_improve="Записывать номер заказа",
        )
        self.client.force_login(self.mentee)
        response = self.client.get(f"{M}/me")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["mentor"], {"id": self.mentor.pk, "username": self.mentor.username,
                                          "name": "Анна Петрова"})  # fmt: skip
        self.assertEqual(body["pairing_id"], self.pairing.pk)
        self.assertEqual([s["id"] for s in body["skills"]], [self.skill.pk, self.optional.pk])
        self.assertEqual(body["skills"][0]["independent_sessions"], 0)  # revoked: count anew
        self.assertEqual([s["id"] for s in body["sessions"]], [latest.pk, second.pk, first.pk])
        self.assertEqual(body["sessions"][0]["to_improve"], "Записывать номер заказа")
        self.assertEqual(body["sessions"][0]["ratings"][0]["rating"], "with_support")
        [history] = body["sign_offs"]
        self.assertFalse(history["live"])
        self.assertEqual(history["revoke_reason"], "Ошибся в CRM")
        self.assertEqual(history["evidence"], sorted([first.pk, second.pk]))
        self.assertFalse(body["solo"]["ready"])
        self.assertEqual(
            body["solo"]["missing"],
            [
                {
                    "kind": "skill",
                    "message": body["solo"]["missing"][0]["message"],
                    "skill_id": self.skill.pk,
                    "sessions_needed": 2,
                    "course_id": None,
                }
            ],
        )
        self.assertIsNone(body["clearance"])

    def test_someone_without_mentoring_gets_an_empty_practice(self):
        self.client.force_login(self.colleague)
        body = self.client.get(f"{M}/me").json()
        self.assertIsNone(body["mentor"])
        self.assertEqual(body["sessions"], [])
        self.assertEqual(body["sign_offs"], [])

    def test_only_my_own_practice(self):
        session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
        for user in (self.mentor, self.other_mentee, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(f"{M}/me").json()["sessions"], [])


class ClearanceRequestTests(MentoringData, TestCase):
    def payload(self) -> dict:
        return {"mentee_id": self.mentee.pk}

    def test_not_ready_is_400_with_what_is_missing(self):
        response = self.post(self.mentor, f"{M}/clearances", self.payload())
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual(body["detail"], str(ERROR_NOT_READY))
        self.assertEqual(
            [(m["kind"], m["skill_id"], m["sessions_needed"]) for m in body["missing"]],
            [("skill", self.skill.pk, 2)],
        )
        self.assertFalse(SoloClearance.objects.exists())

    def test_ready_mentee_is_201(self):
        evidence_make(self.mentee, self.skill, 2)
        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        response = self.post(self.mentor, f"{M}/clearances", self.payload())
        self.assertEqual(response.status_code, 201)
        clearance = SoloClearance.objects.get()
        body = response.json()
        self.assertEqual(body["id"], clearance.pk)
        self.assertEqual(body["mentee_id"], self.mentee.pk)
        self.assertEqual(body["status"], "requested")
        again = self.post(self.mentor, f"{M}/clearances", self.payload())
        self.assertEqual(again.status_code, 400)
        self.assertEqual(SoloClearance.objects.count(), 1)

    def test_an_administrator_may_ask(self):
        evidence_make(self.mentee, self.skill, 2)
        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        self.assertEqual(self.post(self.admin, f"{M}/clearances", self.payload()).status_code, 201)

    def test_nobody_else_may_ask(self):
        evidence_make(self.mentee, self.skill, 2)
        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        for label, user in {**self.outsiders(), "the mentee": self.mentee}.items():
            with self.subTest(label):
                response = self.post(user, f"{M}/clearances", self.payload())
                self.assertEqual(response.status_code, 403)
        self.assertFalse(SoloClearance.objects.exists())

    def test_unknown_mentee_is_400(self):
        response = self.post(self.mentor, f"{M}/clearances", {"mentee_id": 999999})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "mentee_id")


class SessionRetryTests(MentoringData, TestCase):
    def test_a_retried_submission_returns_the_first_session(self):
        body = {
            "mentee_id": self.mentee.pk,
            "channel": "chat",
            "situation": "Клиент спрашивает про роуминг",
            "ratings": [{"skill_id": self.skill.pk, "rating": "independent"}],
            "submission_id": "2f1c7f0e-4a55-4d1f-9a41-0a6f1bde0c11",
        }
        first = self.post(self.mentor, f"{API}/mentoring/sessions", body)
        second = self.post(self.mentor, f"{API}/mentoring/sessions", body)

        self.assertEqual(first.status_code, 201)
        self.assertEqual(second.status_code, 201)
        self.assertEqual(first.json()["id"], second.json()["id"])
        self.assertEqual(SupervisedSession.objects.count(), 1)
