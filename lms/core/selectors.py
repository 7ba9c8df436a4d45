"""Reads of the platform core."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from lms.core.models import WorkerHeartbeat


@dataclass(frozen=True)
class Health:
    database_ok: bool
    database_error: str
    worker_seen_at: datetime | None
    worker_age_seconds: float | None
    worker_max_age_seconds: int

    @property
    def worker_ok(self) -> bool:
        return self.worker_age_seconds is not None and (
            self.worker_age_seconds <= self.worker_max_age_seconds
        )

    @property
    def ok(self) -> bool:
        return self.database_ok and self.worker_ok


def health_get() -> Health:
    """Probe the database and read the worker's last heartbeat. Never raises."""
    seen_at = None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        heartbeat = WorkerHeartbeat.objects.filter(cluster=settings.Q_CLUSTER["name"]).first()
        seen_at = heartbeat.seen_at if heartbeat else None
        database_ok, error = True, ""
    except DatabaseError as exc:
        database_ok, error = False, exc.__class__.__name__
    age = (timezone.now() - seen_at).total_seconds() if seen_at else None
    return Health(
        database_ok=database_ok,
        database_error=error,
        worker_seen_at=seen_at,
        worker_age_seconds=age,
        worker_max_age_seconds=settings.WORKER_HEARTBEAT_MAX_AGE,
    )
