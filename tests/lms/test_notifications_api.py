"""``GET /api/v1/me/notifications``: the inbox as JSON, newest first, one's own only."""

import datetime

from django.test import TestCase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import Kind, register
from lms.notifications.models import Notification
from lms.notifications.services import (
    notification_read,
    notification_send,
    notification_settings_save,
)
from tests.api.helpers import API, bearer, count_queries, token_for
from tests.factories import staff_user

URL = f"{API}/me/notifications"
TIP = register(Kind(key="tests.api_tip", label=_("A tip"), title=_("Tip: %(topic)s")))
TASK = register(
    Kind(key="tests.api_task", label=_("A task"), title=_("Task: %(topic)s"), mandatory=True)
)
# Session and user (2), the page (1), the unread count (1).
INBOX_QUERIES = 4


def notify(user, topic, *, kind=TIP, minutes_ago=0, url=""):
    notification = notification_send(
        recipient=user, kind=kind.key, event=topic, params={"topic": topic}, url=url
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return notification


class InboxApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")
        cls.boris = staff_user(username="boris")
        cls.old = notify(cls.anna, "старое", minutes_ago=60, url="/learning/")
        cls.new = notify(cls.anna, "новое", kind=TASK, minutes_ago=1)
        notify(cls.boris, "чужое")

    def setUp(self):
        self.client.force_login(self.anna)

    def test_anonymous_gets_401(self):
        self.client.logout()

        response = self.client.get(URL)

        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_a_bad_token_is_anonymous(self):
        self.client.logout()

        response = self.client.get(URL, headers=bearer("not-a-token"))

        self.assertEqual(response.status_code, 401)

    def test_shape_newest_first_own_only(self):
        notification_read(notification=self.old, reader=self.anna)

        response = self.client.get(URL, headers={"Accept-Language": "en"})

        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(set(data), {"notifications", "unread_count", "next_offset"})
        self.assertEqual(data["unread_count"], 1)
        self.assertIsNone(data["next_offset"])
        first, second = data["notifications"]
        self.assertEqual(
            first,
            {
                "id": self.new.pk,
                "kind": "tests.api_task",
                "title": first["title"],
                "url": "",
                "created_at": first["created_at"],
                "read": False,
            },
        )
        self.assertIn("новое", first["title"])
        # Times travel with milliseconds.
        created_at = Notification.objects.get(pk=self.new.pk).created_at
        self.assertEqual(
            datetime.datetime.fromisoformat(first["created_at"]),
            created_at.replace(microsecond=created_at.microsecond // 1000 * 1000),
        )
        self.assertEqual(
            (second["id"], second["url"], second["read"]), (self.old.pk, "/learning/", True)
        )

    def test_a_token_reads_its_owners_inbox(self):
        self.client.logout()

        response = self.client.get(URL, headers=bearer(token_for(self.boris)))

        titles = [n["title"] for n in response.json()["notifications"]]
        self.assertEqual(len(titles), 1)
        self.assertIn("чужое", titles[0])

    def test_pages(self):
        for n in range(5):
            notify(self.anna, f"n{n}", minutes_ago=30 - n)

        first = self.client.get(URL, {"limit": 4}).json()
        second = self.client.get(URL, {"limit": 4, "offset": first["next_offset"]}).json()

        self.assertEqual(first["next_offset"], 4)
        self.assertIsNone(second["next_offset"])
        ids = [n["id"] for n in first["notifications"] + second["notifications"]]
        self.assertEqual(
            ids, list(Notification.objects.filter(recipient=self.anna).values_list("pk", flat=True))
        )
        self.assertEqual(len(ids), 7)
        self.assertEqual(first["unread_count"], 7)

    def test_bad_page_parameters_are_422(self):
        for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "x"}):
            with self.subTest(**params):
                self.assertEqual(self.client.get(URL, params).status_code, 422)

    def test_muted_kinds_are_listed_but_not_counted(self):
        notification_settings_save(user=self.anna, muted=[TIP.key])

        data = self.client.get(URL).json()

        self.assertEqual(len(data["notifications"]), 2)
        self.assertEqual(data["unread_count"], 1)

    def test_queries_do_not_grow_with_notifications(self):
        small = count_queries(lambda: self.client.get(URL, {"limit": 100}))
        for n in range(48):
            notify(self.anna, f"many{n}")
        self.assertEqual(Notification.objects.filter(recipient=self.anna).count(), 50)

        self.assertEqual(count_queries(lambda: self.client.get(URL, {"limit": 100})), small)
        self.assertEqual(small, INBOX_QUERIES)
