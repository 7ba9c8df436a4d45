"""The learner's quiz screens: who may open them, what they show, that nothing on the attempt
page gives an answer away, that the form works without scripts, and that each page costs the
same number of queries with little and with much data."""

import datetime
import re

from django.conf import settings
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import LessonProgress
from courses.selectors import LessonState, course_outline_for_learner
from quizzes.forms import ERROR_NOT_A_NUMBER
from quizzes.models import Attempt, AttemptQuestion, Question, Quiz
from quizzes.selectors import REASON_LESSON_LOCKED
from quizzes.services import (
    ERROR_SUBMITTED,
    attempt_answer_save,
    attempt_start,
    attempt_submit,
)
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

T = Question.Type


def _in_english(client):
    """Assertions below name the English labels: they must not depend on what is translated."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _en(text) -> str:
    with translation.override("en"):
        return str(text)


def _count_queries(client, url: str) -> int:
    client.get(url)  # warm up: the glossary matcher and rendered Markdown are cached
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _form_fields(snapshot: dict, answer: dict) -> dict:
    """An answer in the grading shape as the attempt form posts it."""
    name = f"q{snapshot['question_id']}"
    if "choices" in answer:
        return {name: answer["choices"]}
    if "value" in answer:
        return {name: "true" if answer["value"] else "false"}
    if "text" in answer:
        return {name: answer["text"]}
    if "number" in answer:
        return {name: str(answer["number"]).replace(".", ",")}
    if "order" in answer:
        return {f"{name}-{item}": str(n) for n, item in enumerate(answer["order"], start=1)}
    return {f"{name}-{left}": right for left, right in answer["pairs"].items()}


def _all_fields(attempt: Attempt, make_answer) -> dict:
    data = {}
    for row in AttemptQuestion.objects.filter(attempt=attempt):
        data.update(_form_fields(row.snapshot, make_answer(row.snapshot)))
    return data


class QuizScreensAccessTests(TestCase):
    """Every view and endpoint: anonymous → login; another learner → 404 on attempts;
    the learner → 200 (or the redirect the flow asks for)."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.other = staff_user()
        cls.quiz = quiz_create(questions=[single_choice_create(), true_false_create()])
        cls.open_attempt, _ = attempt_start(user=cls.learner, quiz=cls.quiz)
        cls.question_id = AttemptQuestion.objects.filter(attempt=cls.open_attempt)[0].question_id
        finished_quiz = quiz_create(questions=[true_false_create()])
        cls.done_attempt, _ = attempt_start(user=cls.learner, quiz=finished_quiz)
        attempt_submit(attempt=cls.done_attempt)

    def _attempt_urls(self):
        a, d = self.open_attempt.pk, self.done_attempt.pk
        return [
            ("get", reverse("quizzes:attempt", args=[a])),
            ("post", reverse("quizzes:attempt_submit", args=[a])),
            ("post", reverse("quizzes:answer_save", args=[a, self.question_id])),
            ("get", reverse("quizzes:attempt_result", args=[d])),
        ]

    def _all_urls(self):
        return [
            ("get", reverse("quizzes:quiz", args=[self.quiz.pk])),
            ("post", reverse("quizzes:attempt_start", args=[self.quiz.pk])),
            *self._attempt_urls(),
        ]

    def test_anonymous_is_sent_to_login(self):
        for method, url in self._all_urls():
            with self.subTest(url=url):
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/login/?next="))

    def test_another_learners_attempts_are_404(self):
        self.client.force_login(self.other)
        for method, url in self._attempt_urls():
            with self.subTest(url=url):
                self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        self.assertEqual(
            AttemptQuestion.objects.filter(
                attempt=self.open_attempt, response__isnull=False
            ).count(),
            0,
        )

    def test_learner_opens_their_own(self):
        self.client.force_login(self.learner)
        for url in (
            reverse("quizzes:quiz", args=[self.quiz.pk]),
            reverse("quizzes:attempt", args=[self.open_attempt.pk]),
            reverse("quizzes:attempt_result", args=[self.done_attempt.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_wrong_methods_are_refused(self):
        self.client.force_login(self.learner)
        a = self.open_attempt.pk
        for method, url in (
            ("get", reverse("quizzes:attempt_start", args=[self.quiz.pk])),
            ("get", reverse("quizzes:attempt_submit", args=[a])),
            ("get", reverse("quizzes:answer_save", args=[a, self.question_id])),
            ("post", reverse("quizzes:attempt", args=[a])),
        ):
            with self.subTest(url=url, method=method):
                self.assertEqual(getattr(self.client, method)(url).status_code, 405)

    def test_draft_quiz_is_404(self):
        self.client.force_login(self.learner)
        draft = quiz_create(questions=[true_false_create()], live=False)
        self.assertEqual(self.client.get(reverse("quizzes:quiz", args=[draft.pk])).status_code, 404)
        response = self.client.post(reverse("quizzes:attempt_start", args=[draft.pk]))
        self.assertEqual(response.status_code, 404)

    def test_answer_save_needs_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.learner)
        url = reverse("quizzes:answer_save", args=[self.open_attempt.pk, self.question_id])
        self.assertEqual(client.post(url, {f"q{self.question_id}": "x"}).status_code, 403)


class QuizScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(
            questions=[true_false_create()],
            title="Проверка по тарифам",
            description="Пять минут на **тарифы**.",
            pass_mark=75,
            attempt_limit=3,
            cooldown_minutes=30,
            time_limit_minutes=10,
        )
        cls.course = course_create(lessons=2, gates={0: cls.quiz}, title="Тарифы")

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)
        self.url = reverse("quizzes:quiz", args=[self.quiz.pk])

    def test_shows_title_description_and_rules(self):
        response = self.client.get(self.url)
        self.assertContains(response, "<h1>Проверка по тарифам</h1>", html=False)
        self.assertContains(response, "<strong>тарифы</strong>")
        self.assertContains(response, "75 %")
        self.assertContains(response, "0 of 3 used")
        self.assertContains(response, "wait 30 minutes")
        self.assertContains(response, "10 minutes")
        self.assertContains(response, "Start the quiz")
        self.assertContains(response, course_lessons(self.course)[0].url)

    def test_start_creates_an_attempt_and_resume_returns_to_it(self):
        start = reverse("quizzes:attempt_start", args=[self.quiz.pk])
        response = self.client.post(start)
        attempt = Attempt.objects.get(user=self.learner, quiz=self.quiz)
        self.assertRedirects(response, reverse("quizzes:attempt", args=[attempt.pk]))
        self.assertContains(self.client.get(self.url), "Resume the quiz")
        self.assertRedirects(self.client.post(start), reverse("quizzes:attempt", args=[attempt.pk]))
        self.assertEqual(Attempt.objects.filter(user=self.learner, quiz=self.quiz).count(), 1)

    def test_cool_down_refusal_shows_the_reason_and_the_time(self):
        attempt, _ = attempt_start(user=self.learner, quiz=self.quiz)
        attempt_submit(attempt=attempt)
        response = self.client.get(self.url)
        self.assertContains(response, "You can try again in 30 min.")
        self.assertContains(response, "Next attempt from")
        self.assertNotContains(response, "Start the quiz")
        self.assertContains(response, "1 of 3 used")
        response = self.client.post(reverse("quizzes:attempt_start", args=[self.quiz.pk]))
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "You can try again in 30 min.", status_code=403)
        self.assertEqual(Attempt.objects.filter(user=self.learner, quiz=self.quiz).count(), 1)

    def test_quiz_of_a_locked_lesson_cannot_start(self):
        other = quiz_create(questions=[true_false_create()])
        course_create(lessons=2, gates={1: other})
        response = self.client.post(reverse("quizzes:attempt_start", args=[other.pk]))
        self.assertContains(response, _en(REASON_LESSON_LOCKED), status_code=403)

    def test_previous_attempts_with_best_and_last(self):
        quiz = quiz_create(questions=[true_false_create(), true_false_create()], pass_mark=50)
        for answers in ([right_answer, right_answer], [right_answer, wrong_answer]):
            attempt, _ = attempt_start(user=self.learner, quiz=quiz)
            rows = AttemptQuestion.objects.filter(attempt=attempt).order_by("position")
            for row, make in zip(rows, answers, strict=True):
                attempt_answer_save(
                    attempt=attempt, question_id=row.question_id, data=make(row.snapshot)
                )
            attempt_submit(attempt=attempt)
        response = self.client.get(reverse("quizzes:quiz", args=[quiz.pk]))
        self.assertContains(response, "Best result: 100 %")
        self.assertContains(response, "last: 50 %")
        self.assertContains(response, "Attempt 2")
        self.assertContains(response, "Try again")

    def test_queries_do_not_grow_with_attempts(self):
        quiz = quiz_create(questions=[true_false_create()])
        url = reverse("quizzes:quiz", args=[quiz.pk])
        attempt_submit(attempt=attempt_start(user=self.learner, quiz=quiz)[0])
        small = _count_queries(self.client, url)
        for _n in range(9):
            attempt_submit(attempt=attempt_start(user=self.learner, quiz=quiz)[0])
        large = _count_queries(self.client, url)
        self.assertEqual(small, large)


