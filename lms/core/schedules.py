"""The platform's periodic jobs (see ``lms.core.scheduling``)."""

from lms.core.scheduling import Job, register

register(Job(name="worker-heartbeat", func="lms.core.tasks.worker_heartbeat", minutes=1))
register(Job(name="publish-scheduled", func="lms.core.tasks.publish_scheduled", minutes=1))
