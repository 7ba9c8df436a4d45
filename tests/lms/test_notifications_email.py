"""The daily email digest (one per person and day, sent once, retried after a failure), the
kinds a person mutes, and the settings page."""

import datetime
import smtplib
from unittest import mock

from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.users.models import UserProfile

from lms.notifications import services, tasks
from lms.notifications.kinds import Kind, register
from lms.notifications.models import Digest, Notification, NotificationPreference
from lms.notifications.services import (
    ERROR_MANDATORY,
    MAX_ATTEMPTS,
    NotificationSettingsInvalid,
    digests_deliver,
    digests_prepare,
    digests_run,
    notification_read,
    notification_send,
    notification_settings_save,
)
from lms.notifications.views import MESSAGE_SETTINGS_SAVED
from tests.factories import PASSWORD, staff_user

OPTIONAL = register(
    Kind(key="tests.digest_tip", label=_("A tip"), title=_("Tip: %(topic)s"), mandatory=False)
)
MANDATORY = register(
    Kind(key="tests.digest_task", label=_("A task"), title=_("Task: %(topic)s"), mandatory=True)
)

EMAILED_ELSEWHERE = register(
    Kind(
        key="tests.digest_own_email",
        label=_("A report"),
        title=_("Report: %(topic)s"),
        daily_digest=False,
    )
)

NOON = timezone.make_aware(
    datetime.datetime.combine(datetime.date(2026, 11, 24), datetime.time(12, 0))
)
DAY = datetime.timedelta(days=1)
SITE = "https://nastavnik.example.com"


def notify(user, topic, *, kind=OPTIONAL, at=NOON - datetime.timedelta(hours=1), url=""):
    notification = notification_send(
        recipient=user, kind=kind.key, event=topic, params={"topic": topic}, url=url
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=at)
    return notification


def inbox_of(message) -> str:
    return message.body


