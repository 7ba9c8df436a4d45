from django.test import TestCase
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.people.roles import AUTHORS
from quizzes.admin_forms import (
    ERROR_ACCEPTED_MIN,
    ERROR_CHOICES_MIN,
    ERROR_NUMBER,
    ERROR_PAIRS_MIN,
    ERROR_SINGLE_RIGHT,
    ERROR_TRUE_FALSE,
)
from quizzes.models import Question
from tests.factories import staff_user

ADD_URL = "wagtailsnippets_quizzes_question:add"


def question_form(qtype, *, choices=(), accepted=(), pairs=(), numbers=(), **fields):
    return nested_form_data(
        {
            "type": qtype,
            "title": "",
            "text": "Сколько стоит подключение?",
            "points": 1,
            "explanation": "",
            "text_format": "markdown",
            "explanation_format": "markdown",
            "matching_credit": "per_pair",
            "grading_notes": "",
            "choices": inline_formset(
                [{"text": text, "is_correct": correct} for text, correct in choices]
            ),
            "accepted_answers": inline_formset([{"text": text} for text in accepted]),
            "numeric_answers": inline_formset(
                [{"value": v, "tolerance": "0", "weight": "100", "feedback": ""} for v in numbers]
            ),
            "pairs": inline_formset([{"left": left, "right": right} for left, right in pairs]),
            **fields,
        }
    )


class QuestionEditorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[AUTHORS])

    def setUp(self):
        self.client.force_login(self.author)

    def post(self, data):
        return self.client.post(reverse(ADD_URL), data)

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertFalse(Question.objects.exists())

    def test_single_choice_needs_exactly_one_right_choice(self):
        response = self.post(
            question_form("single_choice", choices=[("Да", True), ("Тоже да", True)])
        )
        self.assertRefused(response, ERROR_SINGLE_RIGHT)

    def test_choice_questions_need_two_choices(self):
        self.assertRefused(
            self.post(question_form("multiple_choice", choices=[("Да", True)])),
            ERROR_CHOICES_MIN,
        )

    def test_true_false_needs_the_truth(self):
        self.assertRefused(self.post(question_form("true_false")), ERROR_TRUE_FALSE)

    def test_short_text_needs_an_accepted_answer(self):
        self.assertRefused(self.post(question_form("short_text")), ERROR_ACCEPTED_MIN)

    def test_numeric_needs_a_number(self):
        self.assertRefused(self.post(question_form("numeric")), ERROR_NUMBER)

    def test_matching_needs_two_pairs(self):
        self.assertRefused(
            self.post(question_form("matching", pairs=[("FCR", "с первого раза")])),
            ERROR_PAIRS_MIN,
        )

    def test_a_question_that_fits_its_type_is_saved_with_its_parts(self):
        response = self.post(
            question_form("single_choice", choices=[("500 ₽", True), ("1000 ₽", False)])
        )
        self.assertEqual(response.status_code, 302)
        question = Question.objects.get()
        self.assertEqual(
            list(question.choices.values_list("text", "is_correct")),
            [("500 ₽", True), ("1000 ₽", False)],
        )
