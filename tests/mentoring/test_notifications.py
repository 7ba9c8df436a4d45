"""What mentoring tells people: who hears of each event, once."""

from django.utils import timezone, translation

from courses.models import Assignment
from courses.services import assignment_create, lesson_complete
from lms.notifications.models import Notification
from mentoring import notifications as kinds
from mentoring.services import (
    clearance_confirm,
    clearance_decline,
    clearance_request,
    pairing_create,
    session_log,
    signoff_create,
    signoff_revoke,
)
from tests.courses.factories import course_lessons
from tests.factories import staff_user
from tests.mentoring.factories import INDEPENDENT, evidence_make, mentor_create
from tests.mentoring.test_services import PHONE, ClearanceWorld


def received(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    if kind is not None:
        rows = rows.filter(kind=kind.key)
    return list(rows)


class MentoringNotificationTests(ClearanceWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.line_manager = staff_user(username="line_manager")
        cls.mentee.staff_profile.line_manager = cls.line_manager
        cls.mentee.staff_profile.save()

    def log(self, **fields):
        return session_log(
            mentor=self.mentor,
            mentee=self.mentee,
            channel=PHONE,
            situation="Клиент уточняет тариф",
            ratings=[(self.skill, INDEPENDENT)],
            **fields,
        )

    def test_a_logged_session_asks_the_newcomer_to_acknowledge_it(self):
        session = self.log()

        [notification] = received(self.mentee, kinds.SESSION_LOGGED)
        self.assertEqual(notification.event, f"session:{session.pk}")
        self.assertEqual(notification.url, f"/mentoring/practice/#session-{session.pk}")
        self.assertTrue(notification.mandatory)
        with translation.override("en"):
            self.assertIn("acknowledge", notification.title)
        self.assertEqual(received(self.mentor, kinds.SESSION_LOGGED), [])

    def test_each_session_is_its_own_event(self):
        self.log()
        self.log()

        self.assertEqual(len(received(self.mentee, kinds.SESSION_LOGGED)), 2)

    def test_pairing_tells_both_sides(self):
        newcomer = staff_user(username="fresh", team=self.team_a, job_role=self.role)

        pairing_create(mentee=newcomer, mentor=self.mentor, paired_by=self.manager_a)

        self.assertEqual(len(received(newcomer, kinds.PAIRED)), 1)
        self.assertEqual(len(received(self.mentor, kinds.PAIRED)), 1)

    def test_the_last_sign_off_tells_the_mentor_the_newcomer_is_ready(self):
        assignment_create(user=self.mentee, course=self.basics, source=Assignment.Source.ONBOARDING)
        lesson_complete(user=self.mentee, lesson=course_lessons(self.basics)[0])
        evidence_make(self.mentee, self.skill, 1)

        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        self.assertEqual(len(received(self.mentee, kinds.SIGNED_OFF)), 1)
        [ready] = received(self.mentor, kinds.READY_FOR_CLEARANCE)
        self.assertEqual(ready.url, f"/mentoring/mentees/{self.mentee.pk}/")

    def test_a_sign_off_that_leaves_something_missing_is_not_readiness(self):
        evidence_make(self.mentee, self.skill, 1)

        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        self.assertEqual(received(self.mentor, kinds.READY_FOR_CLEARANCE), [])

    def test_completing_the_last_required_course_also_tells_the_mentor(self):
        assignment_create(user=self.mentee, course=self.basics, source=Assignment.Source.ONBOARDING)
        evidence_make(self.mentee, self.skill, 1)
        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        self.assertEqual(received(self.mentor, kinds.READY_FOR_CLEARANCE), [])

        lesson_complete(user=self.mentee, lesson=course_lessons(self.basics)[0])

        self.assertEqual(len(received(self.mentor, kinds.READY_FOR_CLEARANCE)), 1)

    def test_readiness_after_a_revocation_is_a_new_occasion(self):
        sign_off = self.make_ready(self.mentee)
        signoff_revoke(signoff=sign_off, revoked_by=self.mentor, reason="Путает тарифы")
        [revoked] = received(self.mentee, kinds.SIGNOFF_REVOKED)
        self.assertIn("Путает тарифы", revoked.title)

        evidence_make(self.mentee, self.skill, 1, occurred_at=timezone.now())
        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        self.assertEqual(len(received(self.mentor, kinds.READY_FOR_CLEARANCE)), 2)

    def test_a_clearance_request_reaches_every_manager_of_the_newcomer(self):
        self.make_ready(self.mentee)

        clearance_request(mentee=self.mentee, requested_by=self.mentor)

        for manager in (self.manager_a, self.line_manager):
            with self.subTest(manager=manager.username):
                [notification] = received(manager, kinds.CLEARANCE_REQUESTED)
                self.assertEqual(notification.url, "/mentoring/team/#clearances")
        self.assertEqual(received(self.manager_b, kinds.CLEARANCE_REQUESTED), [])

    def test_the_decision_reaches_the_newcomer_and_the_mentor(self):
        self.make_ready(self.mentee)
        clearance = clearance_request(mentee=self.mentee, requested_by=self.mentor)

        clearance_confirm(clearance=clearance, decided_by=self.manager_a)

        self.assertEqual(len(received(self.mentee, kinds.CLEARANCE_CONFIRMED)), 1)
        self.assertEqual(len(received(self.mentor, kinds.CLEARANCE_CONFIRMED)), 1)

    def test_a_declined_clearance_carries_the_reason(self):
        self.make_ready(self.mentee)
        clearance = clearance_request(mentee=self.mentee, requested_by=self.mentor)

        clearance_decline(clearance=clearance, decided_by=self.manager_a, reason="Рано")

        for person in (self.mentee, self.mentor):
            with self.subTest(person=person.username):
                [notification] = received(person, kinds.CLEARANCE_DECLINED)
                self.assertIn("Рано", notification.title)

    def test_an_inactive_mentor_gets_nothing(self):
        retired = mentor_create(username="retired")
        retired.is_active = False
        retired.save()
        kinds.readiness_notify(mentee=self.mentee)

        self.assertEqual(received(retired), [])
