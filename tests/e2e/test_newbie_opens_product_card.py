"""A newcomer logs in on a phone-sized screen and opens a product card."""

import re

import pytest

from lms.people.models import StaffProfile
from tests.courses.factories import product_card_create
from tests.factories import PASSWORD, JobRoleFactory, staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_newbie_logs_in_and_reads_a_product_card(live_server, page):
    staff_user(
        username="newbie",
        job_role=JobRoleFactory(name="Оператор контакт-центра"),
        status=StaffProfile.Status.ONBOARDING,
    )
    card = product_card_create(
        n_usps=2, n_images=1, n_materials=1,
        title="Домашний интернет 500",
        pitch="Фильмы без пауз, даже когда дома смотрят все",
        usps__0__usp__competitor="ГорНет",
        usps__0__usp__advantage="Подключим в день заявки",
        objections__0__objection__objection="У соседей дешевле",
        objections__0__objection__answer="Сравните цену **за мегабит** вечером.",
    )  # fmt: skip

    page.goto(live_server.url + card.url)
    # Not signed in: the card sends us to the login form first.
    assert "/accounts/login/" in page.url
    page.get_by_label("Имя пользователя").fill("newbie")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()

    page.wait_for_url(re.compile(re.escape(card.url) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Домашний интернет 500"
    assert page.get_by_text("Фильмы без пауз, даже когда дома смотрят все").is_visible()
    assert page.get_by_text("Подключим в день заявки").is_visible()

    # Objections open by keyboard: focus the summary, press Enter, read the answer.
    summary = page.locator("summary", has_text="У соседей дешевле")
    summary.focus()
    page.keyboard.press("Enter")
    answer = page.locator("details.objection strong", has_text="за мегабит")
    assert answer.is_visible()

    # The image was rendered through a Wagtail rendition and loads.
    image = page.locator(".gallery img").first
    image.scroll_into_view_if_needed()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())

    # Phone-sized screen: nothing sticks out sideways.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
