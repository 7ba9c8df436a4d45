"""The person record on a 360-px-wide phone: nothing wider than the screen, the tables scroll in
their own boxes; the Print button works by keyboard; printing drops the chrome."""

import datetime

from django.utils import timezone

import pytest

from courses.models import Assignment
from lms.people import roles
from tests.courses.factories import course_create
from tests.factories import PASSWORD, JobRoleFactory, TeamFactory, staff_user
from tests.quizzes.factories import attempt_take, quiz_create, single_choice_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_TITLE = "Работа с возражениями клиентов по тарифам домашнего интернета и телевидения"


def _sign_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_record_fits_a_phone_and_prints(live_server, browser):
    team = TeamFactory(name="Контакт-центр")
    manager = staff_user(roles=[roles.MANAGERS], username="boss")
    team.managers.add(manager)
    person = staff_user(
        team=team, job_role=JobRoleFactory(), first_name="Ирина", last_name="Новикова"
    )
    now = timezone.now()
    for n in range(3):
        Assignment.objects.create(
            user=person,
            course=course_create(title=f"{LONG_TITLE} {n}", lessons=1),
            source=Assignment.Source.ONBOARDING,
            due_at=now + datetime.timedelta(days=n - 1),
        )
    quiz = quiz_create(
        title=LONG_TITLE, questions=[single_choice_create(text="Тариф?", right="Да", wrong=["Нет"])]
    )
    attempt_take(person, quiz)

    context = browser.new_context(locale="ru-RU", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        _sign_in(page, live_server, "boss")
        page.goto(f"{live_server.url}/people/{person.pk}/")
        assert page.get_by_role("heading", level=1).inner_text() == "Ирина Новикова"

        # Nothing is wider than the screen; a table wider than its box scrolls inside it.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        boxes = page.evaluate(
            """[...document.querySelectorAll('.table-scroll')].map(b => ({
                box: b.getBoundingClientRect().right, inner: b.scrollWidth, outer: b.clientWidth
            }))"""
        )
        assert boxes
        assert all(b["box"] <= 360 for b in boxes)
        assert any(b["inner"] > b["outer"] for b in boxes)

        # The Print button is shown by the script and reached by keyboard.
        button = page.get_by_role("button", name="Распечатать")
        assert button.is_visible()
        page.evaluate(
            """window.__printed = 0; window.print = () => { window.__printed += 1; };
            window.__clicks = 0;
            document.addEventListener('click', () => { window.__clicks += 1; }, true);"""
        )
        button.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("window.__clicks") == 1
        assert page.evaluate("window.__printed") >= 1

        # In print: no navigation, no buttons, and each section starts a new page.
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not button.is_visible()
        breaks = page.evaluate(
            """[...document.querySelectorAll('.record-section')].map(
                s => getComputedStyle(s).breakBefore)"""
        )
        assert breaks[0] != "page"
        assert set(breaks[1:]) == {"page"}
    finally:
        context.close()
