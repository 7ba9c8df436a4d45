"""Change-driven refreshers: when a change to what staff learned must be re-learned.

An author ticks "staff must re-learn this" on a product card, CRM tutorial, the bonus scheme,
the service standards, a lesson or a glossary term, writes what changed, and publishes.
Publishing (``content_change_record``, called from Wagtail's publish signals) then:

1. records a ``ContentChange`` for the published revision: the change note, and the questions
   linked to the content gathered into a short quiz; publishing the same revision again finds
   the same record;
2. clears both fields on the live object and on the revision, so the next edit starts clean;
3. resolves the CRM tutorial's open reviews (a CRM release flagged it), and if the change is
   to be re-learned, adds the job roles that use the tutorial to its audience;
4. hands the change's id to the worker (``courses.tasks.content_change_assign``) once the
   publish is committed.

The worker (``content_change_assign``) assigns the change, source "content_change", to exactly
the people who learned the version before it, and to nobody else: those who completed a
lesson that is the content or shows or references it (Wagtail's reference index), before the
change was published, or answered one of its questions in a submitted attempt before then;
plus everyone in the change's job roles. Only staff who have not left. One set-based
``INSERT … SELECT``; a person gets a change once, however often the task runs.

A CRM release (``crm_release_flag``) flags for review the tutorials of the CRM features it
changed; the authors' admin lists them until their next publish.

Services and selectors for changes live here together, like ``courses.refreshers``.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Page, ReferenceIndex, Revision

from courses.models import (
    Assignment,
    ContentChange,
    CrmRelease,
    CrmTutorialPage,
    CrmTutorialReview,
    LessonPage,
    LessonProgress,
)
from courses.refreshers import STAYING, _insert_from_select
from courses.services import due_after
from lms.core.models import RelearnMixin
from lms.people.models import StaffProfile
from quizzes.models import Attempt, AttemptQuestion, Question, Quiz, QuizQuestion

logger = logging.getLogger(__name__)


def _title(instance) -> str:
    return getattr(instance, "title", None) or str(instance)


# --- What a change reaches ------------------------------------------------------------------


def linked_questions(*, instance) -> QuerySet[Question]:
    """The questions that check ``instance``: filed under it (its page or glossary term) and,
    for a lesson, the questions of its gating quiz. Not evaluated."""
    if isinstance(instance, Page):
        linked = Q(knowledge_page_id=instance.pk)
        if isinstance(instance, LessonPage) and instance.gate_quiz_id:
            linked |= Q(
                pk__in=QuizQuestion.objects.filter(quiz_id=instance.gate_quiz_id).values(
                    "question_id"
                )
            )
    else:
        linked = Q(glossary_term_id=instance.pk)
    return Question.objects.filter(linked).order_by("pk")


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
    questions = (
        Q(question__knowledge_page_id=int(change.object_id))
        if is_page
        else Q(question__glossary_term_id=change.object_id)
    )
    if change.quiz_id is not None:
        questions |= Q(
            question_id__in=QuizQuestion.objects.filter(quiz_id=change.quiz_id).values(
                "question_id"
            )
        )
    answered = (
        AttemptQuestion.objects.filter(
            questions,
            attempt__status=Attempt.Status.SUBMITTED,
            attempt__submitted_at__lte=change.published_at,
        )
        .order_by()
        .values("attempt__user_id")
    )
    # One list of learners, not two IN tests joined by OR: PostgreSQL misjudges the size of the
    # answers' condition and would rescan it for every staff row (3.9 s instead of 0.2 s for
    # 50,000 staff in bench/changes.py).
    reaches = Q(user_id__in=completed.order_by().union(answered, all=True))
    role_ids = [role.pk for role in change.job_roles.all()]
    if role_ids:
        reaches |= Q(job_role_id__in=role_ids)
    return StaffProfile.objects.filter(reaches, user__is_active=True, status__in=STAYING)


# --- Publishing -----------------------------------------------------------------------------


def _change_quiz(*, instance, title: str) -> Quiz | None:
    """The questions linked to ``instance`` as a short live quiz, or None if it has none."""
    question_ids = list(linked_questions(instance=instance).values_list("pk", flat=True))
    if not question_ids:
        return None
    # Stored text, so in the site's language, whatever language the publisher's admin is in.
    with translation.override(settings.LANGUAGE_CODE):
        quiz = Quiz.objects.create(
            title=(_("What changed: %(title)s") % {"title": title})[:255],
            description=_("Questions on what changed. Pass them to complete the refresher."),
            live=True,
            show_answers=Quiz.ShowAnswers.AFTER_EACH_ATTEMPT,
        )
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question_id=pk, sort_order=index)
        for index, pk in enumerate(question_ids)
    )
    return quiz


def _flag_clear(*, instance, revision: Revision | None) -> None:
    # On the live row, the published revision and the latest one (which the editor opens
    # next, and may be a draft saved after this one was scheduled): the next edit starts clean.
    cleared = {"relearn_required": False, "change_note": ""}
    model = type(instance)
    model._default_manager.filter(pk=instance.pk).update(**cleared)
    latest_id = (
        model._default_manager.filter(pk=instance.pk)
        .values_list("latest_revision_id", flat=True)
        .first()
    )
    note = instance.change_note.strip()
    for name, value in cleared.items():
        setattr(instance, name, value)
    revisions = [revision] if revision is not None else []
    if latest_id is not None and (revision is None or latest_id != revision.pk):
        latest = Revision.objects.filter(pk=latest_id).first()
        if latest is not None and str(latest.content.get("change_note", "")).strip() == note:
            revisions.append(latest)
    for each in revisions:
        each.content.update(cleared)
        each.save(update_fields=["content"])


def content_change_record(
    *, instance: RelearnMixin, revision: Revision | None
) -> ContentChange | None:
    """Publishing ``instance`` (at ``revision``): record the change to re-learn if the author
    asked for it, clear the flag, resolve the tutorial's open reviews, and hand the change to
    the worker. Returns the change, or None when nothing is to be re-learned. Idempotent: the
    same revision records one change, and once published the revision no longer asks for
    re-learning, so publishing it again records nothing."""
    if not instance.relearn_required and not isinstance(instance, CrmTutorialPage):
        return None
    with transaction.atomic():
        change = None
        if instance.relearn_required:
            change = _change_existing(instance=instance, revision=revision)
            if change is None:
                change = _change_create(instance=instance, revision=revision)
            _flag_clear(instance=instance, revision=revision)
        if isinstance(instance, CrmTutorialPage):
            _reviews_resolve(tutorial=instance, change=change)
        if change is not None and change.assigned_at is None:
            change_id = change.pk
            transaction.on_commit(lambda: _assign_later(change_id))
    return change


def _change_existing(*, instance, revision: Revision | None) -> ContentChange | None:
    """The change this publish repeats: the one its revision recorded, or the object's latest
    change when it carries the same note (another revision made from the same flagged draft, a
    scheduled one published after an edit, a revert)."""
    if revision is not None:
        found = ContentChange.objects.filter(revision=revision).first()
        if found is not None:
            return found
    latest = (
        ContentChange.objects.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    if latest is not None and latest.change_note.strip() == instance.change_note.strip():
        return latest
    return None


def _change_create(*, instance, revision: Revision | None) -> ContentChange:
    title = _title(instance)
    fields = {
        "content_type": ContentType.objects.get_for_model(instance),
        "object_id": str(instance.pk),
        "title": title[:255],
        "change_note": instance.change_note,
        "published_at": timezone.now(),
        # Wagtail's publish signals do not say who published: the revision's author.
        "published_by": revision.user if revision is not None else None,
    }
    try:
        with transaction.atomic():
            return ContentChange.objects.create(
                revision=revision, quiz=_change_quiz(instance=instance, title=title), **fields
            )
    except IntegrityError:  # the same revision published twice at once: the other one won
        return ContentChange.objects.get(revision=revision)


def _assign_later(change_id: int) -> None:
    from django_q.tasks import async_task

    async_task("courses.tasks.content_change_assign", change_id, group="content_change")


def content_change_assign(*, change_id: int, at: datetime.datetime | None = None) -> int:
    """Assign the change to everyone it reaches (``change_learners``); returns how many got it
    now. One ``INSERT … SELECT``, once per change: a second run (a redelivered task) finds the
    change marked as assigned and does nothing, and two runs at once take turns on its row."""
    at = at or timezone.now()
    with transaction.atomic():
        change = (
            ContentChange.objects.select_for_update(of=("self",))
            .select_related("content_type")
            .filter(pk=change_id)
            .first()
        )
        if change is None or change.assigned_at is not None:
            return 0  # assigned once, whole: the insert and the mark share this transaction
        columns = {
            "a_change_id": Value(change.pk),
            "a_source": Value(Assignment.Source.CONTENT_CHANGE.value),
            "a_status": Value(Assignment.Status.ASSIGNED.value),
            "a_assigned_at": Value(at, output_field=DateTimeField()),
            "a_due_at": Value(
                due_after(at, settings.CONTENT_CHANGE_DUE_DAYS), output_field=DateTimeField()
            ),
        }
        assigned = _insert_from_select(
            queryset=change_learners(change=change)
            .order_by()
            .annotate(**columns)
            .values_list("user_id", *columns),
            model=Assignment,
            columns=["user", "content_change", "source", "status", "assigned_at", "due_at"],
        )
        change.assigned_at = at
        change.assigned_count = Assignment.objects.filter(content_change=change).count()
        change.save(update_fields=["assigned_at", "assigned_count"])
    logger.info("content change %s: %s refreshers assigned", change_id, assigned)
    return assigned


# --- CRM releases ---------------------------------------------------------------------------


def crm_release_flag(*, release: CrmRelease, at: datetime.datetime | None = None) -> int:
    """Flag for review every tutorial of a feature ``release`` changed; returns how many were
    flagged now (a tutorial is flagged once per release; a race is settled by the unique
    constraint)."""
    at = at or timezone.now()
    new = [
        CrmTutorialReview(tutorial=tutorial, release=release, flagged_at=at)
        for tutorial in CrmTutorialPage.objects.filter(
            feature__in=release.changed_features.all()
        ).exclude(reviews__release=release)
    ]
    CrmTutorialReview.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _reviews_resolve(*, tutorial: CrmTutorialPage, change: ContentChange | None) -> None:
    open_reviews = CrmTutorialReview.objects.filter(tutorial=tutorial, resolved_at__isnull=True)
    if change is not None and change.assigned_at is None and open_reviews.exists():
        change.job_roles.add(*tutorial.job_roles.all())
    open_reviews.update(resolved_at=timezone.now(), resolved_by_change=change)


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


# --- The learner's side ---------------------------------------------------------------------


def change_assignment_for_learner(*, user, assignment_id: int) -> Assignment | None:
    """The person's own assignment of a content change, with the change and its quiz."""
    return (
        Assignment.objects.filter(pk=assignment_id, user=user, content_change__isnull=False)
        .select_related("content_change", "content_change__quiz", "content_change__content_type")
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
    return change.quiz_id is not None and change.quiz.live


def changes_assign_pending(*, older_than: datetime.timedelta = datetime.timedelta(minutes=5)):
    """Assign the changes whose task never ran (the broker was down when it was queued, or the
    task gave up): the periodic safety net behind the task queued at publishing. Returns how
    many refreshers were assigned."""
    pending = ContentChange.objects.filter(
        assigned_at__isnull=True, published_at__lte=timezone.now() - older_than
    ).values_list("pk", flat=True)
    return sum(content_change_assign(change_id=pk) for pk in pending)


def change_acknowledge(*, assignment: Assignment, at: datetime.datetime | None = None) -> bool:
    """The person has read a change that has no questions: complete the assignment. A change
    with questions is completed by passing them. Returns whether it completed now."""
    if change_has_questions(change=assignment.content_change):
        return False
    updated = Assignment.objects.filter(
        pk=assignment.pk, status__in=Assignment.OPEN_STATUSES
    ).update(status=Assignment.Status.COMPLETED, completed_at=at or timezone.now())
    return bool(updated)
