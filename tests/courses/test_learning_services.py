"""Writes for learning: assignments, onboarding plans, assigning courses to people, and lesson
progress (lessons open in order; gates keep the next lesson locked)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses import tasks
from courses.models import Assignment, LessonProgress
from courses.selectors import LessonState, course_outline_for_learner
from courses.services import (
    ERROR_GATE_NOT_PASSED,
    ERROR_LESSON_LOCKED,
    ERROR_NOBODY_CHOSEN,
    ERROR_NOT_YOUR_STAFF,
    GateNotPassed,
    LessonLocked,
    assignment_create,
    assignments_overdue_mark,
    course_assign,
    course_completion_check,
    lesson_complete,
    lesson_gate_pass,
    lesson_open,
    onboarding_plan_assign,
)
from lms.people import roles
from lms.people.models import StaffProfile
from quizzes.models import LessonGate
from tests.courses.factories import course_create, course_lessons, onboarding_plan_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.quizzes.factories import quiz_create, true_false_create

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
MANUAL = Assignment.Source.MANUAL
ONBOARDING = Assignment.Source.ONBOARDING


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def states(course, user) -> list[str]:
    return [item.state for item in course_outline_for_learner(course=course, user=user).lessons]


class AssignmentCreateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.course = course_create(lessons=1)

    def test_creates_an_open_assignment(self):
        assignment, created = assignment_create(
            user=self.user,
            course=self.course,
            source=MANUAL,
            assigned_by=self.manager,
            due_at=T0 + days(7),
            assigned_at=T0,
        )

        self.assertTrue(created)
        assignment.refresh_from_db()
        self.assertEqual(assignment.status, Assignment.Status.ASSIGNED)
        self.assertEqual(assignment.source, MANUAL)
        self.assertEqual(assignment.assigned_by, self.manager)
        self.assertEqual(assignment.assigned_at, T0)
        self.assertEqual(assignment.due_at, T0 + days(7))
        self.assertTrue(assignment.is_open)

    def test_while_one_is_open_the_same_one_is_returned_whatever_the_source(self):
        first, _ = assignment_create(user=self.user, course=self.course, source=MANUAL)

        for source in (MANUAL, Assignment.Source.REFRESHER, ONBOARDING):
            with self.subTest(source=source):
                again, created = assignment_create(
                    user=self.user, course=self.course, source=source, due_at=T0
                )
                self.assertFalse(created)
                self.assertEqual(again.pk, first.pk)
                self.assertIsNone(again.due_at)
        self.assertEqual(Assignment.objects.count(), 1)

    def test_an_overdue_assignment_is_still_open(self):
        first, _ = assignment_create(user=self.user, course=self.course, source=MANUAL)
        Assignment.objects.filter(pk=first.pk).update(status=Assignment.Status.OVERDUE)

        again, created = assignment_create(user=self.user, course=self.course, source=MANUAL)

        self.assertFalse(created)
        self.assertEqual(again.pk, first.pk)

    def test_after_completion_the_course_can_be_assigned_again(self):
        first, _ = assignment_create(user=self.user, course=self.course, source=MANUAL)
        lesson_complete(user=self.user, lesson=course_lessons(self.course)[0])

        second, created = assignment_create(user=self.user, course=self.course, source=MANUAL)

        self.assertTrue(created)
        self.assertNotEqual(second.pk, first.pk)
        first.refresh_from_db()
        self.assertEqual(first.status, Assignment.Status.COMPLETED)

    def test_the_onboarding_course_is_assigned_once_ever(self):
        first, created = assignment_create(user=self.user, course=self.course, source=ONBOARDING)
        self.assertTrue(created)
        lesson_complete(user=self.user, lesson=course_lessons(self.course)[0])

        again, created = assignment_create(user=self.user, course=self.course, source=ONBOARDING)

        self.assertFalse(created)
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(again.status, Assignment.Status.COMPLETED)
        self.assertEqual(Assignment.objects.filter(user=self.user).count(), 1)

    def test_other_people_get_their_own(self):
        other = staff_user()
        mine, _ = assignment_create(user=self.user, course=self.course, source=MANUAL)

        theirs, created = assignment_create(user=other, course=self.course, source=MANUAL)

        self.assertTrue(created)
        self.assertNotEqual(mine.pk, theirs.pk)


class OnboardingPlanAssignTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.role = JobRoleFactory()
        cls.other_role = JobRoleFactory()
        cls.products = course_create(lessons=1, title="Продукты")
        cls.crm = course_create(lessons=1, title="CRM")
        cls.elsewhere = course_create(lessons=1, title="Для другой роли")
        onboarding_plan_create(cls.role, [(cls.products, 3), (cls.crm, 14)])
        onboarding_plan_create(cls.other_role, [(cls.elsewhere, 5)])
        cls.hire_date = datetime.date(2026, 2, 27)
        # Created without a job role, so that the test calls the service itself.
        cls.user = staff_user(hire_date=cls.hire_date)
        cls.manager = staff_user(roles=[roles.MANAGERS])

    def setUp(self):
        self.profile = StaffProfile.objects.get(user=self.user)
        self.profile.job_role = self.role
        self.profile.save()

    def test_each_course_is_due_its_days_after_the_hire_date(self):
        created = onboarding_plan_assign(profile=self.profile, assigned_by=self.manager)

        self.assertEqual([a.course_id for a in created], [self.products.pk, self.crm.pk])
        due = {
            a.course_id: timezone.localtime(a.due_at)
            for a in Assignment.objects.filter(user=self.user)
        }
        self.assertEqual(due[self.products.pk].date(), datetime.date(2026, 3, 2))
        self.assertEqual(due[self.crm.pk].date(), datetime.date(2026, 3, 13))
        self.assertEqual(due[self.crm.pk].time(), datetime.time(23, 59))
        for assignment in created:
            self.assertEqual(assignment.source, ONBOARDING)
            self.assertEqual(assignment.assigned_by, self.manager)

    def test_a_second_call_assigns_nothing(self):
        onboarding_plan_assign(profile=self.profile)

        self.assertEqual(onboarding_plan_assign(profile=self.profile), [])
        self.assertEqual(Assignment.objects.filter(user=self.user).count(), 2)

    def test_only_the_persons_own_role_plan(self):
        onboarding_plan_assign(profile=self.profile)

        self.assertFalse(Assignment.objects.filter(course=self.elsewhere).exists())

    def test_nobody_without_a_job_role_or_who_has_left_gets_a_plan(self):
        self.profile.job_role = None
        self.assertEqual(onboarding_plan_assign(profile=self.profile), [])
        self.profile.job_role = self.role
        self.profile.status = StaffProfile.Status.LEFT
        self.assertEqual(onboarding_plan_assign(profile=self.profile), [])

        self.assertFalse(Assignment.objects.filter(user=self.user).exists())

    def test_a_role_without_a_plan_assigns_nothing(self):
        self.profile.job_role = JobRoleFactory()

        self.assertEqual(onboarding_plan_assign(profile=self.profile), [])


class CourseAssignTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.team = TeamFactory()
        cls.team.managers.add(cls.manager)
        cls.foreign_team = TeamFactory()
        cls.operator = JobRoleFactory(name="Оператор")
        cls.seller = JobRoleFactory(name="Продавец")
        cls.ann = staff_user(team=cls.team, job_role=cls.operator)
        cls.bob = staff_user(team=cls.team, job_role=cls.seller)
        cls.left = staff_user(team=cls.team, job_role=cls.operator)
        StaffProfile.objects.filter(user=cls.left).update(status=StaffProfile.Status.LEFT)
        cls.report = staff_user(line_manager=cls.manager, job_role=cls.seller)
        cls.stranger = staff_user(team=cls.foreign_team, job_role=cls.operator)
        cls.course = course_create(lessons=1)
        cls.due = T0 + days(10)

    def assign(self, by=None, **chosen):
        return course_assign(
            course=self.course, assigned_by=by or self.manager, due_at=self.due, **chosen
        )

    def assigned_users(self) -> set:
        return set(Assignment.objects.filter(course=self.course).values_list("user", flat=True))

    def test_people_in_scope(self):
        result = self.assign(users=[self.ann, self.report])

        self.assertEqual((result.created, result.already_assigned, result.people), (2, 0, 2))
        self.assertEqual(self.assigned_users(), {self.ann.pk, self.report.pk})
        for assignment in Assignment.objects.filter(course=self.course):
            self.assertEqual(assignment.source, MANUAL)
            self.assertEqual(assignment.assigned_by, self.manager)
            self.assertEqual(assignment.due_at, self.due)
            self.assertEqual(assignment.status, Assignment.Status.ASSIGNED)

    def test_a_team_means_its_current_members(self):
        result = self.assign(teams=[self.team])

        self.assertEqual(result.people, 2)
        self.assertEqual(self.assigned_users(), {self.ann.pk, self.bob.pk})

    def test_a_job_role_means_the_managers_own_people_in_it(self):
        result = self.assign(job_roles=[self.seller])

        self.assertEqual(result.people, 2)
        self.assertEqual(self.assigned_users(), {self.bob.pk, self.report.pk})

    def test_a_job_role_given_by_an_administrator_reaches_everyone_in_it(self):
        self.assign(by=self.admin, job_roles=[self.operator])

        self.assertEqual(self.assigned_users(), {self.ann.pk, self.stranger.pk})

    def test_everything_at_once_counts_each_person_once(self):
        result = self.assign(users=[self.ann], teams=[self.team], job_roles=[self.seller])

        self.assertEqual(result.people, 3)
        self.assertEqual(self.assigned_users(), {self.ann.pk, self.bob.pk, self.report.pk})

    def test_a_person_out_of_scope_is_refused_and_nothing_is_created(self):
        for chosen in (
            {"users": [self.ann, self.stranger]},
            {"users": [self.left]},
            {"users": [self.manager]},
            {"users": [self.admin]},
        ):
            with self.subTest(chosen=chosen), self.assertRaises(PermissionDenied) as caught:
                self.assign(**chosen)
            self.assertEqual(str(caught.exception), str(ERROR_NOT_YOUR_STAFF))
        self.assertFalse(Assignment.objects.exists())

    def test_a_team_out_of_scope_is_refused_and_nothing_is_created(self):
        with self.assertRaises(PermissionDenied):
            self.assign(users=[self.ann], teams=[self.team, self.foreign_team])

        self.assertFalse(Assignment.objects.exists())

    def test_an_administrator_may_name_any_team(self):
        self.assign(by=self.admin, teams=[self.foreign_team])

        self.assertEqual(self.assigned_users(), {self.stranger.pk})

    def test_twice_makes_no_duplicates(self):
        self.assign(teams=[self.team])

        result = self.assign(teams=[self.team], users=[self.report])

        self.assertEqual((result.created, result.already_assigned, result.people), (1, 2, 3))
        self.assertEqual(Assignment.objects.filter(course=self.course).count(), 3)

    def test_a_completed_course_is_assigned_again(self):
        assignment_create(user=self.ann, course=self.course, source=MANUAL)
        Assignment.objects.update(status=Assignment.Status.COMPLETED)

        result = self.assign(users=[self.ann])

        self.assertEqual(result.created, 1)
        self.assertEqual(Assignment.objects.filter(user=self.ann).count(), 2)

    def test_nobody_chosen_is_a_validation_error(self):
        with self.assertRaises(ValidationError) as caught:
            self.assign()

        self.assertEqual(caught.exception.messages, [str(ERROR_NOBODY_CHOSEN)])


class LessonProgressTests(TestCase):
    """``lesson_open`` and ``lesson_complete``: lessons open in order."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.course = course_create(lessons=3)
        cls.lessons = course_lessons(cls.course)
        cls.assignment, _ = assignment_create(user=cls.user, course=cls.course, source=MANUAL)

    def test_only_the_first_lesson_is_open_at_first(self):
        self.assertEqual(
            states(self.course, self.user),
            [LessonState.OPEN, LessonState.LOCKED, LessonState.LOCKED],
        )

    def test_completing_a_lesson_opens_the_next(self):
        progress = lesson_complete(user=self.user, lesson=self.lessons[0], at=T0)

        self.assertEqual(progress.completed_at, T0)
        self.assertEqual(
            states(self.course, self.user),
            [LessonState.COMPLETED, LessonState.OPEN, LessonState.LOCKED],
        )

    def test_completing_a_locked_lesson_is_refused(self):
        with self.assertRaises(LessonLocked) as caught:
            lesson_complete(user=self.user, lesson=self.lessons[1])

        self.assertEqual(caught.exception.message, ERROR_LESSON_LOCKED)
        self.assertIsInstance(caught.exception, PermissionDenied)
        self.assertFalse(LessonProgress.objects.exists())

    def test_opening_a_locked_lesson_is_refused(self):
        with self.assertRaises(LessonLocked):
            lesson_open(user=self.user, lesson=self.lessons[2])

        self.assertFalse(LessonProgress.objects.exists())

    def test_opening_records_progress_and_starts_the_assignment(self):
        progress = lesson_open(user=self.user, lesson=self.lessons[0])

        self.assertIsNone(progress.completed_at)
        self.assertEqual(
            Assignment.objects.get(pk=self.assignment.pk).status, Assignment.Status.IN_PROGRESS
        )
        self.assertEqual(lesson_open(user=self.user, lesson=self.lessons[0]).pk, progress.pk)
        self.assertEqual(LessonProgress.objects.count(), 1)

    def test_opening_keeps_an_overdue_assignment_overdue(self):
        Assignment.objects.update(status=Assignment.Status.OVERDUE)

        lesson_open(user=self.user, lesson=self.lessons[0])

        self.assertEqual(Assignment.objects.get().status, Assignment.Status.OVERDUE)

    def test_completing_twice_keeps_the_first_time(self):
        lesson_complete(user=self.user, lesson=self.lessons[0], at=T0)

        progress = lesson_complete(user=self.user, lesson=self.lessons[0], at=T0 + days(1))

        self.assertEqual(progress.completed_at, T0)
        self.assertEqual(LessonProgress.objects.count(), 1)

    def test_the_last_lesson_completes_the_course_and_its_assignment(self):
        for index, lesson in enumerate(self.lessons):
            expected = Assignment.Status.ASSIGNED if index == 0 else Assignment.Status.IN_PROGRESS
            self.assertEqual(Assignment.objects.get().status, expected)
            lesson_complete(user=self.user, lesson=lesson, at=T0 + days(index))

        assignment = Assignment.objects.get()
        self.assertEqual(assignment.status, Assignment.Status.COMPLETED)
        self.assertEqual(assignment.completed_at, T0 + days(2))

    def test_one_persons_progress_is_not_anothers(self):
        other = staff_user()
        lesson_complete(user=self.user, lesson=self.lessons[0])

        with self.assertRaises(LessonLocked):
            lesson_complete(user=other, lesson=self.lessons[1])
        self.assertEqual(states(self.course, other)[0], LessonState.OPEN)

    def test_unpublished_lessons_are_skipped(self):
        self.lessons[1].unpublish()

        lesson_complete(user=self.user, lesson=self.lessons[0])

        self.assertEqual(states(self.course, self.user), [LessonState.COMPLETED, LessonState.OPEN])
        with self.assertRaises(LessonLocked):
            lesson_complete(user=self.user, lesson=self.lessons[1])
        lesson_complete(user=self.user, lesson=self.lessons[2])
        self.assertEqual(Assignment.objects.get().status, Assignment.Status.COMPLETED)


class LessonGateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.course = course_create(lessons=2, gates={0: cls.quiz})
        cls.gated, cls.last = course_lessons(cls.course)
        cls.assignment, _ = assignment_create(user=cls.user, course=cls.course, source=MANUAL)

    def test_a_gate_not_passed_refuses_completion_and_keeps_the_next_lesson_locked(self):
        lesson_open(user=self.user, lesson=self.gated)

        with self.assertRaises(GateNotPassed) as caught:
            lesson_complete(user=self.user, lesson=self.gated)

        self.assertEqual(caught.exception.message, ERROR_GATE_NOT_PASSED)
        self.assertIsInstance(caught.exception, PermissionDenied)
        self.assertIsNone(LessonProgress.objects.get().completed_at)
        self.assertEqual(states(self.course, self.user), [LessonState.OPEN, LessonState.LOCKED])
        with self.assertRaises(LessonLocked):
            lesson_complete(user=self.user, lesson=self.last)

    def test_passing_the_gate_completes_the_lesson(self):
        progress = lesson_gate_pass(user=self.user, lesson=self.gated, at=T0)

        self.assertEqual((progress.gate_passed_at, progress.completed_at), (T0, T0))
        self.assertEqual(states(self.course, self.user), [LessonState.COMPLETED, LessonState.OPEN])
        self.assertEqual(lesson_complete(user=self.user, lesson=self.gated).pk, progress.pk)

    def test_a_gate_added_after_completion_must_still_be_passed(self):
        ungated_course = course_create(lessons=2)
        first, second = course_lessons(ungated_course)
        lesson_complete(user=self.user, lesson=first)
        first.quiz_gates = [LessonGate(quiz=self.quiz)]
        first.save_revision().publish()

        self.assertEqual(states(ungated_course, self.user), [LessonState.OPEN, LessonState.LOCKED])
        with self.assertRaises(GateNotPassed):
            lesson_complete(user=self.user, lesson=first)

    def test_a_gate_of_a_locked_lesson_cannot_be_passed(self):
        course = course_create(lessons=2, gates={1: self.quiz})

        with self.assertRaises(LessonLocked):
            lesson_gate_pass(user=self.user, lesson=course_lessons(course)[1])

        self.assertFalse(LessonProgress.objects.exists())

    def test_the_course_completes_only_when_every_gate_is_passed(self):
        self.assertFalse(course_completion_check(user=self.user, course=self.course))

        lesson_gate_pass(user=self.user, lesson=self.gated, at=T0)
        self.assertEqual(Assignment.objects.get().status, Assignment.Status.IN_PROGRESS)
        lesson_complete(user=self.user, lesson=self.last, at=T0 + days(1))

        assignment = Assignment.objects.get()
        self.assertEqual(assignment.status, Assignment.Status.COMPLETED)
        self.assertEqual(assignment.completed_at, T0 + days(1))
        self.assertTrue(course_completion_check(user=self.user, course=self.course))


class CourseCompletionCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.course = course_create(lessons=1)
        cls.lesson = course_lessons(cls.course)[0]

    def test_completes_every_open_assignment_of_the_course(self):
        overdue, _ = assignment_create(user=self.user, course=self.course, source=MANUAL)
        Assignment.objects.filter(pk=overdue.pk).update(status=Assignment.Status.OVERDUE)
        LessonProgress.objects.create(user=self.user, lesson=self.lesson, completed_at=T0)

        self.assertTrue(course_completion_check(user=self.user, course=self.course, at=T0))

        overdue.refresh_from_db()
        self.assertEqual((overdue.status, overdue.completed_at), (Assignment.Status.COMPLETED, T0))

    def test_a_course_without_lessons_is_never_complete(self):
        empty = course_create(lessons=0)
        assignment_create(user=self.user, course=empty, source=MANUAL)

        self.assertFalse(course_completion_check(user=self.user, course=empty))
        self.assertEqual(Assignment.objects.get().status, Assignment.Status.ASSIGNED)


class AssignmentsOverdueMarkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1)
        cls.now = timezone.now()

    def make(self, *, due_at, status=Assignment.Status.ASSIGNED) -> Assignment:
        assignment, _ = assignment_create(
            user=staff_user(), course=self.course, source=MANUAL, due_at=due_at
        )
        Assignment.objects.filter(pk=assignment.pk).update(status=status)
        return assignment

    def test_marks_open_assignments_past_their_due_time(self):
        late = self.make(due_at=self.now - days(1))
        late_started = self.make(due_at=self.now - days(1), status=Assignment.Status.IN_PROGRESS)
        done = self.make(due_at=self.now - days(1), status=Assignment.Status.COMPLETED)
        future = self.make(due_at=self.now + days(1))
        undated = self.make(due_at=None)

        self.assertEqual(assignments_overdue_mark(now=self.now), 2)

        status = dict(Assignment.objects.values_list("pk", "status"))
        self.assertEqual(status[late.pk], Assignment.Status.OVERDUE)
        self.assertEqual(status[late_started.pk], Assignment.Status.OVERDUE)
        self.assertEqual(status[done.pk], Assignment.Status.COMPLETED)
        self.assertEqual(status[future.pk], Assignment.Status.ASSIGNED)
        self.assertEqual(status[undated.pk], Assignment.Status.ASSIGNED)

    def test_running_again_changes_nothing(self):
        self.make(due_at=self.now - days(1))
        assignments_overdue_mark(now=self.now)

        self.assertEqual(assignments_overdue_mark(now=self.now), 0)

    def test_the_task_marks_them_too(self):
        late = self.make(due_at=timezone.now() - days(1))

        self.assertEqual(tasks.assignments_overdue_mark(), 1)
        late.refresh_from_db()
        self.assertEqual(late.status, Assignment.Status.OVERDUE)


