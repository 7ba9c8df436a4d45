"""The newcomer's screens: "my practice" and acknowledging a session; who sees and does what,
and the query count of the page."""

import datetime

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from lms.people import roles
from mentoring.models import SoloClearance, SupervisedSession
from mentoring.selectors import MISSING_SKILL, MISSING_SKILL_SIGNOFF_ONLY
from mentoring.services import signoff_create, signoff_revoke
from mentoring.views.newcomer import MESSAGE_ACKNOWLEDGED
from tests.courses.factories import course_create, course_lessons
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

PRACTICE_URL = reverse("mentoring:practice")


def hours_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=n)


def en(text) -> str:
    with translation.override("en"):
        return str(text)


class NewcomerWorld(TestCase):
    """A newcomer paired with ``mentor`` in team A, with two skills; another pair; a colleague;
    the team's manager, a manager of another team and an administrator."""

    @classmethod
    def setUpTestData(cls):
        cls.team_a = TeamFactory(name="Контакт-центр")
        cls.team_b = TeamFactory(name="Офис продаж")
        cls.role = JobRoleFactory(name="Оператор")
        cls.manager_a = staff_user(roles=[roles.MANAGERS], username="manager_a")
        cls.manager_b = staff_user(roles=[roles.MANAGERS], username="manager_b")
        cls.team_a.managers.add(cls.manager_a)
        cls.team_b.managers.add(cls.manager_b)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS], username="admin")
        cls.mentor = mentor_create(
            username="mentor", first_name="Мария", last_name="Наставникова", team=cls.team_a
        )
        cls.other_mentor = mentor_create(username="other_mentor", team=cls.team_b)
        cls.mentee = staff_user(username="newbie", team=cls.team_a, job_role=cls.role)
        cls.other_mentee = staff_user(username="other_newbie", team=cls.team_b, job_role=cls.role)
        cls.colleague = staff_user(username="colleague", team=cls.team_a, job_role=cls.role)
        cls.pairing = pairing_make(mentee=cls.mentee, mentor=cls.mentor)
        pairing_make(mentee=cls.other_mentee, mentor=cls.other_mentor)
        cls.greet = PracticeSkillFactory(job_role=cls.role, title="Поприветствовать")
        cls.complaint = PracticeSkillFactory(
            job_role=cls.role, title="Разобрать жалобу", sessions_required=3
        )
        cls.others = {
            "the mentor of another pair": cls.other_mentor,
            "a colleague": cls.colleague,
            "the newcomer's own mentor": cls.mentor,
            "the team's manager": cls.manager_a,
            "a manager of another team": cls.manager_b,
            "an administrator": cls.admin,
        }

    def setUp(self):
        # Assertions name the English texts: they must not depend on what is translated.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


