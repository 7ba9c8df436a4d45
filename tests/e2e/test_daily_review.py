"""A colleague's daily review on a phone: the navigation counts two due cards; she answers the
first right and sees it come back in days, answers the second wrong and sees the right answer
and that it comes back within minutes; then the review is done for now. A glossary flashcard
on a 360-px phone shows its term alone; "show the answer" brings the definition and only then
the four ratings, one of which is pressed from the keyboard.

Selectors name structure and content, not interface labels, so the test does not depend on
which labels are translated yet."""

import datetime
import re

from django.utils import timezone

import pytest

from quizzes.models import ReviewCard
from tests.factories import PASSWORD, staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.review_factories import cards_create, due_now

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def next_due(page) -> datetime.datetime:
    return datetime.datetime.fromisoformat(
        page.locator(".review-result__next time").get_attribute("datetime")
    )


def test_a_daily_review_on_a_phone(live_server, page):
    user = staff_user(username="operator")
    cards = cards_create(
        user, 2, at=timezone.now() - datetime.timedelta(days=7), explanation="Так в регламенте."
    )
    due_now(cards, timezone.now())

    page.goto(live_server.url + "/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    # The navigation counts the two due cards and leads to the review.
    link = page.locator('.site-nav a[href="/quizzes/review/"]')
    assert link.locator(".badge--count").inner_text() == "2"
    link.click()
    page.wait_for_url(live_server.url + "/quizzes/review/")
    assert page.locator("fieldset.question").count() == 1
    assert "Вопрос 0?" in page.locator(".question__text").inner_text()
    assert no_sideways_scroll(page)

    # The first card, right: it comes back in days.
    page.get_by_label("Верно 0", exact=True).check()
    page.locator(".review-form__actions button").first.click()
    page.wait_for_url(re.compile(r"/quizzes/review/cards/\d+/$"))
    assert page.locator(".result--passed").is_visible()
    assert "Так в регламенте." in page.locator(".review__explanation").inner_text()
    assert next_due(page) > timezone.now() + datetime.timedelta(days=1)
    assert no_sideways_scroll(page)

    # The second card, wrong: the right answer is shown, and it comes back within minutes.
    page.locator(".result__actions a").click()
    page.wait_for_url(live_server.url + "/quizzes/review/")
    assert "Вопрос 1?" in page.locator(".question__text").inner_text()
    page.get_by_label("Неверно 1", exact=True).check()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Check" is the next control after the choices
    page.wait_for_url(re.compile(r"/quizzes/review/cards/\d+/$"))
    assert page.locator(".result--failed").is_visible()
    right = page.locator(".review__choices li.is-right")
    assert "Верно 1" in right.inner_text()
    assert next_due(page) < timezone.now() + datetime.timedelta(minutes=11)

    # Nothing more now: the figures show today's work.
    page.locator(".result__actions a").click()
    page.wait_for_url(live_server.url + "/quizzes/review/")
    assert page.locator(".review-done").is_visible()
    assert page.locator(".review-form").count() == 0
    assert "1" in page.locator(".review-day__streak").inner_text()
    assert page.locator('.site-nav a[href="/quizzes/review/"] .badge--count').count() == 0
    assert no_sideways_scroll(page)


def test_a_flashcard_shows_its_answer_on_a_tap_then_the_ratings(live_server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    user = staff_user(username="operator")
    term = GlossaryTermFactory(term_ru="Скорость по договору", definition_ru="Обещана договором.")
    cards_create(user, 1, at=timezone.now() - datetime.timedelta(days=7), glossary_term=term)
    due_now([ReviewCard.objects.get(user=user, term=term)], timezone.now())

    page.goto(live_server.url + "/quizzes/review/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/quizzes/review/")

    # The term alone: neither the definition nor the ratings are in the page yet.
    assert page.locator(".flashcard__term").inner_text() == "Скорость по договору"
    assert "Обещана договором." not in page.content()
    assert page.locator(".rating-buttons button").count() == 0
    reveal = page.locator('.reveal-form button[name="reveal"]')
    assert reveal.is_visible()
    assert reveal.bounding_box()["height"] >= 44
    assert no_sideways_scroll(page)

    # One tap shows the answer, and then the four ratings.
    reveal.click()
    page.wait_for_url(re.compile(r"/quizzes/review/\?reveal=\d+"))
    assert "Обещана договором." in page.locator(".flashcard__answer").inner_text()
    assert page.locator(".rating-buttons button").count() == 4
    assert no_sideways_scroll(page)

    # Rated from the keyboard; the result shows the definition.
    page.locator('.rating-buttons button[value="3"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/quizzes/review/cards/\d+/$"))
    assert "Обещана договором." in page.locator(".review-result").inner_text()
    assert no_sideways_scroll(page)
