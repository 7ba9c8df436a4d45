"""The mentoring demo (``mentoring.demo``): mentors, practice skills of every job role and three
newcomers at three stages of practice, loaded through ``manage.py load_demo``."""

import datetime
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from courses.models import Assignment, LessonProgress, OnboardingPlanItem
from lms.notifications.models import Notification
from lms.people import roles
from lms.people.models import JobRole, StaffProfile
from lms.people.selectors import user_role_names
from mentoring.demo import NEWBIE, NEWBIE2, Timeline
from mentoring.models import (
    MentorProfile,
    Pairing,
    PracticeSkill,
    SignOff,
    SkillRating,
    SoloClearance,
    SupervisedSession,
)
from mentoring.selectors import (
    MissingItem,
    mentees_for_mentor,
    practice_for_mentee,
    signoff_evidence,
    solo_readiness,
    time_to_solo,
)

User = get_user_model()

COUNTED = [
    User, StaffProfile, MentorProfile, MentorProfile.teams.through,
    MentorProfile.job_roles.through, PracticeSkill, PracticeSkill.teaching_pages.through, Pairing,
    SupervisedSession, SupervisedSession.suggested_lessons.through, SkillRating, SignOff,
    SignOff.evidence.through, SoloClearance, Assignment, LessonProgress, Notification,
]  # fmt: skip


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def _load_demo() -> None:
    call_command("load_demo", allow_production=True, stdout=StringIO())


class MentoringDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _load_demo()
        cls.after_first_run = _counts()
        cls.manager = User.objects.get(username="manager")
        cls.mentor = User.objects.get(username="mentor")
        cls.mentor2 = User.objects.get(username="mentor2")
        cls.newbie = User.objects.get(username="newbie")
        cls.newbie2 = User.objects.get(username="newbie2")
        cls.cleared = User.objects.get(username="cleared")

    def test_a_second_run_creates_nothing(self):
        _load_demo()
        self.assertEqual(_counts(), self.after_first_run)

    def test_a_second_run_keeps_what_people_changed(self):
        skill = PracticeSkill.objects.filter(job_role__slug="marketing").first()
        skill.delete()
        Pairing.objects.filter(mentee=self.newbie).update(status=Pairing.Status.ENDED)
        _load_demo()
        self.assertFalse(PracticeSkill.objects.filter(pk=skill.pk).exists())
        self.assertFalse(
            Pairing.objects.filter(mentee=self.newbie, status=Pairing.Status.ACTIVE).exists()
        )

    def test_the_new_accounts_log_in_with_the_demo_password(self):
        for username, role_names in {
            "mentor2": [roles.LEARNERS, roles.MENTORS],
            "newbie2": [roles.LEARNERS],
            "cleared": [roles.LEARNERS],
        }.items():
            with self.subTest(username=username):
                user = User.objects.get(username=username)
                self.assertTrue(user.check_password("demo"))
                self.assertEqual(user_role_names(user=user), role_names)
                self.assertEqual(user.staff_profile.team.name, "Контакт-центр")
                self.assertEqual(user.staff_profile.line_manager, self.manager)

    def test_two_mentors_cover_the_contact_centre(self):
        profiles = MentorProfile.objects.prefetch_related("teams", "job_roles")
        self.assertEqual(
            sorted(p.user.username for p in profiles.select_related("user")),
            ["mentor", "mentor2"],
        )
        mentor = profiles.get(user=self.mentor)
        self.assertEqual(mentor.capacity, 3)
        self.assertTrue(mentor.is_active)
        self.assertEqual([t.name for t in mentor.teams.all()], ["Контакт-центр"])
        self.assertIn("operator", [r.slug for r in mentor.job_roles.all()])
        self.assertIn("operator", [r.slug for r in profiles.get(user=self.mentor2).job_roles.all()])

    def test_every_job_role_has_six_to_eight_skills_most_required_and_taught(self):
        for role in JobRole.objects.all():
            with self.subTest(role=role.slug):
                skills = list(PracticeSkill.objects.filter(job_role=role))
                self.assertGreaterEqual(len(skills), 6)
                self.assertLessEqual(len(skills), 8)
                required = [s for s in skills if s.required_for_solo]
                self.assertGreater(len(required), len(skills) / 2)
                self.assertLess(len(required), len(skills))
                orders = [s.sort_order for s in skills]
                self.assertEqual(len(set(orders)), len(orders))
                for skill in skills:
                    self.assertTrue(skill.description)
                    self.assertIn(skill.sessions_required, (1, 2, 3))
                    self.assertTrue(skill.teaching_pages.exists(), skill.title)

    def test_mentor_mentors_newbie_and_newbie2_paired_by_the_manager(self):
        overviews = mentees_for_mentor(mentor=self.mentor)
        self.assertEqual(
            sorted(o.mentee.username for o in overviews), sorted(["newbie", "newbie2"])
        )
        for overview in overviews:
            self.assertEqual(overview.pairing.paired_by, self.manager)
            self.assertLessEqual(
                timezone.localdate(overview.pairing.started_at) - overview.profile.hire_date,
                datetime.timedelta(days=1),
            )
        self.assertEqual(mentees_for_mentor(mentor=self.mentor2), [])

    def test_newbie_progresses_from_needed_help_to_independent(self):
        practice = practice_for_mentee(mentee=self.newbie)
        self.assertEqual(practice.mentor, self.mentor)
        sessions = sorted(practice.sessions, key=lambda s: s.occurred_at)
        self.assertIn(len(sessions), (3, 4))
        first, last = sessions[0], sessions[-1]
        self.assertIn(SkillRating.Rating.NEEDED_HELP, [r.rating for r in first.ratings.all()])
        self.assertTrue(first.mentor_stepped_in)
        self.assertTrue(first.stepped_in_note)
        self.assertIn(SkillRating.Rating.INDEPENDENT, [r.rating for r in last.ratings.all()])
        self.assertNotIn(SkillRating.Rating.NEEDED_HELP, [r.rating for r in last.ratings.all()])
        hired = self.newbie.staff_profile.hire_date
        for session in sessions:
            self.assertTrue(session.strengths and session.to_improve and session.situation)
            self.assertGreaterEqual(timezone.localdate(session.occurred_at), hired)
            self.assertLessEqual(session.occurred_at, timezone.now())
        self.assertTrue(any(s.suggested_lessons.all() for s in sessions))

    def test_newbie_has_a_session_to_acknowledge_and_one_skill_signed_off(self):
        practice = practice_for_mentee(mentee=self.newbie)
        self.assertEqual(len(practice.to_acknowledge), 1)
        latest = max(practice.sessions, key=lambda s: s.occurred_at)
        self.assertEqual(practice.to_acknowledge, [latest])
        self.assertEqual(len([s for s in practice.skills if s.signed_off]), 1)
        self.assertFalse(practice.readiness.ready)

    def test_newbie2_is_further_along_with_every_session_acknowledged(self):
        practice = practice_for_mentee(mentee=self.newbie2)
        self.assertEqual(practice.mentor, self.mentor)
        self.assertEqual(practice.to_acknowledge, [])
        with_reflection = [s for s in practice.sessions if s.mentee_reflection]
        self.assertGreater(len(with_reflection), len(practice.sessions) / 2)
        required = [s for s in practice.skills if s.required]
        signed = [s for s in required if s.signed_off]
        self.assertGreater(len(signed), len(required) / 2)
        self.assertLess(len(signed), len(required))
        # Nearly ready: the onboarding courses are done, a sign-off or two is all that is left.
        kinds = {item.kind for item in practice.readiness.missing}
        self.assertEqual(kinds, {MissingItem.SKILL})
        self.assertTrue(any(s.can_sign_off for s in practice.skills))
        required_courses = OnboardingPlanItem.objects.filter(
            plan__job_role__slug="operator", required_for_solo=True
        ).values_list("course_id", flat=True)
        completed = Assignment.objects.filter(
            user=self.newbie2, course_id__in=required_courses, status=Assignment.Status.COMPLETED
        )
        self.assertEqual(completed.count(), len(required_courses))
        for assignment in completed:
            self.assertLess(assignment.completed_at, assignment.due_at)

    def test_newbie2_has_a_sign_off_revoked_with_a_reason_and_given_again(self):
        practice = practice_for_mentee(mentee=self.newbie2)
        revoked = [s for s in practice.sign_offs if s.revoked_at is not None]
        self.assertEqual(len(revoked), 1)
        revocation = revoked[0]
        self.assertTrue(revocation.revoke_reason)
        self.assertEqual(revocation.revoked_by, self.mentor)
        self.assertLess(revocation.signed_at, revocation.revoked_at)
        again = SignOff.objects.get(
            mentee=self.newbie2, skill=revocation.skill, revoked_at__isnull=True
        )
        self.assertGreater(again.signed_at, revocation.revoked_at)
        evidence = list(again.evidence.all())
        self.assertGreaterEqual(len(evidence), revocation.skill.sessions_required)
        for session in evidence:
            self.assertGreater(session.occurred_at, revocation.revoked_at)
            self.assertLess(session.occurred_at, again.signed_at)

    def test_cleared_works_solo_with_days_to_solo_from_the_hire_date(self):
        profile = StaffProfile.objects.get(user=self.cleared)
        self.assertEqual(profile.status, StaffProfile.Status.SOLO)
        clearance = SoloClearance.objects.get(mentee=self.cleared)
        self.assertEqual(clearance.status, SoloClearance.Status.CONFIRMED)
        self.assertEqual(clearance.requested_by, self.mentor2)
        self.assertEqual(clearance.decided_by, self.manager)
        self.assertLess(clearance.requested_at, clearance.decided_at)
        self.assertLess(clearance.decided_at, timezone.now() - datetime.timedelta(days=7))
        self.assertGreater(clearance.days_to_solo, 0)
        self.assertEqual(
            clearance.days_to_solo,
            (timezone.localdate(clearance.decided_at) - profile.hire_date).days,
        )
        pairing = Pairing.objects.get(mentee=self.cleared)
        self.assertEqual(pairing.status, Pairing.Status.ENDED)
        self.assertEqual(pairing.ended_at, clearance.decided_at)
        self.assertTrue(solo_readiness(mentee=self.cleared).ready)
        last_session = SupervisedSession.objects.filter(mentee=self.cleared).latest("occurred_at")
        self.assertLess(last_session.occurred_at, clearance.requested_at)

    def test_time_to_solo_for_the_demo_manager_has_data(self):
        report = time_to_solo(viewed_by=self.manager)
        self.assertEqual([n.mentee for n in report.newcomers], [self.cleared])
        self.assertEqual(report.newcomers[0].mentor, self.mentor2)
        self.assertEqual(report.overall.count, 1)
        self.assertGreater(report.overall.average_days, 0)
        self.assertEqual([f.group.name for f in report.teams], ["Контакт-центр"])
        self.assertEqual([f.group for f in report.mentors], [self.mentor2])

    def test_the_story_is_consistent_in_time(self):
        now = timezone.now()
        for session in SupervisedSession.objects.all():
            with self.subTest(session=str(session)):
                self.assertLessEqual(session.occurred_at, now)
                self.assertGreaterEqual(session.occurred_at, session.pairing.started_at)
                self.assertLessEqual(session.occurred_at, session.created_at)
                if session.acknowledged_at is not None:
                    self.assertLessEqual(session.created_at, session.acknowledged_at)
        for sign_off in SignOff.objects.prefetch_related("evidence"):
            with self.subTest(sign_off=str(sign_off)):
                self.assertLessEqual(sign_off.signed_at, now)
                evidence = list(sign_off.evidence.all())
                self.assertTrue(evidence)
                for session in evidence:
                    self.assertLess(session.occurred_at, sign_off.signed_at)
        # Every live sign-off still has its evidence by the selectors' rule.
        for sign_off in SignOff.objects.filter(revoked_at__isnull=True).select_related("skill"):
            with self.subTest(sign_off=str(sign_off)):
                count = signoff_evidence(mentee=sign_off.mentee, skill=sign_off.skill).count()
                self.assertGreaterEqual(count, sign_off.skill.sessions_required)

    def test_notifications_of_the_past_are_dated_and_read_but_the_session_to_acknowledge(self):
        notifications = Notification.objects.filter(kind__startswith="mentoring.")
        self.assertGreater(notifications.count(), 40)
        unread = notifications.filter(read_at__isnull=True)
        session = practice_for_mentee(mentee=self.newbie).to_acknowledge[0]
        self.assertEqual(
            list(unread.values_list("recipient__username", "event")),
            [("newbie", f"session:{session.pk}")],
        )
        cleared = notifications.filter(recipient=self.cleared)
        self.assertTrue(cleared.exists())
        clearance = SoloClearance.objects.get(mentee=self.cleared)
        for notification in cleared:
            self.assertLessEqual(notification.created_at, clearance.decided_at)
            self.assertLessEqual(notification.created_at, notification.read_at)


