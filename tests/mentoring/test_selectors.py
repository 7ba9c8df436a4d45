"""Reads for mentoring: suggested mentors, the skills matrix and readiness, a mentor's mentees,
a newcomer's practice, time to solo; with their query counts."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Assignment
from courses.services import assignment_create, lesson_complete
from lms.people import roles
from lms.people.services import staff_member_leave
from mentoring.models import Pairing, SoloClearance
from mentoring.selectors import (
    MISSING_COURSE,
    MISSING_SKILL,
    MISSING_SKILL_SIGNOFF_ONLY,
    REASON_CAPACITY_LEFT,
    REASON_FULL,
    REASON_PENDING_SIGNOFFS,
    REASON_SAME_JOB_ROLE,
    REASON_SAME_TEAM,
    MissingItem,
    clearances_of_mentee,
    mentees_for_mentor,
    mentor_suggestions,
    practice_for_mentee,
    skills_for_mentee,
    solo_readiness,
    time_to_solo,
)
from mentoring.services import session_acknowledge, signoff_create, signoff_revoke
from tests.courses.factories import course_create, course_lessons, onboarding_plan_create
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


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


class SoloReadinessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.role = JobRoleFactory()
        cls.course = course_create(lessons=1, title="Стандарты обслуживания")
        onboarding_plan_create(cls.role, [(cls.course, 7)])
        cls.mentee = staff_user(job_role=cls.role)
        cls.mentor = mentor_create()
        pairing_make(mentee=cls.mentee, mentor=cls.mentor)
        cls.greet = PracticeSkillFactory(job_role=cls.role, title="Поприветствовать")
        cls.complaint = PracticeSkillFactory(job_role=cls.role, title="Жалоба", sessions_required=3)
        PracticeSkillFactory(job_role=cls.role, required_for_solo=False)
        PracticeSkillFactory(job_role=JobRoleFactory())

    def test_each_required_skill_and_course_is_listed_with_what_it_needs(self):
        evidence_make(self.mentee, self.greet, 2)
        evidence_make(self.mentee, self.complaint, 1)

        readiness = solo_readiness(mentee=self.mentee)

        self.assertFalse(readiness.ready)
        self.assertEqual(
            [(i.kind, i.sessions_needed, str(i)) for i in readiness.missing],
            [
                (MissingItem.SKILL, 0, MISSING_SKILL_SIGNOFF_ONLY % {"skill": "Поприветствовать"}),
                (MissingItem.SKILL, 2, MISSING_SKILL % {"skill": "Жалоба", "needed": 2}),
                (
                    MissingItem.COURSE,
                    0,
                    MISSING_COURSE % {"course": "Стандарты обслуживания"},
                ),
            ],
        )
        self.assertEqual(
            readiness.missing[1].as_dict(),
            {
                "kind": "skill",
                "message": str(MISSING_SKILL % {"skill": "Жалоба", "needed": 2}),
                "skill_id": self.complaint.pk,
                "sessions_needed": 2,
            },
        )
        self.assertEqual(readiness.missing[2].as_dict()["course_id"], self.course.pk)

    def test_signed_off_skills_and_completed_courses_are_not_missing(self):
        evidence_make(self.mentee, self.greet, 2)
        evidence_make(self.mentee, self.complaint, 3)
        for skill in (self.greet, self.complaint):
            signoff_create(mentee=self.mentee, skill=skill, signed_by=self.mentor)
        lesson_complete(user=self.mentee, lesson=course_lessons(self.course)[0])

        readiness = solo_readiness(mentee=self.mentee)

        self.assertTrue(readiness.ready)
        self.assertEqual(readiness.missing, [])

    def test_a_revoked_sign_off_makes_the_skill_missing_again(self):
        evidence_make(self.mentee, self.greet, 2, occurred_at=days_ago(1))
        sign_off = signoff_create(mentee=self.mentee, skill=self.greet, signed_by=self.mentor)
        signoff_revoke(signoff=sign_off, revoked_by=self.mentor, reason="Забыл представиться")

        missing = solo_readiness(mentee=self.mentee).missing

        self.assertEqual((missing[0].skill, missing[0].sessions_needed), (self.greet, 2))

    def test_skills_for_mentee_gives_the_matrix_of_the_job_role(self):
        session_make(mentee=self.mentee, ratings=[(self.greet, INDEPENDENT)])
        session_make(mentee=self.mentee, ratings=[(self.greet, WITH_SUPPORT)])
        session_make(mentee=self.mentee, ratings=[(self.greet, INDEPENDENT)], stepped_in=True)

        skills = skills_for_mentee(mentee=self.mentee)

        self.assertEqual(len(skills), 3)
        self.assertEqual(
            (skills[0].skill, skills[0].independent_sessions, skills[0].sessions_needed),
            (self.greet, 1, 1),
        )
        self.assertEqual(skills_for_mentee(mentee=staff_user()), [])


class MentorSuggestionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Контакт-центр")
        cls.role = JobRoleFactory(name="Оператор")
        cls.mentee = staff_user(team=cls.team, job_role=cls.role)
        cls.skill = PracticeSkillFactory(job_role=cls.role, sessions_required=1)

        def mentor(name, capacity, load, **kwargs):
            user = mentor_create(username=name, capacity=capacity, first_name=name, **kwargs)
            for _ in range(load):
                pairing_make(mentee=staff_user(job_role=cls.role), mentor=user)
            return user

        cls.best = mentor("best", 3, 0, teams=[cls.team], job_roles=[cls.role])
        cls.team_only = mentor("team_only", 3, 0, teams=[cls.team])
        cls.role_only = mentor("role_only", 3, 1, job_roles=[cls.role])
        cls.neither = mentor("neither", 5, 0)
        cls.full = mentor("full", 1, 1, teams=[cls.team], job_roles=[cls.role])
        cls.resting = mentor("resting", 3, 0, teams=[cls.team], is_active=False)
        cls.gone = mentor("gone", 3, 0, teams=[cls.team], job_roles=[cls.role])
        staff_member_leave(profile=cls.gone.staff_profile)
        cls.current = mentor("current", 3, 0, teams=[cls.team], job_roles=[cls.role])
        pairing_make(mentee=cls.mentee, mentor=cls.current)

    def test_ranked_best_first_full_last_and_inactive_or_current_left_out(self):
        suggestions = mentor_suggestions(mentee=self.mentee)

        self.assertEqual(
            [s.mentor for s in suggestions],
            [self.best, self.team_only, self.role_only, self.neither, self.full],
        )
        self.assertEqual([s.needs_override for s in suggestions], [False] * 4 + [True])

    def test_reasons_are_said_in_words(self):
        by_mentor = {s.mentor: s for s in mentor_suggestions(mentee=self.mentee)}

        self.assertEqual(
            by_mentor[self.best].reasons,
            [
                str(REASON_SAME_TEAM % {"team": "Контакт-центр"}),
                str(REASON_SAME_JOB_ROLE % {"job_role": "Оператор"}),
                str(REASON_CAPACITY_LEFT % {"left": 3, "load": 0, "capacity": 3}),
            ],
        )
        self.assertEqual(
            by_mentor[self.role_only].reasons[-1],
            str(REASON_CAPACITY_LEFT % {"left": 2, "load": 1, "capacity": 3}),
        )
        self.assertEqual(
            by_mentor[self.full].reasons[-1], str(REASON_FULL % {"load": 1, "capacity": 1})
        )
        self.assertEqual(len(by_mentor[self.neither].reasons), 1)

    def test_sign_offs_left_waiting_are_said_and_rank_a_mentor_lower(self):
        behind = mentor_create(
            username="behind", capacity=3, teams=[self.team], job_roles=[self.role]
        )
        waiting = staff_user(job_role=self.role)
        pairing_make(mentee=waiting, mentor=behind)
        evidence_make(waiting, self.skill, 1)
        # ``best`` has the same load but no sign-off waiting.
        pairing_make(mentee=staff_user(job_role=self.role), mentor=self.best)

        suggestions = mentor_suggestions(mentee=self.mentee)

        names = [s.mentor for s in suggestions]
        self.assertLess(names.index(self.best), names.index(behind))
        entry = suggestions[names.index(behind)]
        self.assertEqual(entry.pending_signoffs, 1)
        self.assertIn(str(REASON_PENDING_SIGNOFFS % {"count": 1}), entry.reasons)

    def test_the_same_queries_for_few_or_many_mentors(self):
        with CaptureQueriesContext(connection) as few:
            mentor_suggestions(mentee=self.mentee)
        for _ in range(12):
            user = mentor_create(capacity=2, teams=[self.team])
            pairing_make(mentee=staff_user(job_role=self.role), mentor=user)

        with self.assertNumQueries(len(few)):
            suggestions = mentor_suggestions(mentee=self.mentee)
            [s.reasons for s in suggestions]
        self.assertEqual(len(suggestions), 17)


class MenteesForMentorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.role = JobRoleFactory()
        cls.course = course_create(lessons=1)
        onboarding_plan_create(cls.role, [(cls.course, 7)])
        cls.mentor = mentor_create(capacity=20)
        cls.greet = PracticeSkillFactory(job_role=cls.role, title="Поприветствовать")
        cls.upsell = PracticeSkillFactory(job_role=cls.role, title="Допродажа")
        cls.bonus = PracticeSkillFactory(job_role=cls.role, required_for_solo=False)

    def _mentee(self, mentor=None, **profile):
        mentee = staff_user(job_role=self.role, **profile)
        pairing_make(mentee=mentee, mentor=mentor or self.mentor)
        return mentee

    def test_each_mentee_with_the_skills_matrix_and_readiness(self):
        ready = self._mentee(username="ready")
        evidence_make(ready, self.greet, 2)
        evidence_make(ready, self.upsell, 2)
        for skill in (self.greet, self.upsell):
            signoff_create(mentee=ready, skill=skill, signed_by=self.mentor)
        lesson_complete(user=ready, lesson=course_lessons(self.course)[0])
        started = self._mentee(username="started")
        evidence_make(started, self.greet, 2)
        last = session_make(mentee=started, ratings=[(self.upsell, INDEPENDENT)], acknowledged=True)
        elsewhere = self._mentee(mentor=mentor_create())
        pairing_make(
            mentee=staff_user(job_role=self.role),
            mentor=self.mentor,
            status=Pairing.Status.ENDED,
            ended_at=timezone.now(),
        )

        overviews = mentees_for_mentor(mentor=self.mentor)

        self.assertEqual([o.mentee for o in overviews], [ready, started])
        self.assertNotIn(elsewhere, [o.mentee for o in overviews])
        first, second = overviews
        self.assertTrue(first.ready_for_solo)
        self.assertEqual(first.sign_offs_due, [])
        self.assertFalse(second.ready_for_solo)
        self.assertEqual(
            [
                (s.skill, s.required, s.sessions_required, s.independent_sessions, s.signed_off)
                for s in second.skills
            ],
            [
                (self.greet, True, 2, 2, False),
                (self.upsell, True, 2, 1, False),
                (self.bonus, False, 2, 0, False),
            ],
        )
        self.assertEqual([s.skill for s in second.sign_offs_due], [self.greet])
        self.assertEqual(second.next_skill.skill, self.upsell)
        self.assertEqual(second.last_session_at, last.occurred_at)
        self.assertEqual(second.unacknowledged_sessions, 2)
        self.assertEqual(
            [i.kind for i in second.readiness.missing],
            [MissingItem.SKILL, MissingItem.SKILL, MissingItem.COURSE],
        )

    def test_sessions_to_acknowledge_are_only_those_the_mentor_logged(self):
        # The mentor answers for their own sessions; an earlier mentor's are not theirs to
        # chase (the newcomer's own count, in the navigation, still includes them).
        mentee = staff_user(job_role=self.role)
        earlier = mentor_create()
        pairing_make(
            mentee=mentee, mentor=earlier, status=Pairing.Status.ENDED, ended_at=days_ago(2)
        )
        session_make(mentee=mentee, mentor=earlier, occurred_at=days_ago(5))
        session_make(mentee=mentee, mentor=earlier, occurred_at=days_ago(4))
        pairing_make(mentee=mentee, mentor=self.mentor, started_at=days_ago(2))
        session_make(mentee=mentee, mentor=self.mentor, occurred_at=days_ago(1))
        session_make(mentee=mentee, mentor=self.mentor, acknowledged=True)

        (overview,) = mentees_for_mentor(mentor=self.mentor)

        self.assertEqual(overview.unacknowledged_sessions, 1)

    def test_no_mentees_is_one_query(self):
        lonely = mentor_create()

        with self.assertNumQueries(1):
            self.assertEqual(mentees_for_mentor(mentor=lonely), [])

    def _populate(self, mentor, n):
        for index in range(n):
            mentee = self._mentee(mentor=mentor)
            evidence_make(mentee, self.greet, 1)
            if index % 2:
                evidence_make(mentee, self.upsell, 2)
                signoff_create(mentee=mentee, skill=self.upsell, signed_by=mentor)
            if index % 3 == 0:
                Assignment.objects.filter(user=mentee).update(status=Assignment.Status.COMPLETED)

    def test_the_same_queries_for_2_or_40_mentees(self):
        few, many = mentor_create(capacity=20), mentor_create(capacity=20)
        self._populate(few, 2)
        self._populate(many, 40)

        for mentor, n in ((few, 2), (many, 40)):
            with self.subTest(mentees=n), self.assertNumQueries(6):
                overviews = mentees_for_mentor(mentor=mentor)
                for overview in overviews:
                    overview.mentee.get_full_name()
                    overview.profile.team  # noqa: B018
                    overview.profile.job_role.name  # noqa: B018
                    [(s.skill.title, s.signed_off, s.sessions_needed) for s in overview.skills]
                    overview.ready_for_solo  # noqa: B018
                    [str(item) for item in overview.readiness.missing]
            self.assertEqual(len(overviews), n)


class PracticeForMenteeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.role = JobRoleFactory()
        cls.mentor = mentor_create()
        cls.mentee = staff_user(job_role=cls.role)
        pairing_make(mentee=cls.mentee, mentor=cls.mentor)
        cls.skill = PracticeSkillFactory(job_role=cls.role, title="Жалоба")

    def test_mentor_sessions_feedback_and_the_whole_sign_off_history(self):
        evidence = evidence_make(self.mentee, self.skill, 2, occurred_at=days_ago(3))
        revoked = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        signoff_revoke(signoff=revoked, revoked_by=self.mentor, reason="Перебивал клиента")
        later = evidence_make(self.mentee, self.skill, 2, occurred_at=timezone.now())
        live = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        session_acknowledge(session=later[0], mentee=self.mentee, reflection="Понял")

        practice = practice_for_mentee(mentee=self.mentee)

        self.assertEqual(practice.mentor, self.mentor)
        self.assertEqual(len(practice.sessions), 4)
        self.assertEqual(set(practice.sessions[2:]), set(evidence))
        self.assertEqual(
            [(r.skill, r.rating) for r in practice.sessions[0].ratings.all()],
            [(self.skill, INDEPENDENT)],
        )
        self.assertEqual(len(practice.to_acknowledge), 3)
        self.assertEqual([s.pk for s in practice.sign_offs], [live.pk, revoked.pk])
        old = practice.sign_offs[1]
        self.assertFalse(old.is_live)
        self.assertEqual(old.revoke_reason, "Перебивал клиента")
        self.assertEqual(old.revoked_by, self.mentor)
        self.assertEqual(practice.skills[0].sign_off.pk, live.pk)
        self.assertTrue(practice.readiness.ready)
        self.assertIsNone(practice.clearance)

    def test_a_newcomer_without_a_mentor(self):
        practice = practice_for_mentee(mentee=staff_user(job_role=self.role))

        self.assertIsNone(practice.mentor)
        self.assertEqual(practice.sessions, [])
        self.assertFalse(practice.readiness.ready)

    def test_the_same_queries_for_few_or_many_sessions(self):
        def read():
            practice = practice_for_mentee(mentee=self.mentee)
            for session in practice.sessions:
                session.mentor.get_full_name()
                [(r.skill.title, r.get_rating_display()) for r in session.ratings.all()]
                list(session.suggested_lessons.all())
            for sign_off in practice.sign_offs:
                (sign_off.skill.title, sign_off.signed_by, sign_off.revoked_by)  # noqa: B018
            return practice

        evidence_make(self.mentee, self.skill, 2, occurred_at=days_ago(2))
        first = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        with CaptureQueriesContext(connection) as few:
            read()
        signoff_revoke(signoff=first, revoked_by=self.mentor, reason="Причина")
        evidence_make(self.mentee, self.skill, 13, occurred_at=timezone.now())
        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        with self.assertNumQueries(len(few)):
            practice = read()
        self.assertEqual(len(practice.sessions), 15)
        self.assertEqual(len(practice.sign_offs), 2)

    def test_the_newcomer_acknowledges_every_session_whoever_logged_it(self):
        earlier = mentor_create()
        session_make(mentee=self.mentee, mentor=earlier, occurred_at=days_ago(6))
        session_make(mentee=self.mentee, mentor=self.mentor)

        practice = practice_for_mentee(mentee=self.mentee)

        self.assertEqual({s.mentor for s in practice.to_acknowledge}, {earlier, self.mentor})


class TimeToSoloTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team_a = TeamFactory(name="А")
        cls.team_b = TeamFactory(name="Б")
        cls.manager_a = staff_user(roles=[roles.MANAGERS])
        cls.team_a.managers.add(cls.manager_a)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.anna = mentor_create(first_name="Анна")
        cls.boris = mentor_create(first_name="Борис")
        cls.fast = cls._cleared(cls.team_a, cls.anna, days=30, decided=days_ago(10))
        cls.slow = cls._cleared(cls.team_a, cls.boris, days=50, decided=days_ago(2))
        cls.other_team = cls._cleared(cls.team_b, cls.anna, days=20, decided=days_ago(5))
        declined = staff_user(team=cls.team_a)
        SoloClearance.objects.create(
            mentee=declined,
            requested_by=cls.anna,
            status=SoloClearance.Status.DECLINED,
            decided_at=days_ago(1),
        )

    @classmethod
    def _cleared(cls, team, mentor, *, days, decided):
        mentee = staff_user(team=team)
        pairing_make(
            mentee=mentee,
            mentor=mentor,
            started_at=decided - datetime.timedelta(days=days),
            status=Pairing.Status.ENDED,
            ended_at=decided,
        )
        # A pairing that started after the clearance does not get its credit.
        pairing_make(
            mentee=mentee, mentor=mentor_create(), started_at=decided + datetime.timedelta(hours=1)
        )
        return SoloClearance.objects.create(
            mentee=mentee,
            requested_by=mentor,
            status=SoloClearance.Status.CONFIRMED,
            decided_by=cls.admin,
            decided_at=decided,
            days_to_solo=days,
        )

    def test_figures_per_newcomer_team_and_mentor(self):
        figures = time_to_solo(viewed_by=self.admin)

        self.assertEqual(
            [(n.clearance, n.mentor, n.team, n.days) for n in figures.newcomers],
            [
                (self.slow, self.boris, self.team_a, 50),
                (self.other_team, self.anna, self.team_b, 20),
                (self.fast, self.anna, self.team_a, 30),
            ],
        )
        self.assertEqual(
            [(f.group, f.count, f.average_days, f.median_days) for f in figures.teams],
            [(self.team_b, 1, 20.0, 20.0), (self.team_a, 2, 40.0, 40.0)],
        )
        self.assertEqual(
            [(f.group, f.count, f.average_days) for f in figures.mentors],
            [(self.anna, 2, 25.0), (self.boris, 1, 50.0)],
        )
        self.assertEqual((figures.overall.count, figures.overall.median_days), (3, 30.0))

    def test_a_manager_sees_only_the_newcomers_they_manage(self):
        figures = time_to_solo(viewed_by=self.manager_a)

        self.assertEqual({n.clearance for n in figures.newcomers}, {self.fast, self.slow})
        self.assertEqual([f.group for f in figures.teams], [self.team_a])

    def test_since_keeps_recent_clearances(self):
        since = timezone.localdate(days_ago(6))

        figures = time_to_solo(viewed_by=self.admin, since=since)

        self.assertEqual({n.clearance for n in figures.newcomers}, {self.slow, self.other_team})

    def test_nothing_to_show(self):
        figures = time_to_solo(viewed_by=staff_user(roles=[roles.MANAGERS]))

        self.assertEqual((figures.newcomers, figures.teams, figures.mentors), ([], [], []))
        self.assertIsNone(figures.overall)

    def test_the_same_queries_for_few_or_many_newcomers(self):
        def viewer():
            # A fresh user object each time: the administrator check is kept on the object.
            return type(self.manager_a).objects.get(pk=self.manager_a.pk)

        manager = viewer()
        with CaptureQueriesContext(connection) as few:
            time_to_solo(viewed_by=manager)
        for n in range(10):
            self._cleared(self.team_a, mentor_create(), days=10 + n, decided=days_ago(3))

        manager = viewer()
        with self.assertNumQueries(len(few)):
            figures = time_to_solo(viewed_by=manager)
            [(n.mentee.get_full_name(), n.team, n.mentor) for n in figures.newcomers]
        self.assertEqual(len(figures.newcomers), 12)


class CourseCompletionCountsTests(TestCase):
    """A required onboarding course counts once the newcomer's assignment of it is completed,
    even when it was assigned after they finished the lessons."""

    def test_finishing_before_the_assignment_counts(self):
        role = JobRoleFactory()
        course = course_create(lessons=1)
        mentee = staff_user(job_role=role)
        lesson_complete(user=mentee, lesson=course_lessons(course)[0])
        onboarding_plan_create(role, [(course, 7)])
        self.assertEqual(solo_readiness(mentee=mentee).missing[0].kind, MissingItem.COURSE)

        assignment_create(user=mentee, course=course, source=Assignment.Source.ONBOARDING)

        self.assertTrue(solo_readiness(mentee=mentee).ready)


class MissingItemTextTests(TestCase):
    def test_a_missing_job_role_reads_as_text(self):
        # Its message is a lazy translation; templates print the item itself.
        [item] = solo_readiness(mentee=staff_user()).missing
        self.assertEqual(item.kind, MissingItem.JOB_ROLE)
        self.assertIsInstance(str(item), str)
        self.assertEqual(str(item), str(item.message))


class ClearancesOfMenteeTests(TestCase):
    def test_every_clearance_latest_first_with_who_decided(self):
        mentor = mentor_create()
        manager = staff_user(roles=[roles.MANAGERS])
        mentee = staff_user()
        pairing_make(mentee=mentee, mentor=mentor)
        declined = SoloClearance.objects.create(
            mentee=mentee,
            requested_by=mentor,
            requested_at=timezone.now() - datetime.timedelta(days=5),
            status=SoloClearance.Status.DECLINED,
            decided_by=manager,
            decided_at=timezone.now() - datetime.timedelta(days=4),
            decline_reason="Рано",
        )
        waiting = SoloClearance.objects.create(mentee=mentee, requested_by=mentor)
        SoloClearance.objects.create(mentee=staff_user(), requested_by=mentor)
        with self.assertNumQueries(1):
            clearances = clearances_of_mentee(mentee=mentee)
            self.assertEqual(clearances, [waiting, declined])
            self.assertEqual(clearances[1].decided_by, manager)
            self.assertEqual(clearances[0].requested_by, mentor)
