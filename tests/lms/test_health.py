import datetime
from unittest import mock

from django.conf import settings
from django.db import OperationalError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from django_q.tasks import async_task

from lms.core import tasks
from lms.core.models import WorkerHeartbeat
from lms.core.services import worker_heartbeat_record
from tests.courses.factories import ProductCardPageFactory
from tests.factories import staff_user

HEALTHZ = "/healthz"


def _heartbeat_aged(seconds: float) -> WorkerHeartbeat:
    heartbeat = worker_heartbeat_record()
    heartbeat.seen_at = timezone.now() - datetime.timedelta(seconds=seconds)
    heartbeat.save(update_fields=["seen_at"])
    return heartbeat


class HealthzViewTests(TestCase):
    def test_url_name(self):
        self.assertEqual(reverse("healthz"), HEALTHZ)

    def test_without_heartbeat_is_unhealthy(self):
        response = self.client.get(HEALTHZ)

        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json(),
            {
                "status": "unhealthy",
                "database": {"ok": True, "error": None},
                "worker": {
                    "ok": False,
                    "last_heartbeat": None,
                    "age_seconds": None,
                    "max_age_seconds": settings.WORKER_HEARTBEAT_MAX_AGE,
                },
            },
        )

    def test_fresh_heartbeat_is_healthy(self):
        heartbeat = worker_heartbeat_record()

        response = self.client.get(HEALTHZ)

        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["database"], {"ok": True, "error": None})
        self.assertTrue(body["worker"]["ok"])
        self.assertAlmostEqual(body["worker"]["age_seconds"], 0, delta=5)
        self.assertEqual(
            datetime.datetime.fromisoformat(body["worker"]["last_heartbeat"]), heartbeat.seen_at
        )

    def test_heartbeat_just_within_max_age_is_healthy(self):
        _heartbeat_aged(settings.WORKER_HEARTBEAT_MAX_AGE - 10)

        response = self.client.get(HEALTHZ)

        self.assertEqual(response.status_code, 200)
        self.assertAlmostEqual(
            response.json()["worker"]["age_seconds"],
            settings.WORKER_HEARTBEAT_MAX_AGE - 10,
            delta=5,
        )

    def test_stale_heartbeat_is_unhealthy(self):
        _heartbeat_aged(settings.WORKER_HEARTBEAT_MAX_AGE + 10)

        response = self.client.get(HEALTHZ)

        self.assertEqual(response.status_code, 503)
        body = response.json()
        self.assertEqual(body["status"], "unhealthy")
        self.assertTrue(body["database"]["ok"])
        self.assertFalse(body["worker"]["ok"])
        self.assertGreater(body["worker"]["age_seconds"], settings.WORKER_HEARTBEAT_MAX_AGE)

    def test_heartbeat_of_another_cluster_does_not_count(self):
        WorkerHeartbeat.objects.create(cluster="someone-else", seen_at=timezone.now())

        response = self.client.get(HEALTHZ)

        self.assertEqual(response.status_code, 503)
        self.assertIsNone(response.json()["worker"]["last_heartbeat"])

    def test_database_error_is_unhealthy(self):
        worker_heartbeat_record()

        with mock.patch(
            "lms.core.selectors.connection.cursor", side_effect=OperationalError("db is down")
        ):
            response = self.client.get(HEALTHZ)

        self.assertEqual(response.status_code, 503)
        body = response.json()
        self.assertEqual(body["status"], "unhealthy")
        self.assertEqual(body["database"], {"ok": False, "error": "OperationalError"})
        self.assertFalse(body["worker"]["ok"])
        self.assertNotIn("db is down", response.content.decode())

    def test_anonymous_access_is_allowed(self):
        worker_heartbeat_record()

        response = self.client.get(HEALTHZ)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")

    def test_signed_in_user_gets_the_same_answer(self):
        worker_heartbeat_record()
        self.client.force_login(staff_user())

        self.assertEqual(self.client.get(HEALTHZ).status_code, 200)

    def test_is_never_cached(self):
        response = self.client.get(HEALTHZ)

        self.assertIn("no-cache", response["Cache-Control"])
        self.assertIn("max-age=0", response["Cache-Control"])

    def test_only_get_is_allowed(self):
        response = self.client.post(HEALTHZ)

        self.assertEqual(response.status_code, 405)


class WorkerHeartbeatTaskTests(TestCase):
    def test_records_a_heartbeat_for_this_cluster(self):
        before = timezone.now()

        tasks.worker_heartbeat()

        heartbeat = WorkerHeartbeat.objects.get()
        self.assertEqual(heartbeat.cluster, settings.Q_CLUSTER["name"])
        self.assertGreaterEqual(heartbeat.seen_at, before)
        self.assertLessEqual(heartbeat.seen_at, timezone.now())

    def test_second_run_updates_the_same_row(self):
        _heartbeat_aged(3600)

        tasks.worker_heartbeat()

        heartbeat = WorkerHeartbeat.objects.get()
        self.assertLess(timezone.now() - heartbeat.seen_at, datetime.timedelta(seconds=5))

    def test_runs_through_django_q_by_its_dotted_path(self):
        # The schedule names the task by its dotted path; run it the way the cluster does
        # (sync mode in the test settings).
        async_task("lms.core.tasks.worker_heartbeat")

        self.assertTrue(WorkerHeartbeat.objects.filter(cluster=settings.Q_CLUSTER["name"]).exists())
        self.assertEqual(self.client.get(HEALTHZ).status_code, 200)


class PublishScheduledTaskTests(TestCase):
    def _scheduled(self, *, go_live_at, title):
        page = ProductCardPageFactory(live=False, title="Черновик")
        page.title = title
        page.go_live_at = go_live_at
        revision = page.save_revision(approved_go_live_at=go_live_at)
        return page, revision

    def test_publishes_a_revision_whose_go_live_time_has_passed(self):
        page, revision = self._scheduled(
            go_live_at=timezone.now() - datetime.timedelta(minutes=5), title="Новый тариф"
        )
        page.refresh_from_db()
        self.assertFalse(page.live)

        tasks.publish_scheduled()

        page.refresh_from_db()
        revision.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Новый тариф")
        self.assertEqual(page.live_revision_id, revision.pk)
        self.assertIsNone(revision.approved_go_live_at)

    def test_leaves_a_future_revision_alone(self):
        page, revision = self._scheduled(
            go_live_at=timezone.now() + datetime.timedelta(days=1), title="Будущий тариф"
        )

        tasks.publish_scheduled()

        page.refresh_from_db()
        revision.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.title, "Черновик")
        self.assertIsNotNone(revision.approved_go_live_at)

    def test_unpublishes_a_page_whose_expiry_has_passed(self):
        page = ProductCardPageFactory()
        page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
        page.save()

        tasks.publish_scheduled()

        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertTrue(page.expired)
