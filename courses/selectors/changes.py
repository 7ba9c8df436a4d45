"""Reads of content changes: who a change reaches, the review lists, the learner's side.
See ``courses.services.changes`` for what publishing a change does."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast

from wagtail.models import Page, ReferenceIndex

from courses.hooks import change_answerers, change_quizzes
from courses.models import Assignment, ContentChange, CrmTutorialReview, LessonPage, LessonProgress
from courses.selectors.refreshers import STAYING, Compliance, compliance_counts
from lms.people.models import StaffProfile


def _lessons_showing(*, content_type: ContentType, object_id: str) -> QuerySet:
    """Ids of the pages that show or reference the object (the reference index), as integers;
    lessons among them are what counts. Not evaluated."""
    return (
        ReferenceIndex.objects.filter(
            to_content_type=content_type,
            to_object_id=object_id,
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .annotate(page_pk=Cast("object_id", IntegerField()))
        .values("page_pk")
    )


def change_learners(*, change: ContentChange) -> QuerySet[StaffProfile]:
    """The staff a change reaches: who completed a lesson that is or shows the content, or
    answered one of its questions, before the change was published, or is in one of its job
    roles; active accounts that have not left. Not evaluated."""
    target = change.content_type.model_class()
    is_page = issubclass(target, Page)
    # The reference index names a page by the Page content type, whatever its specific type.
    base = ContentType.objects.get_for_model(Page if is_page else target, for_concrete_model=False)
    lesson_ids = _lessons_showing(content_type=base, object_id=change.object_id)
    lessons = Q(lesson_id__in=lesson_ids)
    if issubclass(target, LessonPage):
        lessons |= Q(lesson_id=int(change.object_id))
    completed = LessonProgress.objects.filter(
        lessons, completed_at__isnull=False, completed_at__lte=change.published_at
    ).values("user_id")
    answered = change_answerers(change=change)
    # One list of learners, not two IN tests joined by OR: PostgreSQL misjudges the size of the
    # answers' condition and would rescan it for every staff row (3.9 s instead of 0.2 s for
    # 50,000 staff in bench/changes.py).
    reaches = Q(user_id__in=completed.order_by().union(answered, all=True))
    role_ids = [role.pk for role in change.job_roles.all()]
    if role_ids:
        reaches |= Q(job_role_id__in=role_ids)
    return StaffProfile.objects.filter(reaches, user__is_active=True, status__in=STAYING)


def tutorials_to_review() -> QuerySet[CrmTutorialReview]:
    """The open reviews, newest release first, with the tutorial and release loaded."""
    return (
        CrmTutorialReview.objects.filter(resolved_at__isnull=True)
        .select_related("tutorial", "release", "tutorial__feature")
        .order_by("-release__released_on", "tutorial__title", "pk")
    )


def tutorial_reviews_open(*, tutorial_id: int) -> list[CrmTutorialReview]:
    """The reviews a tutorial still waits for, oldest release first, with the release: what its
    editor warns about."""
    return list(
        CrmTutorialReview.objects.filter(tutorial_id=tutorial_id, resolved_at__isnull=True)
        .select_related("release")
        .order_by("release__released_on", "pk")
    )


def recent_changes(*, limit: int) -> QuerySet[ContentChange]:
    """The latest published changes, with who published them and their content type."""
    return ContentChange.objects.select_related("published_by", "content_type").order_by(
        "-published_at", "-pk"
    )[:limit]


def change_assignment_for_learner(*, user, assignment_id: int) -> Assignment | None:
    """The person's own assignment of a content change, with the change, and
    ``change_live_quiz_id``: the id of the change's quiz if it has one still live, else None.
    One query."""
    live_quiz = change_quizzes(live=True).filter(change_id=OuterRef("content_change_id"))
    return (
        Assignment.objects.filter(pk=assignment_id, user=user, content_change__isnull=False)
        .select_related("content_change", "content_change__content_type")
        .annotate(change_live_quiz_id=Subquery(live_quiz.values("quiz_id")[:1]))
        .first()
    )


def change_content_url(*, change: ContentChange, request=None) -> str:
    """Where the changed content is now: its page if live, its glossary entry if published;
    empty if it is gone or withdrawn."""
    model = change.content_type.model_class()
    if model is None:
        return ""
    if issubclass(model, Page):
        page = Page.objects.live().filter(pk=change.object_id).first()
        return (page.get_url(request=request) or "") if page is not None else ""
    found = model._default_manager.filter(pk=change.object_id, live=True).first()
    return found.get_absolute_url() if found is not None else ""


def change_has_questions(*, change: ContentChange) -> bool:
    """Whether the change is completed by passing its questions: it has a quiz that is still
    live. If an author withdrew the quiz, reading the note completes it, so nobody is stuck."""
    return change_quizzes(live=True).filter(change_id=change.pk).exists()


def refresher_compliance_by_change(
    *, user_ids, now, start=None, end=None, limit: int = 10
) -> list[Compliance]:
    """Per content change (the ``limit`` most recently published that ``user_ids`` have to
    re-learn, with the assignment assigned in [start, end)), their assigned, done and overdue
    refreshers. One query."""
    assignments = Assignment.objects.filter(
        user_id__in=user_ids, source=Assignment.Source.CONTENT_CHANGE
    )
    if start is not None:
        assignments = assignments.filter(assigned_at__gte=start)
    if end is not None:
        assignments = assignments.filter(assigned_at__lt=end)
    rows = (
        assignments.values(
            "content_change_id", "content_change__title", "content_change__published_at"
        )
        .annotate(**compliance_counts(now))
        .order_by("-content_change__published_at", "-content_change_id")[:limit]
    )
    return [
        Compliance(
            key=row["content_change_id"],
            title=row["content_change__title"],
            assigned=row["assigned"],
            done=row["done"],
            overdue=row["overdue"],
        )
        for row in rows
    ]
