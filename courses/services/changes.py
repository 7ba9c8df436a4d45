"""Change-driven refreshers: when a change to what staff learned must be re-learned.

An author ticks "staff must re-learn this" on a product card, CRM tutorial, the bonus scheme,
the service standards, a lesson or a glossary term, writes what changed, and publishes.
Publishing (``content_change_record``, called from Wagtail's publish signals) then:

1. records a ``ContentChange`` for the published revision: the change note, and a short quiz
   that tests the change, built by the quizzes app (``courses.hooks.change_quiz_build``): the
   questions linked to the page or term, those edited since the version before first, with the
   note in its description; publishing the same revision again finds the same record;
2. clears both fields on the live object and on the revision, so the next edit starts clean;
3. resolves the CRM tutorial's open reviews (a CRM release flagged it), and if the change is
   to be re-learned, adds the job roles that use the tutorial to its audience;
4. hands the change's id to the worker (``courses.tasks.content_change_assign``) once the
   publish is committed.

The worker (``content_change_assign``) assigns the change, source "content_change", to exactly
the people who learned the version before it, and to nobody else: those who completed a
lesson that is the content or shows or references it (Wagtail's reference index, which for a
glossary term includes the lessons whose Markdown mentions it: ``courses.selectors.mentions``),
before the change was published, or answered one of its questions in a submitted attempt
before then; plus everyone in the change's job roles. Only staff who have not left. One set-based
``INSERT … SELECT``; a person gets a change once, however often the task runs.

A CRM release (``crm_release_flag``) flags for review the tutorials of the CRM features it
changed; the authors' admin lists them until their next publish.

The reads (who a change reaches, the lists) are in ``courses.selectors.changes``.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Value
from django.utils import timezone

from wagtail.models import Page, ReferenceIndex, Revision

from courses.hooks import change_quiz_build
from courses.models import (
    Assignment,
    ContentChange,
    CrmRelease,
    CrmTutorialPage,
    CrmTutorialReview,
    LessonPage,
)
from courses.selectors.changes import change_has_questions, change_learners
from courses.services.assignments import due_after, insert_from_select
from lms.core.models import RelearnMixin

logger = logging.getLogger(__name__)


def _title(instance) -> str:
    return getattr(instance, "title", None) or str(instance)


def _previous_version_at(*, instance, revision: Revision | None):
    """When the version before the change was saved: the revision before the published one
    (None when there is none, such as a first publish)."""
    if revision is None:
        return None
    previous = (
        Revision.objects.for_instance(instance)
        .filter(created_at__lt=revision.created_at)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )
    return previous


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
            change = ContentChange.objects.create(revision=revision, **fields)
            change_quiz_build(
                change=change,
                instance=instance,
                title=title,
                change_note=instance.change_note,
                since=_previous_version_at(instance=instance, revision=revision),
            )
            return change
    except IntegrityError:  # the same revision published twice at once: the other one won
        return ContentChange.objects.get(revision=revision)


def _assign_later(change_id: int) -> None:
    from django_q.tasks import async_task

    async_task("courses.tasks.content_change_assign", change_id, group="content_change")


def _term_mentions_refresh(*, change_id: int) -> None:
    """Before a glossary term's change is assigned, index again the live lessons' references.
    A lesson's mentions of terms in its Markdown are indexed when the lesson is saved, so a
    lesson published before the term existed (or got the alias it uses) would be missed; the
    auto-linker links it now, and its learners have seen the link. One pass over the live
    lessons, in the worker; nothing for a change to a page."""
    change = ContentChange.objects.select_related("content_type").filter(pk=change_id).first()
    if change is None or change.assigned_at is not None:
        return
    model = change.content_type.model_class()
    if model is None or issubclass(model, Page):
        return
    for lesson in LessonPage.objects.live().iterator(chunk_size=200):
        ReferenceIndex.create_or_update_for_object(lesson)


def content_change_assign(*, change_id: int, at: datetime.datetime | None = None) -> int:
    """Assign the change to everyone it reaches (``change_learners``); returns how many got it
    now. One ``INSERT … SELECT``, once per change: a second run (a redelivered task) finds the
    change marked as assigned and does nothing, and two runs at once take turns on its row."""
    at = at or timezone.now()
    _term_mentions_refresh(change_id=change_id)
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
        assigned = insert_from_select(
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
