"""Glossary tooltips inside a question never give its answer away: a term whose definition
says an answer of the question is not linked in that question (attempt page, API, review
cards), while other terms still are."""

import json

from django.test import TestCase
from django.urls import reverse

from quizzes.grading import snapshot_public
from quizzes.models import AttemptQuestion, ReviewCard
from quizzes.review_selectors import review_card_public
from quizzes.review_services import review_cards_show
from quizzes.services import attempt_start
from quizzes.tooltips import answer_phrases
from tests.api.helpers import API
from tests.factories import staff_user
from tests.glossary.helpers import term_create
from tests.quizzes.factories import (
    attempt_take,
    numeric_create,
    quiz_create,
    short_text_create,
    single_choice_create,
)

TEXT = "Какой тариф выбрать абоненту, который много звонит?"


def linked(html: str, slug: str) -> bool:
    return f'data-term="{slug}"' in html


class TooltipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        # The definition of «тариф» names the right option: linking it would give it away.
        term_create(
            term_ru="Тариф",
            slug="tarif",
            definition_ru="Набор услуг за плату. Для тех, кто много звонит, — «Безлимитный».",
        )
        term_create(term_ru="Абонент", slug="abonent", definition_ru="Клиент оператора связи.")
        cls.question = single_choice_create(
            text=TEXT, right="Безлимитный", wrong=("Базовый", "Семейный")
        )
        cls.quiz = quiz_create(title="Тарифы", questions=[cls.question], show_answers="never")

    def test_the_term_whose_definition_names_the_right_option_is_not_linked(self):
        attempt, _ = attempt_start(user=self.learner, quiz=self.quiz)
        html = snapshot_public(AttemptQuestion.objects.get(attempt=attempt).snapshot)["html"]
        self.assertFalse(linked(html, "tarif"))
        self.assertTrue(linked(html, "abonent"))

    def test_the_attempt_page_links_no_revealing_term(self):
        attempt, _ = attempt_start(user=self.learner, quiz=self.quiz)
        self.client.force_login(self.learner)
        response = self.client.get(reverse("quizzes:attempt", args=[attempt.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Безлимитный", html)  # the option itself is shown, of course
        self.assertFalse(linked(html, "tarif"))
        self.assertTrue(linked(html, "abonent"))

    def test_the_api_question_html_links_no_revealing_term(self):
        self.client.force_login(self.learner)
        response = self.client.post(f"{API}/quizzes/{self.quiz.pk}/attempts")
        self.assertIn(response.status_code, (200, 201))
        htmls = [q["html"] for q in json.loads(response.content)["questions"]]
        self.assertEqual(len(htmls), 1)
        self.assertFalse(linked(htmls[0], "tarif"))
        self.assertTrue(linked(htmls[0], "abonent"))

    def test_review_cards_link_no_revealing_term(self):
        # Cards come from quizzes that show their answers.
        shown = quiz_create(questions=[self.question], show_answers="after_each_attempt")
        attempt_take(self.learner, shown)
        card = ReviewCard.objects.select_related("question").get(
            user=self.learner, question=self.question
        )
        (card,) = review_cards_show(cards=[card])
        html = review_card_public(card)["question"]["html"]
        self.assertFalse(linked(html, "tarif"))
        self.assertTrue(linked(html, "abonent"))

    def test_another_question_links_the_term(self):
        other = single_choice_create(text=TEXT, right="Семейный", wrong=("Базовый", "Детский"))
        attempt, _ = attempt_start(user=self.learner, quiz=quiz_create(questions=[other]))
        html = snapshot_public(AttemptQuestion.objects.get(attempt=attempt).snapshot)["html"]
        self.assertTrue(linked(html, "tarif"))

    def test_accepted_answers_and_numbers_count_in_any_word_form(self):
        term_create(term_ru="Пакет", slug="paket", definition_ru="Обычно в нём 14 гигабайт.")
        term_create(term_ru="Оператор", slug="operator", definition_ru="Говорит тарифами.")
        number = numeric_create(text="Сколько гигабайт даёт пакет?", answer="14.00")
        word = short_text_create(text="Чем говорит оператор?", accepted=("тариф",))
        attempt, _ = attempt_start(user=self.learner, quiz=quiz_create(questions=[number, word]))
        rows = {r.question_id: r.snapshot for r in AttemptQuestion.objects.filter(attempt=attempt)}
        self.assertIn("14", answer_phrases(rows[number.pk]))
        self.assertFalse(linked(snapshot_public(rows[number.pk])["html"], "paket"))
        self.assertFalse(linked(snapshot_public(rows[word.pk])["html"], "operator"))
