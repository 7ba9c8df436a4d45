"""The quiz and attempt endpoints (``quizzes/api.py``): the flow, the rules, what never leaks,
and the permission matrix."""

import datetime
import json
from unittest import mock

from django.test import TestCase
from django.utils import timezone

from courses.models import LessonProgress
from courses.services import assignment_create
from lms.people import roles
from quizzes.models import Attempt, AttemptQuestion, Quiz
from quizzes.selectors import REASON_LESSON_LOCKED, REASON_LIMIT, REASON_NOT_LIVE
from quizzes.services import ERROR_NOT_IN_ATTEMPT, ERROR_SUBMITTED, ERROR_TIME_UP
from tests.api.helpers import ANSWER_KEYS, API, all_keys, count_queries
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import (
    matching_create,
    multiple_choice_create,
    numeric_create,
    one_of_each_type,
    ordering_create,
    quiz_create,
    right_answer,
    short_text_create,
    single_choice_create,
    true_false_create,
    wrong_answer,
)

# Session and user (2); the quiz (1); an attempt in progress? (1); the start check: gated
# lessons, last submission (2); the questions: listed ids, the questions with their choices,
# accepted answers, numbers and pairs (6), random draws (1); the attempt's number, the attempt and its
# questions, in a savepoint (5); the questions back for the answer (1); the glossary's
# version for the Markdown (1).
# The limit and cool-down are checked again under a lock on the person when the attempt is written
# (a quiz with an attempt limit also reads, each time, when the person last started its gated lesson
# or was given it as a refresher; this one has none). A new attempt marks the person's open
# assignments of the quiz (a quiz refresher) in progress: one update.
START_QUERIES = 23
# Session and user (2), the attempt with its quiz (1), its questions (1), the glossary's
# version for the Markdown (1).
DETAIL_QUERIES = 5

SECRET_EXPLANATION = "ОБЪЯСНЕНИЕ-СЕКРЕТ"
SECRET_FEEDBACK = "ОТЗЫВ-СЕКРЕТ"
SECRET_ACCEPTED = "ответ-секрет"
SECRET_NUMBER = "4173"
ORDER = ("Поздороваться", "Выяснить потребность", "Предложить", "Попрощаться")
PAIRS = (("FCR", "с первого раза"), ("NPS", "рекомендовать"), ("CSAT", "довольство"),
         ("AHT", "время разговора"))  # fmt: skip


def every_type_with_secrets():
    """One question of every type whose right answers, feedback and explanations are words
    that must never appear in an answer before submission."""
    common = {"explanation": SECRET_EXPLANATION}
    single = single_choice_create(**common)
    single.choices.update(feedback=SECRET_FEEDBACK)
    multiple = multiple_choice_create(partial_credit=True, **common)
    multiple.choices.filter(is_correct=True).update(weight=50, feedback=SECRET_FEEDBACK)
    return [
        single,
        multiple,
        true_false_create(correct=False, **common),
        short_text_create(accepted=(SECRET_ACCEPTED,), **common),
        numeric_create(answer=SECRET_NUMBER, tolerance="0.5", **common),
        ordering_create(items=ORDER, **common),
        matching_create(pairs=PAIRS, **common),
    ]


class ApiTestCase(TestCase):
    def start(self, quiz, client=None):
        return (client or self.client).post(f"{API}/quizzes/{quiz.pk}/attempts")

    def answer(self, attempt_id, question_id, body, client=None):
        return (client or self.client).put(
            f"{API}/attempts/{attempt_id}/answers/{question_id}",
            body,
            content_type="application/json",
        )

    def submit(self, attempt_id, client=None):
        return (client or self.client).post(f"{API}/attempts/{attempt_id}/submit")

    def answer_all(self, attempt_id, make_answer):
        for row in AttemptQuestion.objects.filter(attempt_id=attempt_id):
            response = self.answer(attempt_id, row.question_id, make_answer(row.snapshot))
            self.assertEqual(response.status_code, 200, response.content)


