"""The daily review in the JSON API (``GET /api/v1/me/reviews``, ``POST
/api/v1/reviews/{id}/answer``): the shape, nothing right before answering, the refusals, the
permission matrix and the query count."""

import datetime
import json

from django.test import TestCase, override_settings
from django.utils import timezone

from quizzes.api import QuestionOut
from quizzes.models import ReviewCard, ReviewLog
from quizzes.review_services import ERROR_DAILY_LIMIT, ERROR_NOT_DUE, ERROR_NOT_SHOWN
from tests.api.helpers import ANSWER_KEYS, API, all_keys, bearer, count_queries, token_for
from tests.api.test_quizzes import SECRET_ACCEPTED, SECRET_EXPLANATION, every_type_with_secrets
from tests.factories import staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.factories import quiz_create, right_answer, wrong_answer
from tests.quizzes.review_factories import cards_create, due_now

REVIEWS = f"{API}/me/reviews"


def week_ago():
    return timezone.now() - datetime.timedelta(days=7)


def answer_url(card_id) -> str:
    return f"{API}/reviews/{card_id}/answer"


class ReviewApiTestCase(TestCase):
    def listed(self):
        response = self.client.get(REVIEWS)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def send(self, card_id, body, client=None):
        return (client or self.client).post(
            answer_url(card_id), json.dumps(body), content_type="application/json"
        )

    def snapshot(self, card_id) -> dict:
        return ReviewCard.objects.get(pk=card_id).snapshot


