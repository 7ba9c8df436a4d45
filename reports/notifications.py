"""The reports app's kinds of notification (found by ``lms.notifications.kinds``), one module
per concern."""

from reports import notifications_exports  # noqa: F401