class AnswerLeakageTests(ApiTestCase):
    """Before submission no answer, feedback or explanation reaches the learner."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(
            questions=every_type_with_secrets(),
            shuffle_choices=False,
            show_answers="after_each_attempt",
        )

    def setUp(self):
        self.client.force_login(self.user)

    def assert_no_answers(self, content: bytes):
        data = json.loads(content)
        self.assertEqual(all_keys(data) & ANSWER_KEYS, set())
        text = content.decode()
        for secret in (SECRET_EXPLANATION, SECRET_FEEDBACK, SECRET_ACCEPTED, SECRET_NUMBER):
            self.assertNotIn(secret, text)

    def test_start_answer_shows_no_right_answers(self):
        response = self.start(self.quiz)
        self.assertEqual(response.status_code, 201)
        self.assert_no_answers(response.content)
        questions = response.json()["questions"]
        self.assertEqual(
            [q["type"] for q in questions],
            ["single_choice", "multiple_choice", "true_false", "short_text", "numeric",
             "ordering", "matching"],
        )  # fmt: skip

    def test_resumed_attempt_and_attempt_detail_show_no_right_answers(self):
        attempt_id = self.start(self.quiz).json()["id"]
        self.answer_all(attempt_id, wrong_answer)
        resumed = self.start(self.quiz)
        self.assertEqual(resumed.status_code, 200)
        self.assert_no_answers(resumed.content)
        detail = self.client.get(f"{API}/attempts/{attempt_id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIsNone(detail.json()["result"])
        self.assert_no_answers(detail.content)

    def test_items_are_not_in_the_right_order_and_ids_are_opaque(self):
        attempt_id = self.start(self.quiz).json()["id"]
        rows = {
            row.snapshot["type"]: row
            for row in AttemptQuestion.objects.filter(attempt_id=attempt_id)
        }
        questions = {
            q["type"]: q
            for q in self.client.get(f"{API}/attempts/{attempt_id}").json()["questions"]
        }

        ordering = questions["ordering"]
        self.assertNotEqual([item["text"] for item in ordering["items"]], list(ORDER))
        self.assertNotEqual(
            [item["id"] for item in ordering["items"]], rows["ordering"].snapshot["right_order"]
        )
        matching = questions["matching"]
        right_of = dict(PAIRS)
        shown = zip(matching["left"], matching["right"], strict=True)
        self.assertFalse(all(right_of[left["text"]] == right["text"] for left, right in shown))

        choice_pks = {
            str(pk)
            for q in self.quiz.quiz_questions.all()
            for pk in q.question.choices.values_list("pk", flat=True)
        }
        for question in questions.values():
            for part in ("choices", "items", "left", "right"):
                for item in question[part]:
                    self.assertRegex(item["id"], r"^[0-9a-f]{8}$")
                    self.assertNotIn(item["id"], choice_pks)

    def test_after_submission_the_review_shows_what_the_quiz_allows(self):
        attempt_id = self.start(self.quiz).json()["id"]
        review = self.submit(attempt_id).json()["review"]
        self.assertIn(SECRET_EXPLANATION, json.dumps(review, ensure_ascii=False))
        hidden = quiz_create(questions=every_type_with_secrets(), show_answers="never")
        attempt_id = self.start(hidden).json()["id"]
        response = self.submit(attempt_id)
        self.assertFalse(response.json()["shows_answers"])
        for secret in (SECRET_EXPLANATION, SECRET_FEEDBACK, SECRET_ACCEPTED, SECRET_NUMBER):
            self.assertNotIn(secret, response.content.decode())
        for item in response.json()["review"]:
            self.assertIsNone(item["right_answer"])
            self.assertTrue(all(choice["correct"] is None for choice in item["choices"]))


class AttemptStartTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create(), single_choice_create()])

    def setUp(self):
        self.client.force_login(self.user)

    def test_new_attempt_is_201_and_resuming_it_is_200(self):
        first = self.start(self.quiz)
        self.assertEqual(first.status_code, 201)
        self.assertEqual(set(first.json()), {"id", "deadline", "questions"})
        self.assertIsNone(first.json()["deadline"])
        again = self.start(self.quiz)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["id"], first.json()["id"])
        self.assertEqual(Attempt.objects.count(), 1)

    def test_resumed_attempt_has_my_saved_answers(self):
        attempt_id = self.start(self.quiz).json()["id"]
        row = AttemptQuestion.objects.get(attempt_id=attempt_id, position=1)
        self.answer(attempt_id, row.question_id, {"value": True})
        questions = self.start(self.quiz).json()["questions"]
        self.assertEqual(questions[0]["response"], {"value": True})
        self.assertIsNone(questions[1]["response"])

    def test_deadline_is_set_by_the_server(self):
        timed = quiz_create(questions=[true_false_create()], time_limit_minutes=10)
        started = timezone.now().replace(microsecond=0)
        with mock.patch("django.utils.timezone.now", return_value=started):
            response = self.start(timed)
        self.assertEqual(
            datetime.datetime.fromisoformat(response.json()["deadline"]),
            started + datetime.timedelta(minutes=10),
        )

    def test_draft_and_unknown_quizzes_are_404(self):
        draft = quiz_create(questions=[true_false_create()], live=False)
        response = self.start(draft)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": str(REASON_NOT_LIVE)})
        self.assertEqual(self.client.post(f"{API}/quizzes/999999/attempts").status_code, 404)
        self.assertFalse(Attempt.objects.exists())

    def test_attempt_limit(self):
        limited = quiz_create(questions=[true_false_create()], attempt_limit=1)
        self.submit(self.start(limited).json()["id"])
        response = self.start(limited)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            response.json(), {"detail": REASON_LIMIT % {"limit": 1}, "retry_after": None}
        )
        self.assertEqual(Attempt.objects.filter(quiz=limited).count(), 1)

    def test_cooldown_says_when_to_retry(self):
        cooling = quiz_create(questions=[true_false_create()], cooldown_minutes=30)
        submitted_at = timezone.now()
        with mock.patch("django.utils.timezone.now", return_value=submitted_at):
            self.submit(self.start(cooling).json()["id"])
        later = submitted_at + datetime.timedelta(minutes=10)
        with mock.patch("django.utils.timezone.now", return_value=later):
            response = self.start(cooling)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["retry_after"], 20 * 60)
        self.assertIn("20", response.json()["detail"])
        after = submitted_at + datetime.timedelta(minutes=31)
        with mock.patch("django.utils.timezone.now", return_value=after):
            self.assertEqual(self.start(cooling).status_code, 201)

    def test_quiz_of_a_locked_lesson_is_403(self):
        gate = quiz_create(questions=[true_false_create()])
        course = course_create(lessons=2, gates={1: gate})
        assignment_create(user=self.user, course=course, source="manual")
        response = self.start(gate)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            response.json(), {"detail": str(REASON_LESSON_LOCKED), "retry_after": None}
        )
        self.client.post(f"{API}/lessons/{course_lessons(course)[0].pk}/complete")
        self.assertEqual(self.start(gate).status_code, 201)

    def test_same_count_for_a_small_quiz_and_a_large_one(self):
        small = quiz_create(questions=[true_false_create()])
        large = quiz_create(
            questions=[q for _ in range(4) for q in one_of_each_type()], shuffle_questions=True
        )
        self.start(quiz_create(questions=[true_false_create()]))  # warm up
        for quiz in (small, large):
            with self.subTest(questions=quiz.quiz_questions.count()):
                self.assertEqual(count_queries(lambda q=quiz: self.start(q)), START_QUERIES)


class AttemptListTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create(correct=True)])

    def test_my_attempts_latest_first(self):
        self.client.force_login(staff_user())
        self.start(self.quiz)  # someone else's
        self.client.force_login(self.user)
        first = self.start(self.quiz).json()["id"]
        self.answer_all(first, right_answer)
        self.submit(first)
        second = self.start(self.quiz).json()["id"]
        response = self.client.get(f"{API}/quizzes/{self.quiz.pk}/attempts")
        self.assertEqual(response.status_code, 200)
        attempts = response.json()["attempts"]
        self.assertEqual([a["id"] for a in attempts], [second, first])
        self.assertEqual(
            set(attempts[0]),
            {"id", "quiz_id", "number", "status", "started_at", "deadline", "submitted_at",
             "timed_out", "score", "max_score", "percent", "passed"},
        )  # fmt: skip
        self.assertEqual(
            {k: attempts[1][k] for k in ("number", "status", "score", "max_score", "percent", "passed")},
            {"number": 1, "status": "submitted", "score": "1.00", "max_score": "1.00",
             "percent": "100.00", "passed": True},
        )  # fmt: skip
        self.assertEqual(attempts[0]["status"], "in_progress")
        self.assertIsNone(attempts[0]["score"])

    def test_unknown_quiz_is_404(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(f"{API}/quizzes/999999/attempts").status_code, 404)


class AnswerSaveTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=one_of_each_type(), time_limit_minutes=15)

    def setUp(self):
        self.client.force_login(self.user)
        self.attempt_id = self.start(self.quiz).json()["id"]
        self.rows = {
            row.snapshot["type"]: row
            for row in AttemptQuestion.objects.filter(attempt_id=self.attempt_id)
        }

    def saved(self, qtype):
        return AttemptQuestion.objects.get(pk=self.rows[qtype].pk).response

    def test_every_type_saves(self):
        now = timezone.now().replace(microsecond=0)
        for qtype, row in self.rows.items():
            with (
                self.subTest(type=qtype),
                mock.patch("django.utils.timezone.now", return_value=now),
            ):
                body = right_answer(row.snapshot)
                response = self.answer(self.attempt_id, row.question_id, body)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(response.json()["question_id"], row.question_id)
                self.assertEqual(datetime.datetime.fromisoformat(response.json()["saved_at"]), now)
                self.assertIsNotNone(self.saved(qtype))

    def test_numbers_may_be_json_numbers_or_strings(self):
        question_id = self.rows["numeric"].question_id
        self.assertEqual(self.answer(self.attempt_id, question_id, {"number": 14}).status_code, 200)
        self.assertEqual(self.saved("numeric"), {"number": "14"})
        self.assertEqual(
            self.answer(self.attempt_id, question_id, {"number": "14,5"}).status_code, 200
        )
        self.assertEqual(self.saved("numeric"), {"number": "14.5"})

    def test_malformed_bodies_are_422_and_save_nothing(self):
        single = self.rows["single_choice"]
        choice = single.snapshot["choices"][0]["id"]
        cases = [
            ("single_choice", {}, ["body", "payload"]),
            ("single_choice", {"choices": [choice], "value": True}, ["body", "payload"]),
            ("single_choice", {"choices": [choice], "extra": 1}, ["body", "payload", "extra"]),
            ("single_choice", {"choices": choice}, ["body", "payload", "choices"]),
            ("single_choice", {"choices": [1]}, ["body", "payload", "choices", 0]),
            ("single_choice", {"choices": ["ffffffff"]}, ["body", "payload"]),
            ("single_choice", {"text": "Верно"}, ["body", "payload"]),
            ("true_false", {"value": "yes"}, ["body", "payload", "value"]),
            ("numeric", {"number": True}, ["body", "payload", "number"]),
            ("numeric", {"number": "много"}, ["body", "payload"]),
            ("ordering", {"order": ["a", "b"]}, ["body", "payload"]),
            ("matching", {"pairs": {"a": "b"}}, ["body", "payload"]),
            ("short_text", {"text": "x" * 501}, ["body", "payload"]),
        ]
        for qtype, body, loc in cases:
            with self.subTest(type=qtype, body=body):
                response = self.answer(self.attempt_id, self.rows[qtype].question_id, body)
                self.assertEqual(response.status_code, 422)
                errors = response.json()["detail"]
                self.assertTrue(errors)
                for error in errors:
                    self.assertEqual(error["loc"][: len(loc)], loc)
                    self.assertTrue(error["msg"])
                self.assertIsNone(self.saved(qtype))

    def test_not_json_is_400(self):
        response = self.client.put(
            f"{API}/attempts/{self.attempt_id}/answers/{self.rows['short_text'].question_id}",
            "{not json",
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("detail", response.json())
        self.assertIsNone(self.saved("short_text"))

    def test_a_bad_answer_keeps_the_previous_one(self):
        question_id = self.rows["true_false"].question_id
        self.answer(self.attempt_id, question_id, {"value": False})
        self.answer(self.attempt_id, question_id, {"value": "true"})
        self.assertEqual(self.saved("true_false"), {"value": False})

    def test_question_not_in_the_attempt_is_404(self):
        other = true_false_create()
        response = self.answer(self.attempt_id, other.pk, {"value": True})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": str(ERROR_NOT_IN_ATTEMPT)})

    def test_someone_elses_attempt_is_404_and_untouched(self):
        row = self.rows["true_false"]
        self.client.force_login(staff_user())
        response = self.answer(self.attempt_id, row.question_id, {"value": True})
        self.assertEqual(response.status_code, 404)
        self.assertIsNone(self.saved("true_false"))

    def test_submitted_attempt_is_409(self):
        self.submit(self.attempt_id)
        response = self.answer(
            self.attempt_id, self.rows["true_false"].question_id, {"value": True}
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json(), {"detail": str(ERROR_SUBMITTED)})
        self.assertIsNone(self.saved("true_false"))

    def test_no_answers_after_the_deadline(self):
        attempt = Attempt.objects.get(pk=self.attempt_id)
        question_id = self.rows["true_false"].question_id
        before = attempt.deadline - datetime.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=before):
            self.assertEqual(
                self.answer(self.attempt_id, question_id, {"value": True}).status_code, 200
            )
        after = attempt.deadline + datetime.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=after):
            response = self.answer(self.attempt_id, question_id, {"value": False})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json(), {"detail": str(ERROR_TIME_UP)})
        self.assertEqual(self.saved("true_false"), {"value": True})
        attempt.refresh_from_db()
        self.assertTrue(attempt.is_submitted)
        self.assertTrue(attempt.timed_out)


class AttemptSubmitTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=one_of_each_type(), pass_mark=50)

    def setUp(self):
        self.client.force_login(self.user)
        self.attempt_id = self.start(self.quiz).json()["id"]

    def test_result(self):
        self.answer_all(self.attempt_id, right_answer)
        response = self.submit(self.attempt_id)
        self.assertEqual(response.status_code, 200)
        result = response.json()
        self.assertEqual(
            {k: result[k] for k in ("score", "max_score", "percent", "passed", "timed_out")},
            {"score": "7.00", "max_score": "7.00", "percent": "100.00", "passed": True,
             "timed_out": False},
        )  # fmt: skip
        self.assertEqual(len(result["review"]), 7)
        self.assertTrue(all(item["correct"] for item in result["review"]))

    def test_submitting_twice_returns_the_same_result(self):
        self.answer_all(self.attempt_id, wrong_answer)
        first = self.submit(self.attempt_id)
        second = self.submit(self.attempt_id)
        self.assertEqual(second.status_code, 200)
        self.assertEqual(first.json(), second.json())
        self.assertEqual(first.json()["score"], "0.00")
        self.assertEqual(Attempt.objects.get(pk=self.attempt_id).number, 1)

    def test_passing_a_gate_completes_the_lesson(self):
        gate = quiz_create(questions=[true_false_create(correct=True)])
        course = course_create(lessons=2, gates={0: gate})
        attempt_id = self.start(gate).json()["id"]
        self.answer_all(attempt_id, right_answer)
        self.assertTrue(self.submit(attempt_id).json()["passed"])
        progress = LessonProgress.objects.get(user=self.user, lesson=course_lessons(course)[0])
        self.assertIsNotNone(progress.completed_at)
        states = [
            item["state"]
            for item in self.client.get(f"{API}/courses/{course.pk}").json()["lessons"]
        ]
        self.assertEqual(states, ["completed", "open"])

    def test_someone_elses_attempt_is_404_and_stays_open(self):
        self.client.force_login(staff_user())
        self.assertEqual(self.submit(self.attempt_id).status_code, 404)
        self.assertFalse(Attempt.objects.get(pk=self.attempt_id).is_submitted)


class AttemptDetailTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(questions=one_of_each_type())

    def setUp(self):
        self.client.force_login(self.user)
        self.attempt_id = self.start(self.quiz).json()["id"]

    def detail(self):
        return self.client.get(f"{API}/attempts/{self.attempt_id}")

    def test_in_progress_shows_questions_with_my_answers(self):
        row = AttemptQuestion.objects.get(attempt_id=self.attempt_id, position=3)
        self.answer(self.attempt_id, row.question_id, {"value": False})
        response = self.detail()
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["status"], "in_progress")
        self.assertIsNone(data["result"])
        self.assertEqual(len(data["questions"]), 7)
        self.assertEqual(data["questions"][2]["response"], {"value": False})

    def test_submitted_shows_the_result(self):
        self.answer_all(self.attempt_id, right_answer)
        result = self.submit(self.attempt_id).json()
        data = self.detail().json()
        self.assertEqual(data["status"], "submitted")
        self.assertIsNone(data["questions"])
        self.assertEqual(data["result"], result)
        self.assertEqual(data["score"], "7.00")

    def test_someone_elses_attempt_is_404(self):
        self.client.force_login(staff_user())
        response = self.detail()
        self.assertEqual(response.status_code, 404)
        self.assertEqual(set(response.json()), {"detail"})

    def test_same_count_for_a_small_attempt_and_a_large_one(self):
        small = self.start(quiz_create(questions=[true_false_create()])).json()["id"]
        large = self.start(
            quiz_create(questions=[q for _ in range(4) for q in one_of_each_type()])
        ).json()["id"]
        for attempt_id in (small, large):
            url = f"{API}/attempts/{attempt_id}"
            with self.subTest(attempt=attempt_id):
                self.assertEqual(
                    count_queries(lambda url=url: self.client.get(url)), DETAIL_QUERIES
                )


class GiftExportTests(TestCase):
    """Export: the people who may change quizzes (authors, content leads, administrators)."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(questions=[true_false_create(text="Небо голубое?")], title="Продажи")
        cls.url = f"{API}/quizzes/{cls.quiz.pk}/export.gift"

    def test_learner_and_mentor_are_403(self):
        for role in ([], [roles.MENTORS], [roles.MANAGERS]):
            with self.subTest(roles=role):
                self.client.force_login(staff_user(roles=role))
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 403)
                self.assertIn("detail", response.json())

    def test_editors_get_the_gift_file(self):
        for role in (roles.AUTHORS, roles.CONTENT_LEADS, roles.ADMINISTRATORS):
            with self.subTest(role=role):
                self.client.force_login(staff_user(roles=[role]))
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
                self.assertIn("attachment;", response["Content-Disposition"])
                self.assertIn(".gift", response["Content-Disposition"])
                self.assertIn("Небо голубое?", response.content.decode())

    def test_draft_quiz_can_be_exported(self):
        self.client.force_login(staff_user(roles=[roles.AUTHORS]))
        Quiz.objects.filter(pk=self.quiz.pk).update(live=False)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_unknown_quiz_is_404_for_an_author(self):
        self.client.force_login(staff_user(roles=[roles.AUTHORS]))
        response = self.client.get(f"{API}/quizzes/999999/export.gift")
        self.assertEqual(response.status_code, 404)
