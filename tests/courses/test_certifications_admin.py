"""The managers' certification listing in the admin (``courses/admin_views.py``): who gets in,
whom each sees, the filters, the order, and a fixed number of queries."""

import datetime

from django.conf import settings
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail import hooks

from courses import admin_views
from courses.models import Assignment, RefresherPolicy
from courses.selectors import CertificationState
from lms.people import roles
from lms.people.models import StaffProfile
from tests.courses.factories import course_create
from tests.factories import TeamFactory, staff_user

LIST_URL = "/admin/courses/certifications/"
S = CertificationState


def completed(user, course, days_ago: int) -> Assignment:
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return Assignment.objects.create(
        user=user,
        course=course,
        source=Assignment.Source.MANUAL,
        status=Assignment.Status.COMPLETED,
        assigned_at=at - datetime.timedelta(days=1),
        completed_at=at,
    )


class CertificationAdminFixture(TestCase):
    """A manager of the sales team and a colleague's support team; two policies for everyone.

    Under "Стандарты" (every 90 days, expiring soon 14 days before): Анна valid, Борис expiring
    soon with a refresher due, Вера (sales, left) expired, Глеб (support) expired, Дарья (sales)
    never completed. Under "Тарифы" nobody has completed."""

    @classmethod
    def setUpTestData(cls):
        cls.sales = TeamFactory(name="Продажи")
        cls.support = TeamFactory(name="Поддержка")
        cls.manager = staff_user(roles=[roles.MANAGERS], first_name="Мария")
        cls.sales.managers.add(cls.manager)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS], first_name="Админ")
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.anna = staff_user(first_name="Анна", team=cls.sales)
        cls.boris = staff_user(first_name="Борис", team=cls.sales)
        cls.darya = staff_user(first_name="Дарья", team=cls.sales)
        cls.vera = staff_user(first_name="Вера", team=cls.sales, status=StaffProfile.Status.LEFT)
        cls.gleb = staff_user(first_name="Глеб", team=cls.support)
        cls.standards = course_create(title="Стандарты", lessons=1)
        cls.tariffs = course_create(title="Тарифы", lessons=1)
        cls.standards_policy = RefresherPolicy.objects.create(
            title="Стандарты раз в квартал", course=cls.standards, every_days=90, due_days=14
        )
        cls.tariffs_policy = RefresherPolicy.objects.create(
            title="Тарифы раз в квартал", course=cls.tariffs, every_days=90, due_days=14
        )
        completed(cls.anna, cls.standards, days_ago=10)
        completed(cls.boris, cls.standards, days_ago=85)
        cls.boris_due = timezone.now() + datetime.timedelta(days=5)
        Assignment.objects.create(
            user=cls.boris,
            course=cls.standards,
            source=Assignment.Source.REFRESHER,
            due_at=cls.boris_due,
        )
        completed(cls.vera, cls.standards, days_ago=100)
        completed(cls.gleb, cls.standards, days_ago=100)

    def rows(self, response) -> list[tuple[str, str, str]]:
        return [
            (row.profile.user.first_name, row.certification.policy.title, row.certification.state)
            for row in response.context["page_obj"].object_list
        ]


class CertificationAdminWiringTests(TestCase):
    def test_url_and_menu_hook(self):
        self.assertEqual(reverse("courses_admin:certifications"), LIST_URL)
        self.assertIn(
            admin_views.certification_menu_item, hooks.get_hooks("register_admin_menu_item")
        )


class CertificationAdminPermissionTests(CertificationAdminFixture):
    def test_anonymous_goes_to_admin_login(self):
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_plain_staff_and_authors_are_turned_away(self):
        for user in (self.anna, self.author):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(LIST_URL)
                self.assertEqual(response.status_code, 302)
                self.assertNotEqual(response["Location"], LIST_URL)

    def test_manager_sees_only_their_people(self):
        self.client.force_login(self.manager)
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 200)
        people = {name for name, _policy, _state in self.rows(response)}
        self.assertEqual(people, {"Анна", "Борис", "Дарья"})
        self.assertNotContains(response, "Глеб")
        self.assertNotContains(response, "Вера")

    def test_administrator_sees_everyone_who_has_not_left(self):
        self.client.force_login(self.admin)
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 200)
        people = {name for name, _policy, _state in self.rows(response)}
        self.assertLessEqual({"Анна", "Борис", "Дарья", "Глеб", "Мария"}, people)
        self.assertNotIn("Вера", people)

    def test_menu_item_shows_to_managers_and_administrators_only(self):
        item = admin_views.certification_menu_item()
        self.assertEqual(item.url, LIST_URL)
        for user, shown in (
            (self.manager, True),
            (self.admin, True),
            (self.author, False),
            (self.anna, False),
        ):
            with self.subTest(user=user.username):
                request = RequestFactory().get("/admin/")
                request.user = user
                self.assertIs(item.is_shown(request), shown)