class FlakyBackend(EmailBackend):
    """The locmem backend, failing the first ``failures`` sends as an SMTP server might."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@override_settings(SITE_URL=SITE)
class DigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna", first_name="Анна", email="anna@example.com")
        cls.boris = staff_user(username="boris", email="boris@example.com")

    def test_one_email_per_person_listing_their_notifications(self):
        notify(self.anna, "тарифы", url="/learning/tariffs/")
        notify(self.anna, "бонусы", kind=MANDATORY)
        notify(self.boris, "CRM")

        digests_run(now=NOON)

        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["anna@example.com", "boris@example.com"]
        )
        anna = next(m for m in mail.outbox if m.to == ["anna@example.com"])
        self.assertIn("Tip: тарифы", anna.body)
        self.assertIn("Task: бонусы", anna.body)
        self.assertNotIn("CRM", anna.body)
        self.assertIn(f"{SITE}/learning/tariffs/", anna.body)
        # Without a link of its own, an item points to the inbox.
        self.assertIn(f"{SITE}/notifications/", anna.body)
        self.assertIn(f"{SITE}/notifications/settings/", anna.body)
        html, mimetype = anna.alternatives[0]
        self.assertEqual(mimetype, "text/html")
        self.assertIn(f'href="{SITE}/learning/tariffs/"', html)
        self.assertEqual(anna.extra_headers["Auto-Submitted"], "auto-generated")
        digest = Digest.objects.get(user=self.anna)
        self.assertEqual((digest.status, digest.day, digest.attempts), ("sent", NOON.date(), 1))
        self.assertEqual(Notification.objects.filter(digest=digest).count(), 2)

    def test_kinds_emailed_by_their_own_app_stay_out_of_the_daily_digest(self):
        notify(self.anna, "неделя", kind=EMAILED_ELSEWHERE)
        notify(self.boris, "неделя", kind=EMAILED_ELSEWHERE)
        notify(self.boris, "тарифы")

        digests_run(now=NOON)

        (message,) = mail.outbox
        self.assertEqual(message.to, ["boris@example.com"])
        self.assertIn("Tip: тарифы", message.body)
        self.assertNotIn("неделя", message.body)
        self.assertFalse(Digest.objects.filter(user=self.anna).exists())
        # Still in the inbox, unread.
        self.assertEqual(
            Notification.objects.filter(recipient=self.anna, read_at__isnull=True).count(), 1
        )

    def test_running_twice_sends_nothing_twice(self):
        notify(self.anna, "тарифы")

        digests_run(now=NOON)
        digests_run(now=NOON)
        digests_run(now=NOON + datetime.timedelta(hours=3))

        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(Digest.objects.count(), 1)

    def test_one_digest_a_day_later_notifications_wait_for_tomorrow(self):
        notify(self.anna, "утро")
        digests_run(now=NOON)
        notify(self.anna, "вечер", at=NOON + datetime.timedelta(hours=5))

        digests_run(now=NOON + datetime.timedelta(hours=6))
        self.assertEqual(len(mail.outbox), 1)

        digests_run(now=NOON + DAY)
        self.assertEqual(len(mail.outbox), 2)
        self.assertIn("Tip: вечер", mail.outbox[1].body)
        self.assertNotIn("утро", mail.outbox[1].body)
        self.assertEqual(
            list(Digest.objects.order_by("day").values_list("day", flat=True)),
            [NOON.date(), NOON.date() + DAY],
        )

    def test_nothing_before_the_digest_hour(self):
        notify(self.anna, "тарифы", at=NOON - datetime.timedelta(hours=10))
        early = NOON.replace(hour=services.DIGEST_HOUR - 1)

        self.assertEqual(digests_prepare(now=early), 0)
        self.assertEqual(digests_prepare(now=NOON), 1)

    def test_muted_kinds_are_left_out_mandatory_ones_never(self):
        notify(self.anna, "совет")
        notify(self.anna, "задача", kind=MANDATORY)
        notification_settings_save(user=self.anna, muted=[OPTIONAL.key])
        # A stray row (written past the service) does not mute a mandatory kind either.
        NotificationPreference.objects.create(user=self.anna, kind=MANDATORY.key, muted=True)

        digests_run(now=NOON)

        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Task: задача", mail.outbox[0].body)
        self.assertNotIn("совет", mail.outbox[0].body)

    def test_someone_with_only_muted_or_read_notifications_gets_no_email(self):
        notify(self.anna, "совет")
        notification_settings_save(user=self.anna, muted=[OPTIONAL.key])
        notification_read(notification=notify(self.boris, "прочитано"), reader=self.boris)

        digests_run(now=NOON)

        self.assertEqual(mail.outbox, [])
        self.assertFalse(Digest.objects.exists())

    def test_no_address_closed_account_or_stale_news_no_email(self):
        self.anna.email = ""
        self.anna.save()
        notify(self.anna, "тарифы")
        self.boris.is_active = False
        self.boris.save()
        Notification.objects.create(
            recipient=self.boris, kind=OPTIONAL.key, event="x", created_at=NOON
        )
        carol = staff_user(username="carol", email="carol@example.com")
        notify(carol, "давно", at=NOON - 8 * DAY)

        digests_run(now=NOON)

        self.assertEqual(mail.outbox, [])

    def test_in_the_persons_language_else_russian(self):
        UserProfile.objects.create(user=self.anna, preferred_language="en")
        notify(self.anna, "тарифы")
        notify(self.anna, "бонусы")
        notify(self.boris, "CRM")

        digests_run(now=NOON)

        anna = next(m for m in mail.outbox if m.to == ["anna@example.com"])
        boris = next(m for m in mail.outbox if m.to == ["boris@example.com"])
        self.assertEqual(anna.subject, "Nastavnik: 2 new notifications")
        self.assertIn("Hello, Анна", anna.body)
        self.assertIn('<html lang="en">', anna.alternatives[0][0])
        self.assertEqual(settings.LANGUAGE_CODE, "ru")
        self.assertIn('<html lang="ru">', boris.alternatives[0][0])

    @override_settings(EMAIL_BACKEND="tests.lms.test_notifications_email.FlakyBackend")
    def test_a_failed_send_is_retried_later_and_then_sent_once(self):
        FlakyBackend.failures = 1
        notify(self.anna, "тарифы")

        result = digests_run(now=NOON)

        self.assertEqual((result.sent, result.retrying), (0, 1))
        self.assertEqual(mail.outbox, [])
        digest = Digest.objects.get()
        self.assertEqual((digest.status, digest.attempts), ("pending", 1))
        self.assertIn("SMTPServerDisconnected", digest.last_error)
        # Not before the retry delay...
        digests_run(now=NOON + datetime.timedelta(minutes=1))
        self.assertEqual(mail.outbox, [])
        # ...then once, and never again.
        later = NOON + services.RETRY_DELAY
        self.assertEqual(digests_run(now=later).sent, 1)
        digests_run(now=later + datetime.timedelta(hours=1))
        self.assertEqual(len(mail.outbox), 1)
        digest.refresh_from_db()
        self.assertEqual((digest.status, digest.attempts, digest.last_error), ("sent", 2, ""))

    @override_settings(EMAIL_BACKEND="tests.lms.test_notifications_email.FlakyBackend")
    def test_after_the_last_attempt_the_notifications_go_to_a_later_digest(self):
        FlakyBackend.failures = MAX_ATTEMPTS
        notify(self.anna, "тарифы")
        at = NOON
        for _attempt in range(MAX_ATTEMPTS):
            digests_run(now=at)
            at += datetime.timedelta(days=0, hours=12)

        digest = Digest.objects.get()
        self.assertEqual((digest.status, digest.attempts), ("failed", MAX_ATTEMPTS))
        self.assertIsNone(Notification.objects.get().digest_id)
        digests_run(now=NOON + 3 * DAY)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Tip: тарифы", mail.outbox[0].body)

    def test_a_claimed_digest_is_not_sent_by_another_worker(self):
        notify(self.anna, "тарифы")
        digests_prepare(now=NOON)
        # Another worker has claimed it and is sending it right now.
        claimed = services._digests_claim(now=NOON, limit=10)
        self.assertEqual(len(claimed), 1)

        self.assertEqual(digests_deliver(now=NOON).sent, 0)
        self.assertEqual(mail.outbox, [])

    def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_lease(self):
        notify(self.anna, "тарифы")
        digests_prepare(now=NOON)
        services._digests_claim(now=NOON, limit=10)

        digests_deliver(now=NOON + services.CLAIM_LEASE - datetime.timedelta(minutes=1))
        self.assertEqual(mail.outbox, [])
        digests_deliver(now=NOON + services.CLAIM_LEASE + datetime.timedelta(minutes=1))
        self.assertEqual(len(mail.outbox), 1)

    def test_a_run_stops_at_its_time_budget(self):
        notify(self.anna, "тарифы")

        digests_prepare(now=NOON)
        self.assertEqual(digests_deliver(now=NOON, budget_seconds=0).sent, 0)
        self.assertEqual(digests_deliver(now=NOON).sent, 1)

    def test_preparing_costs_a_fixed_number_of_queries(self):
        def prepare(day):
            # The recipients, the insert, the attachment, the count; and the transaction's
            # savepoint and its release (a test runs inside a transaction).
            with self.assertNumQueries(6):
                return digests_prepare(now=NOON + day * DAY)

        notify(self.anna, "a", at=NOON + DAY - datetime.timedelta(hours=1))
        notify(self.boris, "b", at=NOON + DAY - datetime.timedelta(hours=1))
        self.assertEqual(prepare(1), 2)
        for n in range(20):
            notify(
                staff_user(username=f"many{n}", email=f"m{n}@example.com"),
                "c",
                at=NOON + 2 * DAY - datetime.timedelta(hours=1),
            )
        self.assertEqual(prepare(2), 20)

    def test_sending_costs_a_fixed_number_of_queries_per_batch(self):
        def deliver(day, expected):
            digests_prepare(now=NOON + day * DAY)
            # The claim (select and update, in a savepoint), the digests with their people and
            # notifications (2), one update per digest sent, and the last claim finding none.
            with self.assertNumQueries(4 + 2 + expected + 3):
                self.assertEqual(digests_deliver(now=NOON + day * DAY).sent, expected)

        notify(self.anna, "a", at=NOON + DAY - datetime.timedelta(hours=1))
        notify(self.boris, "b", at=NOON + DAY - datetime.timedelta(hours=1))
        deliver(1, 2)
        for n in range(10):
            user = staff_user(username=f"many{n}", email=f"m{n}@example.com")
            for topic in ("a", "b", "c"):
                notify(user, topic, at=NOON + 2 * DAY - datetime.timedelta(hours=1))
        deliver(2, 10)

    def test_the_scheduled_task(self):
        notify(self.anna, "тарифы")

        with mock.patch("django.utils.timezone.now", return_value=NOON):
            self.assertEqual(tasks.digests_send(), {"sent": 1, "retrying": 0, "failed": 0})
            self.assertEqual(tasks.digests_send(), {"sent": 0, "retrying": 0, "failed": 0})
        self.assertEqual(len(mail.outbox), 1)


class BrokerRoundTripTests(TestCase):
    """The digest task travels through the configured broker (database or Redis) and runs."""

    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna", email="anna@example.com")

    def test_the_digest_task_round_trips(self):
        import uuid

        from django.utils.module_loading import import_string

        from django_q.brokers import get_broker
        from django_q.signing import SignedPackage
        from django_q.tasks import async_task

        notify(self.anna, "тарифы")
        broker = get_broker(list_key=f"test-{uuid.uuid4()}")
        try:
            async_task("lms.notifications.tasks.digests_send", broker=broker, sync=False)
            ((ack_id, body),) = broker.dequeue()
            task = SignedPackage.loads(body.decode() if isinstance(body, bytes) else body)
            broker.acknowledge(ack_id)
            with mock.patch("django.utils.timezone.now", return_value=NOON):
                result = import_string(task["func"])(*task["args"], **task["kwargs"])
        finally:
            broker.delete_queue()

        self.assertEqual(result["sent"], 1)
        self.assertEqual(len(mail.outbox), 1)


class NotificationSettingsServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")

    def muted(self):
        return set(
            NotificationPreference.objects.filter(user=self.anna, muted=True).values_list(
                "kind", flat=True
            )
        )

    def test_mutes_exactly_the_given_kinds(self):
        notification_settings_save(user=self.anna, muted=[OPTIONAL.key, "courses.due_soon"])
        self.assertEqual(self.muted(), {OPTIONAL.key, "courses.due_soon"})

        notification_settings_save(user=self.anna, muted=["courses.due_soon"])
        self.assertEqual(self.muted(), {"courses.due_soon"})

    def test_a_mandatory_kind_cannot_be_muted(self):
        with self.assertRaises(NotificationSettingsInvalid) as refusal:
            notification_settings_save(user=self.anna, muted=[OPTIONAL.key, MANDATORY.key])

        self.assertEqual(refusal.exception.field, "muted")
        self.assertEqual(refusal.exception.message, ERROR_MANDATORY)
        self.assertEqual(self.muted(), set())

    def test_unknown_kinds_and_languages_are_refused(self):
        for kwargs in ({"muted": ["nope"]}, {"muted": [], "language": "de"}):
            with self.subTest(**kwargs), self.assertRaises(NotificationSettingsInvalid):
                notification_settings_save(user=self.anna, **kwargs)

    def test_saves_the_language(self):
        notification_settings_save(user=self.anna, muted=[], language="en")
        self.assertEqual(UserProfile.objects.get(user=self.anna).preferred_language, "en")

        notification_settings_save(user=self.anna, muted=[], language="")
        self.assertEqual(UserProfile.objects.get(user=self.anna).preferred_language, "")


class NotificationSettingsViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")
        cls.url = reverse("notifications:settings")

    def setUp(self):
        self.client.login(username="anna", password=PASSWORD)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def muted(self):
        return set(
            NotificationPreference.objects.filter(user=self.anna, muted=True).values_list(
                "kind", flat=True
            )
        )

    def test_anonymous_people_are_sent_to_log_in(self):
        self.client.logout()
        for method in ("get", "post"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(self.url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])
        self.assertEqual(self.muted(), set())

    def test_lists_kinds_mandatory_ones_always_on(self):
        notification_settings_save(user=self.anna, muted=[OPTIONAL.key])

        response = self.client.get(self.url)

        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertInHTML(
            f'<input type="checkbox" name="kinds" value="{OPTIONAL.key}" id="{self.id_of(response, OPTIONAL)}">',
            content,
        )
        self.assertInHTML(
            f'<input type="checkbox" name="kinds" value="courses.due_soon" checked id="{self.id_of(response, "courses.due_soon")}">',
            content,
        )
        mandatory_id = self.id_of(response, MANDATORY)
        self.assertInHTML(
            f'<input type="checkbox" id="{mandatory_id}" checked disabled aria-describedby="{mandatory_id}-note">',
            content,
        )
        self.assertNotIn(f'value="{MANDATORY.key}"', content)
        self.assertContains(response, "required, always on")

    @staticmethod
    def id_of(response, kind) -> str:
        key = kind if isinstance(kind, str) else kind.key
        keys = [s.key for s in response.context["kind_settings"]]
        return f"kind-{keys.index(key) + 1}"

    def test_unticking_mutes_ticking_unmutes(self):
        notification_settings_save(user=self.anna, muted=["courses.due_soon"])

        response = self.client.post(
            self.url, {"kinds": ["courses.due_soon", "mentoring.signed_off"], "language": "en"}
        )

        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertIn(OPTIONAL.key, self.muted())
        self.assertNotIn("courses.due_soon", self.muted())
        self.assertNotIn("mentoring.signed_off", self.muted())
        self.assertEqual(UserProfile.objects.get(user=self.anna).preferred_language, "en")
        with translation.override("en"):
            self.assertContains(self.client.get(self.url), str(MESSAGE_SETTINGS_SAVED))

    def test_mandatory_kinds_stay_on_whatever_is_posted(self):
        # Nothing ticked: every optional kind is muted, no mandatory one.
        self.client.post(self.url, {"language": ""})
        self.assertNotIn(MANDATORY.key, self.muted())
        self.assertIn(OPTIONAL.key, self.muted())

        # A mandatory kind is not a choice at all: posting it is an error, nothing changes.
        response = self.client.post(self.url, {"kinds": [MANDATORY.key], "language": ""})
        self.assertEqual(response.status_code, 400)
        self.assertIn(OPTIONAL.key, self.muted())
        self.assertNotIn(MANDATORY.key, self.muted())

    def test_a_refusal_keeps_what_was_ticked(self):
        response = self.client.post(self.url, {"kinds": [OPTIONAL.key], "language": "de"})

        self.assertEqual(response.status_code, 400)
        self.assertIn(OPTIONAL.key, response.context["checked"])
        self.assertEqual(self.muted(), set())

    def test_queries_do_not_grow_with_notifications(self):
        def count():
            self.client.get(self.url)  # warm caches
            # Session, user, muted kinds, language, the menu, and the person's permissions (2)
            # for the page chrome.
            with self.assertNumQueries(7):
                response = self.client.get(self.url)
            self.assertEqual(response.status_code, 200)

        notify(self.anna, "a")
        notify(self.anna, "b")
        count()
        for n in range(48):
            notify(self.anna, f"many{n}")
        count()

    def test_the_profile_and_the_inbox_link_here(self):
        for page in (reverse("profile"), reverse("notifications:inbox")):
            with self.subTest(page=page):
                self.assertContains(self.client.get(page), f'href="{self.url}"')


class MutedInTheAppTests(TestCase):
    """A muted kind stays in the inbox but is not counted as unread."""

    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna")

    def test_inbox_lists_it_badge_does_not_count_it(self):
        from lms.core.navigation import links_for

        notify(self.anna, "совет")
        notify(self.anna, "задача", kind=MANDATORY)
        notification_settings_save(user=self.anna, muted=[OPTIONAL.key])

        badge = {link.name: link.badge for link in links_for(self.anna)}["notifications"]
        self.assertEqual(badge, 1)
        self.client.login(username="anna", password=PASSWORD)
        self.assertContains(self.client.get(reverse("notifications:inbox")), "совет")