class PracticeViewTests(NewcomerWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lesson = course_lessons(course_create(lessons=1, title="Жалобы"))[0]
        evidence_make(cls.mentee, cls.greet, 2, occurred_at=hours_ago(50))
        cls.revoked = signoff_create(mentee=cls.mentee, skill=cls.greet, signed_by=cls.mentor)
        signoff_revoke(signoff=cls.revoked, revoked_by=cls.mentor, reason="Поспешили с оценкой")
        cls.old = session_make(
            mentee=cls.mentee,
            ratings=[(cls.complaint, WITH_SUPPORT)],
            occurred_at=hours_ago(30),
            situation="Клиент недоволен счётом",
            acknowledged=True,
            mentee_reflection="Буду уточнять период",
        )
        cls.latest = session_make(
            mentee=cls.mentee,
            ratings=[(cls.greet, INDEPENDENT), (cls.complaint, WITH_SUPPORT)],
            occurred_at=hours_ago(2),
            situation="Клиент хочет сменить тариф",
            stepped_in=True,
            stepped_in_note="Подсказала про скидку",
            strengths="Спокойный тон",
            to_improve="Уточнять потребность",
        )
        cls.latest.suggested_lessons.set([cls.lesson])

    def test_anonymous_is_sent_to_log_in(self):
        response = self.client.get(PRACTICE_URL)

        self.assertRedirects(response, f"{reverse('login')}?next={PRACTICE_URL}")

    def test_the_newcomer_sees_their_mentor_skills_and_what_is_left(self):
        self.client.force_login(self.mentee)

        response = self.client.get(PRACTICE_URL)

        self.assertContains(response, "Мария Наставникова")
        # The sessions before the revocation no longer count, and the mentor stepped in since.
        self.assertContains(response, "0 of 2 independent sessions")
        self.assertContains(response, "0 of 3 independent sessions")
        for message in (
            MISSING_SKILL % {"skill": "Поприветствовать", "needed": 2},
            MISSING_SKILL % {"skill": "Разобрать жалобу", "needed": 3},
        ):
            self.assertContains(response, en(message))

    def test_sessions_are_latest_first_with_the_feedback(self):
        self.client.force_login(self.mentee)

        response = self.client.get(PRACTICE_URL)

        content = response.content.decode()
        self.assertLess(content.index("Клиент хочет сменить тариф"), content.index("счётом"))
        for text in (
            "Подсказала про скидку",
            "Спокойный тон",
            "Уточнять потребность",
            "Буду уточнять период",
            "Independent",
            "With support",
            self.lesson.url,
        ):
            self.assertContains(response, text)

    def test_only_unacknowledged_sessions_have_an_acknowledge_form(self):
        self.client.force_login(self.mentee)

        response = self.client.get(PRACTICE_URL)

        self.assertContains(
            response, reverse("mentoring:session_acknowledge", args=[self.latest.pk])
        )
        self.assertNotContains(
            response, reverse("mentoring:session_acknowledge", args=[self.old.pk])
        )

    def test_the_sign_off_history_shows_a_revocation_with_its_reason(self):
        self.client.force_login(self.mentee)

        response = self.client.get(PRACTICE_URL)

        self.assertContains(response, "Revoked")
        self.assertContains(response, "Поспешили с оценкой")

    def test_everyone_else_sees_only_their_own_practice(self):
        for label, person in self.others.items():
            with self.subTest(label):
                self.client.force_login(person)

                response = self.client.get(PRACTICE_URL)

                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Клиент хочет сменить тариф")
                self.assertNotContains(response, "Поспешили с оценкой")

    def test_someone_without_pairing_or_sessions_gets_a_friendly_empty_state(self):
        self.client.force_login(self.colleague)

        response = self.client.get(PRACTICE_URL)

        self.assertContains(response, "You have no mentor yet")
        self.assertNotContains(response, "What is left until you work on your own")

    def test_a_post_is_not_allowed(self):
        self.client.force_login(self.mentee)

        self.assertEqual(self.client.post(PRACTICE_URL).status_code, 405)


class PracticeClearanceTests(NewcomerWorld):
    """What the page says about solo work once the required skills are signed off."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        evidence_make(cls.mentee, cls.greet, 2)
        evidence_make(cls.mentee, cls.complaint, 3)
        signoff_create(mentee=cls.mentee, skill=cls.greet, signed_by=cls.mentor)

    def get(self):
        self.client.force_login(self.mentee)
        return self.client.get(PRACTICE_URL)

    def test_a_skill_with_enough_evidence_is_only_waiting_for_its_sign_off(self):
        response = self.get()

        self.assertContains(
            response, en(MISSING_SKILL_SIGNOFF_ONLY % {"skill": "Разобрать жалобу"})
        )

    def test_ready_and_waiting_for_the_manager(self):
        signoff_create(mentee=self.mentee, skill=self.complaint, signed_by=self.mentor)
        SoloClearance.objects.create(mentee=self.mentee, requested_by=self.mentor)

        response = self.get()

        self.assertContains(response, "Ready — waiting for your manager")

    def test_cleared_on_a_date(self):
        decided_at = timezone.make_aware(datetime.datetime(2025, 3, 14, 12))
        SoloClearance.objects.create(
            mentee=self.mentee,
            requested_by=self.mentor,
            status=SoloClearance.Status.CONFIRMED,
            decided_by=self.manager_a,
            decided_at=decided_at,
            days_to_solo=20,
        )

        response = self.get()

        self.assertContains(response, "You were cleared for solo work on 14 March 2025.")

    def test_a_declined_request_shows_the_reason_and_what_is_missing(self):
        SoloClearance.objects.create(
            mentee=self.mentee,
            requested_by=self.mentor,
            status=SoloClearance.Status.DECLINED,
            decided_by=self.manager_a,
            decided_at=timezone.now(),
            decline_reason="Сначала курс по тарифам",
        )

        response = self.get()

        self.assertContains(response, "Сначала курс по тарифам")
        self.assertContains(response, "Разобрать жалобу")


class PracticeQueryCountTests(NewcomerWorld):
    def add_sessions(self, n):
        lesson = course_lessons(course_create(lessons=1))[0]
        for i in range(n):
            session = session_make(
                mentee=self.mentee,
                ratings=[(self.greet, INDEPENDENT), (self.complaint, WITH_SUPPORT)],
                occurred_at=hours_ago(i + 1),
                acknowledged=i % 2 == 0,
            )
            session.suggested_lessons.set([lesson])
        signoff_create(mentee=self.mentee, skill=self.greet, signed_by=self.mentor)

    def count(self):
        self.client.force_login(self.mentee)
        self.client.get(PRACTICE_URL)  # warms the site root paths cache, as in a running site
        with self.assertNumQueries(18):
            response = self.client.get(PRACTICE_URL)
        self.assertEqual(response.status_code, 200)
        return response

    def test_few_sessions(self):
        self.add_sessions(2)

        self.count()

    def test_many_sessions(self):
        self.add_sessions(40)

        response = self.count()

        self.assertEqual(
            response.content.decode().count('class="card session-card"'),
            SupervisedSession.objects.filter(mentee=self.mentee).count(),
        )


class SessionAcknowledgeViewTests(NewcomerWorld):
    def setUp(self):
        super().setUp()
        self.session = session_make(
            mentee=self.mentee, ratings=[(self.greet, WITH_SUPPORT)], occurred_at=hours_ago(1)
        )
        self.url = reverse("mentoring:session_acknowledge", args=[self.session.pk])

    def test_anonymous_is_sent_to_log_in(self):
        response = self.client.post(self.url)

        self.assertRedirects(response, f"{reverse('login')}?next={self.url}")

    def test_get_is_not_allowed(self):
        self.client.force_login(self.mentee)

        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_the_newcomer_acknowledges_with_a_reflection(self):
        self.client.force_login(self.mentee)

        response = self.client.post(
            self.url, {"reflection": "  Буду слушать дольше  "}, follow=True
        )

        self.assertRedirects(response, f"{PRACTICE_URL}#session-{self.session.pk}")
        self.assertContains(response, en(MESSAGE_ACKNOWLEDGED))
        self.session.refresh_from_db()
        self.assertIsNotNone(self.session.acknowledged_at)
        self.assertEqual(self.session.mentee_reflection, "Буду слушать дольше")

    def test_the_reflection_is_optional(self):
        self.client.force_login(self.mentee)

        response = self.client.post(self.url, {})

        self.assertEqual(response.status_code, 302)
        self.session.refresh_from_db()
        self.assertIsNotNone(self.session.acknowledged_at)
        self.assertEqual(self.session.mentee_reflection, "")

    def test_acknowledging_again_changes_nothing(self):
        self.client.force_login(self.mentee)
        self.client.post(self.url, {"reflection": "Первая мысль"})
        self.session.refresh_from_db()
        acknowledged_at = self.session.acknowledged_at

        response = self.client.post(self.url, {"reflection": "Другая мысль"})

        self.assertEqual(response.status_code, 302)
        self.session.refresh_from_db()
        self.assertEqual(self.session.acknowledged_at, acknowledged_at)
        self.assertEqual(self.session.mentee_reflection, "Первая мысль")

    def test_anyone_else_gets_404_and_nothing_changes(self):
        for label, person in self.others.items():
            with self.subTest(label):
                self.client.force_login(person)

                response = self.client.post(self.url, {"reflection": "Не моя сессия"})

                self.assertEqual(response.status_code, 404)
                self.session.refresh_from_db()
                self.assertIsNone(self.session.acknowledged_at)

    def test_an_unknown_session_is_404(self):
        self.client.force_login(self.mentee)

        url = reverse("mentoring:session_acknowledge", args=[self.session.pk + 1000])

        self.assertEqual(self.client.post(url).status_code, 404)

    def test_a_reflection_too_long_is_shown_on_the_form_with_what_was_typed(self):
        self.client.force_login(self.mentee)
        reflection = "Очень длинно. " * 200

        response = self.client.post(self.url, {"reflection": reflection})

        self.assertEqual(response.status_code, 400)
        self.assertIn("reflection", response.context["sessions"][0][1].errors)
        self.assertContains(response, reflection.strip()[:100], status_code=400)
        self.session.refresh_from_db()
        self.assertIsNone(self.session.acknowledged_at)
