"""django-q2 entry points of the platform core: no arguments or ids in, one service call."""

from lms.core import services


def worker_heartbeat() -> None:
    services.worker_heartbeat_record()


def publish_scheduled() -> None:
    services.scheduled_content_publish()
