"""A glossary term linked in a product card shows its definition: on hover, on keyboard focus,
and on a phone on the first tap (the second tap opens the term's page)."""

import re

import pytest

from tests.courses.factories import ProductCardPageFactory
from tests.factories import PASSWORD, staff_user
from tests.glossary.helpers import term_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEFINITION = "Чем мы лучше конкурента, и как это доказать клиенту."
TERM_LINK = 'a.glossary-term[data-term="otstroyka"]'
TIP = "#gt-otstroyka"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def card():
    staff_user(username="reader")
    term_create(term_ru="Отстройка", slug="otstroyka", definition_ru=DEFINITION)
    return ProductCardPageFactory(
        title="Домашний интернет 300",
        description="Расскажите клиенту про наши отстройки: монтаж в день заявки и роутер.",
    )


def log_in_and_open(page, live_server, url: str) -> None:
    page.goto(live_server.url + "/accounts/login/?next=" + url)
    page.fill("#id_username", "reader")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(url) + "$"))


def test_hovering_a_linked_term_shows_its_definition(live_server, page, card):
    log_in_and_open(page, live_server, card.url)
    link = page.locator(TERM_LINK)
    tip = page.locator(TIP)
    assert link.is_visible()
    assert link.inner_text() == "отстройки"  # the word form the author wrote
    assert tip.is_hidden()

    link.hover()
    tip.wait_for(state="visible")
    assert tip.inner_text() == DEFINITION

    # The pointer can move onto the tooltip to read it (WCAG 1.4.13: hoverable)…
    tip.hover()
    assert tip.is_visible()
    # …Escape dismisses it without moving the pointer…
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    # …and it shows again on the next hover.
    page.mouse.move(0, 0)
    link.hover()
    tip.wait_for(state="visible")

    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")


def test_keyboard_focus_on_a_linked_term_shows_its_definition(live_server, page, card):
    log_in_and_open(page, live_server, card.url)
    tip = page.locator(TIP)
    assert tip.is_hidden()
    # Tab through the page until the term's link has the focus.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.term === 'otstroyka'"):
            break
    else:
        pytest.fail("Tab never reached the linked term")
    tip.wait_for(state="visible")
    assert tip.inner_text() == DEFINITION

    # Escape closes it again.
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")


def test_on_a_phone_the_first_tap_shows_the_definition_and_the_second_opens_the_term(
    live_server, browser, card
):
    context = browser.new_context(locale="ru-RU", viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in_and_open(page, live_server, card.url)
        assert page.evaluate("matchMedia('(hover: none)').matches")
        link = page.locator(TERM_LINK)
        tip = page.locator(TIP)
        assert tip.is_hidden()

        link.tap()
        tip.wait_for(state="visible")
        assert tip.inner_text() == DEFINITION
        assert "is-open" in tip.get_attribute("class")  # opened by the tap, not a hover
        assert page.url == live_server.url + card.url  # the tap did not follow the link

        link.tap()
        page.wait_for_url(re.compile(r"/glossary/otstroyka/$"))
        assert page.get_by_role("heading", level=1).inner_text() == "Отстройка"
    finally:
        context.close()
