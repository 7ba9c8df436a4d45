"""Change-driven refreshers: a published change staff must re-learn, and CRM tutorials a CRM
release asks authors to look at again.

A ``ContentChange`` is recorded when a revision of a product card, CRM tutorial, the bonus
scheme, the service standards, a lesson or a glossary term is published with "staff must
re-learn this" ticked. The worker then assigns it (source "content_change") to the people who
learned the version before it; see ``courses.services.changes``. The short quiz on what changed,
when any question checks the content, is the quizzes app's ``ChangeQuiz`` (read through
``courses.hooks``).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models.knowledge import CrmRelease, CrmTutorialPage


class ContentChange(models.Model):
    """One published change of one piece of content that its learners must re-learn."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.CharField(_("object id"), max_length=255)
    # The revision whose publishing recorded the change: publishing it again (a retried task,
    # a second click) finds this row instead of making another.
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_change",
        verbose_name=_("revision"),
    )
    title = models.CharField(_("title"), max_length=255)
    change_note = models.TextField(_("what changed"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # Besides the people who learned the old version: everyone in these job roles (the roles
    # using a CRM feature a release changed).
    job_roles = models.ManyToManyField(
        "people.JobRole", blank=True, related_name="+", verbose_name=_("also for job roles")
    )
    assigned_at = models.DateTimeField(_("refreshers assigned at"), null=True, blank=True)
    assigned_count = models.PositiveIntegerField(_("refreshers assigned"), default=0)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("content change")
        verbose_name_plural = _("content changes")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.title

    @property
    def content_object(self):
        """The changed page or glossary term as it is now (None if deleted)."""
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()


class CrmTutorialReview(models.Model):
    """A CRM release changed the feature a tutorial teaches: the tutorial needs review. The
    next publish resolves it; a publish with "staff must re-learn this" then reaches the job
    roles that use the feature, too."""

    tutorial = models.ForeignKey(
        CrmTutorialPage,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("CRM tutorial"),
    )
    release = models.ForeignKey(
        CrmRelease, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("CRM release")
    )
    flagged_at = models.DateTimeField(_("flagged at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by_change = models.ForeignKey(
        ContentChange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refresher it led to"),
    )

    class Meta:
        ordering = ["-flagged_at", "pk"]
        verbose_name = _("CRM tutorial to review")
        verbose_name_plural = _("CRM tutorials to review")
        constraints = [
            models.UniqueConstraint(fields=["tutorial", "release"], name="crm_review_once"),
        ]

    def __str__(self):
        return f"{self.tutorial} — {self.release}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
