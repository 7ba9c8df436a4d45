"""Personal API tokens: the services, the command, and the profile page's token section."""

from io import StringIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404
from django.test import TestCase
from django.urls import reverse

from wagtail.models import APIToken

from lms.api.services import (
    ERROR_NAME_REQUIRED,
    api_token_create,
    api_token_revoke,
)
from lms.people.services import staff_member_leave
from tests.api.helpers import API, bearer
from tests.factories import staff_user


class ApiTokenCreateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()

    def test_returns_the_plaintext_and_stores_only_a_digest(self):
        token, plaintext = api_token_create(user=self.user, name="  Отчёты  ")
        self.assertEqual(token.name, "Отчёты")
        self.assertEqual(token.user, self.user)
        self.assertTrue(plaintext.startswith(token.prefix))
        stored = APIToken.objects.filter(pk=token.pk).values()[0]
        self.assertNotIn(plaintext, [str(value) for value in stored.values()])

    def test_name_is_required(self):
        with self.assertRaises(ValidationError) as caught:
            api_token_create(user=self.user, name="   ")
        self.assertEqual(caught.exception.message_dict, {"name": [str(ERROR_NAME_REQUIRED)]})
        self.assertFalse(APIToken.objects.exists())

    def test_name_length_is_limited(self):
        with self.assertRaises(ValidationError):
            api_token_create(user=self.user, name="x" * 256)
        api_token_create(user=self.user, name="x" * 255)

    def test_inactive_account_gets_none(self):
        staff_member_leave(profile=self.user.staff_profile)
        self.user.refresh_from_db()
        with self.assertRaises(PermissionDenied):
            api_token_create(user=self.user, name="Скрипт")
        self.assertFalse(APIToken.objects.exists())


class ApiTokenRevokeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.other = staff_user()

    def test_revokes_my_own_token_once(self):
        token, _plaintext = api_token_create(user=self.user, name="Скрипт")
        revoked = api_token_revoke(user=self.user, token_id=token.pk)
        self.assertIsNotNone(revoked.revoked_at)
        again = api_token_revoke(user=self.user, token_id=token.pk)
        self.assertEqual(again.revoked_at, revoked.revoked_at)

    def test_someone_elses_token_is_not_found_and_keeps_working(self):
        token, plaintext = api_token_create(user=self.other, name="Чужой")
        with self.assertRaises(Http404):
            api_token_revoke(user=self.user, token_id=token.pk)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
        self.assertEqual(
            self.client.get(f"{API}/me/plan", headers=bearer(plaintext)).status_code, 200
        )


class CreateApiTokenCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(username="anna")

    def run_command(self, *args) -> str:
        out = StringIO()
        call_command("create_api_token", *args, stdout=out)
        return out.getvalue()

    def test_prints_only_a_working_token(self):
        output = self.run_command("anna", "--name", "Выгрузка")
        plaintext = output.strip()
        self.assertEqual(output, plaintext + "\n")
        self.assertTrue(APIToken.validate_token_format(plaintext))
        self.assertEqual(APIToken.objects.get(user=self.user).name, "Выгрузка")
        response = self.client.get(f"{API}/me/plan", headers=bearer(plaintext))
        self.assertEqual(response.status_code, 200)

    def test_default_name(self):
        self.run_command("anna")
        self.assertEqual(APIToken.objects.get(user=self.user).name, "Command line")

    def test_unknown_user(self):
        with self.assertRaisesMessage(CommandError, "nobody"):
            self.run_command("nobody")
        self.assertFalse(APIToken.objects.exists())

    def test_inactive_user(self):
        staff_member_leave(profile=self.user.staff_profile)
        with self.assertRaises(CommandError):
            self.run_command("anna")
        self.assertFalse(APIToken.objects.exists())

    def test_empty_name(self):
        with self.assertRaises(CommandError):
            self.run_command("anna", "--name", " ")


class ProfileTokenViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.other = staff_user()

    def test_anonymous_is_sent_to_login(self):
        token, _plaintext = api_token_create(user=self.user, name="Скрипт")
        for url in (
            reverse("api_token_create"),
            reverse("api_token_revoke", args=[token.pk]),
        ):
            with self.subTest(url=url):
                response = self.client.post(url, {"name": "Взлом"})
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])
        self.assertEqual(APIToken.objects.filter(revoked_at__isnull=True).count(), 1)

    def test_create_shows_the_token_once(self):
        self.client.force_login(self.user)
        response = self.client.post(reverse("api_token_create"), {"name": "Отчёты"})
        self.assertEqual(response.status_code, 200)
        plaintext = response.context["plaintext"]
        self.assertContains(response, plaintext)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(
            self.client.get(f"{API}/me/plan", headers=bearer(plaintext)).status_code, 200
        )
        profile = self.client.get(reverse("profile"))
        self.assertContains(profile, "Отчёты")
        self.assertContains(profile, APIToken.objects.get(user=self.user).prefix)
        self.assertNotContains(profile, plaintext)

    def test_create_without_a_name_shows_the_error(self):
        self.client.force_login(self.user)
        response = self.client.post(reverse("api_token_create"), {"name": ""})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["token_form"].errors["name"])
        self.assertFalse(APIToken.objects.exists())

    def test_create_is_post_only(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(reverse("api_token_create")).status_code, 405)

    def test_create_needs_the_csrf_token(self):
        self.client = self.client_class(enforce_csrf_checks=True)
        self.client.force_login(self.user)
        response = self.client.post(reverse("api_token_create"), {"name": "Отчёты"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(APIToken.objects.exists())

    def test_profile_lists_only_my_working_tokens(self):
        api_token_create(user=self.user, name="Мой рабочий")
        revoked, _ = api_token_create(user=self.user, name="Мой отозванный")
        api_token_revoke(user=self.user, token_id=revoked.pk)
        api_token_create(user=self.other, name="Чужой")
        self.client.force_login(self.user)
        response = self.client.get(reverse("profile"))
        self.assertContains(response, "Мой рабочий")
        self.assertNotContains(response, "Мой отозванный")
        self.assertNotContains(response, "Чужой")

    def test_revoke_my_token(self):
        token, plaintext = api_token_create(user=self.user, name="Скрипт")
        self.client.force_login(self.user)
        response = self.client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)
        self.assertRedirects(response, reverse("profile"))
        self.assertContains(response, "Скрипт")  # the confirmation names it
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.client.logout()
        self.assertEqual(
            self.client.get(f"{API}/me/plan", headers=bearer(plaintext)).status_code, 401
        )

    def test_revoking_someone_elses_token_is_404(self):
        token, _plaintext = api_token_create(user=self.other, name="Чужой")
        self.client.force_login(self.user)
        response = self.client.post(reverse("api_token_revoke", args=[token.pk]))
        self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)

    def test_revoke_is_post_only(self):
        token, _plaintext = api_token_create(user=self.user, name="Скрипт")
        self.client.force_login(self.user)
        self.assertEqual(
            self.client.get(reverse("api_token_revoke", args=[token.pk])).status_code, 405
        )
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
