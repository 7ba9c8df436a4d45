"""The reports app's records. Its pages and figures are read from the other apps; only what a
report itself makes is stored here."""

import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EXPORTS_STORAGE_ALIAS = "reports_exports"


def export_storage():
    """Where export files are written: the ``reports_exports`` entry of ``STORAGES`` when an
    operator defines one (a private bucket), else a folder at ``REPORTS_EXPORT_ROOT``, outside
    ``MEDIA_ROOT`` and never served as it is. A file keeps its export's name, so writing it
    again (a retried task) replaces it instead of adding a second one."""
    if EXPORTS_STORAGE_ALIAS in settings.STORAGES:
        return storages[EXPORTS_STORAGE_ALIAS]
    return FileSystemStorage(
        location=settings.REPORTS_EXPORT_ROOT, base_url=None, allow_overwrite=True
    )


class ReportExport(models.Model):
    """One export too big to stream in the request, written by a worker for the person who
    asked: what they asked for, and the file once it is ready. Only its owner may download it,
    until ``REPORTS_EXPORT_KEEP_DAYS`` after it was asked for."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        ATTEMPTS = "attempts", _("Quiz attempts")
        MENTORING = "mentoring", _("Supervised sessions")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        JSON = "json", "JSON"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", pgettext_lazy("report export", "Failed")
        EXPIRED = "expired", pgettext_lazy("report export", "Expired")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_exports",
        verbose_name=_("asked by"),
    )
    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # The filters as URL parameters (``ReportFilters.query()``), read again by the worker; the
    # scope is the owner's at the time the file is written.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    # The language the person asked in: the column headers and labels are written in it.
    language = models.CharField(_("language"), max_length=10, default="ru")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(
        _("file"), storage=export_storage, upload_to="exports/", max_length=255, blank=True
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.format} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self):
        return self.created_at + datetime.timedelta(days=settings.REPORTS_EXPORT_KEEP_DAYS)
