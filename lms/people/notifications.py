"""What the people app tells content leads: something waits for their review.

Wagtail emails the reviewers of a moderation task when a page or a snippet (a glossary term, a
quiz) is submitted to it; the product's inbox gets an item too, so a content lead who reads the
inbox and not the mail still sees it. Kind ``people.review_waiting`` (may be muted); event
``review:<task state id>``, so a resubmission after a rejection notifies again and a repeated
signal never twice. The recipients are the active members of the task's groups (the content
leads), except the person who submitted.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wagtail.admin.admin_url_finder import AdminURLFinder

from lms.notifications.kinds import Kind, register
from lms.notifications.services import notifications_send_bulk

REVIEW_WAITING = register(
    Kind(
        key="people.review_waiting",
        label=_("Content waits for my review"),
        title=_("“%(title)s” waits for your review (%(what)s)"),
    )
)


def review_waiting_send(*, task_state, submitted_by=None) -> int:
    """Put an inbox item for ``task_state`` (a Wagtail ``TaskState`` just started) in the
    inbox of each reviewer of its task. Returns how many were offered."""
    task = task_state.task.specific
    groups = getattr(task, "groups", None)
    if groups is None:
        return 0
    content_object = task_state.workflow_state.content_object
    reviewers = (
        get_user_model()
        .objects.filter(groups__in=groups.all(), is_active=True)
        .exclude(pk=getattr(submitted_by, "pk", None))
        .values_list("pk", flat=True)
        .distinct()
    )
    title = getattr(content_object, "get_admin_display_title", None)
    params = {
        "title": str(title() if callable(title) else content_object),
        "what": str(content_object._meta.verbose_name),
    }
    url = AdminURLFinder().get_edit_url(content_object) or ""
    event = f"review:{task_state.pk}"
    return notifications_send_bulk(
        kind=REVIEW_WAITING.key,
        rows=[(pk, event, params, url) for pk in reviewers],
    )


def _task_submitted(sender, instance, user=None, **kwargs):
    review_waiting_send(task_state=instance, submitted_by=user)


def connect() -> None:
    from wagtail.signals import task_submitted

    task_submitted.connect(_task_submitted, dispatch_uid="people.review_waiting")
