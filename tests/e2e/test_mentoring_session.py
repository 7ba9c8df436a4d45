"""On a phone: the mentor logs a supervised session right after the conversation and signs the
skill off; the newcomer reads the feedback and acknowledges it with a reflection.

Selectors name structure and addresses, not interface labels."""

import re

import pytest

from mentoring.models import SignOff, SupervisedSession
from tests.factories import PASSWORD, JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import PracticeSkillFactory, mentor_create, pairing_make

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SITUATION = "Клиент недоволен счётом за роуминг"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def sign_in(page, base_url, username, *, lands_on="/"):
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + lands_on)


def test_mentor_logs_a_session_and_signs_off_then_the_newcomer_acknowledges(live_server, browser):
    team = TeamFactory(name="Контакт-центр")
    role = JobRoleFactory(name="Оператор")
    mentor = mentor_create(username="mentor", team=team, teams=[team], job_roles=[role])
    newbie = staff_user(username="newbie", team=team, job_role=role, first_name="Аня")
    complaint = PracticeSkillFactory(job_role=role, title="Отработать жалобу", sessions_required=1)
    PracticeSkillFactory(job_role=role, title="Предложить услугу")
    pairing_make(mentee=newbie, mentor=mentor)
    phone = {
        "locale": "ru-RU",
        "viewport": {"width": 390, "height": 844},
        "has_touch": True,
        "is_mobile": True,
    }

    # The mentor, on a phone, lands on "my mentees" → the session form, from the navigation.
    context = browser.new_context(**phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "mentor", lands_on="/mentoring/mentees/")
    page.click("nav a[href='/mentoring/mentees/']")
    page.click(f"a[href='/mentoring/mentees/{newbie.pk}/sessions/new/']")
    assert no_sideways_scroll(page)

    # Few fields: the channel is already "phone"; tap one rating, type the situation, a line
    # of feedback, save.
    assert page.locator("input[name=channel][value=phone]").is_checked()
    page.fill("textarea[name=situation]", SITUATION)
    page.locator(f"label.tap--independent:has(input[name=rating_{complaint.pk}])").tap()
    # The feedback is folded away so the form fits a phone: open it, then type.
    page.click("details.form-section:has(textarea[name=strengths]) > summary")
    page.fill("textarea[name=strengths]", "Спокойно выслушала и извинилась")
    page.fill("textarea[name=to_improve]", "Сразу назвать срок перерасчёта")
    page.click("form.session-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/mentoring/mentees/{newbie.pk}/$"))

    session = SupervisedSession.objects.get()
    assert session.situation == SITUATION
    assert session.channel == "phone"
    assert [(r.skill_id, r.rating) for r in session.ratings.all()] == [
        (complaint.pk, "independent")
    ]

    # One independent session is the evidence this skill needs: sign it off.
    sign_off = page.locator(
        f"form[action='/mentoring/mentees/{newbie.pk}/skills/{complaint.pk}/signoff/'] button"
    )
    sign_off.click()
    page.wait_for_url(re.compile(rf"/mentoring/mentees/{newbie.pk}/$"))
    assert SignOff.objects.filter(mentee=newbie, skill=complaint, revoked_at__isnull=True).exists()
    assert page.locator(f"form[action$='/skills/{complaint.pk}/signoff/']").count() == 0
    assert no_sideways_scroll(page)
    context.close()

    # The newcomer: the navigation counts the session to acknowledge.
    context = browser.new_context(**phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "newbie")
    practice_link = page.locator("nav a[href='/mentoring/practice/']")
    assert practice_link.locator(".badge--count").inner_text() == "1"
    practice_link.click()
    page.wait_for_url(live_server.url + "/mentoring/practice/")
    assert SITUATION in page.inner_text("main")
    assert "Сразу назвать срок перерасчёта" in page.inner_text("main")
    assert no_sideways_scroll(page)

    # The reflection and the acknowledgement by keyboard alone.
    form = page.locator(f"form[action='/mentoring/sessions/{session.pk}/acknowledge/']")
    form.locator("textarea").focus()
    page.keyboard.type("Буду сразу называть сроки")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    session.refresh_from_db()
    assert session.acknowledged_at is not None
    assert session.mentee_reflection == "Буду сразу называть сроки"
    assert (
        page.locator(f"form[action='/mentoring/sessions/{session.pk}/acknowledge/']").count() == 0
    )
    assert page.locator("nav a[href='/mentoring/practice/'] .badge--count").count() == 0
    context.close()
