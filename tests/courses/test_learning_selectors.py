"""Reads for learning: a course's outline for a learner, a lesson's surroundings and the plan."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase
from django.utils import timezone

from courses.models import Assignment
from courses.selectors import (
    LessonState,
    assignments_completed_of,
    assignments_overdue_of,
    course_list_for_learner,
    course_outline_for_learner,
    lesson_context_for_learner,
    plan_for_learner,
)
from courses.services import assignment_create, lesson_complete, lesson_gate_pass, lesson_open
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, true_false_create

MANUAL = Assignment.Source.MANUAL
OPEN, LOCKED, COMPLETED = LessonState.OPEN, LessonState.LOCKED, LessonState.COMPLETED


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class CourseOutlineForLearnerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.course = course_create(lessons=4, gates={1: cls.quiz})
        cls.lessons = course_lessons(cls.course)

    def outline(self, user=None):
        return course_outline_for_learner(course=self.course, user=user or self.user)

    def test_a_new_learner_sees_the_first_lesson_open_and_the_rest_locked(self):
        outline = self.outline()

        self.assertEqual([s.lesson.pk for s in outline.lessons], [x.pk for x in self.lessons])
        self.assertEqual([s.state for s in outline.lessons], [OPEN, LOCKED, LOCKED, LOCKED])
        self.assertEqual((outline.total, outline.done, outline.percent), (4, 0, 0))
        self.assertFalse(outline.is_complete)
        self.assertEqual(outline.next_lesson, self.lessons[0])

    def test_the_state_of_each_lesson_follows_progress_and_gates(self):
        lesson_complete(user=self.user, lesson=self.lessons[0])
        lesson_open(user=self.user, lesson=self.lessons[1])

        outline = self.outline()

        self.assertEqual([s.state for s in outline.lessons], [COMPLETED, OPEN, LOCKED, LOCKED])
        gated = outline.state_of(self.lessons[1].pk)
        self.assertEqual(gated.gate_quiz_id, self.quiz.pk)
        self.assertFalse(gated.gate_passed)
        self.assertTrue(gated.opened)
        self.assertFalse(outline.state_of(self.lessons[2].pk).opened)
        self.assertIsNone(outline.state_of(self.lessons[0].pk).gate_quiz_id)
        self.assertEqual(outline.next_lesson, self.lessons[1])
        self.assertEqual((outline.done, outline.percent), (1, 25))

    def test_a_passed_gate_opens_the_next_lesson(self):
        lesson_complete(user=self.user, lesson=self.lessons[0])
        lesson_gate_pass(user=self.user, lesson=self.lessons[1])

        outline = self.outline()

        self.assertEqual([s.state for s in outline.lessons], [COMPLETED, COMPLETED, OPEN, LOCKED])
        self.assertTrue(outline.state_of(self.lessons[1].pk).gate_passed)

    def test_every_lesson_done_is_complete(self):
        lesson_complete(user=self.user, lesson=self.lessons[0])
        lesson_gate_pass(user=self.user, lesson=self.lessons[1])
        for lesson in self.lessons[2:]:
            lesson_complete(user=self.user, lesson=lesson)

        outline = self.outline()

        self.assertTrue(outline.is_complete)
        self.assertEqual((outline.done, outline.percent), (4, 100))
        self.assertIsNone(outline.next_lesson)

    def test_unpublished_lessons_are_left_out(self):
        self.lessons[2].unpublish()
        lesson_complete(user=self.user, lesson=self.lessons[0])
        lesson_gate_pass(user=self.user, lesson=self.lessons[1])

        outline = self.outline()

        self.assertEqual(
            [s.lesson.pk for s in outline.lessons],
            [self.lessons[0].pk, self.lessons[1].pk, self.lessons[3].pk],
        )
        self.assertEqual([s.state for s in outline.lessons], [COMPLETED, COMPLETED, OPEN])
        self.assertIsNone(outline.state_of(self.lessons[2].pk))

    def test_neighbours(self):
        outline = self.outline()

        before, after = outline.neighbours(self.lessons[0].pk)
        self.assertIsNone(before)
        self.assertEqual(after.lesson, self.lessons[1])
        before, after = outline.neighbours(self.lessons[3].pk)
        self.assertEqual(before.lesson, self.lessons[2])
        self.assertIsNone(after)
        self.assertEqual(outline.neighbours(-1), (None, None))

    def test_an_anonymous_visitor_gets_the_outline_without_progress(self):
        lesson_complete(user=self.user, lesson=self.lessons[0])

        outline = self.outline(AnonymousUser())

        self.assertEqual([s.state for s in outline.lessons], [OPEN, LOCKED, LOCKED, LOCKED])

    def test_another_persons_progress_does_not_count(self):
        lesson_complete(user=self.user, lesson=self.lessons[0])

        self.assertEqual(self.outline(staff_user()).done, 0)


class CourseOutlineQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.small = course_create(lessons=2)
        cls.large = course_create(lessons=30)
        for course in (cls.small, cls.large):
            for lesson in course_lessons(course)[:2]:
                lesson_complete(user=cls.user, lesson=lesson)

    def test_two_queries_whatever_the_number_of_lessons(self):
        for course, total in ((self.small, 2), (self.large, 30)):
            with self.subTest(lessons=total), self.assertNumQueries(2):
                outline = course_outline_for_learner(course=course, user=self.user)
                states = [item.state for item in outline.lessons]
            self.assertEqual(outline.total, total)
            self.assertEqual(states[:2], [COMPLETED, COMPLETED])


class LessonContextForLearnerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.course = course_create(lessons=3, gates={1: cls.quiz})
        cls.lessons = course_lessons(cls.course)

    def test_the_lesson_with_its_course_neighbours_and_gate(self):
        lesson_complete(user=self.user, lesson=self.lessons[0])

        context = lesson_context_for_learner(lesson=self.lessons[1], user=self.user)

        self.assertEqual(context["course"], self.course)
        self.assertEqual(context["state"].state, OPEN)
        self.assertEqual(context["previous"].lesson, self.lessons[0])
        self.assertEqual(context["next"].lesson, self.lessons[2])
        self.assertEqual(context["next"].state, LOCKED)
        self.assertEqual(context["gate_quiz"], self.quiz)
        self.assertEqual(context["outline"].total, 3)

    def test_a_lesson_without_a_gate(self):
        context = lesson_context_for_learner(lesson=self.lessons[0], user=self.user)

        self.assertIsNone(context["gate_quiz"])
        self.assertIsNone(context["previous"])


class PlanForLearnerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.now = timezone.now()
        cls.later = course_create(lessons=2, title="Позже")
        cls.sooner = course_create(lessons=2, title="Раньше")
        cls.undated = course_create(lessons=1, title="Без срока")
        cls.empty = course_create(lessons=0, title="Пустой")
        cls.done_first = course_create(lessons=1, title="Пройден давно")
        cls.done_last = course_create(lessons=1, title="Пройден недавно")
        cls.hidden = course_create(lessons=1, title="Снят с публикации")
        for course, due in (
            (cls.later, cls.now + days(10)),
            (cls.undated, None),
            (cls.sooner, cls.now + days(2)),
            (cls.empty, cls.now + days(1)),
            (cls.done_first, cls.now + days(3)),
            (cls.done_last, cls.now + days(4)),
            (cls.hidden, cls.now + days(1)),
        ):
            assignment_create(user=cls.user, course=course, source=MANUAL, due_at=due)
        lesson_complete(
            user=cls.user, lesson=course_lessons(cls.done_first)[0], at=cls.now - days(5)
        )
        lesson_complete(
            user=cls.user, lesson=course_lessons(cls.done_last)[0], at=cls.now - days(1)
        )
        lesson_complete(user=cls.user, lesson=course_lessons(cls.sooner)[0])
        cls.hidden.unpublish()

    def test_open_assignments_by_due_date_then_completed_ones_latest_first(self):
        plan = plan_for_learner(user=self.user)

        self.assertEqual(
            [entry.assignment.course_id for entry in plan.current],
            [self.empty.pk, self.sooner.pk, self.later.pk, self.undated.pk],
        )
        self.assertEqual(
            [entry.assignment.course_id for entry in plan.completed],
            [self.done_last.pk, self.done_first.pk],
        )

    def test_each_entry_carries_the_outline(self):
        plan = plan_for_learner(user=self.user)
        sooner = next(e for e in plan.current if e.assignment.course_id == self.sooner.pk)

        self.assertEqual([s.state for s in sooner.outline.lessons], [COMPLETED, OPEN])
        self.assertEqual(sooner.outline.percent, 50)
        self.assertTrue(plan.completed[0].outline.is_complete)
        self.assertFalse(sooner.is_overdue)

    def test_continue_with_the_next_lesson_of_the_first_open_course_that_has_one(self):
        plan = plan_for_learner(user=self.user)

        # The course due first has no lessons, so the button leads to the next one's.
        self.assertEqual(plan.continue_with, course_lessons(self.sooner)[1])

    def test_nothing_to_continue_once_everything_is_done(self):
        user = staff_user()
        course = course_create(lessons=1)
        assignment_create(user=user, course=course, source=MANUAL)
        lesson_complete(user=user, lesson=course_lessons(course)[0])

        plan = plan_for_learner(user=user)

        self.assertEqual(plan.current, [])
        self.assertIsNone(plan.continue_with)

    def test_an_overdue_entry_says_so(self):
        user = staff_user()
        assignment_create(user=user, course=self.later, source=MANUAL, due_at=self.now - days(1))

        self.assertTrue(plan_for_learner(user=user).current[0].is_overdue)

    def test_another_persons_assignments_are_not_in_the_plan(self):
        self.assertEqual(plan_for_learner(user=staff_user()).current, [])


class PlanForLearnerQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.few = staff_user()
        cls.many = staff_user()
        quiz = quiz_create(questions=[true_false_create()])
        courses = [course_create(lessons=2) for _ in range(14)]
        courses.append(course_create(lessons=2, gates={0: quiz}))
        for index, course in enumerate(courses):
            due_at = timezone.now() + days(index)
            assignment_create(user=cls.many, course=course, source=MANUAL, due_at=due_at)
        for course in courses[:4]:
            lesson_complete(user=cls.many, lesson=course_lessons(course)[0])
        assignment_create(user=cls.few, course=courses[0], source=MANUAL)

    def test_three_queries_whatever_the_number_of_assignments(self):
        for user, count in ((self.few, 1), (self.many, 15)):
            with self.subTest(assignments=count), self.assertNumQueries(3):
                plan = plan_for_learner(user=user)
                lessons = [s.lesson.title for e in plan.current for s in e.outline.lessons]
                next_lesson = plan.continue_with
            self.assertEqual(len(plan.current), count)
            self.assertEqual(len(lessons), 2 * count)
            self.assertIsNotNone(next_lesson)

    def test_no_assignments_is_one_query(self):
        user = staff_user()

        with self.assertNumQueries(1):
            plan = plan_for_learner(user=user)

        self.assertEqual((plan.current, plan.completed), ([], []))


class CourseListForLearnerTests(TestCase):
    def test_live_courses_in_catalogue_order(self):
        first = course_create(lessons=0, title="Первый")
        hidden = course_create(lessons=0, title="Скрытый")
        second = course_create(lessons=0, title="Второй")
        hidden.unpublish()

        courses = course_list_for_learner(user=staff_user())

        self.assertEqual([entry.course.pk for entry in courses], [first.pk, second.pk])


class AssignmentsOfPeopleTests(TestCase):
    """Overdue and recently completed assignments of a set of people (the weekly digest)."""

    @classmethod
    def setUpTestData(cls):
        cls.now = timezone.now()
        cls.anna, cls.boris, cls.other = staff_user(), staff_user(), staff_user()
        cls.course, cls.second = course_create(lessons=1), course_create(lessons=1)

    def assign(self, user, course, *, due):
        assignment, _ = assignment_create(
            user=user, course=course, source=Assignment.Source.MANUAL, due_at=self.now + due
        )
        return assignment

    def test_overdue_whether_stored_so_or_not_yet(self):
        stored = self.assign(self.anna, self.course, due=-days(3))
        Assignment.objects.filter(pk=stored.pk).update(status=Assignment.Status.OVERDUE)
        not_yet_marked = self.assign(self.boris, self.course, due=-days(1))
        self.assign(self.anna, self.second, due=days(1))
        self.assign(self.other, self.course, due=-days(5))
        done = self.assign(self.boris, self.second, due=-days(2))
        Assignment.objects.filter(pk=done.pk).update(
            status=Assignment.Status.COMPLETED, completed_at=self.now
        )

        overdue = assignments_overdue_of(user_ids=[self.anna.pk, self.boris.pk], now=self.now)

        self.assertEqual(list(overdue), [stored, not_yet_marked])

    def test_completed_within_the_window(self):
        recent = self.assign(self.anna, self.course, due=days(1))
        old = self.assign(self.anna, self.second, due=days(1))
        theirs = self.assign(self.other, self.course, due=days(1))
        for assignment, when in ((recent, -days(2)), (old, -days(9)), (theirs, -days(1))):
            Assignment.objects.filter(pk=assignment.pk).update(
                status=Assignment.Status.COMPLETED, completed_at=self.now + when
            )

        completed = assignments_completed_of(
            user_ids=[self.anna.pk], since=self.now - days(7), until=self.now
        )

        self.assertEqual(list(completed), [recent])
