"""A digest left with nothing to carry (the person read their notifications while the digests
were being made) is closed without an email, never sent as "0 new notifications"."""

import datetime
from unittest import mock

from django.core import mail
from django.test import TestCase

from lms.notifications.models import Digest, Notification
from lms.notifications.services import digests_deliver, digests_prepare, notifications_read_all
from tests.factories import staff_user
from tests.lms.test_notifications_email import NOON, notify


class EmptyDigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff_user(username="anna", email="anna@example.com")
        cls.boris = staff_user(username="boris", email="boris@example.com")

    def test_notifications_read_while_the_digest_is_made(self):
        notify(self.anna, "тарифы")
        notify(self.boris, "бонусы")
        real_bulk_create = Digest.objects.bulk_create

        def anna_reads_meanwhile(*args, **kwargs):
            # Anna opens her inbox after the run picked her, before it attaches anything.
            notifications_read_all(reader=self.anna)
            return real_bulk_create(*args, **kwargs)

        with mock.patch.object(Digest.objects, "bulk_create", side_effect=anna_reads_meanwhile):
            digests_prepare(now=NOON)
        anna_digest = Digest.objects.get(user=self.anna)
        self.assertFalse(anna_digest.notifications.exists())

        result = digests_deliver(now=NOON)

        self.assertEqual((result.sent, result.empty, result.failed), (1, 1, 0))
        self.assertEqual([m.to for m in mail.outbox], [["boris@example.com"]])
        anna_digest.refresh_from_db()
        self.assertEqual(anna_digest.status, Digest.Status.SENT)
        self.assertIsNone(anna_digest.sent_at)
        # Closed for good: later runs send nothing for it.
        self.assertEqual(digests_deliver(now=NOON + datetime.timedelta(hours=1)).empty, 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_an_empty_digest_is_not_emailed(self):
        digest = Digest.objects.create(user=self.anna, day=NOON.date(), next_attempt_at=NOON)
        self.assertFalse(Notification.objects.exists())

        result = digests_deliver(now=NOON)

        self.assertEqual((result.sent, result.empty), (0, 1))
        self.assertEqual(mail.outbox, [])
        digest.refresh_from_db()
        self.assertEqual((digest.status, digest.attempts), (Digest.Status.SENT, 1))
        self.assertIsNone(digest.sent_at)
