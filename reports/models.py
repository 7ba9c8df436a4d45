"""The reports app's records: the managers' weekly digests."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WeeklyDigest(models.Model):
    """One manager's digest of one week: what their email and inbox item say, fixed when the
    digest is made (a retried send repeats the same words), and whether the email went out.

    At most one per manager and week (the unique constraint): however many times the weekly
    job runs or is retried, a manager gets one email and one inbox item a week. The worker
    claims a digest (``sending``, with its own claim token) before sending it, so two runs never
    send the same digest; a failed send goes back to ``pending`` for a later retry and is given
    up (``failed``) after a few attempts. See ``reports.services.digest``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # The manager muted the weekly digest: it is in their inbox, not emailed.
        MUTED = "muted", _("Not emailed (muted)")

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="weekly_digests",
        verbose_name=_("manager"),
    )
    # The Monday (company time zone) of the week the digest is for.
    week = models.DateField(_("week"))
    content = models.JSONField(_("content"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim = models.UUIDField(_("claim"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        ordering = ["-week", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["manager", "week"], name="weekly_digest_once"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="weekly_digest_due"),
        ]

    def __str__(self) -> str:
        return f"{self.manager} — {self.week}"
