"""In-app notifications: one row per person and event, never two for the same event; the daily
email digest that carries them; and the kinds a person has muted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import kind_get


class Digest(models.Model):
    """One person's email of one day, listing the notifications attached to it.

    At most one per person and day (the unique constraint). Its notifications are attached when
    it is created, in the same transaction, and never change afterwards; the worker then claims
    it (``sending``), sends it and marks it ``sent``, or puts it back to ``pending`` for a later
    retry, or gives up (``failed``) after ``MAX_ATTEMPTS`` and lets its notifications go into a
    later digest. See ``lms.notifications.digests`` for why nothing is sent twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_digests",
        verbose_name=_("recipient"),
    )
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # Set when a worker claims the digest; the claim token tells that worker's rows apart from
    # a later claimant's if the claim went stale (see ``digests``).
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim = models.UUIDField(_("claim"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("email digest")
        verbose_name_plural = _("email digests")
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day"),
        ]
        indexes = [
            # The worker's claim: what is due to be sent now.
            models.Index(fields=["status", "next_attempt_at"], name="digest_due"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.day}"


class Notification(models.Model):
    """Something a person should know or do: a session to acknowledge, a newcomer ready for
    solo work. ``event`` identifies what happened (for example ``session:42``); together with
    the recipient and the kind it is unique, so sending the same event twice (a retried job, a
    repeated request) never makes a second notification."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=100)
    event = models.CharField(_("event"), max_length=200)
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The email digest that carries it; empty until one does (or for good, when it is read,
    # muted or its recipient has no address by the time digests are made).
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("email digest"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "event"], name="notification_once_per_event"
            ),
        ]
        indexes = [
            # The unread badge and the inbox: a person's notifications, newest first.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        kind = kind_get(self.kind)
        if kind is None:
            return self.kind
        try:
            # Not str(kind.title): a plural title picks its form from the params.
            return str(kind.title % self.params)
        except (KeyError, TypeError, ValueError):
            # Details saved under an older wording: show the words without them.
            return str(kind.label)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def mandatory(self) -> bool:
        kind = kind_get(self.kind)
        return kind is not None and kind.mandatory


class NotificationPreference(models.Model):
    """A person's choice about one kind of notification. A muted kind stays in the inbox but
    is left out of the email digest and the unread count; mandatory kinds are never muted
    (``services.notification_preferences_save`` refuses)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=100)
    muted = models.BooleanField(_("muted"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind}"
