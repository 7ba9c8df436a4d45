"""The daily review screens (``quizzes/review_views.py``): one card at a time, answered on the
server, nothing right before answering, the permission matrix, fixed query counts, and the
link in the navigation."""

import datetime

from django.conf import settings
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from lms import markdown
from quizzes.models import ReviewCard, ReviewLog
from quizzes.review_services import ERROR_DAILY_LIMIT, ERROR_NOT_SHOWN
from quizzes.review_views import ERROR_NO_ANSWER
from tests.api.test_quizzes import (
    SECRET_ACCEPTED,
    SECRET_EXPLANATION,
    SECRET_FEEDBACK,
    SECRET_NUMBER,
    every_type_with_secrets,
)
from tests.factories import staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.factories import quiz_create, right_answer, wrong_answer
from tests.quizzes.review_factories import cards_create, due_now

REVIEW = reverse("quizzes:review")
SECRETS = (SECRET_EXPLANATION, SECRET_FEEDBACK, SECRET_ACCEPTED, SECRET_NUMBER)


def week_ago():
    return timezone.now() - datetime.timedelta(days=7)


def post_data(card: ReviewCard, answer: dict) -> dict:
    """The form fields a person fills in for ``answer`` to a single-choice card."""
    return {f"q{card.snapshot['question_id']}": answer["choices"][0]}


class ReviewPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.cards = cards_create(cls.user, 3, at=week_ago(), explanation="Потому что так.")
        due_now(cls.cards[:2], timezone.now())

    def setUp(self):
        self.client.force_login(self.user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def shown(self) -> ReviewCard:
        return ReviewCard.objects.get(user=self.user, snapshot__isnull=False, response__isnull=True)

    def test_shows_the_most_overdue_card_and_the_day(self):
        with translation.override("en"):
            response = self.client.get(REVIEW)
        self.assertEqual(response.status_code, 200)
        card = self.shown()
        self.assertEqual(card.pk, self.cards[0].pk)
        self.assertContains(response, card.question.text)
        self.assertContains(response, reverse("quizzes:review_answer", args=[card.pk]))
        self.assertContains(response, "2 cards left today")
        self.assertContains(response, "streak 0 days")
        # No autosave: a review is answered in one go.
        self.assertNotContains(response, "data-save-url")
        # A reload shows the same card, with the same ids.
        snapshot = card.snapshot
        self.client.get(REVIEW)
        self.assertEqual(self.shown().snapshot, snapshot)

    def test_a_right_answer_then_its_result(self):
        self.client.get(REVIEW)
        card = self.shown()
        response = self.client.post(
            reverse("quizzes:review_answer", args=[card.pk]),
            post_data(card, right_answer(card.snapshot)),
        )
        result_url = reverse("quizzes:review_result", args=[card.pk])
        self.assertRedirects(response, result_url)
        card.refresh_from_db()
        self.assertTrue(card.response["correct"])
        self.assertGreater(card.due, timezone.now() + datetime.timedelta(days=1))
        with translation.override("en"):
            page = self.client.get(result_url)
        self.assertContains(page, "result--passed")
        self.assertContains(page, "Потому что так.")
        self.assertContains(page, f'datetime="{timezone.localtime(card.due).isoformat()}"')
        self.assertContains(page, "Next review of this card in")
        # A second click on "Check" counts nothing more.
        again = self.client.post(
            reverse("quizzes:review_answer", args=[card.pk]),
            post_data(card, right_answer(card.snapshot)),
        )
        self.assertRedirects(again, result_url)
        self.assertEqual(ReviewLog.objects.filter(card=card, source="review").count(), 1)

    def test_a_wrong_answer_shows_the_right_one(self):
        self.client.get(REVIEW)
        card = self.shown()
        self.client.post(
            reverse("quizzes:review_answer", args=[card.pk]),
            post_data(card, wrong_answer(card.snapshot)),
        )
        card.refresh_from_db()
        self.assertFalse(card.response["correct"])
        page = self.client.get(reverse("quizzes:review_result", args=[card.pk]))
        self.assertContains(page, "result--failed")
        self.assertContains(page, "badge--good")  # the right choice, marked
        self.assertContains(page, "Потому что так.")

    def test_a_blank_answer_asks_again(self):
        self.client.get(REVIEW)
        card = self.shown()
        with translation.override("en"):
            response = self.client.post(reverse("quizzes:review_answer", args=[card.pk]), {})
        self.assertContains(response, escape(ERROR_NO_ANSWER), status_code=400)
        self.assertTrue(self.shown().is_waiting)

    def test_i_do_not_remember(self):
        self.client.get(REVIEW)
        card = self.shown()
        self.client.post(reverse("quizzes:review_answer", args=[card.pk]), {"dont_know": "1"})
        card.refresh_from_db()
        self.assertEqual(card.response["rating"], 1)

    def test_a_card_not_shown_goes_back_to_the_review(self):
        with translation.override("en"):
            response = self.client.post(
                reverse("quizzes:review_answer", args=[self.cards[2].pk]), {}, follow=True
            )
        self.assertRedirects(response, REVIEW)
        self.assertContains(response, escape(ERROR_NOT_SHOWN))
        self.assertEqual(
            self.client.get(reverse("quizzes:review_result", args=[self.cards[2].pk])).url,
            REVIEW,
        )

    @override_settings(REVIEW_DAILY_LIMIT=1)
    def test_the_daily_limit(self):
        self.client.get(REVIEW)
        card = self.shown()
        self.client.post(
            reverse("quizzes:review_answer", args=[card.pk]),
            post_data(card, right_answer(card.snapshot)),
        )
        with translation.override("en"):
            response = self.client.get(REVIEW)
        self.assertContains(response, "That's today's review done")
        self.assertContains(response, "0 cards left today")
        # The other due card, shown earlier (in another tab), is refused.
        other = ReviewCard.objects.select_related("question").get(pk=self.cards[1].pk)
        from quizzes.review_services import review_cards_show

        review_cards_show(cards=[other])
        with translation.override("en"):
            refused = self.client.post(
                reverse("quizzes:review_answer", args=[other.pk]),
                post_data(other, right_answer(other.snapshot)),
                follow=True,
            )
        self.assertContains(refused, escape(ERROR_DAILY_LIMIT % {"limit": 1}))

    def test_nothing_due(self):
        ReviewCard.objects.filter(user=self.user).update(
            due=timezone.now() + datetime.timedelta(hours=5)
        )
        with translation.override("en"):
            response = self.client.get(REVIEW)
        self.assertContains(response, "Nothing to review now")
        self.assertContains(response, "The next card comes in")


class NoAnswersBeforeAnsweringTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        quiz = quiz_create(questions=every_type_with_secrets(), shuffle_choices=False)
        cls.cards = cards_create(cls.user, 7, at=week_ago(), quiz=quiz)

    def test_no_card_of_any_type_gives_its_answer_away(self):
        self.client.force_login(self.user)
        self.assertEqual(len(self.cards), 7)
        for card in self.cards:
            with self.subTest(type=card.question.type):
                ReviewCard.objects.filter(user=self.user).update(
                    due=timezone.now() + datetime.timedelta(days=3)
                )
                due_now([card], timezone.now())
                response = self.client.get(REVIEW)
                self.assertContains(response, f'data-type="{card.question.type}"')
                for secret in SECRETS:
                    self.assertNotContains(response, secret)


class FlashcardPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.term = GlossaryTermFactory(term_ru="Скорость по договору", definition_ru="По кабелю.")
        cards_create(cls.user, 1, at=week_ago(), glossary_term=cls.term)
        ReviewCard.objects.filter(user=cls.user).update(
            due=timezone.now() + datetime.timedelta(days=3)
        )
        cls.card = ReviewCard.objects.get(user=cls.user, term=cls.term)
        due_now([cls.card], timezone.now())

    def test_show_the_term_then_the_answer_then_rate_it(self):
        self.client.force_login(self.user)
        response = self.client.get(REVIEW)
        self.assertContains(response, "Скорость по договору")
        self.assertNotContains(response, "По кабелю.")
        self.assertNotContains(response, 'name="rating"')
        self.assertContains(response, f'name="reveal" value="{self.card.pk}"')
        response = self.client.get(REVIEW, {"reveal": self.card.pk})
        self.assertContains(response, "По кабелю.")
        self.assertContains(response, 'name="rating" value="4"')
        response = self.client.post(
            reverse("quizzes:review_answer", args=[self.card.pk]), {"rating": "3"}
        )
        result = reverse("quizzes:review_result", args=[self.card.pk])
        self.assertRedirects(response, result)
        page = self.client.get(result)
        self.assertContains(page, "По кабелю.")
        self.card.refresh_from_db()
        self.assertEqual(self.card.response, {"rating": 3})

    def test_a_missing_rating_goes_back(self):
        self.client.force_login(self.user)
        self.client.get(REVIEW)
        response = self.client.post(reverse("quizzes:review_answer", args=[self.card.pk]), {})
        self.assertRedirects(response, REVIEW)
        self.card.refresh_from_db()
        self.assertTrue(self.card.is_waiting)


class PermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.owner = staff_user()
        cls.colleague = staff_user()
        cls.card = cards_create(cls.owner, 1, at=week_ago())[0]
        due_now([cls.card], timezone.now())

    def urls(self):
        return {
            "answer": reverse("quizzes:review_answer", args=[self.card.pk]),
            "result": reverse("quizzes:review_result", args=[self.card.pk]),
        }

    def test_anonymous_is_sent_to_sign_in(self):
        for url in (REVIEW, *self.urls().values()):
            with self.subTest(url=url):
                response = self.client.post(url) if "answer" in url else self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response.url.startswith(reverse("login")))

    def test_someone_elses_card_is_not_found(self):
        from django.contrib.auth import get_user_model

        superuser = get_user_model().objects.create_superuser("root", password="pw")
        for person in (self.colleague, superuser):
            self.client.force_login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.post(self.urls()["answer"]).status_code, 404)
                self.assertEqual(self.client.get(self.urls()["result"]).status_code, 404)
                # Their own review is empty; the owner's card is not there.
                response = self.client.get(REVIEW)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, self.card.question.text)

    def test_the_owner(self):
        self.client.force_login(self.owner)
        self.assertContains(self.client.get(REVIEW), self.card.question.text)
        self.assertEqual(self.client.get(self.urls()["result"]).status_code, 302)

    def test_only_get_and_post(self):
        self.client.force_login(self.owner)
        self.assertEqual(self.client.post(REVIEW).status_code, 405)
        self.assertEqual(self.client.get(self.urls()["answer"]).status_code, 405)


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(REVIEW)
    assert response.status_code == 200
    return len(context.captured_queries)


