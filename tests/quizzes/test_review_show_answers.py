"""The daily review shows a question's right answer no sooner than its quiz does.

A question answered in a quiz that hides its answers ("never", "after passing" not passed yet,
"after the last allowed attempt" not used up yet) becomes no review card; it becomes one when
the quiz first shows the answers (the passing attempt, the last one). A card made before this
rule (or whose quiz hides its answers since) is neither offered nor answered, on the page and
in the API alike, so its right answer and explanation never leave the server."""

import datetime
import json
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Quiz, ReviewCard, ReviewLog
from quizzes.review import card_new
from quizzes.review_services import review_cards_show
from tests.api.helpers import API
from tests.factories import staff_user
from tests.quizzes.factories import (
    attempt_take,
    quiz_create,
    right_answer,
    single_choice_create,
    wrong_answer,
)
from tests.quizzes.review_factories import due_now

RULE = Quiz.ShowAnswers
REVIEW = reverse("quizzes:review")
REVIEWS = f"{API}/me/reviews"
QUESTION = "В какой срок клиент может вернуть роутер?"
RIGHT = "Четырнадцать дней с покупки"
WRONG = "Три дня с покупки"
EXPLANATION = "Так сказано в пункте 7.2 договора."
DAY = datetime.timedelta(days=1)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - days * DAY


def question_create():
    return single_choice_create(text=QUESTION, right=RIGHT, wrong=[WRONG], explanation=EXPLANATION)


class ShowAnswersReviewTestCase(TestCase):
    """A learner, and helpers that go through the page and the API as a person would."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.question = question_create()

    def setUp(self):
        self.client.force_login(self.user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def quiz(self, rule, **fields) -> Quiz:
        return quiz_create(questions=[self.question], show_answers=rule, **fields)

    def cards(self):
        return ReviewCard.objects.filter(user=self.user, question=self.question)

    def card(self) -> ReviewCard:
        return ReviewCard.objects.select_related("question", "term").get(
            user=self.user, question=self.question
        )

    def api_answer(self, card_id, body):
        return self.client.post(
            f"{API}/reviews/{card_id}/answer", json.dumps(body), content_type="application/json"
        )

    def assertNoSecret(self, response):
        content = response.content.decode()
        for secret in (EXPLANATION, "7.2"):
            self.assertNotIn(secret, content)

    def assertNotOffered(self):
        """Neither the page nor the API offers the card, and neither gives its answer away."""
        page = self.client.get(REVIEW)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, QUESTION)
        self.assertNotContains(page, RIGHT)
        self.assertNoSecret(page)
        listed = self.client.get(REVIEWS)
        self.assertEqual(listed.json()["cards"], [])
        self.assertEqual(listed.json()["due_count"], 0)
        self.assertNotIn(QUESTION, listed.content.decode())
        self.assertNoSecret(listed)

    def assertAnsweredWithAnswers(self):
        """The card is offered; answered (wrongly) on the page and then in the API, the result
        shows the right choice, marked, and the explanation."""
        page = self.client.get(REVIEW)
        self.assertContains(page, QUESTION)
        self.assertNoSecret(page)  # nothing before answering
        card = self.card()
        choice = wrong_answer(card.snapshot)["choices"][0]
        answered = self.client.post(
            reverse("quizzes:review_answer", args=[card.pk]),
            {f"q{card.snapshot['question_id']}": choice},
        )
        result_url = reverse("quizzes:review_result", args=[card.pk])
        self.assertRedirects(answered, result_url)
        result = self.client.get(result_url)
        self.assertContains(result, EXPLANATION)
        self.assertContains(result, "badge--good")  # the right choice, marked
        self.assertContains(result, RIGHT)

        due_now([self.card()], timezone.now())
        listed = self.client.get(REVIEWS).json()
        self.assertEqual([c["id"] for c in listed["cards"]], [card.pk])
        snapshot = self.card().snapshot
        response = self.api_answer(card.pk, wrong_answer(snapshot))
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["explanation"], EXPLANATION)
        self.assertIn(EXPLANATION, data["explanation_html"])
        self.assertEqual(data["right_answer"], right_answer(snapshot))


class NeverTests(ShowAnswersReviewTestCase):
    def test_no_attempt_makes_a_card(self):
        quiz = self.quiz(RULE.NEVER)
        attempt_take(self.user, quiz, wrong_answer, now=days_ago(7))
        attempt_take(self.user, quiz, right_answer, now=days_ago(6))

        self.assertFalse(self.cards().exists())
        self.assertFalse(ReviewLog.objects.filter(user=self.user).exists())
        self.assertNotOffered()

    def test_the_backfill_makes_no_card_either(self):
        quiz = self.quiz(RULE.NEVER)
        attempt_take(self.user, quiz, wrong_answer, now=days_ago(7))
        ReviewCard.objects.filter(user=self.user).delete()

        call_command("review_cards_backfill", stdout=StringIO())

        self.assertFalse(self.cards().exists())


class CardMadeBeforeTests(ShowAnswersReviewTestCase):
    """Cards of a hiding quiz made before the rule (or before the quiz came to hide its
    answers): due, shown, or answered, none is offered, answered or shown with its answer."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.quiz_never = quiz_create(questions=[cls.question], show_answers=RULE.NEVER)
        attempt_take(cls.user, cls.quiz_never, wrong_answer, now=days_ago(7))
        # The card the review used to make from that attempt, due now.
        ReviewCard.objects.filter(user=cls.user).delete()
        card = card_new(
            ReviewCard(user=cls.user, question=cls.question), at=days_ago(7), due=days_ago(7)
        )
        card.save()
        due_now([card], timezone.now())

    def urls(self, card):
        return (
            reverse("quizzes:review_answer", args=[card.pk]),
            reverse("quizzes:review_result", args=[card.pk]),
        )

    def test_a_due_card_is_not_offered(self):
        self.assertNotOffered()
        self.assertIsNone(self.card().snapshot)

    def test_a_card_on_screen_takes_no_answer_and_shows_nothing(self):
        card = self.card()
        review_cards_show(cards=[card])
        answer_url, result_url = self.urls(card)
        body = wrong_answer(card.snapshot)

        api = self.api_answer(card.pk, body)
        self.assertEqual(api.status_code, 404)
        self.assertNoSecret(api)
        page = self.client.post(
            answer_url, {f"q{card.snapshot['question_id']}": body["choices"][0]}
        )
        self.assertEqual(page.status_code, 404)
        self.assertNoSecret(page)
        self.assertEqual(self.client.get(result_url).status_code, 404)
        self.assertTrue(self.card().is_waiting)
        self.assertFalse(ReviewLog.objects.filter(user=self.user, source="review").exists())
        self.assertNotOffered()

    def test_an_answered_card_shows_no_result(self):
        card = self.card()
        review_cards_show(cards=[card])
        answered = {"answer": wrong_answer(card.snapshot), "score": "0", "correct": False}
        ReviewCard.objects.filter(pk=card.pk).update(response={**answered, "rating": 1})
        _answer_url, result_url = self.urls(card)

        result = self.client.get(result_url)
        self.assertEqual(result.status_code, 404)
        self.assertNoSecret(result)
        self.assertNotContains(result, RIGHT, status_code=404)

    def test_offered_once_a_quiz_that_shows_answers_asks_the_question(self):
        # A question may be in several quizzes: its card follows the ones the person took.
        other = quiz_create(questions=[self.question], show_answers=RULE.AFTER_EACH_ATTEMPT)
        attempt_take(self.user, other, wrong_answer, now=days_ago(2))
        due_now([self.card()], timezone.now())

        self.assertAnsweredWithAnswers()


