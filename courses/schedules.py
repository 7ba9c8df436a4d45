"""The courses app's periodic jobs (see ``lms.core.scheduling``)."""

from lms.core.scheduling import Job, register

register(Job(name="assignments-overdue", func="courses.tasks.assignments_overdue_mark", minutes=15))
# The scans that notify people of their assignments: each finds in one query what has not been
# sent yet, so running them often costs little and a new assignment is in the inbox within
# minutes (and in the next daily digest).
register(
    Job(
        name="assignment-notifications",
        func="courses.tasks.assignment_notifications_send",
        minutes=5,
    )
)
register(
    Job(name="due-soon-notifications", func="courses.tasks.due_soon_notifications_send", minutes=60)
)
register(
    Job(name="overdue-notifications", func="courses.tasks.overdue_notifications_send", minutes=15)
)
# Daily: certifications are counted in days. Idempotent, so a late or repeated run is harmless.
register(Job(name="refreshers-run", func="courses.tasks.refreshers_run", minutes=1440))
# A change whose task was lost (the broker was down at publishing) is assigned by this sweep.
register(
    Job(
        name="content-changes-pending",
        func="courses.tasks.content_changes_assign_pending",
        minutes=15,
    )
)
