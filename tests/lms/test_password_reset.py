"""The password-reset forms (the site's and Wagtail's admin's): a limited number of requests an
hour per email address and per network address, and an email with a subject, in Russian by
default, whose link names the real site."""

from django.conf import settings
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse

from lms.people.services import ERROR_TOO_MANY_RESETS
from tests.factories import staff_user
from tests.lms.test_signin_lockout import HOME_IP, OTHER_IP


@override_settings(PASSWORD_RESET_LIMIT_PER_EMAIL=3, PASSWORD_RESET_LIMIT_PER_IP=5)
class PasswordResetLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.boris = staff_user(username="boris", email="boris@example.com")

    def ask(self, email="boris@example.com", *, ip=HOME_IP, url=None):
        return self.client.post(url or reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)

    def test_an_address_gets_a_few_emails_an_hour_then_a_clear_refusal(self):
        for _ in range(3):
            self.assertRedirects(self.ask(), reverse("password_reset_done"))

        response = self.ask()

        self.assertEqual(response.status_code, 429)
        self.assertContains(response, str(ERROR_TOO_MANY_RESETS), status_code=429)
        self.assertContains(response, 'value="boris@example.com"', status_code=429)
        self.assertEqual(len(mail.outbox), 3)

    def test_the_limit_per_address_holds_from_any_network_address(self):
        for n in range(3):
            self.ask(ip=f"192.0.2.{n}")

        self.assertEqual(self.ask(ip=OTHER_IP).status_code, 429)

    def test_the_limit_per_address_ignores_letter_case(self):
        for _ in range(3):
            self.ask()

        self.assertEqual(self.ask("Boris@Example.COM").status_code, 429)

    def test_one_network_address_gets_a_limited_number_of_requests_for_any_emails(self):
        for n in range(5):
            self.assertEqual(self.ask(f"nobody{n}@example.com").status_code, 302)

        response = self.ask("boris@example.com")

        self.assertEqual(response.status_code, 429)
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(self.ask(ip=OTHER_IP).status_code, 302)

    def test_unknown_and_known_addresses_are_refused_alike(self):
        for _ in range(3):
            self.ask("nobody@example.com")

        self.assertEqual(self.ask("nobody@example.com").status_code, 429)

    def test_the_wagtail_admin_reset_form_shares_the_limit(self):
        for _ in range(3):
            self.ask()

        response = self.ask(url="/admin/password_reset/")

        self.assertEqual(response.status_code, 429)
        self.assertContains(response, str(ERROR_TOO_MANY_RESETS), status_code=429)
        self.assertEqual(len(mail.outbox), 3)


@override_settings(SITE_URL="https://nastavnik.example.ru")
class PasswordResetEmailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.boris = staff_user(username="boris", email="boris@example.com")

    def test_the_email_has_a_subject_a_russian_body_and_a_link_to_the_real_site(self):
        self.client.post(reverse("password_reset"), {"email": "boris@example.com"})

        (email,) = mail.outbox
        self.assertEqual(email.subject, "Наставник: сброс пароля")
        self.assertNotIn("\n", email.subject)
        self.assertIn("Здравствуйте, boris!", email.body)
        self.assertIn("https://nastavnik.example.ru/accounts/reset/", email.body)
        self.assertNotIn("testserver", email.body)
        self.assertNotIn("127.0.0.1", email.body)

    def test_the_link_in_the_email_sets_a_new_password(self):
        self.client.post(reverse("password_reset"), {"email": "boris@example.com"})

        body = mail.outbox[0].body
        link = next(line for line in body.splitlines() if line.startswith(settings.SITE_URL))
        response = self.client.get(link.removeprefix(settings.SITE_URL), follow=True)
        self.assertTrue(response.context["validlink"])

    def test_in_english_for_english_readers(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

        self.client.post(reverse("password_reset"), {"email": "boris@example.com"})

        self.assertEqual(mail.outbox[0].subject, "Nastavnik: password reset")

    def test_the_login_page_links_to_the_reset_form(self):
        response = self.client.get(reverse("login"))

        self.assertContains(response, f'href="{reverse("password_reset")}"')
        self.assertContains(response, "Забыли пароль?")


class LocalLoginOffTests(TestCase):
    """With LOCAL_LOGIN=off no password kept here signs anyone in: the login page offers no
    reset, the reset forms are not there, and with no directory either, no password form."""

    @override_settings(LOCAL_LOGIN=False)
    def test_no_reset_link_and_no_reset_forms(self):
        page = self.client.get(reverse("login"))

        self.assertNotContains(page, reverse("password_reset"))
        self.assertNotContains(page, 'name="password"')
        self.assertEqual(self.client.get(reverse("password_reset")).status_code, 404)
        self.assertEqual(self.client.get("/admin/password_reset/").status_code, 404)
        self.assertEqual(len(mail.outbox), 0)

    @override_settings(LOCAL_LOGIN=False, AUTH_LDAP_SERVER_URI="ldap://127.0.0.1:1")
    def test_the_directory_keeps_the_password_form_without_the_reset_link(self):
        page = self.client.get(reverse("login"))

        self.assertContains(page, 'name="password"')
        self.assertNotContains(page, reverse("password_reset"))

    def test_local_passwords_on_offer_both(self):
        page = self.client.get(reverse("login"))

        self.assertContains(page, 'name="password"')
        self.assertContains(page, reverse("password_reset"))
        self.assertEqual(self.client.get(reverse("password_reset")).status_code, 200)
