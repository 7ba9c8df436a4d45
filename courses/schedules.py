"""The courses app's periodic jobs (see ``lms.core.scheduling``)."""

from lms.core.scheduling import Job, register

register(Job(name="assignments-overdue", func="courses.tasks.assignments_overdue_mark", minutes=15))