# A limit above the number of cards: all hundred are in the queue.
@override_settings(REVIEW_DAILY_LIMIT=500)
class QueryCountTests(TestCase):
    """The page costs the same whatever the number of due cards."""

    # Session and user (2), today's figures and the streak (2), the queue (1); showing the card:
    # its choices, accepted answers, numbers and pairs, and the snapshot (5); the glossary's version for
    # the Markdown (1); the navigation (1) and the person's permissions for the menu (2).
    FIRST_SHOWING = 14
    # A reload: the card is already on screen.
    RELOAD = 9

    def setUp(self):
        markdown.render("Прогрев: термины глоссария загружены.")

    def counts(self, cards: int):
        user = staff_user()
        due_now(cards_create(user, cards, at=week_ago()), timezone.now())
        self.client.force_login(user)
        return page_queries(self.client), page_queries(self.client)

    def test_two_and_a_hundred_cards(self):
        self.assertEqual(self.counts(2), (self.FIRST_SHOWING, self.RELOAD))
        self.assertEqual(self.counts(100), (self.FIRST_SHOWING, self.RELOAD))


class NavigationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.cards = cards_create(cls.user, 3, at=week_ago())
        due_now(cls.cards[:2], timezone.now())

    def test_the_link_counts_the_cards_due_now(self):
        self.client.force_login(self.user)
        response = self.client.get(REVIEW)
        self.assertContains(response, f'href="{REVIEW}" class="site-nav__link">')
        self.assertContains(response, 'badge--count" aria-hidden="true">2</span>')

    def test_no_link_without_cards(self):
        self.client.force_login(staff_user())
        response = self.client.get(reverse("quizzes:review"))
        self.assertNotContains(response, f'href="{REVIEW}" class="site-nav__link"')
