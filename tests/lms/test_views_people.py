"""Accounts and people screens: login, profile, password change and reset, language, and the
staff admin where managers record that someone left."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data

from lms.people import roles
from lms.people.models import StaffProfile
from tests.factories import PASSWORD, JobRoleFactory, TeamFactory, staff_user

User = get_user_model()


class LoginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(username="anna")

    def test_login_page_renders_in_russian_by_default(self):
        response = self.client.get(reverse("login"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'lang="ru"')

    def test_good_password_logs_in_and_returns_to_next(self):
        response = self.client.post(
            reverse("login"), {"username": "anna", "password": PASSWORD, "next": "/knowledge/"}
        )
        self.assertRedirects(response, "/knowledge/", fetch_redirect_response=False)

    def test_bad_password_keeps_the_username_and_says_why(self):
        response = self.client.post(reverse("login"), {"username": "anna", "password": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="anna"')
        self.assertTrue(response.context["form"].non_field_errors())

    def test_logout_is_a_post(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.post(reverse("logout")).status_code, 302)
        response = self.client.get(reverse("profile"))
        self.assertEqual(response.status_code, 302)


class ProfileViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Контакт-центр")
        cls.role = JobRoleFactory(name="Оператор контакт-центра")
        cls.user = staff_user(team=cls.team, job_role=cls.role, roles=[roles.MENTORS])
        cls.other = staff_user(team=TeamFactory(name="Чужая команда"))

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(reverse("profile"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_shows_only_the_signed_in_persons_own_profile(self):
        self.client.force_login(self.user)
        response = self.client.get(reverse("profile"))
        self.assertContains(response, "Контакт-центр")
        self.assertContains(response, "Оператор контакт-центра")
        self.assertNotContains(response, "Чужая команда")

    def test_account_without_profile_still_works(self):
        bare = User.objects.create_user("bare", password=PASSWORD)
        self.client.force_login(bare)
        self.assertEqual(self.client.get(reverse("profile")).status_code, 200)


class PasswordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(username="boris", email="boris@example.com")

    def test_change_needs_login_and_works(self):
        url = reverse("password_change")
        self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(self.user)
        response = self.client.post(
            url,
            {
                "old_password": PASSWORD,
                "new_password1": "Nov-pароль-42",
                "new_password2": "Nov-pароль-42",
            },
        )
        self.assertRedirects(response, reverse("password_change_done"))
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("Nov-pароль-42"))

    def test_reset_sends_a_link_that_sets_a_new_password(self):
        response = self.client.post(reverse("password_reset"), {"email": "boris@example.com"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Здравствуйте, boris!", mail.outbox[0].body)  # Russian by default
        link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
        path = link[link.index("/accounts/reset/") :]
        response = self.client.get(path, follow=True)
        self.assertTrue(response.context["validlink"])
        response = self.client.post(
            response.redirect_chain[-1][0],
            {"new_password1": "Svezhij-42-pass", "new_password2": "Svezhij-42-pass"},
        )
        self.assertRedirects(response, reverse("password_reset_complete"))
        self.assertTrue(self.client.login(username="boris", password="Svezhij-42-pass"))

    def test_reset_for_unknown_email_sends_nothing_but_looks_the_same(self):
        response = self.client.post(reverse("password_reset"), {"email": "nobody@example.com"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 0)


class LanguageSwitchTests(TestCase):
    def test_russian_even_when_the_browser_asks_for_english(self):
        response = self.client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
        self.assertContains(response, 'lang="ru"')
        self.assertContains(response, "Войти")

    def test_switching_to_english_changes_the_interface(self):
        user = staff_user()
        self.client.force_login(user)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/accounts/profile/"})
        response = self.client.get(reverse("profile"))
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "Change password")
        self.client.post(reverse("set_language"), {"language": "ru", "next": "/accounts/profile/"})
        response = self.client.get(reverse("profile"))
        self.assertContains(response, 'lang="ru"')
        self.assertContains(response, "Сменить пароль")


class StaffAdminTests(TestCase):
    """Managers keep staff records in the admin; marking someone as left locks them out."""

    @classmethod
    def setUpTestData(cls):
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.learner = staff_user()
        cls.leaver = staff_user(username="leaver")

    def edit_url(self):
        return reverse(
            "wagtailsnippets_people_staffprofile:edit", args=[self.leaver.staff_profile.pk]
        )

    def test_matrix(self):
        listing = reverse("wagtailsnippets_people_staffprofile:list")
        for user, expected in (
            (None, 302),
            (self.learner, 302),
            (self.author, 302),
            (self.manager, 200),
        ):
            with self.subTest(user=getattr(user, "username", "anonymous")):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                self.assertEqual(self.client.get(listing).status_code, expected)
                self.assertEqual(self.client.get(self.edit_url()).status_code, expected)

    def test_marking_as_left_in_the_admin_locks_the_account_at_once(self):
        leaver_client = self.client_class()
        leaver_client.force_login(self.leaver)
        self.assertEqual(leaver_client.get(reverse("profile")).status_code, 200)

        self.client.force_login(self.manager)
        profile = self.leaver.staff_profile
        response = self.client.post(
            self.edit_url(),
            nested_form_data(
                {
                    "user": profile.user_id,
                    "team": "",
                    "job_role": "",
                    "line_manager": "",
                    "hire_date": profile.hire_date.isoformat(),
                    "status": StaffProfile.Status.LEFT,
                    "left_on": "",
                }
            ),
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        profile.refresh_from_db()
        self.assertEqual(profile.status, StaffProfile.Status.LEFT)
        self.assertIsNotNone(profile.left_on)
        self.assertFalse(User.objects.get(pk=self.leaver.pk).is_active)
        # The open session is dead on its very next request, and logging in again fails.
        self.assertEqual(leaver_client.get(reverse("profile")).status_code, 302)
        self.assertFalse(leaver_client.login(username="leaver", password=PASSWORD))
