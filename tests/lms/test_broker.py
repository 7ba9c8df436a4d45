"""The django-q2 broker the settings choose actually carries a task: the database broker by
default, Redis when REDIS_URL is set (CI's PostgreSQL pass sets it)."""

import os
import uuid

from django.conf import settings
from django.test import TestCase

import pytest
from django_q.brokers import get_broker
from django_q.brokers.orm import ORM
from django_q.brokers.redis_broker import Redis


class BrokerRoundTripTests(TestCase):
    def _round_trip(self, broker):
        payload = f"task-{uuid.uuid4()}"
        broker.enqueue(payload)
        self.assertEqual(broker.queue_size(), 1)
        received = broker.dequeue()
        # Redis hands back bytes, the database broker text.
        bodies = [b.decode() if isinstance(b, bytes) else b for _, b in received]
        self.assertEqual(bodies, [payload])
        broker.acknowledge(received[0][0])
        self.assertEqual(broker.queue_size(), 0)

    @pytest.mark.skipif("REDIS_URL" in os.environ, reason="REDIS_URL selects the Redis broker")
    def test_database_broker_by_default(self):
        broker = get_broker(list_key=f"test-{uuid.uuid4()}")
        self.assertIsInstance(broker, ORM)
        self._round_trip(broker)

    @pytest.mark.skipif(
        "REDIS_URL" not in os.environ, reason="set REDIS_URL to test the Redis broker"
    )
    def test_redis_broker_when_redis_url_is_set(self):
        self.assertEqual(settings.Q_CLUSTER["redis"], os.environ["REDIS_URL"])
        broker = get_broker(list_key=f"test-{uuid.uuid4()}")
        self.assertIsInstance(broker, Redis)
        try:
            self.assertTrue(broker.ping())
            self._round_trip(broker)
        finally:
            broker.delete_queue()
