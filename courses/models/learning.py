"""Courses and lessons (Wagtail pages), and who learns what: assignments, lesson progress and
the onboarding plan of each job role.

A lesson may end with a gating quiz. The gate lives in the ``quizzes`` app, which builds on this
one: ``quizzes.LessonGate`` is a child of the lesson page (so it is drafted, previewed and
published with it), and this app reads it through ``courses.hooks``. Passing the gate is
recorded here, on the learner's ``LessonProgress``, by the quizzes app's services.
"""

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from courses import blocks as course_blocks
from courses import hooks
from courses.models.knowledge import MARKDOWN_HELP, IntroMixin
from lms.core.models import RelearnMixin


class CourseIndexPage(IntroMixin, Page):
    """Every course, for browsing; a learner's own courses are on "my plan"."""

    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + IntroMixin.search_fields

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_list_for_learner

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = course_list_for_learner(user=request.user)
        return context


class CoursePage(Page):
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown on the plan and in the catalogue. Markdown."),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated time, minutes"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("How long the whole course takes, shown to learners."),
    )
    job_roles = ParentalManyToManyField(
        "people.JobRole",
        blank=True,
        related_name="courses",
        verbose_name=_("job roles"),
        help_text=_("Who the course is for. Leave empty for everyone."),
    )
    issues_certificate = models.BooleanField(
        _("issues a certificate"),
        default=False,
        help_text=_(
            "Whoever completes the course gets a PDF certificate with a verification code. "
            "A refresher policy of the course sets how long it is valid."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("job_roles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("issues_certificate"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_outline_for_learner

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline_for_learner(course=self, user=request.user)
        return context


class LessonPage(RelearnMixin, Page):
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    estimated_minutes = models.PositiveIntegerField(
        _("estimated time, minutes"), default=10, validators=[MinValueValidator(1)]
    )
    body = StreamField(course_blocks.LessonStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        # The quizzes app adds the gating quiz's panel here (``quizzes.apps``).
        RelearnMixin.relearn_panel(),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        # Reaching a locked lesson is refused before this runs (the ``before_serve_page`` hook in
        # wagtail_hooks.py), however the learner got here.
        from courses.selectors import lesson_context_for_learner

        context = super().get_context(request, *args, **kwargs)
        lesson_pk, learner_context = getattr(request, "lesson_context", (None, None))
        if lesson_pk != self.pk:  # a preview, or a request the hook did not see
            learner_context = lesson_context_for_learner(lesson=self, user=request.user)
        context.update(learner_context)
        return context


class AssignmentQuerySet(models.QuerySet):
    def with_targets(self):
        """With the course and the content change loaded and the quiz's title annotated
        (``quiz_title``): what ``target_title`` reads, in the same query."""
        return self.select_related("course", "content_change").annotate(
            quiz_title=hooks.quiz_title("quiz_id")
        )


class Assignment(models.Model):
    """Something someone has to complete, why, and by when: a course, a quiz (a quiz refresher
    policy) or a content change to re-learn. Exactly one of the three is set."""

    class Source(models.TextChoices):
        ONBOARDING = "onboarding", _("Onboarding plan")
        MANUAL = "manual", _("Assigned by a manager")
        REFRESHER = "refresher", _("Refresher")
        CONTENT_CHANGE = "content_change", _("Content changed")
        # Assigned by quality control's weak-spot rule: a criterion a person kept failing.
        QUALITY = "quality", _("Quality control")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        OVERDUE = "overdue", _("Overdue")

    OPEN_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS, Status.OVERDUE)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("person"),
    )
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("course"),
    )
    # The quiz, by id: a plain column, not a foreign key, so this app's schema does not depend
    # on the quizzes app's (the refresher run's INSERT … SELECT writes it, and the unique
    # constraint below reads it, in this table). The quizzes app deletes the assignments with
    # their quiz (quizzes.signals) and tells this one the quiz's title and liveness
    # (courses.hooks).
    quiz_id = models.BigIntegerField(_("quiz"), null=True, blank=True, db_index=True)
    content_change = models.ForeignKey(
        "courses.ContentChange",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("content change"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "assigned_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(course__isnull=False, quiz_id__isnull=True, content_change__isnull=True)
                    | Q(course__isnull=True, quiz_id__isnull=False, content_change__isnull=True)
                    | Q(course__isnull=True, quiz_id__isnull=True, content_change__isnull=False)
                ),
                name="assignment_one_target",
            ),
            # One open assignment of a course per person: assigning again while it is open
            # changes nothing, whoever assigns it.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status__in=["assigned", "in_progress", "overdue"]),
                name="assignment_one_open_per_course",
            ),
            # The onboarding plan is assigned once, even if the job role changes back and forth.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(source="onboarding"),
                name="assignment_onboarding_once",
            ),
            models.UniqueConstraint(
                fields=["user", "quiz_id"],
                condition=Q(status__in=["assigned", "in_progress", "overdue"]),
                name="assignment_one_open_per_quiz",
            ),
            # A change is re-learned once: recording or assigning it again adds nobody twice.
            models.UniqueConstraint(
                fields=["user", "content_change"], name="assignment_content_change_once"
            ),
        ]
        indexes = [
            # A person's assignments by state; with the due time, "overdue now" of many people
            # (the team dashboard) is read from the index alone.
            models.Index(fields=["user", "status", "due_at"], name="assignment_user_status_due"),
            models.Index(fields=["status", "due_at"]),
        ]

    def __str__(self):
        return f"{self.user} — {self.target_title}"

    @property
    def kind(self) -> str:
        if self.course_id is not None:
            return "course"
        return "quiz" if self.quiz_id is not None else "content_change"

    @property
    def target_title(self) -> str:
        """The title of the course, quiz or content change to complete. A quiz's title comes
        from the ``quiz_title`` annotation (``Assignment.objects.with_targets()``), else from
        one query to the quizzes app."""
        if self.course_id is not None:
            return self.course.title
        if self.quiz_id is not None:
            if not hasattr(self, "quiz_title"):
                quizzes = hooks.quiz_list().filter(pk=self.quiz_id)
                self.quiz_title = quizzes.values_list("title", flat=True).first()
            return self.quiz_title or ""
        change = self.content_change
        return getattr(change, "title", str(change))

    @property
    def display_title(self) -> str:
        """The title as the person sees it in their plan and in lists."""
        if self.content_change_id is not None:
            return _("What changed: %(title)s") % {"title": self.target_title}
        return self.target_title

    @staticmethod
    def url_of(*, pk: int, quiz_id: int | None, course_url: str | None) -> str:
        """Where the person completes an assignment, from its columns (for scans that read
        rows, not objects): the course's address when it names a course, else the quiz, else
        the change's refresher page."""
        if course_url is not None:
            return course_url
        if quiz_id is not None:
            return reverse("quizzes:quiz", args=[quiz_id])
        return reverse("courses:change", args=[pk])

    @property
    def target_url(self) -> str:
        """Where the person goes to complete it."""
        course_url = self.course.url if self.course_id is not None else None
        return self.url_of(pk=self.pk, quiz_id=self.quiz_id, course_url=course_url)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Overdue now, even before the periodic job has stored the status."""
        if self.status == self.Status.COMPLETED:
            return False
        return self.status == self.Status.OVERDUE or (
            self.due_at is not None and self.due_at < timezone.now()
        )


class LessonProgress(models.Model):
    """One person's progress in one lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField(_("opened at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    gate_passed_at = models.DateTimeField(_("gate passed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_progress_once")
        ]

    def __str__(self):
        return f"{self.user} — {self.lesson}"


