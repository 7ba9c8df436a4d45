"""Single sign-on with OpenID Connect, end to end against a real provider process.

The provider (tests/oidc_provider/) runs on its own port. The browser's part of the flow is
played by the Django test client (our pages) and ``requests`` (the provider's authorization
endpoint); the back channel (discovery, token, JWKS, userinfo) goes from our code to the provider
over real HTTP.
"""

import json
import os
import socket
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit, urlunsplit

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.messages import get_messages
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import translation

import pytest
import requests

from lms.people.models import StaffProfile
from lms.people.oidc import backends, views
from tests.factories import PASSWORD, UserFactory, staff_user
from tests.lms.test_settings import ROOT, _settings_in_subprocess

User = get_user_model()

CALLBACK = "http://testserver/oidc/callback/"
OIDC_BACKEND = "lms.people.oidc.backends.OIDCBackend"


def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens: a provider that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.usefixtures("oidc_provider_for_class")
class OIDCTestCase(TestCase):
    """Each test runs with OpenID Connect switched on against the provider process."""

    settings_overrides: dict = {}

    def setUp(self):
        self.enterContext(self.settings(**self.provider.django_settings(**self.settings_overrides)))
        self.provider.register_redirect_uris(CALLBACK)
        self.provider.sign_in_as()

    def start(self, **params):
        """Press the button: our sign-in view sends the browser to the provider."""
        response = self.client.get(reverse("oidc_authentication_init"), params)
        self.assertEqual(response.status_code, 302)
        return response["Location"]

    def at_provider(self, authorize_url: str) -> str:
        """The browser at the provider: it approves (or not) and sends it back to our callback."""
        self.assertTrue(authorize_url.startswith(f"{self.provider.issuer}/authorize?"))
        answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
        self.assertEqual(answer.status_code, 302, answer.text)
        return answer.headers["Location"]

    def back_to_us(self, callback_url: str):
        split = urlsplit(callback_url)
        self.assertEqual(urlunsplit(split._replace(query="")), CALLBACK)
        return self.client.get(split.path, {k: v[0] for k, v in parse_qs(split.query).items()})

    def sign_in(self, claims: dict, **params):
        """The whole round trip for a person with ``claims`` at the provider; our callback's
        response."""
        self.provider.sign_in_as(**claims)
        return self.back_to_us(self.at_provider(self.start(**params)))

    def assertRefused(self, response, message):
        self.assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        self.assertNotIn(SESSION_KEY, self.client.session)
        page = self.client.get(response["Location"])
        self.assertContains(page, str(message))


class SignInTests(OIDCTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna", email="Anna.Petrova@example.com")

    def test_a_known_person_signs_in_by_verified_email_and_gets_an_ordinary_session(self):
        users_before = User.objects.count()
        response = self.sign_in(
            {"sub": "kc-1", "email": "anna.petrova@example.com", "email_verified": True}
        )
        self.assertRedirects(response, reverse("landing"), fetch_redirect_response=False)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.anna.pk))
        self.assertEqual(User.objects.count(), users_before)
        # The session is Django's: the next page knows who it is.
        profile = self.client.get(reverse("profile"))
        self.assertEqual(profile.status_code, 200)
        self.assertEqual(profile.wsgi_request.user, self.anna)

    def test_the_person_lands_on_the_page_they_were_going_to(self):
        response = self.sign_in(
            {"sub": "kc-1", "email": "anna.petrova@example.com", "email_verified": True},
            next="/glossary/?q=a",
        )
        self.assertRedirects(response, "/glossary/?q=a", fetch_redirect_response=False)

    def test_a_next_on_another_site_is_ignored(self):
        response = self.sign_in(
            {"sub": "kc-1", "email": "anna.petrova@example.com", "email_verified": True},
            next="https://evil.example/steal",
        )
        self.assertRedirects(response, reverse("landing"), fetch_redirect_response=False)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.anna.pk))

    def test_logout_ends_the_session(self):
        self.sign_in({"sub": "kc-1", "email": "anna.petrova@example.com", "email_verified": True})
        self.assertEqual(self.client.post(reverse("logout")).status_code, 302)
        self.assertNotIn(SESSION_KEY, self.client.session)
        self.assertEqual(self.client.get(reverse("profile")).status_code, 302)

    def test_discovery_and_keys_are_fetched_once_and_then_cached(self):
        before = self.provider.requests_served()
        claims = {"sub": "kc-1", "email": "anna.petrova@example.com", "email_verified": True}
        self.sign_in(claims)
        self.client.logout()
        self.sign_in(claims)
        after = self.provider.requests_served()

        def served(path):
            return after.get(path, 0) - before.get(path, 0)

        self.assertEqual(served("/.well-known/openid-configuration"), 1)
        self.assertEqual(served("/jwks"), 1)
        self.assertEqual(served("/token"), 2)
        self.assertEqual(served("/userinfo"), 2)

    def test_passwords_still_work_while_single_sign_on_is_on(self):
        response = self.client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
        self.assertRedirects(response, reverse("landing"), fetch_redirect_response=False)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.anna.pk))


