"""A newcomer on a phone: opens the course from "my plan", fails the quiz at the end of the
first lesson, finds the second lesson locked, passes on the second attempt, and the second lesson
opens. One answer is given and the form submitted with the keyboard alone.

Selectors name structure and content, not interface labels, so the test does not depend on
which labels are translated yet."""

import re

import pytest

from courses.services import assignment_create
from tests.courses.factories import course_create, course_lessons
from tests.factories import PASSWORD, staff_user
from tests.quizzes.factories import quiz_create, single_choice_create, true_false_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RIGHT = "Польза для клиента"
WRONG = "Скорость разговора"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_newbie_fails_then_passes_the_gate_quiz(live_server, page):
    user = staff_user(username="newbie")
    quiz = quiz_create(
        title="Проверка: выгода для клиента",
        pass_mark=100,
        questions=[
            single_choice_create(
                text="Что важнее всего в разговоре с клиентом?",
                right=RIGHT,
                wrong=[WRONG, "Цена тарифа"],
            ),
            true_false_create(text="Клиенту объясняют выгоду, а не характеристики.", correct=True),
        ],
    )
    course = course_create(lessons=2, gates={0: quiz}, title="Первые продажи")
    assignment_create(user=user, course=course, source="manual")
    first, second = course_lessons(course)

    # Sign in; "my plan" is the home page.
    page.goto(live_server.url + "/")
    page.fill("#id_username", "newbie")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    # Open the course from the plan: the second lesson is locked and is not a link.
    page.get_by_role("link", name="Первые продажи").click()
    page.wait_for_url(re.compile(re.escape(course.url) + "$"))
    locked = page.locator(".lesson-row--locked")
    assert locked.count() == 1
    assert second.title in locked.inner_text()
    assert locked.locator("a").count() == 0

    # The first lesson ends with the quiz.
    page.locator(".course__progress a.button").click()
    page.wait_for_url(re.compile(re.escape(first.url) + "$"))
    page.locator(".gate a.button").click()
    page.wait_for_url(re.compile(r"/quizzes/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == quiz.title
    page.locator(".quiz-start button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    assert no_sideways_scroll(page)

    # First attempt, wrong. Each answer is saved as soon as it is chosen.
    with page.expect_response(lambda r: "/answers/" in r.url) as saved:
        page.get_by_label(WRONG).check()
    assert saved.value.status == 200
    assert saved.value.json() == {"saved": True}
    # Keyboard only: Tab into the true/false group, an arrow key picks "false", Enter submits.
    statement = page.locator('fieldset[data-type="true_false"]')
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "true"
    with page.expect_response(lambda r: "/answers/" in r.url):
        page.keyboard.press("ArrowDown")
    assert statement.locator('input[value="false"]').is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/result/$"))
    assert page.locator(".result--failed").is_visible()
    assert no_sideways_scroll(page)

    # The second lesson is still locked: on the course page and by its address.
    page.goto(live_server.url + course.url)
    assert page.locator(".lesson-row--locked").count() == 1
    response = page.goto(live_server.url + second.url)
    assert response.status == 403
    assert page.locator(".lesson--locked").is_visible()

    # Second attempt, from the lesson again; right this time.
    page.goto(live_server.url + first.url)
    page.locator(".gate a.button").click()
    page.locator(".quiz-start button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    page.get_by_label(RIGHT).check()
    page.locator('fieldset[data-type="true_false"] input[value="true"]').check()
    page.locator(".attempt-form__submit button").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/result/$"))
    assert page.locator(".result--passed").is_visible()

    # The main button leads on to the next lesson, which opens now.
    next_lesson = page.locator(".result__actions a").first
    assert second.title in next_lesson.inner_text()
    next_lesson.click()
    page.wait_for_url(re.compile(re.escape(second.url) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == second.title
    assert no_sideways_scroll(page)

    # From the first lesson, "next" is a link now too.
    page.goto(live_server.url + first.url)
    page.locator('a[rel="next"]').click()
    page.wait_for_url(re.compile(re.escape(second.url) + "$"))
