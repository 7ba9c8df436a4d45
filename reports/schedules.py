"""The reports app's periodic jobs (see ``lms.core.scheduling``)."""

import datetime

from django_q.models import Schedule

from lms.core.scheduling import Job, register

# The managers' weekly digest: Mondays at 08:00 in the company's time zone (settings.TIME_ZONE),
# before the working day starts. A run that comes late (the workers were down) still covers
# that week, and a repeated run sends nothing twice.
WEEKLY_DIGEST_AT = datetime.time(8, 0)
register(
    Job(
        name="weekly-digests",
        func="reports.tasks.weekly_digests_send",
        schedule_type=Schedule.WEEKLY,
        weekday=0,
        at=WEEKLY_DIGEST_AT,
    )
)
# Failed sends are retried (backing off) by this sweep; it costs one query when there is none.
register(Job(name="weekly-digests-retry", func="reports.tasks.weekly_digests_retry", minutes=15))
