from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

ERROR_CHANGE_NOTE_MISSING = _("Say in a few lines what changed: people get this note.")


class WorkerHeartbeat(models.Model):
    """One row per cluster name, touched by a scheduled task that only a live worker can run."""

    cluster = models.CharField(_("cluster"), max_length=100, unique=True)
    seen_at = models.DateTimeField(_("seen at"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.cluster} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


class RelearnMixin(models.Model):
    """Two fields on content staff learn from: "staff must re-learn this" and what changed.

    Publishing a revision with ``relearn_required`` set records the change and sends a short
    refresher to the people who learned the version before it; both fields are then cleared,
    so the next edit starts clean (see ``courses.services.changes``)."""

    relearn_required = models.BooleanField(
        _("staff must re-learn this"),
        default=False,
        help_text=_(
            "Tick when this change matters to people who already learned the page: publishing "
            "sends them a short refresher with the note below and the questions on this "
            "content. Cleared after publishing."
        ),
    )
    change_note = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_(
            "In a few lines, for the people who learned the old version. Markdown. Cleared "
            "after publishing, kept with the refresher."
        ),
    )

    class Meta:
        abstract = True

    @classmethod
    def relearn_panel(cls):
        return MultiFieldPanel(
            [FieldPanel("relearn_required"), FieldPanel("change_note")],
            heading=_("Re-learning"),
        )

    def clean(self):
        super().clean()
        if self.relearn_required and not self.change_note.strip():
            raise ValidationError({"change_note": ERROR_CHANGE_NOTE_MISSING})
