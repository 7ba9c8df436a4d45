"""An author writing a question sees only the parts of the type chosen: choosing "matching"
shows the pairs and hides the choices; switching to "true or false" shows the truth field.

Selectors name the parts by their data attributes, not interface labels."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest

from lms.people import roles
from tests.factories import staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def visible_parts(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "[data-question-part]",
            "panels => panels.filter(p => !p.hidden && p.offsetParent !== null)"
            ".map(p => p.dataset.questionPart)",
        )
    )


def test_the_editor_shows_only_the_chosen_types_parts(live_server, page):
    signed_in(page, live_server, staff_user(roles=[roles.AUTHORS]))

    page.goto(live_server.url + reverse("wagtailsnippets_quizzes_question:add"))
    type_select = page.locator("select[name=type]")

    type_select.select_option("matching")
    assert visible_parts(page) == {"pairs", "matching_credit"}

    type_select.select_option("true_false")
    assert visible_parts(page) == {"correct_bool"}

    type_select.select_option("multiple_choice")
    assert visible_parts(page) == {"choices", "partial_credit"}

    type_select.select_option("numeric")
    assert visible_parts(page) == {"numeric_answers"}
