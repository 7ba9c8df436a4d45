from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search import index


class Team(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_teams",
        verbose_name=_("managers"),
        help_text=_("They see and keep the records of everyone in this team."),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class JobRole(index.Indexed, models.Model):
    """A job title people are hired into, such as "contact-centre operator"."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    class Status(models.TextChoices):
        ONBOARDING = "onboarding", _("Onboarding")
        SOLO = "solo", _("Working solo")
        LEFT = "left", _("Left the company")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    employee_id = models.CharField(
        _("employee ID"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The personnel number in the HR system: the key that staff imports and the HR API "
            "match people by."
        ),
    )
    middle_name = models.CharField(_("middle name"), max_length=150, blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    job_role = models.ForeignKey(
        JobRole,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("job role"),
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("line manager"),
    )
    hire_date = models.DateField(_("hire date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONBOARDING
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Set on every save; the staff import's bulk writes set it themselves (auto_now is not
    # applied by bulk_update or update). The HR API lists people changed since a time by it.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        indexes = [models.Index(fields=["status", "team"])]

    def __str__(self):
        return person_name(self.user)

    @property
    def has_left(self) -> bool:
        return self.status == self.Status.LEFT


def person_name(user) -> str:
    """How the product names a person: their full name, or their login when it is not set."""
    return user.get_full_name() or user.get_username()


class LoginSession(models.Model):
    """A session someone signed in with, so that all of a person's sessions can be ended at
    once (Django keeps no index from a user to their sessions). Recorded at sign-in, removed at
    sign-out; ending them deletes the sessions themselves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in at"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-in session")
        verbose_name_plural = _("sign-in sessions")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"{self.user_id}: {self.created_at:%Y-%m-%d %H:%M}"


class StaffImport(models.Model):
    """One staff import from a file: who ran it, when, and what it did."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
        help_text=_("Empty when the import ran from the command line."),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    file_name = models.CharField(_("file"), max_length=255)
    created = models.PositiveIntegerField(_("people created"), default=0)
    changed = models.PositiveIntegerField(_("people changed"), default=0)
    unchanged = models.PositiveIntegerField(_("people unchanged"), default=0)
    deactivated = models.PositiveIntegerField(_("people deactivated"), default=0)
    deactivate_missing = models.BooleanField(_("people not in the file deactivated"), default=False)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class StaffImportChange(models.Model):
    """One field of one person changed by an import: the value before and after, as text."""

    staff_import = models.ForeignKey(
        StaffImport, on_delete=models.CASCADE, related_name="changes", verbose_name=_("import")
    )
    profile = models.ForeignKey(
        StaffProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_changes",
        verbose_name=_("staff profile"),
    )
    employee_id = models.CharField(_("employee ID"), max_length=64)
    action = models.CharField(_("action"), max_length=20)
    field = models.CharField(_("field"), max_length=40)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("staff import change")
        verbose_name_plural = _("staff import changes")
        indexes = [models.Index(fields=["employee_id"])]

    def __str__(self):
        return f"{self.employee_id}: {self.field}"
