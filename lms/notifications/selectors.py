"""Reads for notifications: a person's inbox, their unread count and their settings; the email
digests that did not go out, for administrators."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from lms.notifications.kinds import Kind, kinds_all, mandatory_keys
from lms.notifications.models import Digest, Notification, NotificationPreference


def unmuted() -> Q:
    """A filter on ``Notification`` keeping the notifications whose recipient has not muted
    their kind; mandatory kinds always pass, whatever a stray preference row says."""
    muted = NotificationPreference.objects.filter(
        user=OuterRef("recipient"), kind=OuterRef("kind"), muted=True
    )
    return Q(kind__in=mandatory_keys()) | ~Exists(muted)


def notifications_for(*, recipient: AbstractBaseUser) -> QuerySet[Notification]:
    """The person's notifications, newest first, muted kinds included (muting is about email
    and the count, not about hiding what happened)."""
    return Notification.objects.filter(recipient=recipient).order_by("-created_at", "-pk")


def notifications_unread(*, recipient_ref) -> QuerySet[Notification]:
    """The unread, unmuted notifications of ``recipient_ref`` (a user or ``OuterRef``)."""
    return Notification.objects.filter(unmuted(), recipient=recipient_ref, read_at__isnull=True)


def notification_unread_count(*, recipient: AbstractBaseUser) -> int:
    """How many unread notifications the badge shows: muted kinds are not counted."""
    return notifications_unread(recipient_ref=recipient).count()


@dataclass(frozen=True)
class KindSetting:
    kind: Kind
    muted: bool

    @property
    def key(self) -> str:
        return self.kind.key


def notification_settings_for(*, user: AbstractBaseUser) -> list[KindSetting]:
    """Every kind with whether ``user`` muted it, mandatory kinds first, then by label.

    One query, whatever the number of kinds."""
    muted = set(
        NotificationPreference.objects.filter(user=user, muted=True).values_list("kind", flat=True)
    )
    kinds = sorted(kinds_all(), key=lambda k: (not k.mandatory, str(k.label)))
    return [KindSetting(kind=k, muted=k.key in muted and not k.mandatory) for k in kinds]


def email_language_for(*, user: AbstractBaseUser) -> str:
    """The language ``user`` chose (stored on Wagtail's user profile), or "" for the site's
    default. One query."""
    from wagtail.users.models import UserProfile

    return (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
        or ""
    )


def digests_undelivered() -> QuerySet[Digest]:
    """The email digests that failed to send: given up on (``failed``), and those a failed
    attempt put back to wait for a retry (not sent, with an error). Newest first, with their
    recipients."""
    retrying = ~Q(status=Digest.Status.SENT) & ~Q(last_error="")
    return (
        Digest.objects.filter(Q(status=Digest.Status.FAILED) | retrying)
        .select_related("user")
        .order_by("-day", "-pk")
    )
