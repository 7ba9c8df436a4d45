"""On a 360-px phone: a manager signs in, lands on the team dashboard, nothing is wider than the
screen, and a chart's "show as table" opens and closes from the keyboard.

Selectors name structure and addresses, not interface labels."""

import datetime

from django.utils import timezone

import pytest

from courses.models import Assignment
from lms.people import roles
from mentoring.models import SoloClearance
from tests.courses.factories import course_create
from tests.factories import PASSWORD, JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import mentor_create, pairing_make, session_make
from tests.quizzes.factories import attempt_take, quiz_create, single_choice_create, wrong_answer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"locale": "ru-RU", "viewport": {"width": 360, "height": 740}, "has_touch": True}


def company():
    team = TeamFactory(name="Контакт-центр «Север»")
    role = JobRoleFactory(name="Оператор контакт-центра")
    manager = staff_user(username="manager", roles=(roles.MANAGERS,), team=team)
    team.managers.add(manager)
    mentor = mentor_create(username="mentor", team=team, teams=[team])
    course = course_create(lessons=1, title="Тарифы и услуги для частных клиентов")
    quiz = quiz_create(
        title="Проверка: тарифы, роуминг и дополнительные услуги",
        questions=[single_choice_create(text="Сколько стоит очень длинный тариф «Безлимит+»?")],
    )
    now = timezone.now()
    for n in range(4):
        person = staff_user(
            username=f"newbie{n}",
            first_name="Константин",
            last_name=f"Длиннофамильный-Растягивающийся{n}",
            team=team,
            job_role=role,
            hire_date=datetime.date(2026, 9, 1 + n),
        )
        Assignment.objects.create(
            user=person,
            course=course,
            source=Assignment.Source.ONBOARDING,
            status=Assignment.Status.OVERDUE,
            due_at=now - datetime.timedelta(days=3),
        )
        attempt_take(person, quiz, wrong_answer)
        pairing_make(mentee=person, mentor=mentor)
        session_make(mentee=person)
        if n % 2:
            SoloClearance.objects.create(
                mentee=person,
                requested_by=mentor,
                status=SoloClearance.Status.CONFIRMED,
                decided_at=now,
                days_to_solo=30 + n,
            )


def test_manager_reads_the_dashboard_on_a_phone(live_server, browser):
    company()
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/team/")

    assert page.locator("svg[role=img]").count() >= 6
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths) <= 360, widths

    # Every "show as table" opens and closes from the keyboard, and stays within the screen.
    toggles = page.locator("details.dash-table > summary")
    assert toggles.count() >= 4
    details = page.locator("details.dash-table").first
    toggles.first.focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open")
    assert details.locator("table").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Space")
    assert not details.evaluate("d => d.open")

    # Open every table: the page is still no wider than the phone.
    for index in range(toggles.count()):
        toggles.nth(index).focus()
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