class TimelineTests(SimpleTestCase):
    """The demo's stories keep their order and stay between the hire and now, whatever the day
    and hour the demo is loaded (``newbie`` is hired on this week's Monday)."""

    monday = datetime.date(2026, 11, 23)

    def _moments(self, story, now):
        timeline = Timeline(hired=self.monday, now=now, last=max(story.moments()))
        return [timeline.at(moment) for moment in story.moments()]

    def test_a_story_is_squeezed_into_the_time_since_the_hire_in_order(self):
        for day, hour, minute in [(0, 0, 5), (0, 8, 0), (0, 10, 0), (0, 11, 30), (1, 14, 30),
                                  (2, 9, 0), (5, 12, 0), (6, 23, 59)]:  # fmt: skip
            now = timezone.make_aware(
                datetime.datetime.combine(
                    self.monday + datetime.timedelta(days=day), datetime.time(hour, minute)
                )
            )
            with self.subTest(now=now):
                moments = self._moments(NEWBIE, now)
                self.assertEqual(moments, sorted(moments))
                self.assertEqual(len(set(moments)), len(moments))
                self.assertGreaterEqual(timezone.localdate(moments[0]), self.monday)
                self.assertLess(moments[-1], now)

    def test_a_story_that_fits_keeps_its_days_and_hours(self):
        now = timezone.make_aware(datetime.datetime(2027, 1, 4, 12, 0))
        moments = self._moments(NEWBIE2, now)
        for (day, clock), moment in zip(NEWBIE2.moments(), moments, strict=True):
            local = timezone.localtime(moment)
            self.assertEqual((local.date() - self.monday).days, day)
            self.assertEqual(local.strftime("%H:%M"), clock)
