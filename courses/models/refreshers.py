"""Periodic refreshers: a policy re-assigns a course or a quiz to its audience some days after
each person's last completion of it, and says how long a completion keeps a person certified.

Certification is not stored: it is read from the completed assignments of the policy's course,
or the passed attempts of its quiz (see ``courses.services.refreshers``), so every way of completing
either counts at once and nothing has to be kept in step with it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from courses import hooks
from courses.models.learning import CoursePage

ERROR_WINDOW_TOO_LONG = _("The time to complete must be shorter than the repeat interval.")
ERROR_COURSE_OR_QUIZ = _("Choose a course or a quiz, not both.")
ERROR_COURSE_OR_QUIZ_MISSING = _("Choose a course or a quiz.")
ERROR_NOBODY_SELECTED = _("Choose at least one job role or team, or make it for everyone.")


class RefresherPolicyQuerySet(models.QuerySet):
    def with_targets(self):
        """With the course loaded and the quiz's title annotated (``quiz_title``): what
        ``target_title`` reads, in the same query."""
        return self.select_related("course").annotate(quiz_title=hooks.quiz_title("quiz_id"))


class RefresherPolicy(models.Model):
    """A rule "redo this course (or retake this quiz) every N days": whom it is for, how long a
    completion stays valid and how much time people get for the refresher.

    A person's certification is valid for ``every_days`` after their last completion of the
    course, or their last pass of the quiz. The refresher is assigned ``due_days`` before that
    moment and is due ``due_days`` after it is assigned, so whoever completes it on time is
    never uncertified."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        SELECTED = "selected", _("Chosen job roles and teams")

    title = models.CharField(_("title"), max_length=200)
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="refresher_policies",
        verbose_name=_("course"),
        help_text=_("The course people redo. Each completion of it certifies them anew."),
    )
    # The quiz, by id: a plain column, not a foreign key, so this app's schema does not depend
    # on the quizzes app's. The quizzes app deletes the policy with its quiz (quizzes.signals)
    # and tells this one the quiz's title and liveness (courses.hooks).
    quiz_id = models.BigIntegerField(
        _("quiz"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Or a quiz people retake instead of a course. Each pass certifies them anew."),
    )
    audience = models.CharField(
        _("for whom"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    job_roles = models.ManyToManyField(
        "people.JobRole",
        blank=True,
        related_name="refresher_policies",
        verbose_name=_("job roles"),
        help_text=_("With “chosen job roles and teams”: everyone in any of these job roles…"),
    )
    teams = models.ManyToManyField(
        "people.Team",
        blank=True,
        related_name="refresher_policies",
        verbose_name=_("teams"),
        help_text=_("…and everyone in any of these teams."),
    )
    every_days = models.PositiveIntegerField(
        _("repeat every, days"),
        default=180,
        validators=[MinValueValidator(2)],
        help_text=_(
            "A completion keeps a person certified this many days; then the course is due again."
        ),
    )
    due_days = models.PositiveIntegerField(
        _("time to complete, days"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_(
            "The refresher is assigned this many days before the certification expires and is "
            "due this many days after it is assigned."
        ),
    )
    expiring_soon_days = models.PositiveIntegerField(
        _("“expiring soon” from, days before"),
        default=14,
        help_text=_("A certification shows as expiring soon this many days before it expires."),
    )
    include_never_completed = models.BooleanField(
        _("also assign to people who never completed the course"),
        default=False,
        help_text=_(
            "Off: the policy only renews certifications, and first-time learning is left to "
            "onboarding plans and managers. On: people in the audience without a completion "
            "get the course at the next run, too."
        ),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive policies assign nothing.")
    )

    objects = RefresherPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("refresher policy")
        verbose_name_plural = _("refresher policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_days__gte=1) & Q(due_days__lt=F("every_days")),
                name="refresher_policy_window_inside_interval",
            ),
            models.CheckConstraint(
                condition=Q(course__isnull=False, quiz_id__isnull=True)
                | Q(course__isnull=True, quiz_id__isnull=False),
                name="refresher_policy_course_or_quiz",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.course_id is not None and self.quiz_id is not None:
            errors["course"] = ERROR_COURSE_OR_QUIZ
        elif self.course_id is None and self.quiz_id is None:
            errors["course"] = ERROR_COURSE_OR_QUIZ_MISSING
        if self.every_days and self.due_days and self.due_days >= self.every_days:
            errors["due_days"] = ERROR_WINDOW_TOO_LONG
        if errors:
            raise ValidationError(errors)

    @property
    def target_title(self) -> str:
        """The title of the policy's course or quiz. A quiz's title comes from the
        ``quiz_title`` annotation (``RefresherPolicy.objects.with_targets()``), else from one
        query to the quizzes app."""
        if self.course_id is not None:
            return self.course.title
        if self.quiz_id is None:
            return ""
        if not hasattr(self, "quiz_title"):
            quizzes = hooks.quiz_list().filter(pk=self.quiz_id)
            self.quiz_title = quizzes.values_list("title", flat=True).first()
        return self.quiz_title or ""

    @property
    def is_for_everyone(self) -> bool:
        return self.audience == self.Audience.EVERYONE

    @property
    def validity(self) -> datetime.timedelta:
        return datetime.timedelta(days=self.every_days)

    @property
    def lead_time(self) -> datetime.timedelta:
        """How long before a certification expires its refresher is assigned."""
        return datetime.timedelta(days=self.due_days)
