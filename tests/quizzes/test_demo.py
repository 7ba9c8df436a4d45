"""The learning demo (``quizzes.demo``): courses, gates, the question bank, onboarding plans
and the progress of the demo learners, loaded through ``manage.py load_demo``."""

import datetime
import random
from collections import Counter
from decimal import Decimal
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Revision

from courses.models import (
    Assignment,
    CoursePage,
    LessonPage,
    LessonProgress,
    OnboardingPlan,
    OnboardingPlanItem,
)
from courses.selectors import LessonState, course_outline_for_learner, plan_for_learner
from lms.people.models import JobRole, StaffProfile
from quizzes.grading import question_snapshot, response_clean, response_grade
from quizzes.models import (
    AcceptedAnswer,
    Attempt,
    AttemptQuestion,
    Choice,
    LessonGate,
    MatchPair,
    Question,
    QuestionCategory,
    Quiz,
    QuizDraw,
    QuizQuestion,
)
from quizzes.types import OpaqueIds, question_type
from tests.quizzes.factories import right_answer

User = get_user_model()
T = Question.Type

COUNTED = [
    CoursePage, LessonPage, Question, Choice, AcceptedAnswer, MatchPair, QuestionCategory, Quiz,
    QuizQuestion, QuizDraw, OnboardingPlan, OnboardingPlanItem, Assignment, LessonProgress,
    Attempt, AttemptQuestion, Revision,
]  # fmt: skip


def _registered_type(code: str):
    """The registered class of a question type (None for a type graded the older way)."""
    try:
        return question_type(code)
    except KeyError:
        return None


def _type_snapshot(qtype, question, rng) -> dict:
    """A snapshot as an attempt freezes it: the common keys, then the type's own."""
    snapshot = {
        "question_id": question.pk, "type": question.type, "text": question.text,
        "text_format": question.text_format, "explanation": question.explanation,
        "explanation_format": question.explanation_format, "points": question.points,
    }  # fmt: skip
    snapshot.update(qtype.snapshot(question, shuffle=True, rng=rng, ids=OpaqueIds()))
    return snapshot


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _load_demo() -> None:
    call_command("load_demo", allow_production=True, stdout=StringIO())


def _demo_module():
    # Imported only after ``load_demo`` has discovered the loaders: importing it first would
    # register the courses and learning loaders ahead of the people one.
    from quizzes import demo

    return demo


class LearningDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _load_demo()
        cls.after_first_run = _counts()
        cls.newbie = User.objects.get(username="newbie")
        cls.staff = User.objects.get(username="staff")

    def test_a_second_run_creates_nothing(self):
        _load_demo()
        self.assertEqual(_counts(), self.after_first_run)

    def test_a_second_run_keeps_what_people_changed(self):
        question = Question.objects.get(title="Цена «Волны 500»")
        question.title = "Цена тарифа 500"
        question.text = "Во сколько обходится «Волна 500» в месяц?"
        question.save()
        quiz = Quiz.objects.get(title="Проверка: домашний интернет")
        quiz.pass_mark = 90
        quiz.save()
        course = CoursePage.objects.get(slug="crm-basics")
        removed = LessonPage.objects.child_of(course).get(slug="repair-request")
        removed.delete()
        OnboardingPlanItem.objects.filter(plan__job_role__slug="sales").last().delete()
        _load_demo()
        question.refresh_from_db()
        self.assertEqual(question.text, "Во сколько обходится «Волна 500» в месяц?")
        self.assertFalse(Question.objects.filter(title="Цена «Волны 500»").exists())
        quiz.refresh_from_db()
        self.assertEqual(quiz.pass_mark, 90)
        self.assertFalse(LessonPage.objects.child_of(course).filter(slug="repair-request").exists())
        self.assertEqual(OnboardingPlan.objects.get(job_role__slug="sales").items.count(), 3)

    def test_about_sixty_questions_of_every_type_each_explained_and_linked(self):
        questions = Question.objects.all()
        self.assertGreaterEqual(questions.count(), 55)
        # About sixty, plus three of each type that came with the type registry.
        self.assertLessEqual(questions.count(), 85)
        by_type = Counter(questions.values_list("type", flat=True))
        for qtype in T.values:
            with self.subTest(type=qtype):
                self.assertGreaterEqual(by_type[qtype], 3)
        multiple = questions.filter(type=T.MULTIPLE_CHOICE)
        self.assertGreaterEqual(multiple.filter(partial_credit=True).count(), 3)
        self.assertGreaterEqual(multiple.filter(partial_credit=False).count(), 3)
        for question in questions:
            with self.subTest(question=question.title):
                self.assertTrue(question.explanation)
                self.assertTrue(question.knowledge_page_id or question.glossary_term_id)
                self.assertIsNotNone(question.category_id)
                self.assertIsNotNone(question.latest_revision_id)
        short_texts = questions.filter(type=T.SHORT_TEXT)
        for question in short_texts:
            with self.subTest(question=question.title):
                self.assertGreaterEqual(question.accepted_answers.count(), 2)
        numeric = questions.filter(type=T.NUMERIC)
        self.assertTrue(numeric.filter(numeric_answers__tolerance__gt=0).exists())

    def test_every_question_scores_full_points_with_the_right_answer(self):
        rng = random.Random(7)  # noqa: S311 - a repeatable shuffle, not a secret
        questions = Question.objects.prefetch_related("choices", "accepted_answers", "pairs")
        for question in questions:
            with self.subTest(question=question.title):
                qtype = _registered_type(question.type)
                if qtype is not None and qtype.graded_by_person:
                    # An open answer has no right answer to send: a person grades it.
                    self.assertTrue(question.grading_notes)
                    continue
                if qtype is not None:
                    # Through the type itself: the right answer its review gives scores full.
                    snapshot = _type_snapshot(qtype, question, rng)
                    response = qtype.clean(snapshot, qtype.review(snapshot)["right_answer"])
                    grade = qtype.grade(snapshot, response)
                    self.assertTrue(grade.correct)
                    self.assertEqual(grade.fraction, 1)
                    continue
                snapshot = question_snapshot(question, shuffle=True, rng=rng)
                response = response_clean(snapshot, right_answer(snapshot))
                score, correct = response_grade(snapshot, response)
                self.assertTrue(correct)
                self.assertEqual(score, Decimal(question.points))

    def test_every_course_has_three_to_five_live_lessons_and_most_end_with_a_gate(self):
        courses = CoursePage.objects.live()
        self.assertEqual(
            sorted(courses.values_list("slug", flat=True)),
            sorted(c.slug for c in _demo_module().COURSES),
        )
        gated = total = 0
        for course in courses:
            with self.subTest(course=course.title):
                lessons = LessonPage.objects.live().child_of(course)
                self.assertGreaterEqual(lessons.count(), 3)
                self.assertLessEqual(lessons.count(), 5)
                self.assertTrue(course.job_roles.exists())
                total += lessons.count()
                gated += lessons.filter(quiz_gates__isnull=False).count()
        self.assertGreater(gated, total * 3 / 4)

    def test_lessons_use_every_kind_of_block_and_embed_demo_knowledge(self):
        kinds = Counter()
        for lesson in LessonPage.objects.live():
            for block in lesson.body:
                kinds[block.block_type] += 1
                if block.block_type == "product_card":
                    self.assertTrue(block.value["card"].live)
                if block.block_type == "glossary_callout":
                    self.assertTrue(block.value["term"].live)
        for kind in ("text", "image", "product_card", "glossary_callout", "script", "document"):
            with self.subTest(kind=kind):
                self.assertGreaterEqual(kinds[kind], 3)
        self.assertEqual(kinds["video"], 0)  # the demo has no video file to show honestly

    def test_every_gate_is_live_with_unlimited_attempts_and_answers_after_each(self):
        gate_ids = LessonGate.objects.values("quiz")
        gates = Quiz.objects.filter(pk__in=gate_ids)
        self.assertEqual(gates.count(), LessonPage.objects.filter(quiz_gates__isnull=False).count())
        for quiz in gates:
            with self.subTest(quiz=quiz.title):
                self.assertTrue(quiz.live)
                self.assertIsNotNone(quiz.live_revision_id)
                self.assertEqual(quiz.attempt_limit, 0)
                self.assertEqual(quiz.cooldown_minutes, 0)
                self.assertEqual(quiz.show_answers, Quiz.ShowAnswers.AFTER_EACH_ATTEMPT)
                self.assertTrue(quiz.quiz_questions.exists() or quiz.draws.exists())

    def test_a_quiz_draws_questions_at_random_from_a_category(self):
        draw = QuizDraw.objects.select_related("quiz", "category").get()
        self.assertTrue(LessonPage.objects.filter(quiz_gates__quiz=draw.quiz).exists())
        listed = draw.quiz.quiz_questions.values("question")
        pool = Question.objects.filter(category=draw.category).exclude(pk__in=listed)
        self.assertGreater(pool.count(), draw.count * 2)

    def test_each_demo_job_role_has_a_plan_of_three_or_four_courses(self):
        self.assertEqual(
            set(JobRole.objects.values_list("slug", flat=True)), set(_demo_module().PLANS)
        )
        for role in JobRole.objects.all():
            with self.subTest(role=role.slug):
                items = OnboardingPlan.objects.get(job_role=role).items.all()
                self.assertIn(items.count(), (3, 4))
                self.assertTrue(all(item.due_days > 0 for item in items))
                self.assertTrue(any(item.required_for_solo for item in items))
                for item in items:
                    self.assertIn(role, item.course.job_roles.all())

    def test_newbie_is_a_couple_of_lessons_into_the_first_course(self):
        profile = StaffProfile.objects.get(user=self.newbie)
        plan = plan_for_learner(user=self.newbie)
        self.assertEqual(plan.completed, [])
        items = OnboardingPlanItem.objects.filter(plan__job_role=profile.job_role)
        # Besides the plan's courses: the demo's change to a product card she has already
        # learned, and the course quality control assigned her (``quality.demo``).
        courses = [
            entry
            for entry in plan.current
            if entry.outline is not None and entry.assignment.source == Assignment.Source.ONBOARDING
        ]
        self.assertEqual(len(courses), items.count())
        sources = Counter(e.assignment.source for e in plan.current if e.outline is not None)
        self.assertEqual(
            sources,
            Counter({Assignment.Source.ONBOARDING: items.count(), Assignment.Source.QUALITY: 1}),
        )
        self.assertEqual(
            [e.assignment.source for e in plan.current if e.outline is None],
            [Assignment.Source.CONTENT_CHANGE],
        )
        for item in items:
            assignment = Assignment.objects.get(user=self.newbie, course=item.course)
            self.assertEqual(assignment.source, Assignment.Source.ONBOARDING)
            due = timezone.localtime(assignment.due_at).date()
            self.assertEqual(due, profile.hire_date + datetime.timedelta(days=item.due_days))
        first = courses[0]
        states = [state.state for state in first.outline.lessons]
        self.assertEqual(
            states[:3], [LessonState.COMPLETED, LessonState.COMPLETED, LessonState.OPEN]
        )
        self.assertEqual(plan.continue_with, first.outline.lessons[2].lesson)
        self.assertEqual(first.assignment.status, Assignment.Status.IN_PROGRESS)
        done = LessonProgress.objects.filter(user=self.newbie, completed_at__isnull=False)
        self.assertEqual(done.count(), 2)
        attempts = Attempt.objects.filter(user=self.newbie)
        self.assertEqual(attempts.filter(passed=True).count(), 2)
        self.assertTrue(attempts.filter(passed=False).exists())  # one gate took a retry
        self.assertFalse(attempts.filter(status=Attempt.Status.IN_PROGRESS).exists())
        hired = timezone.make_aware(datetime.datetime.combine(profile.hire_date, datetime.time()))
        for progress in done:
            self.assertLessEqual(hired, progress.started_at)
            self.assertLessEqual(progress.started_at, progress.gate_passed_at)
            self.assertLessEqual(progress.completed_at, timezone.now())
        self.assertLessEqual(
            max(
                a.assigned_at
                for a in Assignment.objects.filter(user=self.newbie, source="onboarding")
            ),
            min(p.started_at for p in done),
        )

    def test_staff_finished_the_whole_plan_months_ago(self):
        months_ago = timezone.now() - datetime.timedelta(days=60)
        assignments = Assignment.objects.filter(user=self.staff, course__isnull=False)
        self.assertEqual(assignments.count(), 4)
        for assignment in assignments.select_related("course"):
            with self.subTest(course=assignment.course.title):
                self.assertEqual(assignment.status, Assignment.Status.COMPLETED)
                self.assertLess(assignment.completed_at, months_ago)
                self.assertLess(assignment.assigned_at, assignment.completed_at)
                self.assertLessEqual(assignment.completed_at, assignment.due_at)
                outline = course_outline_for_learner(course=assignment.course, user=self.staff)
                self.assertTrue(outline.is_complete)
        for progress in LessonProgress.objects.filter(user=self.staff):
            self.assertLessEqual(progress.started_at, progress.completed_at)
            self.assertLess(progress.completed_at, months_ago)
        for attempt in Attempt.objects.filter(user=self.staff):
            self.assertEqual(attempt.status, Attempt.Status.SUBMITTED)
            self.assertLess(attempt.started_at, attempt.submitted_at)
            self.assertLess(attempt.submitted_at, months_ago)
        self.assertTrue(Attempt.objects.filter(user=self.staff, passed=False).exists())
        # What is open is the demo's change to a product card she learned back then.
        self.assertEqual(
            [e.assignment.source for e in plan_for_learner(user=self.staff).current],
            [Assignment.Source.CONTENT_CHANGE],
        )

    def test_newbie_can_read_what_is_open_and_is_stopped_at_what_is_locked(self):
        self.client.force_login(self.newbie)
        course = next(e.outline for e in plan_for_learner(user=self.newbie).current if e.outline)
        self.assertEqual(self.client.get(course.course.url).status_code, 200)
        expected = {LessonState.COMPLETED: 200, LessonState.OPEN: 200, LessonState.LOCKED: 403}
        for state in course.lessons:
            with self.subTest(lesson=state.lesson.title):
                response = self.client.get(state.lesson.url)
                self.assertEqual(response.status_code, expected[state.state])
        response = self.client.get(course.lessons[0].lesson.url)
        self.assertContains(response, 'data-term="')
        self.assertContains(
            response, LessonGate.objects.get(lesson=course.lessons[0].lesson).quiz.title
        )
