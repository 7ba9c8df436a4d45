"""The notifications' periodic jobs (see ``lms.core.scheduling``).

The digest job runs often: the first run after the digest hour makes the day's digests, and
every run sends what is due, so a failed send is retried within the retry delay and a large
day's mail is spread over several runs."""

from lms.core.scheduling import Job, register

register(Job(name="notification-digests", func="lms.notifications.tasks.digests_send", minutes=5))