class ReviewListTests(ReviewApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        quiz = quiz_create(questions=every_type_with_secrets())
        cls.cards = cards_create(cls.user, 7, at=week_ago(), quiz=quiz)
        due_now(cls.cards, timezone.now())

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_cards_in_the_attempt_shape_and_no_answers(self):
        response = self.client.get(REVIEWS)
        data = response.json()
        self.assertEqual(data["due_count"], 7)
        self.assertEqual(data["daily_limit"], 20)
        self.assertEqual((data["reviewed_today"], data["streak_days"]), (0, 0))
        self.assertEqual([card["id"] for card in data["cards"]], [c.pk for c in self.cards])
        for card in data["cards"]:
            self.assertEqual(card["kind"], "question")
            self.assertEqual(set(card["question"]), set(QuestionOut.model_fields))
            self.assertIsNone(card["term"])
        self.assertEqual(all_keys(data) & ANSWER_KEYS, set())
        for secret in (SECRET_EXPLANATION, SECRET_ACCEPTED):
            self.assertNotIn(secret, response.content.decode())

    def test_listing_again_gives_the_same_ids(self):
        first = self.listed()
        self.assertEqual(self.listed(), first)

    def test_a_right_and_a_wrong_answer(self):
        cards = self.listed()["cards"]
        right, wrong = cards[0]["id"], cards[1]["id"]
        response = self.send(right, right_answer(self.snapshot(right)))
        self.assertEqual(response.status_code, 200)
        result = response.json()
        self.assertIs(result["correct"], True)
        self.assertEqual(result["explanation"], SECRET_EXPLANATION)
        self.assertIn(SECRET_EXPLANATION, result["explanation_html"])
        self.assertIsNotNone(result["right_answer"])
        self.assertIsNone(result["definition_html"])
        next_right = datetime.datetime.fromisoformat(result["next_due_at"])
        self.assertGreater(next_right, timezone.now() + datetime.timedelta(days=1))

        result = self.send(wrong, wrong_answer(self.snapshot(wrong))).json()
        self.assertIs(result["correct"], False)
        self.assertEqual(result["rating"], "again")
        next_wrong = datetime.datetime.fromisoformat(result["next_due_at"])
        self.assertLess(next_wrong, timezone.now() + datetime.timedelta(minutes=11))
        self.assertEqual(self.listed()["reviewed_today"], 2)

    def test_refusals(self):
        card_id = self.listed()["cards"][0]["id"]
        body = right_answer(self.snapshot(card_id))
        self.assertEqual(self.send(card_id, body).status_code, 200)
        # Answered: it takes no second answer until it is listed (shown) again.
        again = self.send(card_id, body)
        self.assertEqual(again.status_code, 409)
        self.assertEqual(again.json(), {"detail": str(ERROR_NOT_SHOWN)})
        # Listed, then found not due (a quiz reviewed it meanwhile).
        other = self.listed()["cards"][0]["id"]
        ReviewCard.objects.filter(pk=other).update(due=timezone.now() + datetime.timedelta(days=1))
        refused = self.send(other, right_answer(self.snapshot(other)))
        self.assertEqual((refused.status_code, refused.json()["detail"]), (409, str(ERROR_NOT_DUE)))

    def test_wrong_shapes_are_422_and_save_nothing(self):
        card_id = self.listed()["cards"][0]["id"]
        for body in (
            {},
            {"choices": ["x"], "value": True},
            {"rating": "good"},
            {"choices": ["no-such-id"]},
            {"rating": "perfect"},
            {"whatever": 1},
        ):
            with self.subTest(body=body):
                self.assertEqual(self.send(card_id, body).status_code, 422)
        self.assertFalse(ReviewLog.objects.filter(source="review").exists())

    @override_settings(REVIEW_DAILY_LIMIT=2)
    def test_the_daily_limit(self):
        data = self.listed()
        self.assertEqual(data["due_count"], 2)
        for card in data["cards"]:
            self.send(card["id"], wrong_answer(self.snapshot(card["id"])))
        self.assertEqual(self.listed()["cards"], [])
        # A card shown before the limit was reached is refused now.
        beyond = self.cards[2]
        ReviewCard.objects.filter(pk=beyond.pk).update(
            snapshot=self.snapshot(data["cards"][0]["id"]), response=None
        )
        refused = self.send(beyond.pk, {"choices": []})
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(refused.json()["detail"], ERROR_DAILY_LIMIT % {"limit": 2})


class FlashcardApiTests(ReviewApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.term = GlossaryTermFactory(term_ru="FCR", definition_ru="Решено с первого раза.")
        cards_create(cls.user, 1, at=week_ago(), glossary_term=cls.term)
        card = ReviewCard.objects.get(user=cls.user, term=cls.term)
        due_now([card], timezone.now())

    def test_the_term_alone_then_its_definition(self):
        self.client.force_login(self.user)
        response = self.client.get(REVIEWS)
        self.assertNotIn("Решено", response.content.decode())
        card = response.json()["cards"][0]
        self.assertEqual(card["kind"], "term")
        self.assertEqual(card["term"]["term"], "FCR")
        self.assertIsNone(card["question"])
        self.assertEqual(self.send(card["id"], {"value": True}).status_code, 422)
        result = self.send(card["id"], {"rating": "easy"}).json()
        self.assertIsNone(result["correct"])
        self.assertEqual(result["rating"], "easy")
        self.assertIn("Решено с первого раза.", result["definition_html"])


class ReviewPermissionTests(ReviewApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.owner = staff_user()
        cls.colleague = staff_user()
        cls.card = cards_create(cls.owner, 1, at=week_ago())[0]
        due_now([cls.card], timezone.now())

    def test_anonymous_is_401(self):
        self.assertEqual(self.client.get(REVIEWS).status_code, 401)
        self.assertEqual(self.send(self.card.pk, {"choices": []}).status_code, 401)

    def test_someone_elses_card_is_404(self):
        self.client.force_login(self.owner)
        self.listed()  # shown to the owner
        self.client.force_login(self.colleague)
        self.assertEqual(self.listed()["cards"], [])
        response = self.send(self.card.pk, right_answer(self.snapshot(self.card.pk)))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(ReviewLog.objects.filter(source="review").exists())

    def test_the_owner_with_a_token(self):
        headers = bearer(token_for(self.owner))
        listed = self.client.get(REVIEWS, headers=headers).json()
        self.assertEqual([c["id"] for c in listed["cards"]], [self.card.pk])
        response = self.client.post(
            answer_url(self.card.pk),
            json.dumps(right_answer(self.snapshot(self.card.pk))),
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(response.status_code, 200)


# A limit above the number of cards: all hundred are in the queue.
@override_settings(REVIEW_DAILY_LIMIT=500)
class ReviewQueryCountTests(TestCase):
    """Listing costs the same for 2 and for 100 due cards."""

    # Session and user (2), today's figures and the streak (2), the queue (1); showing the cards:
    # their choices, accepted answers, numbers and pairs, and the snapshots (5); the glossary's version
    # for the Markdown (1).
    FIRST_LISTING = 11
    # Listed again: the cards are already shown.
    AGAIN = 6

    def counts(self, cards: int):
        user = staff_user()
        due_now(cards_create(user, cards, at=week_ago()), timezone.now())
        self.client.force_login(user)
        send = lambda: self.client.get(REVIEWS)  # noqa: E731
        return count_queries(send), count_queries(send)

    def test_two_and_a_hundred_cards(self):
        from lms import markdown

        markdown.render("Прогрев.")
        self.assertEqual(self.counts(2), (self.FIRST_LISTING, self.AGAIN))
        self.assertEqual(self.counts(100), (self.FIRST_LISTING, self.AGAIN))
