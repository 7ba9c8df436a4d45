"""The reports app's records: certificates (proof that a person completed a course, or a whole
onboarding plan, marked "issues a certificate"), the managers' weekly digests and the exports
the worker writes. Pages and figures are read from the other apps; only what a report itself
makes is stored here.

A certificate stores what it certifies as of its issue (the title, the date, the score, the
expiry) and a random code that the public verification page and the QR code on the PDF name.
The PDF itself is not stored: it is drawn from the row on each download (``reports.
certificate_pdf``), so it always says what the row says, revoked included, and there is no file
to keep in step, back up or delete.
"""

import datetime
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# 12 random bytes: 16 URL-safe characters, 96 bits, so codes cannot be guessed or counted.
CODE_BYTES = 12
CODE_LENGTH = 16
# Shown in a certificate's holder's place when they have no full name: a login is no name to
# print on a certificate or a public page.
HOLDER_NAME_NOT_GIVEN = _("name not given")


def certificate_code_new() -> str:
    """A new random verification code (URL-safe, 16 characters)."""
    return secrets.token_urlsafe(CODE_BYTES)


class Certificate(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        PLAN = "plan", _("Onboarding plan")

    class Status(models.TextChoices):
        VALID = "valid", pgettext_lazy("certificate", "Valid")
        EXPIRED = "expired", pgettext_lazy("certificate", "Expired")
        REVOKED = "revoked", pgettext_lazy("certificate", "Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("certifies"), max_length=10, choices=Kind.choices)
    # The course or plan may be deleted later; the certificate keeps its title and stays valid.
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    # The completion the certificate is for: a refresher completion is a new assignment, so it
    # gives a new certificate, and the same completion never gives two.
    assignment = models.ForeignKey(
        "courses.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completion"),
    )
    plan = models.ForeignKey(
        "courses.OnboardingPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("onboarding plan"),
    )
    title = models.CharField(
        _("title"), max_length=255, help_text=_("The course or job role, as of the issue.")
    )
    issued_on = models.DateField(_("issued on"))
    score = models.DecimalField(
        _("score, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=certificate_code_new
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="course", plan__isnull=True) | Q(kind="plan", course__isnull=True),
                name="certificate_course_or_plan",
            ),
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(assignment__isnull=False),
                name="certificate_once_per_completion",
            ),
            models.UniqueConstraint(
                fields=["user", "plan"],
                condition=Q(plan__isnull=False),
                name="certificate_once_per_plan",
            ),
        ]
        indexes = [models.Index(fields=["user", "-issued_on"])]

    def __str__(self):
        return f"{self.title} — {self.code}"

    @property
    def holder_name(self) -> str:
        """The holder as the certificate names them, on the public page and the PDF: their full
        name, or a neutral placeholder when none is set; never their login."""
        return self.user.get_full_name().strip() or str(HOLDER_NAME_NOT_GIVEN)

    @property
    def display_title(self) -> str:
        """What the certificate is for, as people read it."""
        if self.kind == self.Kind.PLAN:
            return _("Onboarding plan “%(role)s”") % {"role": self.title}
        return self.title

    def status_on(self, day) -> str:
        """Revoked, expired (after ``expires_on``) or valid on ``day``."""
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_on is not None and self.expires_on < day:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self) -> str:
        """The status today (in the site's time zone)."""
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label


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