class CertificationListViewTests(CertificationAdminFixture):
    def setUp(self):
        self.client.force_login(self.manager)

    def test_urgent_first_then_by_name_and_states_in_words(self):
        response = self.client.get(LIST_URL)
        standards, tariffs = self.standards_policy.title, self.tariffs_policy.title
        self.assertEqual(
            self.rows(response),
            [
                ("Анна", tariffs, S.NOT_CERTIFIED),
                ("Борис", tariffs, S.NOT_CERTIFIED),
                ("Дарья", standards, S.NOT_CERTIFIED),
                ("Дарья", tariffs, S.NOT_CERTIFIED),
                ("Борис", standards, S.EXPIRING_SOON),
                ("Анна", standards, S.VALID),
            ],
        )
        with translation.override(settings.LANGUAGE_CODE):
            for state in (S.NOT_CERTIFIED, S.EXPIRING_SOON, S.VALID):
                self.assertContains(response, str(S.LABELS[state]))
        # The refresher's due date is shown beside Boris's expiring certification.
        boris = next(
            row
            for row in response.context["page_obj"].object_list
            if row.profile.user == self.boris and row.certification.policy == self.standards_policy
        )
        self.assertEqual(boris.certification.open_due_at, self.boris_due)
        self.assertContains(response, timezone.localtime(self.boris_due).strftime("%d.%m.%Y"))

    def test_expired_comes_before_everything(self):
        self.client.force_login(self.admin)
        rows = self.rows(self.client.get(LIST_URL))
        self.assertEqual(rows[0], ("Глеб", self.standards_policy.title, S.EXPIRED))

    def test_filters_narrow_and_keep_their_values(self):
        standards = self.standards_policy
        for params, expected in [
            ({"policy": standards.pk}, {("Анна", S.VALID), ("Борис", S.EXPIRING_SOON),
                                        ("Дарья", S.NOT_CERTIFIED)}),
            ({"state": S.VALID}, {("Анна", S.VALID)}),
            ({"policy": standards.pk, "state": S.NOT_CERTIFIED}, {("Дарья", S.NOT_CERTIFIED)}),
            ({"team": self.sales.pk, "state": S.EXPIRING_SOON}, {("Борис", S.EXPIRING_SOON)}),
            ({"state": S.EXPIRED}, set()),
        ]:  # fmt: skip
            with self.subTest(params=params):
                response = self.client.get(LIST_URL, params)
                found = {(name, state) for name, _policy, state in self.rows(response)}
                self.assertEqual(found, expected)
                form = response.context["filters"]
                for name, value in params.items():
                    self.assertEqual(form[name].value(), str(value))

    def test_a_team_the_manager_does_not_manage_is_not_offered(self):
        response = self.client.get(LIST_URL, {"team": self.support.pk})
        self.assertEqual(list(response.context["filters"].fields["team"].queryset), [self.sales])
        self.assertFalse(response.context["filters"].is_valid())
        self.assertNotContains(response, "Глеб")

    def test_queries_do_not_grow_with_people(self):
        """Two people, then thirty: the same queries."""
        warehouse = TeamFactory(name="Склад")
        manager = staff_user(roles=[roles.MANAGERS])
        warehouse.managers.add(manager)
        self.client.force_login(manager)

        def add_people(count, start):
            for n in range(start, start + count):
                user = staff_user(first_name=f"Сотрудник{n:02}", team=warehouse)
                if n % 2:
                    completed(user, self.standards, days_ago=n)

        add_people(2, 0)
        self.client.get(LIST_URL)
        with CaptureQueriesContext(connection) as small:
            response = self.client.get(LIST_URL)
        self.assertEqual(len(self.rows(response)), 2 * 2)
        add_people(28, 2)
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(LIST_URL)
        self.assertEqual(response.context["page_obj"].paginator.count, 30 * 2)
        self.assertEqual(len(self.rows(response)), admin_views.CERTIFICATIONS_PER_PAGE)
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(LIST_URL, {"p": 2})
        self.assertEqual(len(self.rows(response)), 60 - admin_views.CERTIFICATIONS_PER_PAGE)
