from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per cluster name, touched by a scheduled task that only a live worker can run."""

    cluster = models.CharField(_("cluster"), max_length=100, unique=True)
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.cluster} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
