"""On a 360-px phone: a QA evaluator scores a contact, forgets one criterion and gets the form
back with what was typed, finishes it; the employee reads it and disputes it.

Selectors name structure and addresses, not interface labels."""

import pytest

from lms.people import roles
from quality.models import Evaluation, EvaluationEvent
from tests.factories import PASSWORD, TeamFactory, staff_user
from tests.quality.factories import criterion_ids, scorecard_make

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def sign_in(context, base_url, username):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_a_contact_is_evaluated_on_a_phone_then_disputed(live_server, browser):
    person = staff_user(username="ivan", team=TeamFactory(), first_name="Иван")
    staff_user(username="qa", roles=[roles.QA_EVALUATORS])
    scorecard = scorecard_make(channels=["phone"])
    ids = criterion_ids(scorecard)
    phone = {"locale": "ru-RU", "viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}  # fmt: skip

    context = browser.new_context(**phone)
    page = sign_in(context, live_server.url, "qa")
    page.goto(live_server.url + "/quality/evaluate/")
    assert no_sideways_scroll(page)
    assert page.locator("input[name=channel][value=phone]").is_checked()
    assert page.input_value("input[name=contact_date]")
    # The person picker: typed words, or a suggestion "Name (login)" picked from the list.
    page.fill("input[name=person]", f"Иван ({person.username})")
    page.fill("input[name=reference]", "CRM-4711")
    # By keyboard: focus the first chip of a criterion and choose with the arrow keys.
    page.focus(f"input[name=c{ids['greeting']}][value=yes]")
    page.keyboard.press("Space")
    page.locator(f"label:has(input[name=c{ids['product']}][value='3'])").tap()
    page.locator(f"label:has(input[name=c{ids['polite']}][value=yes])").tap()
    page.click("form.eval-form button[type=submit]")
    # "need" was left out: the form comes back with the error beside it, the rest kept.
    assert page.locator(f"#id_c{ids['need']}_errors .field__error").count() == 1
    assert page.input_value("input[name=reference]") == "CRM-4711"
    assert page.input_value("input[name=person]") == "Иван (ivan)"
    assert page.locator(f"input[name=c{ids['product']}][value='3']").is_checked()
    assert no_sideways_scroll(page)
    page.locator(f"label:has(input[name=c{ids['need']}][value=na])").tap()
    page.click("form.eval-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/quality/evaluations/*/")
    evaluation = Evaluation.objects.get()
    assert evaluation.reference == "CRM-4711"
    context.close()

    context = browser.new_context(**phone)
    page = sign_in(context, live_server.url, "ivan")
    page.goto(live_server.url + "/quality/my/")
    page.click(f"a[href='/quality/evaluations/{evaluation.pk}/']")
    assert no_sideways_scroll(page)
    page.click("details summary")
    page.fill("textarea[name=reason]", "Я назвал своё имя в начале разговора")
    page.click(f"form[action='/quality/evaluations/{evaluation.pk}/dispute/'] button")
    page.wait_for_url(f"{live_server.url}/quality/evaluations/{evaluation.pk}/")
    assert EvaluationEvent.objects.get().kind == EvaluationEvent.Kind.DISPUTED
    context.close()
