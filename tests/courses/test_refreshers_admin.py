"""Refresher policies in the Wagtail admin: who may keep them, and the form's rules."""

from django.test import TestCase
from django.urls import reverse

from courses.models import RefresherPolicy
from courses.models.refreshers import ERROR_NOBODY_SELECTED, ERROR_WINDOW_TOO_LONG
from lms.people import roles
from tests.courses.factories import course_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user

LIST = "wagtailsnippets_courses_refresherpolicy:list"
ADD = "wagtailsnippets_courses_refresherpolicy:add"
EDIT = "wagtailsnippets_courses_refresherpolicy:edit"
DELETE = "wagtailsnippets_courses_refresherpolicy:delete"


class RefresherPolicyAdminFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1, title="Стандарты")
        cls.team = TeamFactory(name="Контакт-центр")
        cls.role = JobRoleFactory(name="Оператор")
        cls.policy = RefresherPolicy.objects.create(
            title="Стандарты раз в полгода", course=cls.course, every_days=180, due_days=30
        )
        cls.learner = staff_user()
        cls.mentor = staff_user(roles=[roles.MENTORS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])

    def form_data(self, **changes):
        data = {
            "title": "Продукты раз в квартал",
            "course": self.course.pk,
            "audience": "selected",
            "teams": [self.team.pk],
            "every_days": 90,
            "due_days": 14,
            "expiring_soon_days": 14,
            "active": "on",
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}


class RefresherPolicyAdminPermissionTests(RefresherPolicyAdminFixture):
    def urls(self):
        return [
            reverse(LIST),
            reverse(ADD),
            reverse(EDIT, args=[self.policy.pk]),
            reverse(DELETE, args=[self.policy.pk]),
        ]

    def test_anonymous_goes_to_the_admin_login(self):
        for url in self.urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])

    def test_learners_mentors_and_authors_are_turned_away(self):
        for user in (self.learner, self.mentor, self.author):
            self.client.force_login(user)
            for url in self.urls():
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 302)
                    self.assertNotEqual(response["Location"], url)
            response = self.client.post(reverse(ADD), self.form_data())
            self.assertEqual(response.status_code, 302)
        self.assertEqual(RefresherPolicy.objects.count(), 1)

    def test_content_leads_managers_and_administrators_keep_them(self):
        for user in (self.lead, self.manager, self.admin):
            self.client.force_login(user)
            for url in self.urls():
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)
            title = f"Продукты ({user.username})"
            response = self.client.post(reverse(ADD), self.form_data(title=title))
            self.assertEqual(response.status_code, 302, user.username)
            created = RefresherPolicy.objects.get(title=title)
            self.assertEqual(list(created.teams.all()), [self.team])
            self.assertEqual(created.audience, RefresherPolicy.Audience.SELECTED)

    def test_listed_in_the_admin_menu_for_them(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, reverse(LIST))
        self.client.force_login(self.author)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(response, reverse(LIST))


class RefresherPolicyFormTests(RefresherPolicyAdminFixture):
    def setUp(self):
        self.client.force_login(self.manager)

    def test_chosen_audience_needs_a_job_role_or_a_team(self):
        response = self.client.post(reverse(ADD), self.form_data(teams=None))

        self.assertEqual(response.status_code, 200)
        self.assertFormError(response.context["form"], "audience", [str(ERROR_NOBODY_SELECTED)])
        self.assertFalse(RefresherPolicy.objects.filter(title="Продукты раз в квартал").exists())

    def test_a_job_role_alone_is_enough(self):
        response = self.client.post(
            reverse(ADD), self.form_data(teams=None, job_roles=[self.role.pk])
        )
        self.assertEqual(response.status_code, 302)

    def test_everyone_needs_nothing_chosen(self):
        response = self.client.post(reverse(ADD), self.form_data(teams=None, audience="everyone"))
        self.assertEqual(response.status_code, 302)

    def test_the_time_to_complete_must_fit_in_the_interval(self):
        response = self.client.post(reverse(ADD), self.form_data(due_days=90))

        self.assertEqual(response.status_code, 200)
        self.assertFormError(response.context["form"], "due_days", [str(ERROR_WINDOW_TOO_LONG)])
