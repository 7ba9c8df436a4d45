"""A card the daily review would not show (a flashcard of a glossary term taken off the site)
cannot be reached by its id either: ``review_card_for_learner`` finds only what
``reviewable_cards`` has, and the page and the API answer 404 alike."""

import datetime
import json

from django.http import Http404
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from quizzes.models import ReviewCard, ReviewLog
from quizzes.review_selectors import review_card_for_learner, reviewable_cards
from quizzes.review_services import ERROR_NOT_SHOWN
from tests.api.helpers import API
from tests.factories import staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.review_factories import cards_create, due_now

REVIEW = reverse("quizzes:review")


def api_answer(client, card_id, body):
    return client.post(
        f"{API}/reviews/{card_id}/answer", json.dumps(body), content_type="application/json"
    )


class UnpublishedTermCardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.term = GlossaryTermFactory(term_ru="Скорость по договору", definition_ru="По кабелю.")
        cards_create(cls.user, 1, at=timezone.now() - datetime.timedelta(days=7),
                     glossary_term=cls.term)  # fmt: skip
        cls.question_card = ReviewCard.objects.get(user=cls.user, question__isnull=False)
        cls.card = ReviewCard.objects.get(user=cls.user, term=cls.term)
        due_now([cls.card], timezone.now())

    def setUp(self):
        self.client.force_login(self.user)

    def unpublish(self):
        self.term.unpublish()
        self.assertFalse(reviewable_cards().filter(pk=self.card.pk).exists())

    def urls(self):
        return (
            reverse("quizzes:review_answer", args=[self.card.pk]),
            reverse("quizzes:review_result", args=[self.card.pk]),
        )

    def assert_untouched(self, card):
        self.assertFalse(ReviewLog.objects.filter(card=card, source="review").exists())

    def test_the_selector_finds_only_reviewable_cards(self):
        self.assertEqual(review_card_for_learner(card_id=self.card.pk, user=self.user), self.card)
        self.unpublish()
        with self.assertRaises(Http404):
            review_card_for_learner(card_id=self.card.pk, user=self.user)
        # Question cards are always reviewable.
        self.assertEqual(
            review_card_for_learner(card_id=self.question_card.pk, user=self.user),
            self.question_card,
        )

    def test_a_card_on_screen_when_its_term_is_unpublished(self):
        self.client.get(REVIEW)
        self.card.refresh_from_db()
        self.assertTrue(self.card.is_waiting)
        self.unpublish()
        answer, result = self.urls()

        self.assertEqual(self.client.post(answer, {"rating": "3"}).status_code, 404)
        self.assertEqual(self.client.get(result).status_code, 404)
        self.assertEqual(api_answer(self.client, self.card.pk, {"rating": "good"}).status_code, 404)
        self.card.refresh_from_db()
        self.assertTrue(self.card.is_waiting)
        self.assert_untouched(self.card)
        # Nor does the review offer it.
        self.assertNotContains(self.client.get(REVIEW), "Скорость по договору")

    def test_a_card_never_shown_is_404_on_both_not_a_refusal(self):
        self.unpublish()
        answer, _result = self.urls()
        self.assertEqual(self.client.post(answer, {"rating": "3"}).status_code, 404)
        self.assertEqual(api_answer(self.client, self.card.pk, {"rating": "good"}).status_code, 404)
        self.assert_untouched(self.card)

    def test_a_published_card_not_shown_is_refused_not_hidden(self):
        answer, _result = self.urls()
        response = self.client.post(answer, {"rating": "3"})
        self.assertRedirects(response, REVIEW, fetch_redirect_response=False)
        refused = api_answer(self.client, self.card.pk, {"rating": "good"})
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(refused.json()["detail"], str(ERROR_NOT_SHOWN))

    def test_an_answered_card_whose_term_goes_is_not_found(self):
        self.client.get(REVIEW)
        answer, result = self.urls()
        self.assertRedirects(self.client.post(answer, {"rating": "3"}), result)
        self.unpublish()
        self.assertEqual(self.client.get(result).status_code, 404)
        self.assertEqual(self.client.post(answer, {"rating": "3"}).status_code, 404)
