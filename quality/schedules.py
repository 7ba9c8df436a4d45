"""Quality control's periodic jobs (see ``lms.core.scheduling``)."""

import datetime

from django_q.models import Schedule

from lms.core.scheduling import Job, register

# Daily, at night: the weak-spot rule over everyone. Each new evaluation is checked at once
# by its own task; this run closes weak spots whose training was done, marks recoveries and
# covers evaluations made without that task (mystery-shopping imports). Idempotent.
register(
    Job(
        name="quality-weak-spots-scan",
        func="quality.tasks.weak_spots_scan_all",
        schedule_type=Schedule.DAILY,
        at=datetime.time(3, 30),
    )
)
