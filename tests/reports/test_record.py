"""``reports.selectors.record.person_record``: who may read a record, what each section holds,
and its fixed number of queries."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Assignment
from lms.people.models import StaffProfile
from mentoring.models import SignOff
from reports.selectors.record import person_record
from tests.factories import UserFactory
from tests.mentoring.factories import INDEPENDENT, PracticeSkillFactory, session_make
from tests.quizzes.factories import attempt_take, quiz_create, single_choice_create
from tests.reports.record_factories import REFLECTION, STRENGTHS, TO_IMPROVE, RecordData

# The profile, the active mentor, the reader's scope (roles, then the managed records),
# assignments, gate lessons, attempts, the mentoring practice (profile, skills matrix, readiness,
# sessions with ratings and suggested pages, sign-offs, pairing, latest clearance), the
# clearances, the refresher policies and completions, the review cards and log, the quality
# evaluations, and their trend by month (the person's and the company's).
RECORD_QUERIES_MAX = 29


class PersonRecordAccessTests(RecordData, TestCase):
    def _relation(self, viewer):
        record = person_record(viewer=viewer, person_id=self.person.pk)
        return record.relation if record is not None else None

    def test_who_may_read(self):
        self.assertEqual(self._relation(self.person), "self")
        self.assertEqual(self._relation(self.mentor), "mentor")
        self.assertEqual(self._relation(self.manager), "manager")
        self.assertEqual(self._relation(self.hr), "manager")
        self.assertEqual(self._relation(self.admin), "manager")

    def test_nobody_else(self):
        for viewer in (AnonymousUser(), self.colleague, self.other_mentor, self.other_manager):
            with self.subTest(viewer=str(viewer)):
                self.assertIsNone(self._relation(viewer))

    def test_a_mentor_whose_pairing_ended_may_not(self):
        self.person.pairings_as_mentee.update(status="ended", ended_at=timezone.now())
        self.assertIsNone(self._relation(self.mentor))
        self.assertEqual(self._relation(self.manager), "manager")

    def test_a_line_manager_of_another_team_may(self):
        self.team.managers.remove(self.manager)
        self.assertEqual(self._relation(self.manager), "manager")
        StaffProfile.objects.filter(user=self.person).update(line_manager=None)
        self.assertIsNone(self._relation(self.manager))

    def test_unknown_person_and_account_without_record(self):
        self.assertIsNone(person_record(viewer=self.admin, person_id=999_999))
        bare = UserFactory()
        self.assertIsNone(person_record(viewer=self.admin, person_id=bare.pk))

    def test_an_inactive_reader_may_not(self):
        self.manager.is_active = False
        self.assertIsNone(self._relation(self.manager))

    def test_leavers_stay_visible(self):
        StaffProfile.objects.filter(user=self.person).update(
            status=StaffProfile.Status.LEFT, left_on=timezone.localdate()
        )
        for viewer in (self.manager, self.hr, self.admin, self.mentor):
            with self.subTest(viewer=viewer.username):
                record = person_record(viewer=viewer, person_id=self.person.pk)
                self.assertIsNotNone(record)
                self.assertTrue(record.profile.has_left)
                self.assertEqual(len(record.assignments), 4)
        self.assertIsNone(self._relation(self.other_manager))


class PersonRecordContentTests(RecordData, TestCase):
    def setUp(self):
        self.record = person_record(viewer=self.manager, person_id=self.person.pk)

    def test_profile(self):
        profile = self.record.profile
        self.assertEqual(profile.employee_id, "E-100")
        self.assertEqual(profile.team, self.team)
        self.assertEqual(profile.job_role, self.role)
        self.assertEqual(profile.line_manager, self.manager)
        self.assertEqual(self.record.mentor, self.mentor)

    def test_assignments_with_state_and_best_score(self):
        by_id = {e.assignment.pk: e for e in self.record.assignments}
        self.assertEqual(
            set(by_id),
            {
                self.plan_assignment.pk,
                self.quiz_assignment.pk,
                self.overdue_assignment.pk,
                self.refresher_assignment.pk,
            },
        )
        plan = by_id[self.plan_assignment.pk]
        self.assertEqual(plan.state, Assignment.Status.COMPLETED)
        # The course's best is the best at the quiz that ends its lesson.
        self.assertEqual(plan.best_score, Decimal("100.00"))
        quiz = by_id[self.quiz_assignment.pk]
        self.assertEqual(quiz.state, Assignment.Status.COMPLETED)
        self.assertEqual(quiz.best_score, Decimal("100.00"))  # the pass, not the fail
        # Past its due date: overdue before the periodic job stores it.
        overdue = by_id[self.overdue_assignment.pk]
        self.assertEqual(overdue.assignment.status, Assignment.Status.ASSIGNED)
        self.assertEqual(overdue.state, Assignment.Status.OVERDUE)
        self.assertIsNone(overdue.best_score)
        refresher = by_id[self.refresher_assignment.pk]
        self.assertEqual(refresher.state, Assignment.Status.ASSIGNED)
        self.assertIsNone(refresher.best_score)
        self.assertEqual(self.record.overdue_assignments, 1)
        self.assertEqual(self.record.open_assignments, 2)

    def test_best_score_counts_attempts_since_assigned(self):
        Assignment.objects.filter(pk=self.quiz_assignment.pk).update(
            assigned_at=timezone.now() + datetime.timedelta(minutes=1)
        )
        record = person_record(viewer=self.manager, person_id=self.person.pk)
        entry = next(e for e in record.assignments if e.assignment.pk == self.quiz_assignment.pk)
        self.assertIsNone(entry.best_score)

    def test_attempts(self):
        attempts = {a.pk: a for a in self.record.attempts}
        self.assertEqual(set(attempts), {self.failed.pk, self.passed.pk, self.gate_attempt.pk})
        self.assertFalse(attempts[self.failed.pk].passed)
        self.assertEqual(attempts[self.failed.pk].percent, Decimal("0"))
        self.assertTrue(attempts[self.passed.pk].passed)
        self.assertEqual(attempts[self.passed.pk].quiz.title, "Проверка по тарифам")

    def test_sessions_signoffs_and_clearance(self):
        [entry] = self.record.sessions
        self.assertEqual(entry.session.strengths, STRENGTHS)
        self.assertEqual(entry.session.to_improve, TO_IMPROVE)
        self.assertEqual([(r.skill, r.rating) for r in entry.ratings], [(self.skill, INDEPENDENT)])
        self.assertEqual(self.record.sign_offs, [self.sign_off])
        [clearance] = self.record.clearances
        self.assertEqual(clearance.decided_by, self.manager)
        self.assertEqual(clearance.days_to_solo, 12)

    def test_reflection_is_for_the_person_and_the_mentor(self):
        self.assertIsNone(self.record.sessions[0].reflection)
        for viewer in (self.person, self.mentor):
            record = person_record(viewer=viewer, person_id=self.person.pk)
            self.assertEqual(record.sessions[0].reflection, REFLECTION)
        for viewer in (self.hr, self.admin):
            record = person_record(viewer=viewer, person_id=self.person.pk)
            self.assertIsNone(record.sessions[0].reflection)

    def test_refreshers(self):
        self.assertEqual(
            [e.assignment.pk for e in self.record.refreshers], [self.refresher_assignment.pk]
        )
        [certification] = self.record.refresher_policies
        self.assertEqual(certification.policy, self.policy)
        self.assertEqual(certification.state, "not_certified")

    def test_review(self):
        review = self.record.review
        # One card per question answered in a submitted attempt: the quiz's and the gate's.
        self.assertEqual(review.cards, 2)
        self.assertEqual(review.recent_cards, 1)
        self.assertEqual(review.recent_reviews, 1)
        self.assertGreater(review.recall, 0)
        self.assertLessEqual(review.recall, 1)
        topics = {t.topic: t for t in review.topics}
        self.assertEqual(topics["Тарифы"].cards, 1)
        self.assertIsNotNone(topics["Тарифы"].recall)


class PersonRecordQueriesTests(RecordData, TestCase):
    def _count(self) -> int:
        viewer = type(self.manager).objects.get(pk=self.manager.pk)
        with CaptureQueriesContext(connection) as ctx:
            record = person_record(viewer=viewer, person_id=self.person.pk)
        self.assertIsNotNone(record)
        return len(ctx.captured_queries)

    def test_fixed_number_of_queries(self):
        before = self._count()
        now = timezone.now()
        for n in range(5):
            quiz = quiz_create(
                title=f"Ещё проверка {n}",
                questions=[single_choice_create(text=f"Ещё {n}?", right="Да", wrong=["Нет"])],
            )
            Assignment.objects.create(
                user=self.person,
                quiz_id=quiz.pk,
                source=Assignment.Source.MANUAL,
                due_at=now + datetime.timedelta(days=n),
            )
            attempt_take(self.person, quiz)
            skill = PracticeSkillFactory(job_role=self.role)
            session_make(mentee=self.person, ratings=[(skill, INDEPENDENT)], strengths="Хорошо")
            SignOff.objects.create(mentee=self.person, skill=skill, signed_by=self.mentor)
        after = self._count()
        self.assertEqual(after, before)
        self.assertLessEqual(after, RECORD_QUERIES_MAX)
