"""Reads for notifications: a person's inbox and their unread count."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from lms.notifications.models import Notification


def notifications_for(*, recipient: AbstractBaseUser) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient=recipient).order_by("-created_at", "-pk")


def notification_unread_count(*, recipient: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()
