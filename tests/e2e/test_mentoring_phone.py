"""The mentor's pages on a small phone (360×740): the session form for a five-skill session fits
in two screens, the list of mentees shows a short card per mentee, and nothing is wider than the
screen. The data is like the demo's: long Russian skill titles, sessions, sign-offs."""

import pytest

from mentoring.services import signoff_create
from tests.e2e.test_mentoring_session import sign_in
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import (
    INDEPENDENT,
    WITH_SUPPORT,
    PracticeSkillFactory,
    evidence_make,
    mentor_create,
    pairing_make,
    session_make,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 360, "height": 740}
# The demo's operator skills: titles long enough to wrap on a phone.
SKILL_TITLES = [
    "Поприветствовать клиента и выяснить, что ему нужно",
    "Найти клиента в CRM и зарегистрировать обращение",
    "Оформить заявку на ремонт и назвать срок визита мастера",
    "Отработать жалобу и извиниться по стандарту",
    "Подобрать и сменить тариф по просьбе клиента",
    "Поговорить с тем, кто не владелец договора",
    "Предложить дополнительную услугу к месту",
    "Завершить разговор и подвести итог",
]
MENTEES = ["Аня", "Полина", "Тимур"]


def _phone(browser):
    context = browser.new_context(locale="ru-RU", viewport=SCREEN, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _measure(page) -> dict[str, int]:
    return page.evaluate(
        """() => ({
            height: document.documentElement.scrollHeight,
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            widest: Math.max(...[...document.querySelectorAll("body *")]
                .map((el) => Math.ceil(el.getBoundingClientRect().right))),
        })"""
    )


def _assert_fits_the_width(figures):
    assert figures["innerWidth"] <= SCREEN["width"], figures
    assert figures["scrollWidth"] <= SCREEN["width"], figures
    assert figures["widest"] <= SCREEN["width"], figures


def _world(skill_count):
    team = TeamFactory(name="Контакт-центр")
    role = JobRoleFactory(name="Оператор")
    mentor = mentor_create(username="mentor", capacity=3, team=team, teams=[team], job_roles=[role])
    skills = [
        PracticeSkillFactory(job_role=role, title=title) for title in SKILL_TITLES[:skill_count]
    ]
    mentees = []
    for n, name in enumerate(MENTEES):
        mentee = staff_user(team=team, job_role=role, first_name=name, last_name="Новикова")
        pairing_make(mentee=mentee, mentor=mentor)
        # Each a stage further: a few sessions, then sign-offs, then one due.
        session_make(mentee=mentee, ratings=[(skills[0], WITH_SUPPORT), (skills[1], INDEPENDENT)])
        for skill in skills[: n * 2]:
            evidence_make(mentee, skill, 2)
            signoff_create(mentee=mentee, skill=skill, signed_by=mentor)
        evidence_make(mentee, skills[min(n * 2 + 1, len(skills) - 1)], 2)
        mentees.append(mentee)
    return mentor, mentees, skills


def test_the_session_form_for_five_skills_fits_two_phone_screens(live_server, browser):
    _mentor, mentees, _skills = _world(5)
    context, page = _phone(browser)
    sign_in(page, live_server.url, "mentor", lands_on="/mentoring/mentees/")

    page.goto(f"{live_server.url}/mentoring/mentees/{mentees[0].pk}/sessions/new/")
    figures = _measure(page)

    assert page.locator(".rating-row").count() == 5
    assert figures["height"] <= 2 * SCREEN["height"], figures
    _assert_fits_the_width(figures)
    # The folded sections open from the keyboard, and still fit the width when open.
    page.focus("details.form-section > summary")
    page.keyboard.press("Enter")
    assert page.locator("details.form-section").first.evaluate("d => d.open")
    _assert_fits_the_width(_measure(page))
    context.close()


def test_the_mentee_list_is_a_short_card_per_mentee(live_server, browser):
    _world(len(SKILL_TITLES))
    context, page = _phone(browser)
    sign_in(page, live_server.url, "mentor", lands_on="/mentoring/mentees/")
    figures = _measure(page)

    assert page.locator(".mentee-card").count() == len(MENTEES)
    # About one screen per mentee at most, with all eight skills of each folded away.
    assert figures["height"] <= len(MENTEES) * SCREEN["height"], figures
    assert not page.locator(".skill-matrix").first.is_visible()
    _assert_fits_the_width(figures)
    # Details on demand, by keyboard, with no script of the page's own.
    page.focus("details.mentee-card__details > summary")
    page.keyboard.press("Enter")
    assert page.locator(".skill-matrix").first.is_visible()
    _assert_fits_the_width(_measure(page))
    context.close()
