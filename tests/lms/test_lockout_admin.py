"""Sign-in lockouts in the Wagtail admin (``lms/people/admin_views.py``): administrators see who
is locked out from where and lift a lockout; nobody else can."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail import hooks

from axes.models import AccessAttempt

from lms.people import admin_views, roles
from tests.factories import PASSWORD, staff_user
from tests.lms.test_signin_lockout import (
    ADMIN_LOGIN,
    HOME_IP,
    OTHER_IP,
    SITE_LOGIN,
    LoginAttempts,
)

User = get_user_model()
LOCKOUTS_URL = "/admin/sign-in-lockouts/"
RELEASE_URL = "/admin/sign-in-lockouts/release/"


def attempt(*, username, ip, failures, minutes_ago=1, user_agent="Firefox"):
    row = AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent=user_agent,
        failures_since_start=failures,
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info=SITE_LOGIN,
    )
    AccessAttempt.objects.filter(pk=row.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return row


class LockoutAdminTests(LoginAttempts, TestCase):
    """/admin/sign-in-lockouts/: the current lockouts, and a button that lifts one."""

    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS], username="admin1")
        cls.superuser = User.objects.create_superuser("root", password=PASSWORD)
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.learner = staff_user()

    def setUp(self):
        limit = settings.AXES_FAILURE_LIMIT
        # Locked: anna at home, over two browsers (failures add up across user agents).
        attempt(username="anna", ip=HOME_IP, failures=limit - 2, user_agent="Firefox")
        attempt(username="anna", ip=HOME_IP, failures=2, user_agent="Chrome")
        # Not locked: too few failures; long ago (the cool-off has passed).
        attempt(username="boris", ip=HOME_IP, failures=limit - 1)
        attempt(username="vera", ip=OTHER_IP, failures=limit, minutes_ago=60 * 24)

    def listed(self, response):
        return [(row.username, row.ip_address) for row in response.context["lockouts"]]

    def test_wiring(self):
        self.assertEqual(reverse("people_admin:lockouts"), LOCKOUTS_URL)
        self.assertEqual(reverse("people_admin:lockout_release"), RELEASE_URL)
        self.assertIn(admin_views.people_admin_urls, hooks.get_hooks("register_admin_urls"))
        self.assertIn(
            admin_views.lockouts_menu_item, hooks.get_hooks("register_settings_menu_item")
        )

    def test_anonymous_goes_to_the_admin_login(self):
        for url in (LOCKOUTS_URL, RELEASE_URL):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(ADMIN_LOGIN, response["Location"])

    def test_learners_and_managers_are_turned_away_and_cannot_unlock(self):
        for user in (self.learner, self.manager):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(LOCKOUTS_URL)
                self.assertIn(response.status_code, (302, 403))
                self.assertNotEqual(response.get("Location"), LOCKOUTS_URL)
                response = self.client.post(RELEASE_URL, {"username": "anna", "ip": HOME_IP})
                self.assertIn(response.status_code, (302, 403))
                self.assertEqual(AccessAttempt.objects.filter(username="anna").count(), 2)

    def test_administrators_see_the_current_lockouts_only(self):
        for user in (self.admin, self.superuser):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(LOCKOUTS_URL)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.listed(response), [("anna", HOME_IP)])
                self.assertContains(response, HOME_IP)
                self.assertNotContains(response, "vera")

    def test_an_administrator_unlocks_and_the_person_signs_in(self):
        self.assertEqual(self.post_login(SITE_LOGIN).status_code, 429)
        self.client.logout()
        self.client.force_login(self.admin)

        response = self.client.post(RELEASE_URL, {"username": "anna", "ip": HOME_IP})

        self.assertRedirects(response, LOCKOUTS_URL)
        self.assertFalse(AccessAttempt.objects.filter(username="anna").exists())
        # Only that lockout: the others' records are untouched.
        self.assertTrue(AccessAttempt.objects.filter(username="boris").exists())
        self.client.logout()
        self.assertEqual(self.post_login(SITE_LOGIN).status_code, 302)
        self.assertSignedIn()

    def test_unlocking_needs_a_post_with_both_the_person_and_the_address(self):
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(RELEASE_URL).status_code, 405)
        for data in ({"username": "anna"}, {"ip": HOME_IP}, {"username": "anna", "ip": "x"}):
            with self.subTest(data=data):
                response = self.client.post(RELEASE_URL, data, follow=True)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(AccessAttempt.objects.filter(username="anna").count(), 2)

    def test_menu_item_shows_to_administrators_only(self):
        item = admin_views.lockouts_menu_item()
        for user, shown in (
            (self.admin, True),
            (self.superuser, True),
            (self.manager, False),
            (self.learner, False),
        ):
            with self.subTest(user=user.username):
                request = RequestFactory().get("/admin/")
                request.user = user
                self.assertIs(item.is_shown(request), shown)

    def test_queries_do_not_grow_with_lockouts(self):
        self.client.force_login(self.admin)
        self.client.get(LOCKOUTS_URL)
        with CaptureQueriesContext(connection) as few:
            self.client.get(LOCKOUTS_URL)
        for n in range(20):
            attempt(username=f"user{n}", ip=OTHER_IP, failures=settings.AXES_FAILURE_LIMIT)
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(LOCKOUTS_URL)
        self.assertEqual(len(response.context["lockouts"]), 21)
