"""django-q2 entry points of the courses app: ids in, one service call, no rules."""

from courses import services


def assignments_overdue_mark() -> int:
    return services.assignments_overdue_mark()
