"""In-app notifications: sent once per event, the inbox, and the links in the navigation."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import OuterRef
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lms.core.navigation import count_of, links_for
from lms.notifications.kinds import Kind, register
from lms.notifications.models import Notification
from lms.notifications.services import (
    notification_read,
    notification_send,
    notifications_read_all,
    notifications_send_bulk,
)
from lms.people import roles
from tests.factories import PASSWORD, TeamFactory, staff_user
from tests.mentoring.factories import mentor_create, pairing_make, session_make

NOTE = register(
    Kind(key="tests.note", label=_("A note"), title=_("Note about %(topic)s"), mandatory=False)
)


def send(user, event="e1", **fields):
    fields.setdefault("params", {"topic": "тарифы"})
    return notification_send(recipient=user, kind=NOTE.key, event=event, **fields)


class NotificationSendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(username="reader")

    def test_the_same_event_is_sent_once(self):
        first = send(self.user)
        second = send(self.user, params={"topic": "другое"})

        self.assertEqual(first.pk, second.pk)
        self.assertEqual(Notification.objects.count(), 1)
        self.assertEqual(Notification.objects.get().params, {"topic": "тарифы"})

    def test_other_events_and_other_people_are_separate(self):
        other = staff_user(username="other")
        send(self.user, "e1")
        send(self.user, "e2")
        send(other, "e1")

        self.assertEqual(Notification.objects.count(), 3)

    def test_an_unknown_kind_is_a_programming_error(self):
        with self.assertRaises(ImproperlyConfigured):
            notification_send(recipient=self.user, kind="nope", event="x")

    def test_an_inactive_account_gets_nothing(self):
        self.user.is_active = False
        self.user.save()

        self.assertIsNone(send(self.user))
        self.assertFalse(Notification.objects.exists())

    def test_the_title_follows_the_readers_language(self):
        notification = send(self.user)

        with translation.override("en"):
            self.assertEqual(notification.title, "Note about тарифы")
        self.assertFalse(notification.mandatory)

    def test_details_missing_from_the_wording_fall_back_to_the_label(self):
        notification = send(self.user, params={})

        with translation.override("en"):
            self.assertEqual(notification.title, "A note")

    def test_reading(self):
        first = send(self.user, "e1")
        send(self.user, "e2")
        notification_read(notification=first, reader=self.user)
        read_at = Notification.objects.get(pk=first.pk).read_at
        self.assertIsNotNone(read_at)
        notification_read(notification=first, reader=self.user)
        self.assertEqual(Notification.objects.get(pk=first.pk).read_at, read_at)

        self.assertEqual(notifications_read_all(reader=self.user), 1)
        self.assertFalse(Notification.objects.filter(read_at__isnull=True).exists())


class InboxViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(username="reader")
        cls.other = staff_user(username="other")

    def setUp(self):
        self.client.login(username="reader", password=PASSWORD)

    def test_anonymous_people_are_sent_to_log_in(self):
        self.client.logout()
        notification = send(self.user, url="/courses/")
        for url, method in [
            (reverse("notifications:inbox"), "get"),
            (reverse("notifications:open", args=[notification.pk]), "post"),
            (reverse("notifications:read_all"), "post"),
        ]:
            with self.subTest(url=url):
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])
        self.assertIsNone(Notification.objects.get().read_at)

    def test_the_inbox_shows_only_ones_own_notifications_newest_first(self):
        send(self.user, "old", params={"topic": "старое"})
        Notification.objects.update(created_at=timezone.now() - timezone.timedelta(days=1))
        send(self.user, "new", params={"topic": "новое"})
        send(self.other, "theirs", params={"topic": "чужое"})

        with translation.override("en"):
            response = self.client.get(reverse("notifications:inbox"))

        content = response.content.decode()
        self.assertEqual(response.status_code, 200)
        self.assertLess(content.index("новое"), content.index("старое"))
        self.assertNotIn("чужое", content)

    def test_opening_marks_read_and_follows_the_link(self):
        notification = send(self.user, url="/courses/")

        response = self.client.post(reverse("notifications:open", args=[notification.pk]))

        self.assertRedirects(response, "/courses/", fetch_redirect_response=False)
        self.assertIsNotNone(Notification.objects.get().read_at)

    def test_a_link_elsewhere_is_not_followed(self):
        notification = send(self.user, url="https://example.org/")

        response = self.client.post(reverse("notifications:open", args=[notification.pk]))

        self.assertRedirects(response, reverse("notifications:inbox"))

    def test_someone_elses_notification_cannot_be_opened(self):
        theirs = send(self.other, url="/courses/")

        response = self.client.post(reverse("notifications:open", args=[theirs.pk]))

        self.assertEqual(response.status_code, 404)
        self.assertIsNone(Notification.objects.get().read_at)

    def test_opening_needs_a_post(self):
        notification = send(self.user, url="/courses/")

        response = self.client.get(reverse("notifications:open", args=[notification.pk]))

        self.assertEqual(response.status_code, 405)

    def test_read_all_touches_only_ones_own(self):
        send(self.user)
        send(self.other)

        self.client.post(reverse("notifications:read_all"))

        self.assertIsNotNone(Notification.objects.get(recipient=self.user).read_at)
        self.assertIsNone(Notification.objects.get(recipient=self.other).read_at)

    def test_queries_do_not_grow_with_notifications(self):
        def count():
            self.client.get(reverse("notifications:inbox"))  # warm caches
            with self.assertNumQueries(7) as context:
                self.client.get(reverse("notifications:inbox"))
            return len(context.captured_queries)

        send(self.user, "a")
        send(self.user, "b")
        small = count()
        for n in range(40):
            send(self.user, f"many{n}")
        self.assertEqual(count(), small)


class NavigationTests(TestCase):
    """The apps' links show to the people they concern, with their numbers, for one query."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.manager = staff_user(roles=[roles.MANAGERS], username="boss")
        cls.team.managers.add(cls.manager)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS], username="admin")
        cls.mentor = mentor_create(username="mentor")
        cls.mentee = staff_user(username="newbie", team=cls.team)
        cls.colleague = staff_user(username="colleague", team=cls.team)
        pairing_make(mentee=cls.mentee, mentor=cls.mentor)

    def names(self, user):
        return {link.name: link.badge for link in links_for(user)}

    def test_who_sees_which_link(self):
        expected = {
            self.colleague: {"notifications"},
            self.mentee: {"notifications", "practice"},
            self.mentor: {"notifications", "mentees"},
            # Managers and administrators revoke their people's certificates and evaluate
            # their contacts.
            self.manager: {
                "notifications",
                "team_dashboard",
                "team_mentoring",
                "certificates",
                "quality",
            },  # fmt: skip
            self.admin: {
                "notifications",
                "team_dashboard",
                "team_mentoring",
                "certificates",
                "quality",
            },  # fmt: skip
        }
        for user, names in expected.items():
            with self.subTest(user=user.username):
                self.assertEqual(set(self.names(user)), names)

    def test_a_manager_of_nobody_but_themselves_has_no_mentoring_link(self):
        lone = staff_user(roles=[roles.MANAGERS], username="lone")
        own_team = TeamFactory()
        own_team.managers.add(lone)
        lone.staff_profile.team = own_team
        lone.staff_profile.line_manager = lone
        lone.staff_profile.save()

        self.assertNotIn("team_mentoring", self.names(lone))

    def test_badges_count_what_waits(self):
        session_make(mentee=self.mentee)
        session_make(mentee=self.mentee, acknowledged=True)
        send(self.mentee, "a")
        send(self.mentee, "b")
        notification_read(notification=send(self.mentee, "c"), reader=self.mentee)

        self.assertEqual(self.names(self.mentee), {"notifications": 2, "practice": 1})

    def test_one_query_however_many_links(self):
        with self.assertNumQueries(1):
            links_for(self.manager)

    def test_the_page_shows_the_links_and_numbers(self):
        send(self.mentee, "a")
        self.client.login(username="newbie", password=PASSWORD)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

        response = self.client.get(reverse("notifications:inbox"))

        self.assertContains(response, 'href="/mentoring/practice/"')
        self.assertContains(
            response, '<span class="badge badge--count" aria-hidden="true">1</span>'
        )
        self.assertContains(response, "(1 new)")
        self.assertNotContains(response, 'href="/mentoring/team/"')

    def test_count_of_is_zero_without_rows(self):
        from django.contrib.auth import get_user_model

        expression = count_of(
            Notification.objects.filter(recipient=OuterRef("pk")), per="recipient"
        )
        value = (
            get_user_model()
            .objects.filter(pk=self.colleague.pk)
            .annotate(n=expression)
            .values_list("n", flat=True)
            .get()
        )
        self.assertEqual(value, 0)


class NotificationSendBulkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.a = staff_user(username="a")
        cls.b = staff_user(username="b")
        cls.gone = staff_user(username="gone")
        cls.gone.is_active = False
        cls.gone.save()

    def rows(self, event="e1"):
        return [(u.pk, event, {"topic": u.username}, "/") for u in (self.a, self.b, self.gone)]

    def test_sends_to_the_active_once_per_event(self):
        self.assertEqual(notifications_send_bulk(kind=NOTE.key, rows=self.rows()), 2)
        notifications_send_bulk(kind=NOTE.key, rows=self.rows())
        send(self.a, "e1")

        self.assertEqual(
            sorted(Notification.objects.values_list("recipient__username", flat=True)),
            ["a", "b"],
        )

    def test_a_fixed_number_of_queries(self):
        with self.assertNumQueries(2):
            notifications_send_bulk(kind=NOTE.key, rows=self.rows())

    def test_an_unknown_kind_is_a_programming_error(self):
        with self.assertRaises(ImproperlyConfigured):
            notifications_send_bulk(kind="nope", rows=self.rows())
