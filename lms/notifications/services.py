"""Writes for notifications: sending one for an event (once), and marking them read."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.notifications.kinds import kind_get
from lms.notifications.models import Notification


def notification_send(
    *,
    recipient: AbstractBaseUser,
    kind: str,
    event: str,
    params: dict | None = None,
    url: str = "",
) -> Notification | None:
    """Notify ``recipient`` of ``event`` (a stable id of what happened, such as ``session:42``).

    Sending the same kind and event to the same person again returns the existing notification
    and changes nothing, also when two requests race (the unique constraint settles it). Returns
    None for an inactive recipient: nobody reads an inbox of an account that was closed."""
    if kind_get(kind) is None:
        raise ImproperlyConfigured(f"Unknown notification kind: {kind}")
    if not recipient.is_active:
        return None
    existing = Notification.objects.filter(recipient=recipient, kind=kind, event=event).first()
    if existing is not None:
        return existing
    notification = Notification(
        recipient=recipient,
        kind=kind,
        event=event,
        params=params or {},
        url=url,
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, kind=kind, event=event)
    return notification


def notification_read(*, notification: Notification, reader: AbstractBaseUser) -> Notification:
    """Mark one of the reader's notifications read; reading it again changes nothing. Only the
    recipient reads their notifications (the caller looks it up among the reader's own)."""
    if notification.recipient_id != reader.pk:
        raise PermissionDenied("Only the recipient reads a notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, reader: AbstractBaseUser) -> int:
    """Mark every unread notification of the reader read; returns how many were unread."""
    return Notification.objects.filter(recipient=reader, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_send_bulk(*, kind: str, rows: Iterable[tuple[int, str, dict, str]]) -> int:
    """Send one kind of notification to many people at once: ``rows`` of (recipient id, event,
    params, url). Events already sent to a recipient are skipped (the unique constraint), as
    are inactive accounts; one query to find the active recipients, then batched inserts.
    Returns how many rows were offered for insertion after filtering (the database may skip
    some as already sent)."""
    if kind_get(kind) is None:
        raise ImproperlyConfigured(f"Unknown notification kind: {kind}")
    rows = list(rows)
    if not rows:
        return 0
    User = get_user_model()
    active = set(
        User.objects.filter(pk__in={row[0] for row in rows}, is_active=True).values_list(
            "pk", flat=True
        )
    )
    now = timezone.now()
    notifications = [
        Notification(
            recipient_id=recipient_id,
            kind=kind,
            event=event,
            params=params or {},
            url=url,
            created_at=now,
        )
        for recipient_id, event, params, url in rows
        if recipient_id in active
    ]
    Notification.objects.bulk_create(notifications, batch_size=2000, ignore_conflicts=True)
    return len(notifications)
