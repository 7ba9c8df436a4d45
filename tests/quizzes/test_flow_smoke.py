from django.test import TestCase

from courses.selectors import LessonState, course_outline_for_learner, plan_for_learner
from courses.services import GateNotPassed, LessonLocked, assignment_create, lesson_complete
from quizzes.models import AttemptQuestion
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import one_of_each_type, quiz_create, right_answer, wrong_answer


class GatedCourseFlowTests(TestCase):
    def test_fail_then_pass_opens_next_lesson(self):
        user = staff_user()
        quiz = quiz_create(questions=one_of_each_type(), shuffle_questions=True)
        course = course_create(lessons=3, gates={0: quiz})
        assignment_create(user=user, course=course, source="manual")
        first, second, _third = course_lessons(course)
        with self.assertRaises(GateNotPassed):
            lesson_complete(user=user, lesson=first)
        with self.assertRaises(LessonLocked):
            lesson_complete(user=user, lesson=second)

        attempt, created = attempt_start(user=user, quiz=quiz)
        self.assertTrue(created)
        for row in AttemptQuestion.objects.filter(attempt=attempt):
            attempt_answer_save(
                attempt=attempt, question_id=row.question_id, data=wrong_answer(row.snapshot)
            )
        graded = attempt_submit(attempt=attempt)
        self.assertFalse(graded.passed)
        self.assertEqual(graded.score, 0)
        states = [s.state for s in course_outline_for_learner(course=course, user=user).lessons]
        self.assertEqual(states, [LessonState.OPEN, LessonState.LOCKED, LessonState.LOCKED])

        attempt, _ = attempt_start(user=user, quiz=quiz)
        self.assertEqual(attempt.number, 2)
        for row in AttemptQuestion.objects.filter(attempt=attempt):
            attempt_answer_save(
                attempt=attempt, question_id=row.question_id, data=right_answer(row.snapshot)
            )
        graded = attempt_submit(attempt=attempt)
        self.assertTrue(graded.passed, graded.percent)
        self.assertEqual(graded.percent, 100)
        states = [s.state for s in course_outline_for_learner(course=course, user=user).lessons]
        self.assertEqual(states, [LessonState.COMPLETED, LessonState.OPEN, LessonState.LOCKED])
        lesson_complete(user=user, lesson=second)
        lesson_complete(user=user, lesson=_third)
        plan = plan_for_learner(user=user)
        self.assertEqual(plan.current, [])
        self.assertEqual(plan.completed[0].assignment.status, "completed")
