"""What the courses app tells people about their assignments, found by set-based scans.

The notifications are not sent by the services that create or change assignments: periodic
jobs (``courses.tasks``, declared in ``courses.schedules``) find, in one query each, the
assignments whose notification does not exist yet (a ``NOT EXISTS`` on the notification's
recipient, kind and event) and send them with ``notifications_send_bulk``. So every way an
assignment appears (a manager, the onboarding plan, a bulk import, the refresher run, a content
change) is covered, a run repeated or overlapping sends nothing twice (the unique constraint on
recipient + kind + event settles a race), and the cost does not grow with per-row queries.

Kinds and events:

- ``courses.assigned`` (onboarding or manual), ``courses.refresher_assigned`` (source
  refresher), ``courses.content_changed`` (source content_change),
  ``courses.quality_assigned`` (source quality): mandatory; event
  ``assignment:<id>``. Only assignments made in the last ``RECENT`` are announced.
- ``courses.due_soon``: due within ``DUE_SOON`` and still open; may be muted; event
  ``due_soon:<id>``.
- ``courses.overdue``: open past the due time (in the last ``RECENT``); mandatory; event
  ``overdue:<id>``.
- ``courses.certification_expiring``: may be muted; sent by the refresher code through

      certification_expiring_send(rows) -> int

  with ``rows`` an iterable of ``(user_id, policy_id, valid_until, course_title)``:
  ``valid_until`` a ``datetime.date`` (or an aware ``datetime``, read as its local date),
  ``course_title`` the course or quiz the certification is for. The event is
  ``certification:<policy_id>:<valid_until ISO date>``, so a renewed certification that
  expires again warns again, and a repeated call sends nothing new. Returns how many rows
  were offered (see ``notifications_send_bulk``).
"""

import datetime
from collections.abc import Iterable

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.hooks import quiz_title
from courses.models import Assignment, CoursePage
from lms.notifications.kinds import Kind, register
from lms.notifications.models import Notification
from lms.notifications.services import notifications_send_bulk

ASSIGNED = register(
    Kind(
        key="courses.assigned",
        label=_("A new course to complete"),
        title=_("New course to complete: “%(course)s”."),
        mandatory=True,
    )
)
REFRESHER_ASSIGNED = register(
    Kind(
        key="courses.refresher_assigned",
        label=_("A refresher to take"),
        title=_("Time for a refresher: take “%(course)s” again."),
        mandatory=True,
    )
)
CONTENT_CHANGED = register(
    Kind(
        key="courses.content_changed",
        label=_("Content changed: re-learn it"),
        title=_("“%(course)s” has changed: re-learn what is new."),
        mandatory=True,
    )
)
QUALITY_ASSIGNED = register(
    Kind(
        key="courses.quality_assigned",
        label=_("A course to take after a quality check"),
        title=_("Quality checks of your contacts found a weak spot: take “%(course)s”."),
        mandatory=True,
    )
)
DUE_SOON = register(
    Kind(
        key="courses.due_soon",
        label=_("A course is due in a few days"),
        title=_("“%(course)s” is due on %(due)s."),
    )
)
OVERDUE = register(
    Kind(
        key="courses.overdue",
        label=_("A course is overdue"),
        title=_("“%(course)s” is overdue: it was due on %(due)s."),
        mandatory=True,
    )
)
CERTIFICATION_EXPIRING = register(
    Kind(
        key="courses.certification_expiring",
        label=_("A certification is about to expire"),
        title=_("Your certification in “%(course)s” expires on %(date)s."),
    )
)

KIND_BY_SOURCE = {
    Assignment.Source.ONBOARDING: ASSIGNED,
    Assignment.Source.MANUAL: ASSIGNED,
    Assignment.Source.REFRESHER: REFRESHER_ASSIGNED,
    Assignment.Source.CONTENT_CHANGE: CONTENT_CHANGED,
    Assignment.Source.QUALITY: QUALITY_ASSIGNED,
}
KINDS_ASSIGNED = {kind.key: kind for kind in KIND_BY_SOURCE.values()}

# Older assignments (and older overdue dates) are not announced: the first run after an
# upgrade does not flood everyone with news of last year, and each scan stays short.
RECENT = datetime.timedelta(days=7)
DUE_SOON_WITHIN = datetime.timedelta(days=3)
NOT_STARTED_OR_STARTED = [Assignment.Status.ASSIGNED, Assignment.Status.IN_PROGRESS]


