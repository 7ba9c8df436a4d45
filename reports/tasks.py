"""django-q2 entry points of the reports app (``reports.tasks.<name>``), one module per
concern."""

from reports.tasks_exports import report_export_run, report_exports_expire  # noqa: F401
