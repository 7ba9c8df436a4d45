"""The exports' periodic job: hourly, so a file is gone within an hour of its keeping time;
idempotent, so a late or repeated run is harmless."""

from lms.core.scheduling import Job, register

register(Job(name="report-exports-expire", func="reports.tasks.report_exports_expire", minutes=60))
