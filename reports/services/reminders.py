"""One-click reminders of overdue assignments, from the team dashboard.

A reminder is an inbox notification (``lms.notifications``) to the person, naming who sent it and
how many assignments are overdue, linking to their plan. A person is reminded at most once per
``REPORTS_REMINDER_INTERVAL_HOURS`` (12 by default), whoever clicks and however often: the
service skips anyone reminded within the interval, and the notification's event names the
interval's time slot, so two clicks racing each other make one notification (the inbox keeps one
per person, kind and event).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.selectors import overdue_by_person
from lms.notifications.models import Notification
from lms.notifications.services import notifications_send_bulk
from lms.people.models import person_name
from reports.notifications import OVERDUE_REMINDER
from reports.selectors.scope import staff_in_scope

ERROR_NOT_IN_SCOPE = _("You can remind only the people you manage.")


def reminder_interval() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.REPORTS_REMINDER_INTERVAL_HOURS)


@dataclass(frozen=True)
class ReminderResult:
    sent: int  # people reminded now
    skipped: int  # people with overdue work already reminded within the interval


def overdue_remind(
    *,
    sender: AbstractBaseUser,
    user_ids: list[int],
    now: datetime.datetime | None = None,
) -> ReminderResult:
    """Remind each of ``user_ids`` who has assignments overdue now, unless reminded within the
    interval. Raises ``PermissionDenied`` (``ERROR_NOT_IN_SCOPE``) when one of them is not in
    ``sender``'s scope, before sending anything. People with nothing overdue are left out. A
    fixed number of queries for any number of people."""
    now = now or timezone.now()
    wanted = set(user_ids)
    in_scope = set(
        staff_in_scope(user=sender).filter(user_id__in=wanted).values_list("user_id", flat=True)
    )
    if wanted - in_scope:
        raise PermissionDenied(ERROR_NOT_IN_SCOPE)
    overdue = {p.user_id: p.overdue for p in overdue_by_person(user_ids=list(wanted), now=now)}
    interval = reminder_interval()
    recent = set(
        Notification.objects.filter(
            kind=OVERDUE_REMINDER.key,
            recipient_id__in=list(overdue),
            created_at__gte=now - interval,
        ).values_list("recipient_id", flat=True)
    )
    slot = int(now.timestamp() // interval.total_seconds())
    sender_name = person_name(sender)
    # Their plan ("My plan", the site's home) lists what is overdue.
    url = "/"
    rows = [
        (user_id, f"overdue:{slot}", {"sender": sender_name, "count": count}, url)
        for user_id, count in overdue.items()
        if user_id not in recent
    ]
    sent = notifications_send_bulk(kind=OVERDUE_REMINDER.key, rows=rows) if rows else 0
    return ReminderResult(sent=sent, skipped=len(overdue) - len(rows))
