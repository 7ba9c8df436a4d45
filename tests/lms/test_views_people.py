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
    """Managers keep the staff records of their own teams in the admin; marking someone as left
    locks them out; nobody else's records are visible or editable."""

    @classmethod
    def setUpTestData(cls):
        cls.manager = staff_user(roles=[roles.MANAGERS], username="boss")
        cls.team = TeamFactory(name="Контакт-центр")
        cls.team.managers.add(cls.manager)
        cls.other_team = TeamFactory(name="Офис продаж")
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.learner = staff_user(team=cls.team)
        cls.leaver = staff_user(username="leaver", team=cls.team)
        cls.outsider = staff_user(username="outsider", team=cls.other_team)
        cls.report = staff_user(username="report", team=cls.other_team, line_manager=cls.manager)
        cls.root = User.objects.create_superuser("root", password=PASSWORD)
        cls.root_profile = StaffProfile.objects.create(
            user=cls.root, team=cls.team, hire_date="2020-01-01"
        )
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])

    def edit_url(self, user):
        return reverse("wagtailsnippets_people_staffprofile:edit", args=[user.staff_profile.pk])

    def form(self, profile, **changes):
        data = {
            "user": profile.user_id,
            "employee_id": profile.employee_id or "",
            "middle_name": profile.middle_name,
            "team": profile.team_id or "",
            "job_role": profile.job_role_id or "",
            "line_manager": profile.line_manager_id or "",
            "hire_date": str(profile.hire_date),
            "status": profile.status,
            "left_on": "",
        }
        data.update(changes)
        return nested_form_data(data)

    def test_matrix(self):
        listing = reverse("wagtailsnippets_people_staffprofile:list")
        cases = [
            (None, 302),
            (self.learner, 302),
            (self.author, 302),
            (self.manager, 200),
            (self.admin, 200),
        ]
        for user, expected in cases:
            with self.subTest(user=getattr(user, "username", "anonymous")):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                self.assertEqual(self.client.get(listing).status_code, expected)
                self.assertEqual(self.client.get(self.edit_url(self.leaver)).status_code, expected)

    def test_manager_lists_only_own_team_and_direct_reports(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("wagtailsnippets_people_staffprofile:list"))
        listed = {row.user.username for row in response.context["object_list"]}
        self.assertEqual(listed, {self.learner.username, "leaver", "report"})

    def test_admin_lists_everyone(self):
        self.client.force_login(self.admin)
        response = self.client.get(reverse("wagtailsnippets_people_staffprofile:list"))
        listed = {row.user.username for row in response.context["object_list"]}
        self.assertTrue({"outsider", "root", "leaver", "boss"} <= listed)

    def test_manager_cannot_open_or_change_records_outside_their_scope(self):
        self.client.force_login(self.manager)
        for target in (self.outsider, self.root, self.manager):
            with self.subTest(target=target.username):
                response = self.client.get(self.edit_url(target))
                # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
                self.assertIn(response.status_code, (302, 403))
                self.assertNotIn("form", response.context or {})
                self.client.post(
                    self.edit_url(target),
                    self.form(target.staff_profile, status=StaffProfile.Status.LEFT),
                )
                target.refresh_from_db()
                self.assertTrue(target.is_active)
                self.assertNotEqual(target.staff_profile.status, StaffProfile.Status.LEFT)

    def test_marking_as_left_in_the_admin_locks_the_account_at_once(self):
        leaver_client = self.client_class()
        leaver_client.force_login(self.leaver)
        self.assertEqual(leaver_client.get(reverse("profile")).status_code, 200)

        self.client.force_login(self.manager)
        profile = self.leaver.staff_profile
        response = self.client.post(
            self.edit_url(self.leaver), self.form(profile, status=StaffProfile.Status.LEFT)
        )
        self.assertEqual(response.status_code, 302)
        profile.refresh_from_db()
        self.assertEqual(profile.status, StaffProfile.Status.LEFT)
        self.assertIsNotNone(profile.left_on)
        self.assertFalse(User.objects.get(pk=self.leaver.pk).is_active)
        # The open session is dead on its very next request, and logging in again fails.
        self.assertEqual(leaver_client.get(reverse("profile")).status_code, 302)
        self.assertFalse(leaver_client.login(username="leaver", password=PASSWORD))

    def test_the_employee_id_and_middle_name_are_kept_in_the_admin(self):
        self.client.force_login(self.manager)
        profile = self.learner.staff_profile
        response = self.client.post(
            self.edit_url(self.learner),
            self.form(profile, employee_id="T-0042", middle_name="Петровна"),
        )
        self.assertEqual(response.status_code, 302)
        profile.refresh_from_db()
        self.assertEqual((profile.employee_id, profile.middle_name), ("T-0042", "Петровна"))
        # Emptied, the ID is no ID (not an empty string two records could share).
        self.client.post(self.edit_url(self.learner), self.form(profile, employee_id=""))
        profile.refresh_from_db()
        self.assertIsNone(profile.employee_id)

    def test_an_employee_id_someone_has_is_refused_on_the_form(self):
        StaffProfile.objects.filter(user=self.outsider).update(employee_id="T-1")
        self.client.force_login(self.manager)
        profile = self.learner.staff_profile
        response = self.client.post(
            self.edit_url(self.learner), self.form(profile, employee_id="T-1", middle_name="Ия")
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("employee_id", response.context["form"].errors)
        self.assertContains(response, 'value="Ия"')
        profile.refresh_from_db()
        self.assertIsNone(profile.employee_id)

    def test_adding_a_record_is_hiring_the_person_on_one_form(self):
        # The manager's "add" leads to «Принять сотрудника» (see tests/lms/test_hire.py).
        self.client.force_login(self.manager)
        response = self.client.get(reverse("wagtailsnippets_people_staffprofile:add"))
        self.assertRedirects(response, reverse("people_admin:hire"), fetch_redirect_response=False)
