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


def wagtail_roots_ensure() -> None:
    """Create Wagtail's default locale, root page and root collection if they are missing.

    Wagtail's migrations create both once; a database flush (as between transactional tests)
    removes them, and the post-migrate setup that follows needs them back.
    """
    from django.contrib.contenttypes.models import ContentType

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            live=True,
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
