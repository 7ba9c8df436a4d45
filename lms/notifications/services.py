"""Writes for notifications: sending one for an event (once), and marking them read."""

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
