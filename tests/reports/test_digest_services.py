"""Sending the weekly digest (``reports.services.digest``): one email and one inbox item per
manager and week, nothing when there is nothing to say, nothing twice, failed sends retried,
absolute links on the configured base URL."""

import re
import smtplib
from urllib.parse import urlsplit

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.urls import resolve
from django.utils import translation

from lms.notifications.models import Notification, NotificationPreference
from lms.notifications.services import digests_run
from reports import tasks
from reports.models import WeeklyDigest
from reports.notifications import WEEKLY_DIGEST
from reports.services.digest import (
    MAX_ATTEMPTS,
    RETRY_DELAY,
    weekly_digests_deliver,
    weekly_digests_run,
)
from tests.reports.digest_world import DAY, NOW, SITE, DigestWorld


class FlakyBackend(EmailBackend):
    """The locmem backend, failing the first ``failures`` sends as an SMTP server might."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


FLAKY = "tests.reports.test_digest_services.FlakyBackend"


def sent_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


def inbox_items(user):
    return Notification.objects.filter(recipient=user, kind=WEEKLY_DIGEST.key)


@override_settings(SITE_URL=SITE)
class WeeklyDigestSendTests(DigestWorld):
    def test_one_email_and_one_inbox_item_per_manager(self):
        result = weekly_digests_run(now=NOW)

        self.assertEqual(result.sent, 3)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["a@example.com", "b@example.com", "hr@example.com"],
        )
        for manager in (self.manager_a, self.manager_b, self.hr):
            with self.subTest(manager.username):
                self.assertEqual(inbox_items(manager).count(), 1)
        item = inbox_items(self.manager_a).get()
        self.assertEqual(item.params, {"overdue": 1, "finished": 1, "ready": 1, "waiting": 2})
        self.assertEqual(item.url, "/team/")
        with translation.override("en"):
            self.assertIn("1 overdue, 1 finished, 1 ready for solo work, 2 waiting", item.title)
        digest = WeeklyDigest.objects.get(manager=self.manager_a)
        self.assertEqual((digest.status, digest.week.isoformat()), ("sent", "2026-11-23"))

    def test_the_email_says_what_the_team_did(self):
        weekly_digests_run(now=NOW)

        (message,) = sent_to("a@example.com")
        body = message.body
        for text in (
            "Алла Главная",
            "Лена Опоздалова",
            "Тарифы 2027",
            "Дима Сделалов",
            "Рита Готова",
            "Вова Ждущий",
            "Поприветствовать",
            "Ася Просилова",
            "Срок действия тарифа",
        ):
            self.assertIn(text, body)
        for text in ("Боря Чужой", "Вопрос команды Б", "Старый курс", "Лёва Ушедший"):
            self.assertNotIn(text, body)
        html, mimetype = message.alternatives[0]
        self.assertEqual(mimetype, "text/html")
        self.assertIn("Лена Опоздалова", html)
        self.assertEqual(message.extra_headers["Auto-Submitted"], "auto-generated")

    def test_the_right_answer_is_never_in_the_email(self):
        weekly_digests_run(now=NOW)

        (message,) = sent_to("a@example.com")
        self.assertNotIn("Тридцать дней", message.body)
        self.assertNotIn("Тридцать дней", message.alternatives[0][0])

    def test_russian_by_default(self):
        weekly_digests_run(now=NOW)

        (message,) = sent_to("a@example.com")
        self.assertIn("Здравствуйте", message.body)
        self.assertIn("Просрочено", message.body)

    def test_links_use_the_configured_base_url(self):
        weekly_digests_run(now=NOW)

        (message,) = sent_to("a@example.com")
        html = message.alternatives[0][0]
        links = re.findall(r'href="([^"]+)"', html)
        self.assertTrue(links)
        for link in links:
            self.assertTrue(link.startswith(SITE), link)
        self.assertIn(f'href="{SITE}/people/{self.late.pk}/"', html)
        self.assertIn(f"{SITE}/people/{self.late.pk}/", message.body)
        self.assertIn(f"{SITE}/team/", message.body)
        self.assertIn(f"{SITE}/mentoring/team/", message.body)
        self.assertIn(f"{SITE}/admin/courses/assignments/?status=overdue", message.body)

    def test_nothing_is_sent_when_there_is_nothing_to_say(self):
        weekly_digests_run(now=NOW)

        self.assertEqual(sent_to("c@example.com"), [])
        self.assertFalse(inbox_items(self.idle).exists())
        self.assertFalse(WeeklyDigest.objects.filter(manager=self.idle).exists())
        self.assertFalse(WeeklyDigest.objects.filter(manager=self.admin).exists())

    def test_running_twice_the_same_week_sends_nothing_new(self):
        weekly_digests_run(now=NOW)
        weekly_digests_run(now=NOW)
        weekly_digests_run(now=NOW + 2 * DAY)

        self.assertEqual(len(sent_to("a@example.com")), 1)
        self.assertEqual(inbox_items(self.manager_a).count(), 1)
        self.assertEqual(WeeklyDigest.objects.filter(manager=self.manager_a).count(), 1)

    def test_next_week_brings_a_new_digest(self):
        weekly_digests_run(now=NOW)
        weekly_digests_run(now=NOW + 7 * DAY)

        self.assertEqual(len(sent_to("a@example.com")), 2)
        self.assertEqual(inbox_items(self.manager_a).count(), 2)

    def test_the_daily_digest_does_not_repeat_it(self):
        weekly_digests_run(now=NOW)
        mail.outbox.clear()

        digests_run(now=NOW + DAY)

        self.assertEqual(sent_to("a@example.com"), [])
        self.assertEqual(inbox_items(self.manager_a).filter(read_at__isnull=True).count(), 1)

    def test_muted_it_is_in_the_inbox_and_not_emailed(self):
        NotificationPreference.objects.create(
            user=self.manager_a, kind=WEEKLY_DIGEST.key, muted=True
        )

        weekly_digests_run(now=NOW)
        weekly_digests_run(now=NOW + DAY)

        self.assertEqual(sent_to("a@example.com"), [])
        self.assertEqual(inbox_items(self.manager_a).count(), 1)
        self.assertEqual(WeeklyDigest.objects.get(manager=self.manager_a).status, "muted")

    @override_settings(EMAIL_BACKEND=FLAKY)
    def test_a_failed_send_is_retried_later_and_sent_once(self):
        FlakyBackend.failures = 1
        result = weekly_digests_run(now=NOW)

        self.assertEqual((result.sent, result.retrying), (2, 1))
        failed = WeeklyDigest.objects.get(status="pending")
        self.assertEqual(failed.attempts, 1)
        self.assertIn("SMTPServerDisconnected", failed.last_error)
        self.assertEqual(failed.next_attempt_at, NOW + RETRY_DELAY)

        # Not due yet: nothing happens.
        self.assertEqual(weekly_digests_deliver(now=NOW).sent, 0)
        result = weekly_digests_deliver(now=NOW + RETRY_DELAY)
        self.assertEqual(result.sent, 1)
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(len(sent_to(failed.manager.email)), 1)
        self.assertEqual(inbox_items(failed.manager).count(), 1)
        self.assertEqual(weekly_digests_deliver(now=NOW + 10 * RETRY_DELAY).sent, 0)
        self.assertEqual(len(mail.outbox), 3)

    @override_settings(EMAIL_BACKEND=FLAKY)
    def test_it_gives_up_after_the_last_attempt(self):
        FlakyBackend.failures = 1000
        try:
            weekly_digests_run(now=NOW)
            for attempt in range(MAX_ATTEMPTS):
                weekly_digests_deliver(now=NOW + RETRY_DELAY * 2**attempt * 2)
        finally:
            FlakyBackend.failures = 0

        self.assertEqual(set(WeeklyDigest.objects.values_list("status", flat=True)), {"failed"})
        self.assertEqual(
            set(WeeklyDigest.objects.values_list("attempts", flat=True)), {MAX_ATTEMPTS}
        )
        self.assertEqual(mail.outbox, [])

    def test_a_stale_claim_is_taken_over_and_a_live_one_is_not(self):
        from reports.services.digest import CLAIM_LEASE, weekly_digests_prepare

        weekly_digests_prepare(now=NOW)
        WeeklyDigest.objects.update(status="sending", claimed_at=NOW)

        self.assertEqual(weekly_digests_deliver(now=NOW + DAY / 48).sent, 0)
        self.assertEqual(weekly_digests_deliver(now=NOW + CLAIM_LEASE * 2).sent, 3)

    def test_the_tasks_call_the_service(self):
        # The tasks read the real clock: move the world's dates is not needed, only that
        # they run, report counts and are idempotent.
        first = tasks.weekly_digests_send()
        second = tasks.weekly_digests_send()
        retry = tasks.weekly_digests_retry()

        self.assertEqual(set(first), {"sent", "retrying", "failed"})
        self.assertEqual(second["sent"], 0)
        self.assertEqual(retry, {"sent": 0, "retrying": 0, "failed": 0})
        self.assertEqual(len(mail.outbox), first["sent"])
        self.assertGreaterEqual(first["sent"], 1)  # the overdue course is still overdue today


@override_settings(SITE_URL=SITE, ROOT_URLCONF="tests.reports.urls_mounted")
class WeeklyDigestLinksTests(DigestWorld):
    """The digest's links are built from the URL names, so they lead to the dashboard and the
    person pages wherever the site is mounted (here under ``/intranet/``)."""

    def test_every_link_resolves_to_its_page(self):
        weekly_digests_run(now=NOW)

        (message,) = sent_to("a@example.com")
        html = message.alternatives[0][0]
        links = set(re.findall(r'href="([^"]+)"', html))
        links |= set(re.findall(rf"{re.escape(SITE)}/\S*", message.body))
        # The footer's link is the site itself (``SITE_URL``), no page of the site's URLs.
        links -= {SITE, f"{SITE}/"}
        self.assertTrue(links)
        pages = set()
        for link in links:
            with self.subTest(link):
                self.assertTrue(link.startswith(SITE), link)
                match = resolve(urlsplit(link).path)
                pages.add((match.view_name, tuple(match.kwargs.items())))
        self.assertIn(("reports:dashboard", ()), pages)
        self.assertIn(("reports:person", (("person_id", self.late.pk),)), pages)

    def test_the_inbox_item_leads_to_the_dashboard(self):
        weekly_digests_run(now=NOW)

        item = inbox_items(self.manager_a).get()
        self.assertEqual(resolve(item.url).view_name, "reports:dashboard")