class AfterPassingTests(ShowAnswersReviewTestCase):
    def test_no_card_until_passed_then_every_answer_counts(self):
        quiz = self.quiz(RULE.AFTER_PASSING)
        attempt_take(self.user, quiz, wrong_answer, now=days_ago(7))

        self.assertFalse(self.cards().exists())
        self.assertNotOffered()

        passed_at = days_ago(6)
        attempt_take(self.user, quiz, right_answer, now=passed_at)

        card = self.card()
        # The failed attempt's answer and the passing one, in their order.
        self.assertEqual(card.reps, 2)
        self.assertEqual(card.last_review, passed_at)
        self.assertEqual(
            list(
                ReviewLog.objects.filter(card=card)
                .order_by("reviewed_at")
                .values_list("source", "correct")
            ),
            [("attempt", False), ("attempt", True)],
        )
        due_now([card], timezone.now())
        self.assertAnsweredWithAnswers()

    def test_the_backfill_waits_for_the_pass_too(self):
        quiz = self.quiz(RULE.AFTER_PASSING)
        attempt_take(self.user, quiz, wrong_answer, now=days_ago(7))
        ReviewCard.objects.filter(user=self.user).delete()

        call_command("review_cards_backfill", stdout=StringIO())
        self.assertFalse(self.cards().exists())

        attempt_take(self.user, quiz, right_answer, now=days_ago(6))
        ReviewCard.objects.filter(user=self.user).delete()
        call_command("review_cards_backfill", stdout=StringIO())
        self.assertEqual(self.card().reps, 2)


class AfterLastAttemptTests(ShowAnswersReviewTestCase):
    def test_no_card_until_the_last_allowed_attempt(self):
        quiz = self.quiz(RULE.AFTER_LAST_ATTEMPT, attempt_limit=2)
        attempt_take(self.user, quiz, wrong_answer, now=days_ago(7))

        self.assertFalse(self.cards().exists())
        self.assertNotOffered()

        attempt_take(self.user, quiz, wrong_answer, now=days_ago(6))

        self.assertEqual(self.card().reps, 2)
        due_now([self.card()], timezone.now())
        self.assertAnsweredWithAnswers()


class AfterEachAttemptTests(ShowAnswersReviewTestCase):
    def test_a_failed_attempt_makes_its_cards_with_answers(self):
        quiz = self.quiz(RULE.AFTER_EACH_ATTEMPT)
        attempt_take(self.user, quiz, wrong_answer, now=days_ago(7))

        self.assertEqual(self.card().reps, 1)
        due_now([self.card()], timezone.now())
        self.assertAnsweredWithAnswers()

    def test_the_quiz_hiding_its_answers_later_hides_the_card(self):
        quiz = self.quiz(RULE.AFTER_EACH_ATTEMPT)
        attempt_take(self.user, quiz, wrong_answer, now=days_ago(7))
        due_now([self.card()], timezone.now())
        Quiz.objects.filter(pk=quiz.pk).update(show_answers=RULE.NEVER)

        self.assertNotOffered()

    def test_an_answer_in_a_hiding_quiz_does_not_review_the_card(self):
        quiz = self.quiz(RULE.AFTER_EACH_ATTEMPT)
        attempt_take(self.user, quiz, right_answer, now=days_ago(7))
        hiding = quiz_create(questions=[self.question], show_answers=RULE.NEVER)

        attempt_take(self.user, hiding, wrong_answer, now=days_ago(6))

        # The card's schedule would tell whether that answer was right.
        self.assertEqual(self.card().reps, 1)
        self.assertEqual(ReviewLog.objects.filter(user=self.user).count(), 1)
