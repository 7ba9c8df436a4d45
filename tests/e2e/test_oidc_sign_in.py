"""Single sign-on in a real browser: a colleague opens the login page on her way to the
glossary, presses «Войти через единый вход», is approved by the identity provider (a real
provider process, tests/oidc_provider/) and lands on the glossary signed in. A stranger the
provider vouches for is sent back to the login page with the reason."""

from django.utils import translation

import pytest

from lms.people.oidc.backends import NO_ACCOUNT
from tests.factories import staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def single_sign_on(live_server, settings, oidc_provider):
    for name, value in oidc_provider.django_settings().items():
        setattr(settings, name, value)
    oidc_provider.register_redirect_uris(f"{live_server.url}/oidc/callback/")
    return oidc_provider


def test_a_colleague_signs_in_with_the_button(live_server, page, single_sign_on):
    staff_user(username="operator", email="operator@example.com")
    single_sign_on.sign_in_as(sub="op-1", email="operator@example.com", email_verified=True)

    page.goto(f"{live_server.url}/accounts/login/?next=/glossary/")
    page.get_by_role("link", name="Войти через единый вход").click()

    page.wait_for_url(f"{live_server.url}/glossary/")
    assert page.locator(".site-nav").is_visible()
    page.goto(f"{live_server.url}/accounts/profile/")
    assert "operator" in page.locator("main").inner_text()


def test_a_stranger_is_told_why_not(live_server, page, single_sign_on):
    single_sign_on.sign_in_as(sub="x-1", email="stranger@example.com", email_verified=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Войти через единый вход").click()

    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.locator(".messages").wait_for()
    with translation.override("ru"):
        assert str(NO_ACCOUNT) in page.locator(".messages").inner_text()
    assert page.locator(".site-nav").count() == 0
