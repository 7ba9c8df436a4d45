"""The reports app's periodic jobs (see ``lms.core.scheduling``): the weekly digest here, the
exports' clean-up in ``schedules_exports``."""

import datetime

from django.conf import settings

from django_q.models import Schedule

from lms.core.scheduling import Job, register

# The managers' weekly digest: Mondays before the working day starts (WEEKLY_DIGEST_TIME,
# 08:00 by default, in the company's time zone, settings.TIME_ZONE). A run that comes late
# (the workers were down) still covers that week, and a repeated run sends nothing twice.
WEEKLY_DIGEST_AT = datetime.time.fromisoformat(getattr(settings, "WEEKLY_DIGEST_TIME", "08:00"))
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

# The exports' clean-up.
from reports import schedules_exports  # noqa: E402, F401
