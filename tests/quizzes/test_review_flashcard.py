"""A flashcard in the daily review keeps its definition on the server until the person asks to
see it: the review page holds the term and "Show the answer" alone; the reveal step (the same
page with the card's id) the definition and then the four ratings; the result page the
definition again (``quizzes/review.html``, ``quizzes/review_result.html``)."""

import datetime

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from quizzes.models import ReviewCard
from tests.factories import staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.review_factories import cards_create, due_now

REVIEW = reverse("quizzes:review")
DEFINITION = "Скорость, которую провайдер обещает по договору, а не по воздуху."
EXAMPLE = "У вас по договору сто мегабит."


class FlashcardDefinitionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.term = GlossaryTermFactory(
            term_ru="Скорость по договору", definition_ru=DEFINITION, example=EXAMPLE
        )
        cards_create(cls.user, 1, at=timezone.now() - datetime.timedelta(days=7),
                     glossary_term=cls.term)  # fmt: skip
        ReviewCard.objects.filter(user=cls.user).update(
            due=timezone.now() + datetime.timedelta(days=3)
        )
        cls.card = ReviewCard.objects.get(user=cls.user, term=cls.term)
        due_now([cls.card], timezone.now())

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_review_page_holds_the_term_and_the_reveal_button_only(self):
        response = self.client.get(REVIEW)
        self.assertContains(response, "Скорость по договору")
        html = response.content.decode()
        self.assertNotIn(DEFINITION, html)
        self.assertNotIn("провайдер обещает", html)
        self.assertNotIn(EXAMPLE, html)
        self.assertNotIn("<details", html)
        self.assertNotIn('name="rating"', html)
        self.assertIsNone(response.context["revealed"])
        self.assertNotIn("definition", response.context.keys())
        self.assertNotIn("flashcard", response.context.keys())
        # The reveal is a plain GET button: no script needed.
        self.assertContains(
            response, f'<button type="submit" name="reveal" value="{self.card.pk}"', count=1
        )

    def test_the_reveal_step_shows_the_definition_then_the_ratings(self):
        self.client.get(REVIEW)
        response = self.client.get(REVIEW, {"reveal": self.card.pk})
        html = response.content.decode()
        self.assertIn(DEFINITION, html)
        self.assertIn(EXAMPLE, html)
        self.assertNotIn('name="reveal"', html)
        # The definition comes first, the ratings after it.
        self.assertLess(html.index(DEFINITION), html.index('name="rating"'))
        for rating in ("1", "2", "3", "4"):
            self.assertContains(
                response, f'<button type="submit" name="rating" value="{rating}"', count=1
            )
        self.card.refresh_from_db()
        self.assertIsNone(self.card.response)  # revealing is not rating

    def test_a_stale_or_foreign_reveal_shows_nothing(self):
        other = GlossaryTermFactory(term_ru="Абонент", definition_ru="Секретное определение.")
        stranger = staff_user()
        cards_create(stranger, 1, at=timezone.now(), glossary_term=other)
        foreign = ReviewCard.objects.get(user=stranger, term=other)
        for value in (foreign.pk, "x", self.card.pk + 1000):
            response = self.client.get(REVIEW, {"reveal": value})
            html = response.content.decode()
            self.assertNotIn(DEFINITION, html)
            self.assertNotIn("Секретное определение.", html)
            self.assertNotIn('name="rating"', html)

    def test_anonymous_reveal_goes_to_login(self):
        self.client.logout()
        response = self.client.get(REVIEW, {"reveal": self.card.pk})
        self.assertEqual(response.status_code, 302)
        self.assertIn(settings.LOGIN_URL, response["Location"])

    def test_the_result_page_shows_the_definition_after_rating(self):
        self.client.get(REVIEW)
        result = reverse("quizzes:review_result", args=[self.card.pk])
        # Not before the card is rated: the result page sends back to the review.
        self.assertRedirects(self.client.get(result), REVIEW)

        response = self.client.post(
            reverse("quizzes:review_answer", args=[self.card.pk]), {"rating": "1"}
        )
        self.assertRedirects(response, result)
        page = self.client.get(result)
        self.assertContains(page, DEFINITION)
        self.assertContains(page, EXAMPLE)
        self.card.refresh_from_db()
        self.assertEqual(self.card.response, {"rating": 1})
