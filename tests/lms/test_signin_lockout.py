"""Password guessing is locked out per person and network address (django-axes) on every login
form, the site's, Wagtail's and Django's admin; the lock lifts after the cool-off; a locked-out
person gets no API token by any route."""

import base64
import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from wagtail.models import APIToken

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt

from lms.core.throttling import client_ip_address
from tests.factories import PASSWORD, staff_user
from tests.lms import test_settings

User = get_user_model()

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
DJANGO_ADMIN_LOGIN = "/django-admin/login/"
HOME_IP = "203.0.113.7"
OTHER_IP = "198.51.100.9"
LOCKOUT_TEXT_RU = "Слишком много попыток входа"


class LoginAttempts:
    """Posting to a login form as a browser at a given address."""

    def post_login(self, url, *, username="anna", password=PASSWORD, ip=HOME_IP, **extra):
        return self.client.post(
            url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
        )

    def fail_logins(self, url=SITE_LOGIN, *, times=None, **kwargs):
        for _ in range(times or settings.AXES_FAILURE_LIMIT):
            self.post_login(url, password="wrong", **kwargs)

    def assertSignedIn(self, signed_in=True):
        self.assertIs("_auth_user_id" in self.client.session, signed_in)


class SettingsTests(TestCase):
    def test_axes_guards_every_authenticate_call_with_the_documented_defaults(self):
        first_backend = import_string(settings.AUTHENTICATION_BACKENDS[0])
        self.assertTrue(issubclass(first_backend, AxesStandaloneBackend))
        self.assertIn("axes.middleware.AxesMiddleware", settings.MIDDLEWARE)
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)
        self.assertEqual(settings.AXES_COOLOFF_TIME, datetime.timedelta(minutes=15))
        self.assertEqual(settings.AXES_LOCKOUT_PARAMETERS, [["username", "ip_address"]])
        self.assertTrue(settings.AXES_RESET_ON_SUCCESS)

    def test_production_reads_the_limits_from_the_environment(self):
        result = test_settings._settings_in_subprocess(
            "lms.settings.production",
            {
                "SECRET_KEY": "x" * 50,
                "DJANGO_ALLOWED_HOSTS": "nastavnik.example.com",
                "AXES_FAILURE_LIMIT": "8",
                "AXES_COOLOFF_MINUTES": "30",
                "TRUSTED_PROXY_COUNT": "1",
                "PASSWORD_RESET_LIMIT_PER_EMAIL": "2",
                "PASSWORD_RESET_LIMIT_PER_IP": "9",
                "MARKDOWN_IMAGE_HOSTS": " Images.Example.com , ,cdn.example.org",
            },
            "[s.AUTHENTICATION_BACKENDS[0], s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds,"
            " s.TRUSTED_PROXY_COUNT, s.PASSWORD_RESET_LIMIT_PER_EMAIL,"
            " s.PASSWORD_RESET_LIMIT_PER_IP, s.MARKDOWN_IMAGE_HOSTS]",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            json.loads(result.stdout),
            [
                "axes.backends.AxesStandaloneBackend",
                8,
                30 * 60,
                1,
                2,
                9,
                ["images.example.com", "cdn.example.org"],
            ],
        )

    def test_production_trusts_the_one_tls_proxy_it_assumes_unless_told_otherwise(self):
        code = "s.TRUSTED_PROXY_COUNT"
        env = {"SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "nastavnik.example.com"}
        behind_proxy = test_settings._settings_in_subprocess("lms.settings.production", env, code)
        no_proxy = test_settings._settings_in_subprocess(
            "lms.settings.production", {**env, "TRUSTED_PROXY_COUNT": "0"}, code
        )
        self.assertEqual(behind_proxy.returncode, 0, behind_proxy.stderr)
        self.assertEqual(json.loads(behind_proxy.stdout), 1)
        self.assertEqual(json.loads(no_proxy.stdout), 0)
        self.assertEqual(settings.TRUSTED_PROXY_COUNT, 0)


class LoginLockoutTests(LoginAttempts, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")
        cls.boris = staff_user(username="boris")

    def test_right_password_after_five_wrong_ones_is_refused_on_the_site(self):
        self.fail_logins(SITE_LOGIN)

        response = self.post_login(SITE_LOGIN)

        self.assertEqual(response.status_code, 429)
        self.assertContains(response, LOCKOUT_TEXT_RU, status_code=429)
        self.assertContains(response, "15 мин", status_code=429)
        self.assertContains(response, "администратор", status_code=429)
        self.assertContains(response, 'lang="ru"', status_code=429)  # inside the site's page
        self.assertSignedIn(False)
        self.assertEqual(self.client.get(reverse("profile")).status_code, 302)

    def test_the_lockout_page_speaks_english_to_english_readers(self):
        self.fail_logins(SITE_LOGIN)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

        response = self.post_login(SITE_LOGIN)

        self.assertContains(response, "Too many sign-in attempts", status_code=429)
        self.assertContains(response, "Try again in 15 min", status_code=429)

    def test_fewer_wrong_passwords_than_the_limit_still_let_the_right_one_in(self):
        self.fail_logins(SITE_LOGIN, times=settings.AXES_FAILURE_LIMIT - 1)

        response = self.post_login(SITE_LOGIN)

        self.assertEqual(response.status_code, 302)
        self.assertSignedIn()

    def test_a_good_sign_in_starts_the_count_again(self):
        self.fail_logins(SITE_LOGIN, times=settings.AXES_FAILURE_LIMIT - 1)
        self.post_login(SITE_LOGIN)
        self.client.logout()
        self.fail_logins(SITE_LOGIN, times=settings.AXES_FAILURE_LIMIT - 1)

        self.assertEqual(self.post_login(SITE_LOGIN).status_code, 302)

    def test_the_wagtail_admin_login_is_locked_too(self):
        self.fail_logins(ADMIN_LOGIN)

        response = self.post_login(ADMIN_LOGIN)

        self.assertContains(response, LOCKOUT_TEXT_RU, status_code=429)
        self.assertSignedIn(False)

    def test_the_django_admin_login_is_locked_too(self):
        admin = User.objects.create_superuser("root", password=PASSWORD)
        self.fail_logins(DJANGO_ADMIN_LOGIN, username=admin.username)

        response = self.post_login(DJANGO_ADMIN_LOGIN, username=admin.username)

        self.assertEqual(response.status_code, 429)
        self.assertSignedIn(False)

    def test_failures_on_one_form_count_on_the_others(self):
        self.fail_logins(SITE_LOGIN, times=3)
        self.fail_logins(ADMIN_LOGIN, times=2)

        self.assertEqual(self.post_login(SITE_LOGIN).status_code, 429)

    def test_the_same_person_from_another_address_is_not_locked(self):
        self.fail_logins(SITE_LOGIN)

        response = self.post_login(SITE_LOGIN, ip=OTHER_IP)

        self.assertEqual(response.status_code, 302)
        self.assertSignedIn()

    def test_another_person_from_the_same_address_is_not_locked(self):
        self.fail_logins(SITE_LOGIN)

        response = self.post_login(SITE_LOGIN, username="boris")

        self.assertEqual(response.status_code, 302)
        self.assertSignedIn()

    def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(self):
        # Without a trusted proxy the address is the connection's own, whatever a client claims.
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.post_login(SITE_LOGIN, password="wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

        response = self.post_login(SITE_LOGIN, HTTP_X_FORWARDED_FOR="192.0.2.99")

        self.assertEqual(response.status_code, 429)

    def test_after_the_cool_off_the_right_password_works_again(self):
        self.fail_logins(SITE_LOGIN)
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(1)
        )

        response = self.post_login(SITE_LOGIN)

        self.assertEqual(response.status_code, 302)
        self.assertSignedIn()

    @override_settings(AXES_COOLOFF_TIME=datetime.timedelta(microseconds=1))
    def test_a_tiny_cool_off_lifts_the_lockout_at_once(self):
        self.fail_logins(SITE_LOGIN)

        self.assertEqual(self.post_login(SITE_LOGIN).status_code, 302)


class ClientAddressTests(TestCase):
    def request(self, **meta):
        return RequestFactory().get("/", REMOTE_ADDR=HOME_IP, **meta)

    def test_the_connections_address_by_default(self):
        request = self.request(HTTP_X_FORWARDED_FOR="192.0.2.1")
        self.assertEqual(client_ip_address(request), HOME_IP)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_that_proxy_saw(self):
        # The client may send its own X-Forwarded-For; the proxy appends the real address.
        request = self.request(HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.20")
        self.assertEqual(client_ip_address(request), "198.51.100.20")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_behind_two_proxies_the_address_the_first_one_saw(self):
        request = self.request(HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.20, 10.0.0.2")
        self.assertEqual(client_ip_address(request), "198.51.100.20")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_a_missing_or_broken_header_falls_back_to_the_connection(self):
        self.assertEqual(client_ip_address(self.request()), HOME_IP)
        request = self.request(HTTP_X_FORWARDED_FOR="not-an-address")
        self.assertEqual(client_ip_address(request), HOME_IP)


class ApiTokenLockoutTests(LoginAttempts, TestCase):
    """Personal API tokens are made on the profile page, which needs a signed-in session; the
    API takes no passwords. So the login lockout is the token endpoint's protection."""

    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")

    def assertNoToken(self):
        self.assertFalse(APIToken.objects.filter(user=self.anna).exists())

    def test_a_locked_out_person_gets_no_token_through_any_login_form(self):
        for login_url in (SITE_LOGIN, ADMIN_LOGIN):
            with self.subTest(login_url=login_url):
                self.fail_logins(login_url)
                self.post_login(login_url)

                response = self.client.post(
                    reverse("api_token_create"), {"name": "Скрипт"}, REMOTE_ADDR=HOME_IP
                )

                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])
                self.assertNoToken()
                AccessAttempt.objects.all().delete()

    def test_the_api_does_not_take_a_username_and_password(self):
        credentials = base64.b64encode(f"anna:{PASSWORD}".encode()).decode()

        response = self.client.get(
            "/api/v1/me/notifications", HTTP_AUTHORIZATION=f"Basic {credentials}"
        )

        self.assertEqual(response.status_code, 401)
        self.assertNoToken()

    def test_once_signed_in_properly_the_token_form_works(self):
        self.post_login(SITE_LOGIN)

        response = self.client.post(reverse("api_token_create"), {"name": "Скрипт"})

        self.assertEqual(response.status_code, 200)
        self.assertTrue(APIToken.objects.filter(user=self.anna).exists())
