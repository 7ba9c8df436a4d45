"""Open answers wait for a person: the attempt is closed unscored, the learner's mentor or
manager grades each answer from the queue, and the last grade scores the attempt exactly as
automatic grading does (gates, notification)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonProgress
from lms.notifications.models import Notification
from quizzes.models import Attempt, AttemptQuestion, ReviewCard
from quizzes.notifications import ATTEMPT_GRADED
from quizzes.queue_selectors import open_answer_for_grader, open_answers_waiting
from quizzes.services import (
    ERROR_ALREADY_GRADED,
    OpenAnswerNotGradable,
    attempt_answer_save,
    attempt_start,
    attempt_submit,
    open_answer_grade,
)
from quizzes.types import question_type
from tests.courses.factories import course_create, course_lessons
from tests.factories import PASSWORD, TeamFactory, staff_user
from tests.mentoring.factories import mentor_create, pairing_make
from tests.quizzes.factories import quiz_create, right_answer, true_false_create
from tests.quizzes.newtype_factories import open_answer_create

T0 = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)


def open_answer_give(attempt: Attempt, text: str) -> AttemptQuestion:
    """Save ``text`` as the learner's answer to the attempt's open question (through the
    type's own check of the answer)."""
    row = AttemptQuestion.objects.get(attempt=attempt, snapshot__type="open_answer")
    row.response = question_type("open_answer").clean(row.snapshot, {"text": text})
    row.answered_at = timezone.now()
    row.save(update_fields=["response", "answered_at"])
    return row


def attempt_with_open_answer(user, quiz, *, text="Сравним, что входит в наш тариф.", now=T0):
    attempt, _ = attempt_start(user=user, quiz=quiz, now=now)
    for row in AttemptQuestion.objects.filter(attempt=attempt).exclude(
        snapshot__type="open_answer"
    ):
        attempt_answer_save(
            attempt=attempt, question_id=row.question_id, data=right_answer(row.snapshot), now=now
        )
    if text:
        open_answer_give(attempt, text)
    return attempt_submit(attempt=attempt, now=now)


class People:
    """A learner with a mentor and a team manager, and people who must not see their answers."""

    @classmethod
    def people(cls):
        cls.team = TeamFactory()
        cls.manager = staff_user()
        cls.team.managers.add(cls.manager)
        cls.learner = staff_user(team=cls.team)
        cls.mentor = mentor_create()
        pairing_make(mentee=cls.learner, mentor=cls.mentor)
        cls.line_manager = staff_user()
        cls.reporting = staff_user(line_manager=cls.line_manager)
        other_team = TeamFactory()
        cls.other_manager = staff_user()
        other_team.managers.add(cls.other_manager)
        staff_user(team=other_team)
        cls.other_mentor = mentor_create()
        pairing_make(mentee=staff_user(), mentor=cls.other_mentor)


class SubmitWithOpenAnswerTests(People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.open = open_answer_create(points=4)
        cls.quiz = quiz_create(questions=[true_false_create(), cls.open], pass_mark=50)

    def test_the_attempt_waits_unscored_with_the_open_answer_in_the_queue(self):
        attempt = attempt_with_open_answer(self.learner, self.quiz)

        self.assertTrue(attempt.is_submitted)
        self.assertTrue(attempt.awaiting_grading)
        self.assertIsNone(attempt.passed)
        self.assertIsNone(attempt.score)
        rows = {r.snapshot["type"]: r for r in AttemptQuestion.objects.filter(attempt=attempt)}
        self.assertTrue(rows["open_answer"].awaiting_grading)
        self.assertIsNone(rows["open_answer"].score)
        self.assertEqual(rows["true_false"].score, 1)  # the rest is graded at once
        self.assertFalse(rows["true_false"].awaiting_grading)

    def test_an_empty_open_answer_scores_nothing_and_does_not_wait(self):
        attempt = attempt_with_open_answer(self.learner, self.quiz, text="")

        self.assertFalse(attempt.awaiting_grading)
        self.assertEqual(attempt.score, 1)
        self.assertFalse(AttemptQuestion.objects.filter(awaiting_grading=True).exists())

    def test_the_learner_sees_awaiting_grading_not_a_verdict(self):
        attempt = attempt_with_open_answer(self.learner, self.quiz)
        self.client.login(username=self.learner.username, password=PASSWORD)

        page = self.client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))

        self.assertContains(page, 'data-state="awaiting-grading"')
        self.assertNotContains(page, "result--failed")
        self.assertNotContains(page, "result--passed")

    def test_the_api_gives_no_score_or_verdict_while_waiting(self):
        attempt = attempt_with_open_answer(self.learner, self.quiz)
        self.client.login(username=self.learner.username, password=PASSWORD)

        result = self.client.get(f"/api/v1/attempts/{attempt.pk}").json()["result"]

        self.assertTrue(result["awaiting_grading"])
        self.assertIsNone(result["score"])
        self.assertIsNone(result["percent"])
        self.assertIsNone(result["passed"])


