"""The inbox in the JSON API: ``GET /api/v1/me/notifications``.

Newest first, ``limit`` (1–100, 20 by default) and ``offset`` pagination; ``next_offset`` is
the offset of the next page or null on the last one. ``unread_count`` counts as the badge does
(unread, muted kinds left out); the list holds every notification, muted kinds included. Only
one's own notifications; anonymous callers get 401. Four queries whatever the page size.
"""

import datetime
from typing import Annotated

from django.http import HttpRequest

from ninja import Query, Router, Schema

from lms.api.registry import router_register
from lms.notifications.selectors import notification_unread_count, notifications_for

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Bounded so that a silly offset is a 422, not a slow query.
MAX_OFFSET = 1_000_000

router = router_register(Router(tags=["notifications"]))


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    # A local path such as "/learning/…", or "" when there is nowhere to go.
    url: str
    created_at: datetime.datetime
    read: bool


class InboxOut(Schema):
    notifications: list[NotificationOut]
    unread_count: int
    next_offset: int | None


@router.get("/me/notifications", response=InboxOut, url_name="notifications")
def inbox(
    request: HttpRequest,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
):
    """My notifications, newest first, with the number of unread ones."""
    # One more than asked tells whether there is a next page without counting them all.
    rows = list(notifications_for(recipient=request.user)[offset : offset + limit + 1])
    return {
        "notifications": [
            {
                "id": n.pk,
                "kind": n.kind,
                "title": n.title,
                "url": n.url,
                "created_at": n.created_at,
                "read": n.is_read,
            }
            for n in rows[:limit]
        ],
        "unread_count": notification_unread_count(recipient=request.user),
        "next_offset": offset + limit if len(rows) > limit else None,
    }
