"""The due date of a course assignment is picked from the calendar: the admin's date widget
opens on the field and fills it with the day clicked.

Selectors name structure and addresses, not interface labels."""

import datetime

from django.urls import reverse

import pytest

from lms.people import roles
from tests.factories import PASSWORD, staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_due_date_is_picked_from_the_calendar(live_server, browser):
    staff_user(username="lead", roles=[roles.ADMINISTRATORS])
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "lead")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(live_server.url + reverse("courses_admin:assign"))
    page.click("#id_due_date")
    calendar = page.locator(".xdsoft_datetimepicker").first
    calendar.wait_for(state="visible")
    # The next month, its 15th: a day in the future whatever today is.
    calendar.locator(".xdsoft_next").first.click()
    calendar.locator("td.xdsoft_date:not(.xdsoft_other_month)[data-date='15']").first.click()
    value = page.input_value("#id_due_date")
    picked = datetime.date.fromisoformat(value)
    today = datetime.date.today()
    assert picked.day == 15
    assert picked > today
    context.close()
