"""The people who may grade an attempt's open answers are told it waits: once per attempt,
after the submit commits, linking to the answer in the grading queue."""

from django.test import TestCase
from django.urls import reverse

from lms.notifications.kinds import kind_get
from lms.notifications.models import Notification
from lms.notifications.selectors import notification_unread_count
from lms.notifications.services import notification_settings_save
from quizzes.models import AttemptQuestion
from quizzes.notifications import ANSWERS_TO_GRADE, ATTEMPT_GRADED, attempt_waiting_notify
from quizzes.services import (
    attempt_answer_save,
    attempt_graders_notify,
    attempt_start,
    attempt_submit,
    open_answer_grade,
)
from tests.factories import PASSWORD, staff_user
from tests.quizzes.factories import quiz_create, right_answer, true_false_create
from tests.quizzes.newtype_factories import open_answer_create
from tests.quizzes.test_open_answer_queue import T0, People


def attempt_with_open_answers(user, quiz, *, text="Сравним, что входит в наш тариф."):
    """Submit an attempt at ``quiz`` with ``text`` written in each of its open questions."""
    attempt, _ = attempt_start(user=user, quiz=quiz, now=T0)
    for row in AttemptQuestion.objects.filter(attempt=attempt):
        data = (
            {"text": text} if row.snapshot["type"] == "open_answer" else right_answer(row.snapshot)
        )
        if data.get("text") != "":
            attempt_answer_save(attempt=attempt, question_id=row.question_id, data=data, now=T0)
    return attempt_submit(attempt=attempt, now=T0)


def told(kind=ANSWERS_TO_GRADE.key):
    """Who was notified of ``kind``, by user id, with their notifications."""
    return {n.recipient_id: n for n in Notification.objects.filter(kind=kind)}


class GradersNotifiedTests(People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.learner.first_name, cls.learner.last_name = "Анна", "Петрова"
        cls.learner.save()
        cls.first_open = open_answer_create(points=4)
        cls.second_open = open_answer_create(points=2)
        cls.quiz = quiz_create(
            title="Возражения",
            questions=[true_false_create(), cls.first_open, cls.second_open],
            pass_mark=50,
        )

    def submit(self, user):
        with self.captureOnCommitCallbacks(execute=True):
            return attempt_with_open_answers(user, self.quiz)

    def test_the_mentor_and_the_managers_are_told_once_per_attempt(self):
        attempt = self.submit(self.learner)

        notified = told()
        self.assertEqual(set(notified), {self.mentor.pk, self.manager.pk})
        first = AttemptQuestion.objects.filter(attempt=attempt, awaiting_grading=True).order_by(
            "position"
        )[0]
        for notification in notified.values():
            self.assertEqual(notification.event, f"attempt:{attempt.pk}")
            self.assertEqual(
                notification.url, reverse("quizzes:open_answer_grade", args=[first.pk])
            )
            self.assertEqual(notification.params, {"person": "Анна Петрова", "quiz": "Возражения"})
        # Nobody who may not grade it: the learner, another team's manager, another mentor.
        self.assertNotIn(self.learner.pk, notified)
        self.assertNotIn(self.other_manager.pk, notified)
        self.assertNotIn(self.other_mentor.pk, notified)

    def test_the_link_opens_the_answer_for_the_grader(self):
        self.submit(self.learner)
        self.client.login(username=self.mentor.username, password=PASSWORD)

        page = self.client.get(told()[self.mentor.pk].url)

        self.assertEqual(page.status_code, 200)

    def test_the_words_name_the_person_and_the_quiz(self):
        self.submit(self.learner)
        params = told()[self.manager.pk].params

        self.assertEqual(
            str(kind_get(ANSWERS_TO_GRADE.key).title) % params,
            "Анна Петрова ждёт вашей оценки открытых ответов в тесте «Возражения».",
        )

    def test_a_line_manager_is_told(self):
        self.submit(self.reporting)

        self.assertEqual(set(told()), {self.line_manager.pk})

    def test_nothing_is_sent_before_the_submit_commits(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            attempt_with_open_answers(self.learner, self.quiz)

        self.assertEqual(told(), {})
        self.assertEqual(len(callbacks), 1)
        for callback in callbacks:
            callback()
        self.assertEqual(set(told()), {self.mentor.pk, self.manager.pk})

    def test_a_retried_submit_or_task_sends_nothing_twice(self):
        attempt = self.submit(self.learner)

        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            attempt_submit(attempt=attempt)
        attempt_graders_notify(attempt_id=attempt.pk)

        self.assertEqual(callbacks, [])
        self.assertEqual(Notification.objects.filter(kind=ANSWERS_TO_GRADE.key).count(), 2)

    def test_an_attempt_without_a_written_open_answer_tells_nobody(self):
        with self.captureOnCommitCallbacks(execute=True):
            attempt = attempt_with_open_answers(self.learner, self.quiz, text="")

        self.assertFalse(attempt.awaiting_grading)
        self.assertEqual(told(), {})

    def test_nobody_is_told_when_nobody_may_grade(self):
        alone = staff_user()

        attempt = self.submit(alone)

        self.assertTrue(attempt.awaiting_grading)
        self.assertEqual(told(), {})

    def test_a_closed_account_is_not_told(self):
        self.manager.is_active = False
        self.manager.save()

        self.submit(self.learner)

        self.assertEqual(set(told()), {self.mentor.pk})

    def test_an_attempt_graded_before_the_worker_ran_tells_nobody(self):
        with self.captureOnCommitCallbacks(execute=False):
            attempt = attempt_with_open_answers(self.learner, self.quiz)
        for row in AttemptQuestion.objects.filter(attempt=attempt, awaiting_grading=True):
            open_answer_grade(attempt_question=row, grader=self.mentor, points=1)

        self.assertEqual(attempt_graders_notify(attempt_id=attempt.pk), 0)
        self.assertEqual(told(), {})
        self.assertEqual(set(told(ATTEMPT_GRADED.key)), {self.learner.pk})

    def test_graders_may_mute_it(self):
        self.assertFalse(ANSWERS_TO_GRADE.mandatory)
        notification_settings_save(user=self.mentor, muted=[ANSWERS_TO_GRADE.key])

        self.submit(self.learner)

        self.assertIn(self.mentor.pk, told())  # kept in the inbox, but not counted or emailed
        self.assertEqual(notification_unread_count(recipient=self.mentor), 0)
        self.assertEqual(notification_unread_count(recipient=self.manager), 1)

    def test_a_fixed_number_of_queries(self):
        with self.captureOnCommitCallbacks(execute=False):
            attempt = attempt_with_open_answers(self.learner, self.quiz)
        attempt = type(attempt).objects.select_related("quiz", "user").get(pk=attempt.pk)

        # The first answer waiting, the graders, their active accounts, one insert.
        with self.assertNumQueries(4):
            attempt_waiting_notify(attempt=attempt)
