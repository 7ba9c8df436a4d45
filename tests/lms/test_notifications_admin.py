"""The failed email digests in the admin (``lms/notifications/admin_views.py``): administrators
only, read-only, the digests that did not go out, a fixed number of queries."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail import hooks

from lms.notifications import admin_views
from lms.notifications.models import Digest
from lms.notifications.services import MAX_ATTEMPTS
from lms.people import roles
from tests.factories import staff_user
from tests.lms.test_notifications_email import NOON

LIST_URL = "/admin/notifications/digests/failed/"
DAY = NOON.date()


def digest(user, *, day=DAY, **fields) -> Digest:
    return Digest.objects.create(user=user, day=day, **fields)


class FailedDigestFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.superuser = get_user_model().objects.create_superuser("root", password="pw")
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.learner = staff_user()
        cls.anna = staff_user(first_name="Анна", email="anna@example.com")
        cls.boris = staff_user(first_name="Борис", email="boris@example.com")
        cls.failed = digest(
            cls.anna,
            status=Digest.Status.FAILED,
            attempts=MAX_ATTEMPTS,
            last_error="SMTPRecipientsRefused('anna@example.com')",
        )
        cls.retrying = digest(
            cls.boris,
            status=Digest.Status.PENDING,
            attempts=2,
            next_attempt_at=NOON + datetime.timedelta(minutes=30),
            last_error="SMTPServerDisconnected('Connection unexpectedly closed')",
        )
        # Not listed: sent, and waiting for its first attempt.
        cls.sent = digest(cls.anna, day=DAY - datetime.timedelta(days=1), status="sent")
        cls.waiting = digest(cls.learner)

    def listed(self, response) -> list[Digest]:
        return list(response.context["page_obj"].object_list)


class FailedDigestWiringTests(TestCase):
    def test_url_and_hooks(self):
        self.assertEqual(reverse("notifications_admin:digests_failed"), LIST_URL)
        self.assertIn(admin_views.notifications_admin_urls, hooks.get_hooks("register_admin_urls"))
        self.assertIn(
            admin_views.digest_failed_menu_item, hooks.get_hooks("register_settings_menu_item")
        )


class FailedDigestPermissionTests(FailedDigestFixture):
    def test_anonymous_goes_to_admin_login(self):
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_managers_and_learners_are_turned_away(self):
        for user in (self.manager, self.learner):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(LIST_URL)
                self.assertEqual(response.status_code, 302)
                self.assertNotEqual(response["Location"], LIST_URL)

    def test_administrators_see_it(self):
        for user in (self.admin, self.superuser):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(LIST_URL)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.listed(response), [self.retrying, self.failed])

    def test_read_only(self):
        self.client.force_login(self.admin)
        self.assertEqual(self.client.post(LIST_URL).status_code, 405)
        response = self.client.get(LIST_URL)
        self.assertNotContains(response, "<form")
        self.assertEqual(Digest.objects.get(pk=self.failed.pk).status, Digest.Status.FAILED)

    def test_menu_item_shows_to_administrators_only(self):
        item = admin_views.digest_failed_menu_item()
        self.assertEqual(item.url, LIST_URL)
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


class FailedDigestListTests(FailedDigestFixture):
    def setUp(self):
        self.client.force_login(self.admin)

    def test_shows_status_attempts_and_the_last_error(self):
        response = self.client.get(LIST_URL)
        self.assertContains(response, "Анна")
        self.assertContains(response, "anna@example.com")
        self.assertContains(response, f"{MAX_ATTEMPTS} / {MAX_ATTEMPTS}")
        self.assertContains(response, f"2 / {MAX_ATTEMPTS}")
        self.assertContains(response, "SMTPRecipientsRefused")
        self.assertContains(response, "Connection unexpectedly closed")
        self.assertContains(response, 'class="digest-failed"', count=1)

    def test_nothing_failed(self):
        Digest.objects.filter(pk__in=[self.failed.pk, self.retrying.pk]).delete()
        response = self.client.get(LIST_URL)
        self.assertEqual(self.listed(response), [])

    def test_queries_do_not_grow_with_digests(self):
        self.client.get(LIST_URL)
        with CaptureQueriesContext(connection) as small:
            self.client.get(LIST_URL)
        for n in range(60):
            digest(
                staff_user(email=f"p{n}@example.com"),
                status=Digest.Status.FAILED,
                attempts=MAX_ATTEMPTS,
                last_error="SMTPDataError(554)",
            )
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(LIST_URL)
        self.assertEqual(len(self.listed(response)), admin_views.DIGESTS_PER_PAGE)
        self.assertEqual(response.context["page_obj"].paginator.count, 62)