class EmployeeIdSignInTests(OIDCTestCase):
    settings_overrides = {"OIDC_EMPLOYEE_ID_CLAIM": "employee_id"}

    @classmethod
    def setUpTestData(cls):
        cls.boris = staff_user(username="boris", email="boris@old-domain.example")
        StaffProfile.objects.filter(user=cls.boris).update(employee_id="00042")
        cls.vera = staff_user(username="vera", email="vera@example.com")
        StaffProfile.objects.filter(user=cls.vera).update(employee_id="00043")

    def test_a_person_signs_in_by_the_employee_id_claim(self):
        # The provider knows a newer address than we do; the personnel number still matches.
        response = self.sign_in(
            {"sub": "kc-2", "email": "boris@example.com", "email_verified": True,
             "employee_id": "00042"}
        )  # fmt: skip
        self.assertRedirects(response, reverse("landing"), fetch_redirect_response=False)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.boris.pk))

    def test_an_email_whose_account_has_another_employee_id_does_not_match(self):
        response = self.sign_in(
            {"sub": "kc-3", "email": "vera@example.com", "email_verified": True,
             "employee_id": "99999"}
        )  # fmt: skip
        self.assertRefused(response, backends.NO_ACCOUNT)

    def test_without_the_claim_the_verified_email_still_matches(self):
        response = self.sign_in(
            {"sub": "kc-3", "email": "vera@example.com", "email_verified": True}
        )
        self.assertEqual(self.client.session[SESSION_KEY], str(self.vera.pk))
        self.assertRedirects(response, reverse("landing"), fetch_redirect_response=False)