class AlreadyFinishedCourseTests(TestCase):
    """A course finished before anyone assigned it (from the catalogue) completes its new
    assignment at once instead of leaving it open for ever."""

    @classmethod
    def setUpTestData(cls):
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team = TeamFactory()
        cls.team.managers.add(cls.manager)
        cls.finished = staff_user(team=cls.team)
        cls.halfway = staff_user(team=cls.team)
        cls.course = course_create(lessons=2)
        first, second = course_lessons(cls.course)
        for lesson in (first, second):
            lesson_complete(user=cls.finished, lesson=lesson, at=T0)
        lesson_complete(user=cls.halfway, lesson=first, at=T0)

    def test_assignment_create_completes_at_once(self):
        assignment, created = assignment_create(
            user=self.finished, course=self.course, source=MANUAL
        )
        self.assertTrue(created)
        self.assertEqual(assignment.status, Assignment.Status.COMPLETED)
        self.assertIsNotNone(assignment.completed_at)

    def test_course_assign_completes_only_those_who_finished(self):
        course_assign(course=self.course, assigned_by=self.manager, due_at=None, teams=[self.team])
        status = dict(Assignment.objects.values_list("user_id", "status"))
        self.assertEqual(status[self.finished.pk], Assignment.Status.COMPLETED)
        self.assertEqual(status[self.halfway.pk], Assignment.Status.ASSIGNED)

    def test_an_unpassed_gate_keeps_the_assignment_open(self):
        quiz = quiz_create(questions=[true_false_create()])
        gated = course_create(lessons=1, gates={0: quiz})
        LessonProgress.objects.create(
            user=self.finished, lesson=course_lessons(gated)[0], completed_at=T0
        )
        assignment, _ = assignment_create(user=self.finished, course=gated, source=MANUAL)
        self.assertEqual(assignment.status, Assignment.Status.ASSIGNED)


class LessonReopenTests(TestCase):
    def test_opening_again_writes_nothing(self):
        user = staff_user()
        course = course_create(lessons=2)
        assignment_create(user=user, course=course, source=MANUAL)
        lesson = course_lessons(course)[0]
        lesson_open(user=user, lesson=lesson)
        with CaptureQueriesContext(connection) as ctx:
            lesson_open(user=user, lesson=lesson)
        writes = [
            q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))
        ]
        self.assertEqual(writes, [])
        self.assertEqual(Assignment.objects.get().status, Assignment.Status.IN_PROGRESS)
