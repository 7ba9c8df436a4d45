"""Mentoring: who may mentor, pairings, the practice skills of each job role, supervised
sessions with real customers, skill sign-offs and clearance for solo work.

Sign-offs and clearances are records of a decision: the services never edit or delete them. A
sign-off can be revoked (with a reason), which is recorded on the same row, so the history keeps
both the sign-off and its revocation.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from lms.people.models import person_name


class MentorProfile(models.Model):
    """A senior colleague who may take newcomers, and how many at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
        verbose_name=_("mentor"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many mentees at once."),
    )
    is_active = models.BooleanField(_("takes mentees"), default=True)
    teams = models.ManyToManyField(
        "people.Team", blank=True, related_name="mentors", verbose_name=_("teams")
    )
    job_roles = models.ManyToManyField(
        "people.JobRole", blank=True, related_name="mentors", verbose_name=_("job roles")
    )

    panels = [
        FieldPanel("user"),
        FieldPanel("capacity"),
        FieldPanel("is_active"),
        FieldPanel("teams"),
        FieldPanel("job_roles"),
    ]

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")

    def __str__(self):
        return person_name(self.user)


class Pairing(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pairings_as_mentee",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="pairings_as_mentor",
        verbose_name=_("mentor"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    paired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paired by"),
    )
    # Set when a manager paired beyond the mentor's capacity: why they did.
    override_reason = models.TextField(_("reason for exceeding capacity"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="active"),
                name="pairing_one_active_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(mentee=models.F("mentor")), name="pairing_not_self"
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"


class PracticeSkill(index.Indexed, models.Model):
    """Something a newcomer must do well with real customers, such as "handle a complaint"."""

    job_role = models.ForeignKey(
        "people.JobRole",
        on_delete=models.CASCADE,
        related_name="practice_skills",
        verbose_name=_("job role"),
    )
    title = models.CharField(_("skill"), max_length=160)
    description = models.TextField(_("what good looks like"), blank=True)
    required_for_solo = models.BooleanField(_("required for solo work"), default=True)
    sessions_required = models.PositiveSmallIntegerField(
        _("independent sessions for a sign-off"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    teaching_pages = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("lessons and pages that teach it"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("job_role"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("required_for_solo"),
        FieldPanel("sessions_required"),
        FieldPanel("teaching_pages"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["job_role", "sort_order", "pk"]
        verbose_name = _("practice skill")
        verbose_name_plural = _("practice skills")
        constraints = [
            models.UniqueConstraint(fields=["job_role", "title"], name="practice_skill_once")
        ]

    def __str__(self):
        return self.title


class SupervisedSession(models.Model):
    """One conversation with a real customer that the newcomer led with the mentor beside them."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        CHAT = "chat", _("Chat")
        EMAIL = "email", _("Email")
        IN_PERSON = "in_person", _("In person")

    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("pairing")
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supervised_sessions",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sessions_supervised",
        verbose_name=_("mentor"),
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    situation = models.TextField(_("the customer's situation"))
    mentor_stepped_in = models.BooleanField(_("the mentor stepped in"), default=False)
    stepped_in_note = models.TextField(_("what happened when the mentor stepped in"), blank=True)
    strengths = models.TextField(_("what went well"), blank=True)
    to_improve = models.TextField(_("what to improve"), blank=True)
    suggested_lessons = models.ManyToManyField(
        "wagtailcore.Page", blank=True, related_name="+", verbose_name=_("what to study next")
    )
    mentee_reflection = models.TextField(_("the newcomer's reflection"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    # Sent with the form (or by an API client): the same submission twice, such as a double
    # tap on a phone or a retried request, saves one session.
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("supervised session")
        verbose_name_plural = _("supervised sessions")
        indexes = [models.Index(fields=["mentee", "occurred_at"])]

    def __str__(self):
        return f"{self.mentee} · {self.occurred_at:%Y-%m-%d}"


class SkillRating(models.Model):
    class Rating(models.TextChoices):
        NEEDED_HELP = "needed_help", _("Needed help")
        WITH_SUPPORT = "with_support", _("With support")
        INDEPENDENT = "independent", _("Independent")

    session = models.ForeignKey(SupervisedSession, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(PracticeSkill, on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField(_("rating"), max_length=15, choices=Rating.choices)

    class Meta:
        verbose_name = _("skill rating")
        verbose_name_plural = _("skill ratings")
        constraints = [
            models.UniqueConstraint(fields=["session", "skill"], name="skill_rating_once")
        ]

    def __str__(self):
        return f"{self.skill}: {self.get_rating_display()}"


class SignOff(models.Model):
    """A mentor's word that a newcomer does a skill on their own. Never edited or deleted;
    a revocation is recorded on the row with who, when and why."""

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_offs"
    )
    skill = models.ForeignKey(PracticeSkill, on_delete=models.PROTECT, related_name="sign_offs")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    evidence = models.ManyToManyField(SupervisedSession, related_name="+", blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.TextField(_("why it was revoked"), blank=True)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "skill"],
                condition=Q(revoked_at__isnull=True),
                name="sign_off_one_live_per_skill",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="sign_off_revoked_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.mentee} · {self.skill}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class SoloClearance(models.Model):
    """A newcomer cleared for solo work: asked for by the mentor, confirmed by a manager."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the manager")
        CONFIRMED = "confirmed", _("Cleared")
        DECLINED = "declined", _("Declined")

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="solo_clearances"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("why it was declined"), blank=True)
    # Hire date → confirmation, in days, fixed when the manager confirms (the headline metric).
    days_to_solo = models.PositiveIntegerField(_("days to solo"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("solo clearance")
        verbose_name_plural = _("solo clearances")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["requested", "confirmed"]),
                name="solo_clearance_one_open",
            )
        ]

    def __str__(self):
        return f"{self.mentee} · {self.get_status_display()}"