def _local_date(value: datetime.datetime | datetime.date) -> datetime.date:
    """A date as it is, an aware datetime as its local date."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _date(value: datetime.datetime | datetime.date) -> str:
    return _local_date(value).strftime("%d.%m.%Y")


def _unnotified(queryset, *, prefix: str, kinds: list[str]):
    """``queryset`` of assignments without a notification of ``kinds`` for the event
    ``<prefix><id>``, as rows (id, user id, source, due at, course id, quiz id, title): the
    title of the course, the quiz or the changed content."""
    already = Notification.objects.filter(
        recipient=OuterRef("user_id"), kind__in=kinds, event=OuterRef("event_key")
    )
    return list(
        queryset.filter(user__is_active=True)
        .annotate(
            event_key=Concat(Value(prefix), Cast("pk", output_field=CharField())),
            target_title=Coalesce("course__title", quiz_title("quiz_id"), "content_change__title"),
        )
        .filter(~Exists(already))
        .order_by("pk")
        .values_list("pk", "user_id", "source", "due_at", "course_id", "quiz_id", "target_title")
    )


def _course_urls(course_ids: set[int]) -> dict[int, str]:
    """The course pages' addresses: a query or two per distinct course, not per assignment."""
    urls = {}
    for course in CoursePage.objects.filter(pk__in=course_ids):
        urls[course.pk] = course.get_url() or ""
    return urls


def _send(kind: Kind, rows: list[tuple], *, prefix: str) -> int:
    course_urls = _course_urls({row[4] for row in rows if row[4] is not None})
    return notifications_send_bulk(
        kind=kind.key,
        rows=[
            (
                user_id,
                f"{prefix}{pk}",
                {"course": title, "due": _date(due_at) if due_at else ""},
                Assignment.url_of(
                    pk=pk,
                    quiz_id=quiz_id,
                    course_url=course_urls.get(course_id, "") if course_id is not None else None,
                ),
            )
            for pk, user_id, _source, due_at, course_id, quiz_id, title in rows
        ],
    )


def assignment_notifications_send(*, now: datetime.datetime | None = None) -> int:
    """Announce the open assignments made in the last ``RECENT`` that have not been announced,
    each with the kind of its source. Returns how many notifications were offered."""
    now = now or timezone.now()
    rows = _unnotified(
        Assignment.objects.filter(
            status__in=Assignment.OPEN_STATUSES, assigned_at__gt=now - RECENT, assigned_at__lte=now
        ),
        prefix="assignment:",
        kinds=sorted(KINDS_ASSIGNED),
    )
    by_kind: dict[str, list[tuple]] = {}
    for row in rows:
        by_kind.setdefault(KIND_BY_SOURCE[row[2]].key, []).append(row)
    return sum(
        _send(KINDS_ASSIGNED[key], kind_rows, prefix="assignment:")
        for key, kind_rows in sorted(by_kind.items())
    )


def due_soon_notifications_send(*, now: datetime.datetime | None = None) -> int:
    """Remind of open, not yet overdue assignments due within ``DUE_SOON_WITHIN``, once each."""
    now = now or timezone.now()
    rows = _unnotified(
        Assignment.objects.filter(
            status__in=NOT_STARTED_OR_STARTED, due_at__gte=now, due_at__lte=now + DUE_SOON_WITHIN
        ),
        prefix="due_soon:",
        kinds=[DUE_SOON.key],
    )
    return _send(DUE_SOON, rows, prefix="due_soon:")


def overdue_notifications_send(*, now: datetime.datetime | None = None) -> int:
    """Tell people about their open assignments that went past their due time in the last
    ``RECENT`` (whether or not the overdue job has stored the status yet), once each."""
    now = now or timezone.now()
    rows = _unnotified(
        Assignment.objects.filter(
            status__in=Assignment.OPEN_STATUSES, due_at__lt=now, due_at__gte=now - RECENT
        ),
        prefix="overdue:",
        kinds=[OVERDUE.key],
    )
    return _send(OVERDUE, rows, prefix="overdue:")


def certification_expiring_send(
    rows: Iterable[tuple[int, int, datetime.date | datetime.datetime, str]],
) -> int:
    """Warn people that a certification expires soon; see the module's docstring for ``rows``.
    Safe to call again with the same rows."""
    plan_url = reverse("wagtail_serve", args=[""])
    return notifications_send_bulk(
        kind=CERTIFICATION_EXPIRING.key,
        rows=[
            (
                user_id,
                f"certification:{policy_id}:{_local_date(valid_until).isoformat()}",
                {"course": course_title, "date": _date(valid_until)},
                plan_url,
            )
            for user_id, policy_id, valid_until, course_title in rows
        ],
    )
