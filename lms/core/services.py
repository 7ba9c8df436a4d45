"""Writes of the platform core."""

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from lms.core.models import WorkerHeartbeat


def worker_heartbeat_record() -> WorkerHeartbeat:
    """Record that a worker of this cluster ran a task just now."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        cluster=settings.Q_CLUSTER["name"], defaults={"seen_at": timezone.now()}
    )
    return heartbeat


def scheduled_content_publish() -> None:
    """Publish every page and snippet revision whose go-live time has come, and unpublish
    everything whose expiry time has passed (Wagtail's own ``publish_scheduled``)."""
    call_command("publish_scheduled", verbosity=0)
