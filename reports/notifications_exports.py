"""What the exports tell people: an export written by a worker is ready (with its download
link), or could not be written."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms.notifications.kinds import Kind, register

EXPORT_READY = register(
    Kind(
        key="reports.export_ready",
        label=_("An export you asked for is ready"),
        title=ngettext_lazy(
            "Your export “%(report)s” (%(rows)s row) is ready to download.",
            "Your export “%(report)s” (%(rows)s rows) is ready to download.",
            "rows",
        ),
        mandatory=True,
    )
)
EXPORT_FAILED = register(
    Kind(
        key="reports.export_failed",
        label=_("An export you asked for failed"),
        title=_(
            "Your export “%(report)s” could not be written. Try again, or ask an administrator."
        ),
        mandatory=True,
    )
)
