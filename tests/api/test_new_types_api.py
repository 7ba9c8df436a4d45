"""The three new question types through the API: start (nothing of an answer leaves the
server), answer (the gap answers of a fill-in-the-gaps question too), submit, result; the open
answer waits for its grader and the result says so until they grade it."""

import json
from decimal import Decimal

from django.test import TestCase

from quizzes.models import AttemptQuestion
from quizzes.services import open_answer_grade
from tests.api.helpers import ANSWER_KEYS, API, all_keys, bearer, token_for
from tests.factories import staff_user
from tests.mentoring.factories import mentor_create, pairing_make
from tests.quizzes.factories import quiz_create
from tests.quizzes.newtype_factories import cloze_create, missing_word_create, open_answer_create

CLOZE_SHORT = "Зеленоградск"
CLOZE_NUMBER = "4173"
NOTES = "ЗАМЕТКИ-ДЛЯ-ПРОВЕРЯЮЩЕГО"
CLOZE_TEXT = (
    "Город {1:SHORTANSWER:=" + CLOZE_SHORT + "#ОТЗЫВ-СЕКРЕТ}, код {1:NUMERICAL:=" + CLOZE_NUMBER
    + ":0}, тариф {1:MULTICHOICE:=безлимитный~дневной}, "
    "опции {1:MULTIRESPONSE:%50%роуминг~%50%связь~%-100%реклама}."
)  # fmt: skip


class NewTypesApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.mentor = mentor_create()
        pairing_make(mentee=cls.learner, mentor=cls.mentor)
        cls.missing = missing_word_create()
        cls.cloze = cloze_create(text=CLOZE_TEXT, points=2)
        cls.open = open_answer_create(grading_notes=NOTES, points=5)
        cls.quiz = quiz_create(
            questions=[cls.missing, cls.cloze, cls.open], show_answers="after_each_attempt"
        )

    def setUp(self):
        self.client.force_login(self.learner)

    def start(self, client=None):
        response = (client or self.client).post(f"{API}/quizzes/{self.quiz.pk}/attempts")
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()

    def answer(self, attempt_id, question_id, body, client=None):
        return (client or self.client).put(
            f"{API}/attempts/{attempt_id}/answers/{question_id}",
            json.dumps(body),
            content_type="application/json",
        )

    def by_id(self, started):
        return {q["id"]: q for q in started["questions"]}

    def right_body(self, question: dict) -> dict:
        """The right answer, chosen by reading the frozen question (the client cannot)."""
        row = AttemptQuestion.objects.get(question_id=question["id"], attempt__user=self.learner)
        snapshot = row.snapshot
        if question["type"] == "missing_word":
            return {"choices": [c["id"] for c in snapshot["choices"] if c["correct"]]}
        if question["type"] == "open_answer":
            return {"text": "Сравню, что входит в тарифы."}
        gaps = {}
        for gap in snapshot["gaps"]:
            answers = gap["answers"]
            best = max(answers, key=lambda a: Decimal(a["fraction"]))
            if gap["kind"] == "multi":
                gaps[gap["id"]] = [a["id"] for a in answers if Decimal(a["fraction"]) > 0]
            elif gap["kind"] == "choice":
                gaps[gap["id"]] = best["id"]
            elif gap["kind"] == "numeric":
                gaps[gap["id"]] = int(best["text"])  # a JSON number is accepted too
            else:
                gaps[gap["id"]] = best["text"]
        return {"gaps": gaps}

    def test_start_shows_the_new_types_without_their_answers(self):
        started = self.start()
        body = json.dumps(started, ensure_ascii=False)
        for secret in (CLOZE_SHORT, CLOZE_NUMBER, "ОТЗЫВ-СЕКРЕТ", NOTES, "{1:"):
            with self.subTest(secret=secret):
                self.assertNotIn(secret, body)
        self.assertFalse(all_keys(started) & ANSWER_KEYS)
        questions = self.by_id(started)
        cloze = questions[self.cloze.pk]
        self.assertEqual(len(cloze["gaps"]), 4)
        self.assertEqual(
            [g["kind"] for g in cloze["gaps"]], ["short", "numeric", "choice", "multi"]
        )
        self.assertEqual(
            [p["gap"] for p in cloze["parts"] if p["gap"]], [g["id"] for g in cloze["gaps"]]
        )
        missing = questions[self.missing.pk]
        self.assertEqual(len(missing["choices"]), 3)
        self.assertEqual(sum(1 for p in missing["parts"] if p["gap"]), 1)
        self.assertEqual(questions[self.open.pk]["max_length"], 5000)

    def test_answer_submit_wait_for_grading_then_scored(self):
        started = self.start()
        attempt_id = started["id"]
        for question in started["questions"]:
            with self.subTest(type=question["type"]):
                response = self.answer(attempt_id, question["id"], self.right_body(question))
                self.assertEqual(response.status_code, 200, response.content)
        detail = self.client.get(f"{API}/attempts/{attempt_id}").json()
        saved = {q["id"]: q["response"] for q in detail["questions"]}
        self.assertEqual(len(saved[self.cloze.pk]["gaps"]), 4)

        submitted = self.client.post(f"{API}/attempts/{attempt_id}/submit")
        self.assertEqual(submitted.status_code, 200, submitted.content)
        result = self.client.get(f"{API}/attempts/{attempt_id}").json()["result"]
        self.assertTrue(result["awaiting_grading"])
        self.assertIsNone(result["percent"])
        self.assertIsNone(result["passed"])
        review = {q["id"]: q for q in result["review"]}
        self.assertTrue(review[self.missing.pk]["correct"])
        self.assertTrue(review[self.cloze.pk]["correct"])
        self.assertEqual(Decimal(review[self.cloze.pk]["score"]), 2)
        self.assertIsNone(review[self.open.pk]["score"])
        self.assertTrue(review[self.open.pk]["awaiting_grading"])
        self.assertEqual(len(review[self.cloze.pk]["gaps"]), 4)
        self.assertEqual(sum(1 for p in review[self.cloze.pk]["parts"] if p["gap"]), 4)
        self.assertNotIn(NOTES, json.dumps(result, ensure_ascii=False))

        row = AttemptQuestion.objects.get(attempt_id=attempt_id, question=self.open)
        open_answer_grade(
            attempt_question=row, grader=self.mentor, points=Decimal(5), comment="Убедительно"
        )
        result = self.client.get(f"{API}/attempts/{attempt_id}").json()["result"]
        self.assertFalse(result["awaiting_grading"])
        self.assertEqual(Decimal(result["percent"]), 100)
        self.assertTrue(result["passed"])
        review = {q["id"]: q for q in result["review"]}
        self.assertFalse(review[self.open.pk]["awaiting_grading"])
        self.assertEqual(review[self.open.pk]["grading_comment"], "Убедительно")
        self.assertEqual(Decimal(review[self.open.pk]["score"]), 5)

    def test_wrong_shapes_are_422_or_400_and_save_nothing(self):
        started = self.start()
        attempt_id = started["id"]
        questions = self.by_id(started)
        cloze = questions[self.cloze.pk]
        cases = [
            (self.cloze.pk, {"gaps": {"nope": "x"}}),
            (self.cloze.pk, {"gaps": {cloze["gaps"][2]["id"]: "not-an-option"}}),
            (self.cloze.pk, {"gaps": {cloze["gaps"][0]["id"]: "a"}, "text": "b"}),
            (self.cloze.pk, {"text": "no gaps"}),
            (self.missing.pk, {"gaps": {}}),
            (self.open.pk, {"text": "x" * 5001}),
        ]
        for question_id, body in cases:
            with self.subTest(body=str(body)[:60]):
                response = self.answer(attempt_id, question_id, body)
                self.assertIn(response.status_code, (400, 422), response.content)
                row = AttemptQuestion.objects.get(attempt_id=attempt_id, question_id=question_id)
                self.assertIsNone(row.response)

    def test_who_may_answer(self):
        started = self.start()
        attempt_id = started["id"]
        body = {"text": "Мой ответ"}
        self.client.logout()
        anonymous = self.answer(attempt_id, self.open.pk, body)
        self.assertIn(anonymous.status_code, (401, 403))
        other = self.client_class()
        other_token = token_for(staff_user())
        response = other.put(
            f"{API}/attempts/{attempt_id}/answers/{self.open.pk}",
            json.dumps(body),
            content_type="application/json",
            headers=bearer(other_token),
        )
        self.assertEqual(response.status_code, 404)
        own = self.client_class().put(
            f"{API}/attempts/{attempt_id}/answers/{self.open.pk}",
            json.dumps(body),
            content_type="application/json",
            headers=bearer(token_for(self.learner)),
        )
        self.assertEqual(own.status_code, 200, own.content)