class OpenAnswerGradeTests(People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.open = open_answer_create(points=4)
        cls.quiz = quiz_create(questions=[true_false_create(), cls.open], pass_mark=60)
        cls.course = course_create(lessons=2, gates={0: cls.quiz})
        cls.lessons = course_lessons(cls.course)

    def setUp(self):
        self.attempt = attempt_with_open_answer(self.learner, self.quiz)
        self.row = AttemptQuestion.objects.get(attempt=self.attempt, awaiting_grading=True)

    def test_the_last_grade_scores_the_attempt_opens_the_gate_and_tells_the_learner(self):
        graded = open_answer_grade(
            attempt_question=self.row, grader=self.mentor, points=Decimal(3), comment=" Хорошо "
        )

        self.assertEqual(graded.score, 3)
        self.assertFalse(graded.correct)  # 3 of 4
        self.assertEqual(graded.graded_by, self.mentor)
        self.assertEqual(graded.grading_comment, "Хорошо")
        attempt = Attempt.objects.get(pk=self.attempt.pk)
        self.assertFalse(attempt.awaiting_grading)
        self.assertEqual(attempt.score, 4)
        self.assertEqual(attempt.percent, 80)
        self.assertTrue(attempt.passed)
        progress = LessonProgress.objects.get(user=self.learner, lesson=self.lessons[0])
        self.assertEqual(progress.gate_passed_at, attempt.submitted_at)
        note = Notification.objects.get(recipient=self.learner, kind=ATTEMPT_GRADED.key)
        self.assertEqual(note.url, reverse("quizzes:attempt_result", args=[attempt.pk]))

    def test_the_daily_review_gets_the_graded_questions_but_never_the_open_answer(self):
        open_answer_grade(attempt_question=self.row, grader=self.mentor, points=Decimal(4))

        cards = set(
            ReviewCard.objects.filter(user=self.learner).values_list("question__type", flat=True)
        )
        self.assertEqual(cards, {"true_false"})

    def test_a_low_grade_fails_the_attempt_and_opens_nothing(self):
        open_answer_grade(attempt_question=self.row, grader=self.manager, points=Decimal(1))

        attempt = Attempt.objects.get(pk=self.attempt.pk)
        self.assertFalse(attempt.passed)
        self.assertEqual(attempt.score, 2)
        self.assertFalse(LessonProgress.objects.filter(gate_passed_at__isnull=False).exists())
        self.assertTrue(Notification.objects.filter(recipient=self.learner).exists())

    def test_never_graded_twice(self):
        # Both graders loaded the answer while it waited; the second grade is refused.
        stale = AttemptQuestion.objects.get(pk=self.row.pk)
        open_answer_grade(attempt_question=self.row, grader=self.mentor, points=Decimal(4))
        with self.assertRaises(OpenAnswerNotGradable) as refused:
            open_answer_grade(attempt_question=stale, grader=self.manager, points=Decimal(0))

        self.assertEqual(refused.exception.message, ERROR_ALREADY_GRADED)
        row = AttemptQuestion.objects.get(pk=self.row.pk)
        self.assertEqual((row.score, row.graded_by), (4, self.mentor))
        self.assertEqual(Attempt.objects.get(pk=self.attempt.pk).score, 5)
        self.assertEqual(Notification.objects.filter(recipient=self.learner).count(), 1)

    def test_only_the_learners_mentor_or_manager_may_grade(self):
        for person in (self.learner, self.other_manager, self.other_mentor):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                open_answer_grade(attempt_question=self.row, grader=person, points=Decimal(4))
        self.assertTrue(AttemptQuestion.objects.get(pk=self.row.pk).awaiting_grading)

    def test_points_must_be_within_the_questions_points(self):
        for points in (Decimal(-1), Decimal("4.01"), "много"):
            with self.subTest(points=points), self.assertRaises(OpenAnswerNotGradable):
                open_answer_grade(attempt_question=self.row, grader=self.mentor, points=points)
        self.assertTrue(AttemptQuestion.objects.get(pk=self.row.pk).awaiting_grading)

    def test_an_attempt_with_two_open_answers_waits_for_both(self):
        second_open = open_answer_create(text="Клиент молчит. Что скажете?", points=2)
        quiz = quiz_create(questions=[self.open, second_open], title="Два открытых")
        attempt, _ = attempt_start(user=self.learner, quiz=quiz, now=T0)
        for row in AttemptQuestion.objects.filter(attempt=attempt):
            row.response = {"text": "Ответ"}
            row.save(update_fields=["response"])
        attempt_submit(attempt=attempt, now=T0)
        first, second = AttemptQuestion.objects.filter(attempt=attempt).order_by("position")

        open_answer_grade(attempt_question=first, grader=self.mentor, points=Decimal(4))
        self.assertTrue(Attempt.objects.get(pk=attempt.pk).awaiting_grading)
        open_answer_grade(attempt_question=second, grader=self.mentor, points=Decimal(2))
        self.assertTrue(Attempt.objects.get(pk=attempt.pk).passed)


class QueueScopeTests(People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.quiz = quiz_create(questions=[open_answer_create()], pass_mark=50)
        cls.late = attempt_with_open_answer(cls.learner, cls.quiz, now=T0)
        # An earlier attempt at another quiz, submitted first: it comes first in the queue.
        other_quiz = quiz_create(questions=[open_answer_create(text="Ещё?")], title="Другой")
        cls.early = attempt_with_open_answer(
            cls.learner, other_quiz, now=T0 - datetime.timedelta(hours=2)
        )
        cls.reported = attempt_with_open_answer(cls.reporting, cls.quiz, now=T0)

    def test_the_mentor_and_the_manager_see_the_learners_answers_oldest_first(self):
        for grader in (self.mentor, self.manager):
            with self.subTest(grader=grader.username):
                waiting = list(open_answers_waiting(grader=grader))
                self.assertEqual([a.attempt_id for a in waiting], [self.early.pk, self.late.pk])

    def test_a_line_manager_sees_their_direct_reports(self):
        waiting = list(open_answers_waiting(grader=self.line_manager))
        self.assertEqual([a.attempt_id for a in waiting], [self.reported.pk])

    def test_nobody_else_sees_them(self):
        for person in (self.learner, self.other_manager, self.other_mentor, self.reporting):
            with self.subTest(person=person.username):
                self.assertEqual(list(open_answers_waiting(grader=person)), [])

    def test_graded_answers_leave_the_queue_but_stay_readable_by_the_grader(self):
        row = AttemptQuestion.objects.get(attempt=self.late)
        open_answer_grade(attempt_question=row, grader=self.mentor, points=Decimal(5))

        self.assertEqual(
            [a.attempt_id for a in open_answers_waiting(grader=self.manager)], [self.early.pk]
        )
        self.assertEqual(open_answer_for_grader(grader=self.manager, answer_id=row.pk), row)


class QueueViewTests(People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.quiz = quiz_create(questions=[open_answer_create(points=5)], pass_mark=50)
        cls.attempt = attempt_with_open_answer(cls.learner, cls.quiz, text="Предложу выгоду")
        cls.row = AttemptQuestion.objects.get(attempt=cls.attempt)
        cls.queue_url = reverse("quizzes:grading_queue")
        cls.grade_url = reverse("quizzes:open_answer_grade", args=[cls.row.pk])

    def _as(self, user):
        self.client.login(username=user.username, password=PASSWORD)

    def test_anonymous_people_are_sent_to_sign_in(self):
        for url in (self.queue_url, self.grade_url):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response.url)

    def test_the_learner_and_unrelated_people_are_refused(self):
        cases = [
            (self.learner, 403, 404),
            (self.other_manager, 200, 404),  # a grader of their own team: an empty queue
            (self.other_mentor, 200, 404),
        ]
        for person, queue_status, grade_status in cases:
            with self.subTest(person=person.username):
                self._as(person)
                queue = self.client.get(self.queue_url)
                self.assertEqual(queue.status_code, queue_status)
                if queue_status == 200:
                    self.assertNotContains(queue, self.grade_url)
                self.assertEqual(self.client.get(self.grade_url).status_code, grade_status)
                post = self.client.post(self.grade_url, {"points": "5"})
                self.assertEqual(post.status_code, grade_status)
        self.assertTrue(AttemptQuestion.objects.get(pk=self.row.pk).awaiting_grading)

    def test_the_mentor_and_the_manager_see_the_queue_and_the_grading_screen(self):
        for person in (self.mentor, self.manager):
            with self.subTest(person=person.username):
                self._as(person)
                queue = self.client.get(self.queue_url)
                self.assertContains(queue, self.grade_url)
                screen = self.client.get(self.grade_url)
                self.assertContains(screen, "Предложу выгоду")
                self.assertContains(screen, "Признать сомнение")  # the grading notes
                self.assertContains(screen, 'name="points"')

    def test_the_queue_costs_the_same_queries_however_long(self):
        self._as(self.mentor)
        self.client.get(self.queue_url)  # warm the session and the navigation's caches
        with self.assertNumQueries(7) as first:
            self.client.get(self.queue_url)
        for n in range(3):
            other = quiz_create(questions=[open_answer_create(text=f"Вопрос {n}")], title=f"К{n}")
            attempt_with_open_answer(self.learner, other)
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get(self.queue_url)
        self.assertEqual(len(response.context["answers"]), 4)

    def test_grading_from_the_screen_scores_and_a_second_post_is_refused(self):
        self._as(self.mentor)
        response = self.client.post(self.grade_url, {"points": "4,5", "comment": "Отлично"})
        self.assertRedirects(response, self.queue_url, fetch_redirect_response=False)
        attempt = Attempt.objects.get(pk=self.attempt.pk)
        self.assertTrue(attempt.passed)
        self.assertEqual(attempt.score, Decimal("4.5"))

        self._as(self.manager)
        again = self.client.post(self.grade_url, {"points": "0"})
        self.assertEqual(again.status_code, 409)
        self.assertEqual(Attempt.objects.get(pk=self.attempt.pk).score, Decimal("4.5"))

    def test_points_above_the_maximum_are_refused_with_a_message(self):
        self._as(self.manager)
        response = self.client.post(self.grade_url, {"points": "6"})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["points"])
        self.assertTrue(AttemptQuestion.objects.get(pk=self.row.pk).awaiting_grading)

    def test_the_navigation_shows_the_queue_with_its_count_while_answers_wait(self):
        from lms.core.navigation import links_for

        def links(user):
            return {link.name: link for link in links_for(user)}

        for grader in (self.manager, self.mentor):
            with self.subTest(grader=grader.username):
                self.assertEqual(links(grader)["open_answers"].badge, 1)
                self.assertEqual(links(grader)["open_answers"].url, self.queue_url)
        for person in (self.learner, self.other_manager, self.other_mentor):
            with self.subTest(person=person.username):
                self.assertNotIn("open_answers", links(person))
        open_answer_grade(attempt_question=self.row, grader=self.mentor, points=Decimal(5))
        self.assertNotIn("open_answers", links(self.manager))
