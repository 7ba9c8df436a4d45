"""django-q2 entry points of the courses app: ids in, one service call, no rules."""

from courses import notifications, services


def assignments_overdue_mark() -> int:
    return services.assignments_overdue_mark()


def assignment_notifications_send() -> int:
    return notifications.assignment_notifications_send()


def due_soon_notifications_send() -> int:
    return notifications.due_soon_notifications_send()


def overdue_notifications_send() -> int:
    return notifications.overdue_notifications_send()


def refreshers_run() -> dict:
    """The daily refresher run (``courses.services.refreshers_run``); returns its counts."""
    result = services.refreshers_run()
    return {"assigned": result.assigned, "expiring": result.expiring}


def content_change_assign(change_id: int) -> int:
    """Assign a published change to the people who learned the version before it."""
    return services.content_change_assign(change_id=change_id)


def content_changes_assign_pending() -> int:
    """The safety net for changes whose task never ran."""
    return services.changes_assign_pending()
