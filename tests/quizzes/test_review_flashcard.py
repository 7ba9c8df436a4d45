"""A flashcard in the daily review keeps its definition on the server until it is rated: the
review page holds the term alone, the result page the definition (``quizzes/review.html``,
``quizzes/review_result.html``)."""

import datetime

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

    def test_the_review_page_holds_the_term_and_the_ratings_only(self):
        response = self.client.get(REVIEW)
        self.assertContains(response, "Скорость по договору")
        html = response.content.decode()
        self.assertNotIn(DEFINITION, html)
        self.assertNotIn("провайдер обещает", html)
        self.assertNotIn(EXAMPLE, html)
        self.assertNotIn("<details", html)
        self.assertNotIn("definition", response.context.keys())
        self.assertNotIn("flashcard", response.context.keys())
        # The ratings are plain submit buttons, reachable without opening anything.
        for rating in ("1", "2", "3", "4"):
            self.assertContains(
                response, f'<button type="submit" name="rating" value="{rating}"', count=1
            )

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