# Texts that only a right answer, an explanation or feedback contain: none may reach the
# attempt page before submission.
SECRET_ACCEPTED = "СекретныйОтвет"
SECRET_NUMBER = "98765"
SECRET_EXPLANATION = "ОбъяснениеСекрет"
SECRET_FEEDBACK = "ОтзывСекрет"


def _leaky_questions():
    questions = [
        single_choice_create(right="Вариант А", wrong=["Вариант Б", "Вариант В"]),
        multiple_choice_create(right=["Плюс 1", "Плюс 2"], wrong=["Минус 1", "Минус 2"]),
        true_false_create(correct=True),
        short_text_create(accepted=[SECRET_ACCEPTED, "ЗапаснойСекрет"]),
        numeric_create(answer=SECRET_NUMBER, tolerance="0.5"),
        ordering_create(items=["Шаг один", "Шаг два", "Шаг три", "Шаг четыре", "Шаг пять"]),
        matching_create(pairs=[("Лево 1", "Право 1"), ("Лево 2", "Право 2"), ("Лево 3", "Право 3"), ("Лево 4", "Право 4")]),
    ]  # fmt: skip
    for question in questions:
        question.explanation = SECRET_EXPLANATION
        question.save()
        question.choices.update(feedback=SECRET_FEEDBACK)
    return questions


class AttemptPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(questions=_leaky_questions(), shuffle_choices=False)
        cls.attempt, _ = attempt_start(user=cls.learner, quiz=cls.quiz)
        cls.url = reverse("quizzes:attempt", args=[cls.attempt.pk])

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def _html(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_no_right_answer_reaches_the_page(self):
        html = self._html()
        for secret in (SECRET_ACCEPTED, "ЗапаснойСекрет", SECRET_NUMBER, SECRET_EXPLANATION,
                       SECRET_FEEDBACK):  # fmt: skip
            with self.subTest(secret=secret):
                self.assertNotIn(secret, html)
        self.assertNotIn("correct", html.lower())
        self.assertNotIn("right_order", html)
        self.assertNotIn("right_pairs", html)
        self.assertNotIn(" checked", html)
        # Only the blank "—" of a match and the order as shown may be preselected.
        form = html.split('class="attempt-form"')[1].split("</form>")[0]
        self.assertNotRegex(form, r'<option value="(?!\d+")[^"]+" selected')

    def test_every_choice_text_and_no_opaque_right_ids(self):
        html = self._html()
        for text in ("Вариант А", "Вариант Б", "Плюс 1", "Минус 2", "Лево 3", "Право 4"):
            self.assertIn(text, html)
        for row in AttemptQuestion.objects.filter(attempt=self.attempt):
            ids_in_right_order = row.snapshot.get("right_order")
            if ids_in_right_order:
                shown = re.findall(rf'name="q{row.question_id}-(\w+)"', html)
                self.assertCountEqual(shown, ids_in_right_order)
                self.assertNotEqual(shown, ids_in_right_order)

    def test_ordering_items_are_not_shown_in_the_right_order(self):
        html = self._html()
        shown = re.findall(r"Шаг (один|два|три|четыре|пять)</label>", html)
        self.assertEqual(len(shown), 5)
        self.assertNotEqual(shown, ["один", "два", "три", "четыре", "пять"])

    def test_matching_right_hand_options_are_not_in_pair_order(self):
        html = self._html()
        first_select = re.search(r'<select id="q\d+-\w+" name="q\d+-\w+">(.*?)</select>',
                                 html.split("Лево")[1], re.S)  # fmt: skip
        shown = re.findall(r">Право (\d)</option>", first_select.group(1))
        self.assertEqual(sorted(shown), ["1", "2", "3", "4"])
        self.assertNotEqual(shown, ["1", "2", "3", "4"])

    def test_fields_fit_each_type(self):
        html = self._html()
        self.assertEqual(html.count("<fieldset"), 7)
        self.assertEqual(html.count("<legend"), 7)
        self.assertIn('type="radio"', html)
        self.assertIn('type="checkbox"', html)
        self.assertIn('inputmode="decimal"', html)
        self.assertIn('value="true"', html)
        self.assertIn('value="false"', html)
        self.assertIn("Question 7 of 7", html)

    def test_saved_answers_are_shown_again(self):
        row = AttemptQuestion.objects.get(attempt=self.attempt, position=4)  # short text
        attempt_answer_save(
            attempt=self.attempt, question_id=row.question_id, data={"text": "мой ответ"}
        )
        self.assertIn('value="мой ответ"', self._html())

    def test_submitted_attempt_goes_to_its_result(self):
        attempt_submit(attempt=self.attempt)
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("quizzes:attempt_result", args=[self.attempt.pk]))

    def test_timed_attempt_shows_the_server_deadline(self):
        quiz = quiz_create(questions=[true_false_create()], time_limit_minutes=15)
        attempt, _ = attempt_start(user=self.learner, quiz=quiz)
        response = self.client.get(reverse("quizzes:attempt", args=[attempt.pk]))
        self.assertContains(response, f'data-deadline="{int(attempt.deadline.timestamp())}"')
        self.assertContains(response, 'role="timer"')
        self.assertContains(response, "Finish by")

    def test_queries_do_not_grow_with_questions(self):
        small_quiz = quiz_create(questions=[true_false_create()])
        small, _ = attempt_start(user=self.learner, quiz=small_quiz)
        small_count = _count_queries(self.client, reverse("quizzes:attempt", args=[small.pk]))
        large_count = _count_queries(self.client, self.url)
        self.assertEqual(small_count, large_count)


class AnswerSaveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(questions=one_of_each_type())

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)
        self.attempt, _ = attempt_start(user=self.learner, quiz=self.quiz)
        self.rows = list(AttemptQuestion.objects.filter(attempt=self.attempt).order_by("position"))

    def _url(self, row):
        return reverse("quizzes:answer_save", args=[self.attempt.pk, row.question_id])

    def test_each_type_saves_what_the_form_sends(self):
        for row in self.rows:
            with self.subTest(type=row.snapshot["type"]):
                answer = right_answer(row.snapshot)
                response = self.client.post(self._url(row), _form_fields(row.snapshot, answer))
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(response.json(), {"saved": True})
                row.refresh_from_db()
                self.assertIsNotNone(row.response)

    def test_a_malformed_number_is_refused_with_a_message(self):
        row = next(r for r in self.rows if r.snapshot["type"] == T.NUMERIC)
        response = self.client.post(self._url(row), {f"q{row.question_id}": "двадцать"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"], _en(ERROR_NOT_A_NUMBER))
        row.refresh_from_db()
        self.assertIsNone(row.response)

    def test_a_submitted_attempt_takes_no_more_answers(self):
        attempt_submit(attempt=self.attempt)
        row = next(r for r in self.rows if r.snapshot["type"] == T.TRUE_FALSE)
        response = self.client.post(self._url(row), {f"q{row.question_id}": "true"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"], _en(ERROR_SUBMITTED))

    def test_a_question_of_another_attempt_is_404(self):
        other = quiz_create(questions=[true_false_create()])
        foreign_question = other.quiz_questions.get().question_id
        url = reverse("quizzes:answer_save", args=[self.attempt.pk, foreign_question])
        self.assertEqual(self.client.post(url, {f"q{foreign_question}": "true"}).status_code, 404)


class NoScriptSubmitTests(TestCase):
    """The whole form works without JavaScript: one POST saves every answer and submits."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(questions=one_of_each_type(), shuffle_questions=True)
        cls.course = course_create(lessons=2, gates={0: cls.quiz})

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)
        self.first, self.second = course_lessons(self.course)
        self.client.get(self.first.url)
        self.attempt, _ = attempt_start(user=self.learner, quiz=self.quiz)
        self.submit_url = reverse("quizzes:attempt_submit", args=[self.attempt.pk])
        self.result_url = reverse("quizzes:attempt_result", args=[self.attempt.pk])

    def test_right_answers_pass_and_open_the_next_lesson(self):
        response = self.client.post(self.submit_url, _all_fields(self.attempt, right_answer))
        self.assertRedirects(response, self.result_url)
        self.attempt.refresh_from_db()
        self.assertTrue(self.attempt.is_submitted)
        self.assertTrue(self.attempt.passed)
        self.assertEqual(self.attempt.percent, 100)
        states = [
            s.state
            for s in course_outline_for_learner(course=self.course, user=self.learner).lessons
        ]
        self.assertEqual(states, [LessonState.COMPLETED, LessonState.OPEN])
        self.assertEqual(self.client.get(self.second.url).status_code, 200)

    def test_wrong_answers_fail_and_the_next_lesson_stays_locked(self):
        response = self.client.post(self.submit_url, _all_fields(self.attempt, wrong_answer))
        self.assertRedirects(response, self.result_url)
        self.attempt.refresh_from_db()
        self.assertFalse(self.attempt.passed)
        self.assertEqual(self.client.get(self.second.url).status_code, 403)
        self.assertFalse(
            LessonProgress.objects.filter(lesson=self.first, completed_at__isnull=False).exists()
        )

    def test_blank_form_submits_with_nothing_scored(self):
        # What an untouched form posts: no choice, empty text, the items as shown.
        untouched = {}
        for row in AttemptQuestion.objects.filter(attempt=self.attempt):
            if row.snapshot["type"] == T.ORDERING:
                shown = {"order": [item["id"] for item in row.snapshot["items"]]}
                untouched.update(_form_fields(row.snapshot, shown))
            elif row.snapshot["type"] in (T.SHORT_TEXT, T.NUMERIC):
                untouched[f"q{row.question_id}"] = ""
        response = self.client.post(self.submit_url, untouched)
        self.assertRedirects(response, self.result_url)
        self.attempt.refresh_from_db()
        self.assertTrue(self.attempt.is_submitted)
        self.assertFalse(self.attempt.passed)

    def test_a_malformed_answer_keeps_everything_typed_and_submits_nothing(self):
        data = _all_fields(self.attempt, right_answer)
        rows = {r.snapshot["type"]: r for r in AttemptQuestion.objects.filter(attempt=self.attempt)}
        numeric, text = rows[T.NUMERIC], rows[T.SHORT_TEXT]
        data[f"q{numeric.question_id}"] = "четырнадцать"
        data[f"q{text.question_id}"] = "мой ответ"
        response = self.client.post(self.submit_url, data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="четырнадцать"', status_code=400)
        self.assertContains(response, 'value="мой ответ"', status_code=400)
        self.assertContains(response, _en(ERROR_NOT_A_NUMBER), status_code=400)
        self.assertContains(response, f'href="#question-{numeric.question_id}"', status_code=400)
        single = rows[T.SINGLE_CHOICE]
        chosen = data[f"q{single.question_id}"][0]
        self.assertContains(response, f'value="{chosen}" checked', status_code=400)
        self.attempt.refresh_from_db()
        self.assertFalse(self.attempt.is_submitted)

    def test_clashing_ordering_positions_are_sent_back(self):
        data = _all_fields(self.attempt, right_answer)
        ordering = AttemptQuestion.objects.get(attempt=self.attempt, snapshot__type=T.ORDERING)
        for key in [k for k in data if k.startswith(f"q{ordering.question_id}-")]:
            data[key] = "1"
        response = self.client.post(self.submit_url, data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Give every item a different position", status_code=400)
        self.attempt.refresh_from_db()
        self.assertFalse(self.attempt.is_submitted)

    def test_submitting_after_the_deadline_grades_what_was_saved(self):
        quiz = quiz_create(questions=[true_false_create(correct=True)], time_limit_minutes=1)
        attempt, _ = attempt_start(user=self.learner, quiz=quiz)
        Attempt.objects.filter(pk=attempt.pk).update(
            deadline=timezone.now() - datetime.timedelta(seconds=5)
        )
        row = AttemptQuestion.objects.get(attempt=attempt)
        response = self.client.post(
            reverse("quizzes:attempt_submit", args=[attempt.pk]), {f"q{row.question_id}": "true"}
        )
        self.assertRedirects(response, reverse("quizzes:attempt_result", args=[attempt.pk]))
        attempt.refresh_from_db()
        self.assertTrue(attempt.timed_out)
        self.assertEqual(attempt.score, 0)

    def test_submitting_twice_grades_once(self):
        self.client.post(self.submit_url, _all_fields(self.attempt, right_answer))
        response = self.client.post(self.submit_url, _all_fields(self.attempt, wrong_answer))
        self.assertRedirects(response, self.result_url)
        self.attempt.refresh_from_db()
        self.assertTrue(self.attempt.passed)


class ResultPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.questions = _leaky_questions()

    def setUp(self):
        self.client.force_login(self.learner)
        _in_english(self.client)

    def _finished(self, quiz, make_answer) -> Attempt:
        attempt, _ = attempt_start(user=self.learner, quiz=quiz)
        for row in AttemptQuestion.objects.filter(attempt=attempt):
            attempt_answer_save(
                attempt=attempt, question_id=row.question_id, data=make_answer(row.snapshot)
            )
        return attempt_submit(attempt=attempt)

    def _result(self, attempt):
        return self.client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))

    def test_failed_attempt_shows_score_answers_and_the_way_back(self):
        quiz = quiz_create(
            questions=self.questions, show_answers=Quiz.ShowAnswers.AFTER_EACH_ATTEMPT
        )
        course = course_create(lessons=1, gates={0: quiz})
        attempt = self._finished(quiz, wrong_answer)
        response = self._result(attempt)
        self.assertContains(response, "Not passed")
        self.assertContains(response, "0 of 7 points (0 %)")
        self.assertContains(response, "</span> wrong</span>", count=7)
        self.assertContains(response, "Right answer:")
        self.assertContains(response, SECRET_ACCEPTED)
        self.assertContains(response, "98765 ± 0.5")
        self.assertContains(response, SECRET_EXPLANATION)
        self.assertContains(response, "Лево 1 → Право 1")
        self.assertContains(response, f'href="{course_lessons(course)[0].url}"')
        self.assertContains(response, reverse("quizzes:quiz", args=[quiz.pk]))
        self.assertContains(response, "Try again")

    def test_right_answers_stay_hidden_when_the_quiz_says_never(self):
        quiz = quiz_create(questions=self.questions, show_answers=Quiz.ShowAnswers.NEVER)
        attempt = self._finished(quiz, wrong_answer)
        response = self._result(attempt)
        html = response.content.decode()
        self.assertContains(response, "This quiz does not show the right answers now.")
        for secret in (SECRET_ACCEPTED, SECRET_NUMBER, SECRET_EXPLANATION, SECRET_FEEDBACK):
            self.assertNotIn(secret, html)
        self.assertNotIn("Right answer:", html)
        self.assertNotIn("Лево 1 → Право 1", html)

    def test_passed_attempt(self):
        quiz = quiz_create(questions=self.questions)
        response = self._result(self._finished(quiz, right_answer))
        self.assertContains(response, "Passed")
        self.assertContains(response, "7 of 7 points (100 %)")
        self.assertNotContains(response, "Try again")

    def test_an_attempt_in_progress_goes_back_to_its_form(self):
        quiz = quiz_create(questions=[true_false_create()])
        attempt, _ = attempt_start(user=self.learner, quiz=quiz)
        self.assertRedirects(self._result(attempt), reverse("quizzes:attempt", args=[attempt.pk]))

    def test_queries_do_not_grow_with_questions_or_attempts(self):
        small_quiz = quiz_create(
            questions=[true_false_create()], show_answers="after_last_attempt", attempt_limit=20
        )
        small = self._finished(small_quiz, wrong_answer)
        small_count = _count_queries(
            self.client, reverse("quizzes:attempt_result", args=[small.pk])
        )
        large_quiz = quiz_create(
            questions=self.questions, show_answers="after_last_attempt", attempt_limit=20
        )
        for _n in range(9):
            self._finished(large_quiz, wrong_answer)
        large = self._finished(large_quiz, right_answer)
        large_count = _count_queries(
            self.client, reverse("quizzes:attempt_result", args=[large.pk])
        )
        self.assertEqual(small_count, large_count)


class QuizLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.attempt = attempt_submit(attempt=attempt_start(user=cls.learner, quiz=cls.quiz)[0])

    def setUp(self):
        self.client.force_login(self.learner)

    def test_russian_by_default_english_after_switching(self):
        url = reverse("quizzes:attempt_result", args=[self.attempt.pk])
        response = self.client.get(url, headers={"accept-language": "en"})
        self.assertContains(response, '<html lang="ru">')
        self.assertContains(response, "Результат")
        self.client.post(reverse("set_language"), {"language": "en", "next": url})
        response = self.client.get(url)
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Your answers")
        self.assertContains(response, "Not passed")