class RefusalTests(OIDCTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna", email="anna@example.com")
        cls.gleb = staff_user(username="gleb", email="gleb@example.com")
        cls.gleb.is_active = False
        cls.gleb.save()
        cls.dina = staff_user(
            username="dina", email="dina@example.com", status=StaffProfile.Status.LEFT
        )
        # Recorded as left, yet the account was switched back on by hand: the status alone
        # keeps her out.
        cls.dina.is_active = True
        cls.dina.save()

    def test_an_unknown_person_is_refused_and_no_account_is_created(self):
        users_before = User.objects.count()
        response = self.sign_in(
            {"sub": "kc-9", "email": "stranger@example.com", "email_verified": True}
        )
        self.assertRefused(response, backends.NO_ACCOUNT)
        self.assertEqual(User.objects.count(), users_before)

    def test_a_deactivated_account_is_refused(self):
        response = self.sign_in(
            {"sub": "kc-4", "email": "gleb@example.com", "email_verified": True}
        )
        self.assertRefused(response, backends.ACCOUNT_DEACTIVATED)

    def test_a_person_who_left_is_refused(self):
        response = self.sign_in(
            {"sub": "kc-5", "email": "dina@example.com", "email_verified": True}
        )
        self.assertRefused(response, backends.PERSON_LEFT)

    def test_an_unverified_email_matches_nobody(self):
        response = self.sign_in(
            {"sub": "kc-6", "email": "anna@example.com", "email_verified": False}
        )
        self.assertRefused(response, backends.NO_VERIFIED_EMAIL)

    def test_an_address_shared_by_two_accounts_matches_neither(self):
        UserFactory(username="anna2", email="ANNA@example.com")
        response = self.sign_in(
            {"sub": "kc-1", "email": "anna@example.com", "email_verified": True}
        )
        self.assertRefused(response, backends.NO_ACCOUNT)

    def test_the_refusal_is_in_russian_on_the_russian_login_page(self):
        response = self.sign_in(
            {"sub": "kc-9", "email": "stranger@example.com", "email_verified": True}
        )
        page = self.client.get(response["Location"])
        with translation.override("ru"):
            self.assertContains(page, str(backends.NO_ACCOUNT))
        self.assertContains(page, "учётной записи для вас здесь нет")

    def test_a_tampered_state_is_refused(self):
        self.provider.sign_in_as(sub="kc-1", email="anna@example.com", email_verified=True)
        callback = urlsplit(self.at_provider(self.start()))
        params = {k: v[0] for k, v in parse_qs(callback.query).items()}
        params["state"] = params["state"][:-4] + "AAAA"
        response = self.client.get(callback.path, params)
        self.assertRefused(response, views.SIGN_IN_FAILED)

    def test_a_callback_cannot_be_replayed(self):
        self.provider.sign_in_as(sub="kc-1", email="anna@example.com", email_verified=True)
        callback_url = self.at_provider(self.start())
        self.back_to_us(callback_url)
        self.client.logout()
        self.assertRefused(self.back_to_us(callback_url), views.SIGN_IN_FAILED)

    def test_a_callback_without_a_sign_in_started_here_is_refused(self):
        self.provider.sign_in_as(sub="kc-1", email="anna@example.com", email_verified=True)
        callback_url = self.at_provider(self.start())
        self.client.cookies.clear()  # another browser: the state is not in its session
        self.assertRefused(self.back_to_us(callback_url), views.SIGN_IN_FAILED)

    def test_the_provider_saying_no_is_reported(self):
        # Nobody signed in at the provider: it answers access_denied.
        response = self.back_to_us(self.at_provider(self.start()))
        self.assertRefused(response, views.SIGN_IN_FAILED)


class ProviderTroubleTests(OIDCTestCase):
    def test_provider_down_at_the_button_says_so_and_keeps_next(self):
        with self.settings(OIDC_ISSUER=closed_port_url(), OIDC_TIMEOUT=2):
            response = self.client.get(reverse("oidc_authentication_init"), {"next": "/glossary/"})
            self.assertRedirects(
                response, reverse("login") + "?next=%2Fglossary%2F", fetch_redirect_response=False
            )
            self.assertEqual(message_texts(response), [str(views.PROVIDER_UNAVAILABLE)])
            page = self.client.get(response["Location"])
        self.assertEqual(page.status_code, 200)

    def test_a_discovery_document_naming_another_issuer_is_not_trusted(self):
        # The same provider under another name: its document says it is 127.0.0.1.
        issuer = self.provider.issuer.replace("127.0.0.1", "localhost")
        with self.settings(OIDC_ISSUER=issuer):
            response = self.client.get(reverse("oidc_authentication_init"))
        self.assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        self.assertEqual(message_texts(response), [str(views.PROVIDER_UNAVAILABLE)])

    def test_provider_down_at_the_callback_says_so(self):
        self.provider.sign_in_as(sub="kc-1", email="anna@example.com", email_verified=True)
        callback_url = self.at_provider(self.start())
        # Discovery is cached, the token endpoint is not reachable: fake the outage by pointing
        # the cached document's token endpoint at a closed port.
        from django.core.cache import cache

        from lms.people.oidc import discovery

        key = discovery._cache_key("configuration")
        document = cache.get(key)
        cache.set(key, {**document, "token_endpoint": closed_port_url() + "/token"})
        self.assertRefused(self.back_to_us(callback_url), views.PROVIDER_UNAVAILABLE)

    def test_a_wrong_client_secret_is_refused_by_the_provider(self):
        self.provider.sign_in_as(sub="kc-1", email="anna@example.com", email_verified=True)
        with self.settings(OIDC_RP_CLIENT_SECRET="wrong"):
            response = self.back_to_us(self.at_provider(self.start()))
        self.assertRefused(response, views.SIGN_IN_FAILED)


class ButtonTests(OIDCTestCase):
    def test_the_login_page_offers_single_sign_on(self):
        response = self.client.get(reverse("login"), {"next": "/glossary/"})
        self.assertContains(response, "Войти через единый вход")
        self.assertContains(response, 'href="/oidc/authenticate/?next=/glossary/"')

    def test_the_button_names_the_provider(self):
        with self.settings(OIDC_PROVIDER_NAME="Keycloak"):
            response = self.client.get(reverse("login"))
        self.assertContains(response, "Войти через Keycloak")

    def test_the_login_page_does_not_ask_the_provider_anything(self):
        # The page and its button render while the provider is down; only pressing it asks.
        with self.settings(OIDC_ISSUER=closed_port_url()):
            response = self.client.get(reverse("login"))
        self.assertContains(response, "Войти через единый вход")


class SettingsTests(SimpleTestCase):
    ENV = {"OIDC_CLIENT_ID": "nastavnik", "OIDC_CLIENT_SECRET": "s3cret"}

    def test_off_unless_an_issuer_is_given(self):
        result = _settings_in_subprocess(
            "lms.settings.base",
            {"OIDC_ISSUER": ""},
            "[s.OIDC_ISSUER, getattr(s, 'AUTHENTICATION_BACKENDS', [])]",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        issuer, backends_ = json.loads(result.stdout)
        self.assertEqual(issuer, "")
        self.assertNotIn(OIDC_BACKEND, backends_)

    def test_an_issuer_switches_it_on_with_its_backend_after_the_others(self):
        result = _settings_in_subprocess(
            "lms.settings.base",
            {**self.ENV, "OIDC_ISSUER": "https://sso.example.com/realms/staff/"},
            "[s.OIDC_ISSUER, s.OIDC_RP_CLIENT_ID, s.OIDC_RP_SCOPES, s.OIDC_CREATE_USER,"
            " s.AUTHENTICATION_BACKENDS]",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        issuer, client_id, scopes, create_user, backends_ = json.loads(result.stdout)
        self.assertEqual(issuer, "https://sso.example.com/realms/staff")
        self.assertEqual(client_id, "nastavnik")
        self.assertEqual(scopes, "openid email profile")
        self.assertFalse(create_user)
        self.assertEqual(backends_[-1], OIDC_BACKEND)
        self.assertIn("django.contrib.auth.backends.ModelBackend", backends_)

    def test_the_site_starts_while_the_provider_is_down(self):
        env = {
            **self.ENV,
            "OIDC_ISSUER": closed_port_url(),
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "check"], cwd=ROOT, env={**os.environ, **env},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)


@override_settings(OIDC_ISSUER="")
class SwitchedOffTests(TestCase):
    def test_no_button_and_the_urls_are_not_found(self):
        response = self.client.get(reverse("login"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "/oidc/authenticate/")
        self.assertEqual(self.client.get("/oidc/authenticate/").status_code, 404)
        self.assertEqual(self.client.get("/oidc/callback/?code=x&state=y").status_code, 404)
