"""The reports app's periodic jobs (see ``lms.core.scheduling``), one module per concern."""

from reports import schedules_exports  # noqa: F401
