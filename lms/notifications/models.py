"""In-app notifications: one row per person and event, never two for the same event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import kind_get


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
            return str(kind.title) % self.params
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