class OnboardingPlan(ClusterableModel):
    """The courses a new hire in a job role takes, in order, each due some days after hiring."""

    job_role = models.OneToOneField(
        "people.JobRole",
        on_delete=models.CASCADE,
        related_name="onboarding_plan",
        verbose_name=_("job role"),
    )
    description = models.TextField(_("description"), blank=True, help_text=MARKDOWN_HELP)
    issues_certificate = models.BooleanField(
        _("issues a certificate"),
        default=False,
        help_text=_(
            "Whoever completes every course of the plan gets a PDF certificate for the whole "
            "plan, besides those of its courses."
        ),
    )

    panels = [
        FieldPanel("job_role"),
        FieldPanel("description"),
        FieldPanel("issues_certificate"),
        InlinePanel("items", label=_("Courses"), min_num=1),
    ]

    class Meta:
        verbose_name = _("onboarding plan")
        verbose_name_plural = _("onboarding plans")

    def __str__(self):
        return str(self.job_role)


class OnboardingPlanItem(Orderable):
    plan = ParentalKey(OnboardingPlan, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    due_days = models.PositiveIntegerField(
        _("due, days after hiring"),
        default=7,
        help_text=_("The course is due this many days after the hire date."),
    )
    required_for_solo = models.BooleanField(
        _("required for solo work"),
        default=True,
        help_text=_("A newcomer is cleared for solo work only once this course is complete."),
    )

    panels = [FieldPanel("course"), FieldPanel("due_days"), FieldPanel("required_for_solo")]

    class Meta(Orderable.Meta):
        verbose_name = _("course in the plan")
        verbose_name_plural = _("courses in the plan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "course"], name="onboarding_plan_course_once")
        ]

    def __str__(self):
        return str(self.course)
